/**
 * YAML printing for manifests: byte-for-byte the output of
 * `YAML.stringify(doc, { lineWidth: 0, version: '1.1' })` from the `yaml`
 * package, about ten times faster on Kubernetes objects.
 *
 * The `yaml` package still decides every scalar: how a key or a value is
 * written (plain, quoted, block literal with its header) comes from the library,
 * once per distinct string, cached. What is written here is only the layout of
 * maps and sequences around those scalars (two-space indent, sequences indented
 * under their key, `{}` and `[]` for empty collections), which is the part the
 * library spends its time on when it builds a document tree per object.
 * test/_yaml.test.ts checks the equivalence on every example and on random data.
 */
import * as YAML from 'yaml';

const OPTIONS = { lineWidth: 0, version: '1.1' as const };
const MAX_CACHE = 50_000;
/** Strings longer than this are cached separately, within a budget of characters. */
const LONG_STRING = 256;
/**
 * Long strings (kubeconfigs, PEM bundles) repeat across objects: full-mesh
 * endpoint discovery puts the same kubeconfig into every consumer's copy of a
 * cluster's remote secret. They are cached up to this many characters in all.
 */
const LONG_CACHE_CHARS = 16 * 1024 * 1024;
const stringCache = new Map<string, string[]>();
const longCache = new Map<string, string[]>();
let longCacheChars = 0;
const numberCache = new Map<number, string[]>();
const keyCache = new Map<string, string>();

function cached<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= MAX_CACHE) { cache.clear(); }
    v = make();
    cache.set(key, v);
  }
  return v;
}

function libraryScalarLines(value: string | number): string[] {
  const text = YAML.stringify({ v: value }, OPTIONS);
  const lines = text.split('\n');
  lines.pop(); // the final newline
  lines[0] = lines[0].slice('v: '.length);
  return lines;
}

function longStringLines(value: string): string[] {
  let v = longCache.get(value);
  if (v === undefined) {
    if (longCacheChars + value.length > LONG_CACHE_CHARS) {
      longCache.clear();
      longCacheChars = 0;
    }
    v = libraryScalarLines(value);
    longCache.set(value, v);
    longCacheChars += value.length;
  }
  return v;
}

/**
 * A scalar as the library writes it as a map value at indent 0: one line, or a
 * block header and its content lines (indented by two, relative to the key).
 */
function scalarLines(value: string | number | boolean | null): string[] {
  if (value === null) { return ['null']; }
  if (typeof value === 'boolean') { return [value ? 'true' : 'false']; }
  if (typeof value === 'number') { return cached(numberCache, value, () => libraryScalarLines(value)); }
  if (value.length > LONG_STRING) { return longStringLines(value); }
  return cached(stringCache, value, () => libraryScalarLines(value));
}

/** A map key as the library writes it. */
function keyText(key: string): string {
  return cached(keyCache, key, () => {
    const text = YAML.stringify({ [key]: null }, OPTIONS);
    return text.slice(0, text.length - ': null\n'.length);
  });
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.values(v as Record<string, unknown>).filter(x => x !== undefined).length === 0;
}

/** Appends `head` + a scalar (block content lines re-indented by `pad`). */
function pushScalar(out: string[], head: string, pad: string, value: string | number | boolean | null): void {
  const lines = scalarLines(value);
  out.push(head + lines[0]);
  for (let i = 1; i < lines.length; i++) {
    out.push(lines[i] === '' ? '' : pad + lines[i]);
  }
}

function pushMap(out: string[], obj: Record<string, unknown>, indent: number): void {
  const pad = ' '.repeat(indent);
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) { continue; }
    const head = `${pad}${keyText(k)}:`;
    if (isScalar(v)) {
      pushScalar(out, head + ' ', pad, v);
    } else if (isEmpty(v)) {
      out.push(head + (Array.isArray(v) ? ' []' : ' {}'));
    } else {
      out.push(head);
      pushCollection(out, v, indent + 2);
    }
  }
}

function pushSeq(out: string[], arr: unknown[], indent: number): void {
  const pad = ' '.repeat(indent);
  for (const item of arr) {
    const v = item === undefined ? null : item;
    if (isScalar(v)) {
      pushScalar(out, pad + '- ', pad, v);
    } else if (isEmpty(v)) {
      out.push(pad + (Array.isArray(v) ? '- []' : '- {}'));
    } else {
      const start = out.length;
      pushCollection(out, v, indent + 2);
      out[start] = pad + '- ' + out[start].slice(indent + 2);
    }
  }
}

function pushCollection(out: string[], v: unknown, indent: number): void {
  if (Array.isArray(v)) {
    pushSeq(out, v, indent);
  } else {
    pushMap(out, v as Record<string, unknown>, indent);
  }
}

/** `YAML.stringify(doc, { lineWidth: 0, version: '1.1' })`, faster. */
export function stringifyYaml(doc: unknown): string {
  if (doc === undefined) { return YAML.stringify(doc, OPTIONS); }
  if (isScalar(doc)) { return YAML.stringify(doc, OPTIONS); }
  if (isEmpty(doc)) { return Array.isArray(doc) ? '[]\n' : '{}\n'; }
  const out: string[] = [];
  pushCollection(out, doc, 0);
  return out.join('\n') + '\n';
}
