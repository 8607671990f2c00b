/**
 * Internal helpers shared by the constructs: the one home of the Kubernetes name,
 * port, address, CIDR and domain rules, and of the error message format. Not
 * exported from the package.
 *
 * Every error message names where the problem is (construct path or mesh-file
 * location), the prop, the value received and what is expected:
 *
 *   mesh/east: 'clusterName' ("East_1") must be a DNS-1123 label (...)
 */
import { isIP } from 'net';
import { redact } from '../output/_redact';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** Description of a DNS-1123 label, used in error messages. */
export const DNS1123_LABEL_RULE =
  "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

/** Description of a DNS-1123 subdomain, used in error messages. */
export const DNS1123_SUBDOMAIN_RULE =
  'a DNS-1123 subdomain (dot-separated DNS-1123 labels, at most 253 characters)';

/** True when `s` is a DNS-1123 label (namespace, cluster and network names). */
export function isDns1123Label(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 63 && DNS1123_LABEL.test(s);
}

/** True when `s` is a DNS-1123 subdomain (most Kubernetes object names). */
export function isDns1123Subdomain(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= 253 && s.split('.').every(l => DNS1123_LABEL.test(l));
}

/** True when `k` is a valid label or annotation key (`[prefix/]name`). */
export function isLabelKey(k: unknown): k is string {
  if (typeof k !== 'string' || k.length === 0) { return false; }
  const slash = k.indexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) { return false; }
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

/** True when `v` is a valid label value (empty, or at most 63 characters of `[A-Za-z0-9-_.]`). */
export function isLabelValue(v: unknown): v is string {
  return typeof v === 'string' && (v === '' || (v.length <= 63 && LABEL_NAME.test(v)));
}

/** Renders a received value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) { return 'undefined'; }
  if (typeof value === 'string') { return redact(JSON.stringify(value)); }
  try {
    const json = redact(JSON.stringify(value));
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return redact(String(value));
  }
}

/**
 * Builds the standard message for a bad prop value:
 * `<where>: '<prop>' (<value>) <expected>`.
 */
export function invalid(where: string, prop: string, value: unknown, expected: string): string {
  return `${where}: '${prop}' (${show(value)}) ${expected}`;
}

/** Throws the standard message for a bad prop value. */
export function fail(where: string, prop: string, value: unknown, expected: string): never {
  throw new Error(invalid(where, prop, value, expected));
}

/** Validates a DNS-1123 label prop and returns it. */
export function requireDns1123Label(where: string, prop: string, value: unknown): string {
  if (!isDns1123Label(value)) { fail(where, prop, value, `must be ${DNS1123_LABEL_RULE}`); }
  return value;
}

/** Validates a positive integer prop. */
export function requirePositiveInteger(where: string, prop: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    fail(where, prop, value, 'must be a whole number of at least 1');
  }
  return value;
}

/** An optional true/false prop (a JavaScript caller can pass anything): returns it, possibly undefined. */
export function requireOptionalBoolean(where: string, prop: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    fail(where, prop, value, 'must be true or false');
  }
  return value;
}

/**
 * Validates a list prop (a JavaScript caller can pass anything): returns it,
 * or `[]` when it is undefined. `what` names the items, as in "CIDR ranges".
 */
export function requireList<T>(where: string, prop: string, value: T[] | undefined, what: string): T[] {
  if (value === undefined) { return []; }
  if (!Array.isArray(value)) {
    fail(where, prop, value, `must be a list of ${what}`);
  }
  return value;
}

/**
 * Validates a map prop (a plain object of keys to values): returns it, or `{}`
 * when it is undefined. `what` names the map, as in "annotation names to values".
 */
export function requireMap<T>(where: string, prop: string, value: { [key: string]: T } | undefined, what: string): { [key: string]: T } {
  if (value === undefined) { return {}; }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(where, prop, value, `must be a map of ${what}`);
  }
  return value;
}

/** Description of a port number, used in error messages. */
export const PORT_RULE = 'a port number (a whole number from 1 to 65535)';

/** True when `v` is a port number (1 to 65535). */
export function isPort(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** Validates a port number prop and returns it. */
export function requirePort(where: string, prop: string, value: unknown): number {
  if (!isPort(value)) { fail(where, prop, value, `must be ${PORT_RULE}`); }
  return value;
}

/** True when `s` is an IPv4 or IPv6 address. */
export function isIpAddress(s: unknown): s is string {
  return typeof s === 'string' && isIP(s) !== 0;
}

/**
 * True when `s` is an IP address, or a DNS name that cannot be mistaken for one
 * (a DNS-1123 subdomain whose last label is not all digits: `10.0.0` is refused).
 */
export function isAddress(s: unknown): s is string {
  if (typeof s !== 'string') { return false; }
  if (isIP(s) !== 0) { return true; }
  const labels = s.split('.');
  return isDns1123Subdomain(s) && labels.every(isDns1123Label) && !/^\d+$/.test(labels[labels.length - 1]);
}

/** True when `s` is an IPv4 or IPv6 CIDR range (`10.0.0.0/8`, `2001:db8::/32`). */
export function isCidr(s: unknown): s is string {
  if (typeof s !== 'string') { return false; }
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) { return false; }
  const family = isIP(m[1]);
  const bits = Number(m[2]);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

/** True when `s` is a DNS domain such as `cluster.local`. */
export function isDomain(s: unknown): s is string {
  return isDns1123Subdomain(s);
}

/** Validates a DNS domain prop (`cluster.local`) and returns it. */
export function requireDomain(where: string, prop: string, value: unknown): string {
  if (!isDomain(value)) { fail(where, prop, value, 'must be a DNS domain such as "cluster.local"'); }
  return value;
}

/** Validates a non-empty list of CIDR ranges and returns a copy. */
export function requireCidrs(where: string, prop: string, v: unknown): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    fail(where, prop, v, 'must list at least one CIDR such as "10.0.0.1/32"');
  }
  v.forEach((c, i) => {
    if (!isCidr(c)) {
      fail(where, `${prop}[${i}]`, c, 'must be a CIDR such as "10.0.0.1/32" or "2001:db8::/64"');
    }
  });
  return [...v];
}
