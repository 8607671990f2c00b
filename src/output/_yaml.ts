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
  return cached(stringCache, value, () => (isPlain(value) ? [value] : libraryScalarLines(value)));
}

/**
 * Strings the library always writes plain, decided without asking it: a
 * lowercase letter, then lowercase letters, digits, `.`, `-` and `/` (most names,
 * namespaces and labels), except YAML 1.1's booleans and null and the floats
 * with no mantissa (`e5`, `e-5`). Nothing else of that shape reads as another type
 * (numbers and timestamps start with a digit, a sign or a dot), needs quotes (no
 * `:`, `#`, space or indicator) or folds (lineWidth 0). The tests compare with
 * the library on random strings of this shape.
 */
const PLAIN = /^[a-z][a-z0-9./-]*$/;
const MANTISSA_FREE_FLOAT = /^e-?[0-9]+$/;
const YAML_11_KEYWORDS = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);

function isPlain(s: string): boolean {
  return PLAIN.test(s) && !YAML_11_KEYWORDS.has(s) && !MANTISSA_FREE_FLOAT.test(s);
}

/** A map key as the library writes it. */
function keyText(key: string): string {
  return cached(keyCache, key, () => {
    if (isPlain(key)) { return key; }
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

/**
 * The block content lines of a scalar (all but the first), re-indented by a pad
 * and joined, by the (cached) lines array and the pad's length: the same
 * kubeconfig is written into thousands of remote secrets at the same indent.
 */
const blockContent = new WeakMap<string[], Map<number, string>>();

function indentedContent(lines: string[], pad: string): string {
  let byPad = blockContent.get(lines);
  if (!byPad) {
    byPad = new Map();
    blockContent.set(lines, byPad);
  }
  let text = byPad.get(pad.length);
  if (text === undefined) {
    text = lines.slice(1).map(l => (l === '' ? '' : pad + l)).join('\n');
    byPad.set(pad.length, text);
  }
  return text;
}

/** Appends `head` + a scalar (block content lines re-indented by `pad`). */
function pushScalar(out: string[], head: string, pad: string, value: string | number | boolean | null): void {
  const lines = scalarLines(value);
  out.push(head + lines[0]);
  if (lines.length > 1) {
    // One entry holding several lines: the entries are joined with newlines.
    out.push(indentedContent(lines, pad));
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
