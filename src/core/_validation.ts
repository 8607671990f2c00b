/**
 * Internal helpers shared by the constructs: Kubernetes name rules and the
 * error message format. Not exported from the package.
 *
 * Every error message names where the problem is (construct path or mesh-file
 * location), the prop, the value received and what is expected:
 *
 *   mesh/east: 'clusterName' ("East_1") must be a DNS-1123 label (...)
 */

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
  if (typeof value === 'string') { return JSON.stringify(value); }
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
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
