/**
 * Validates one mesh-file document against its kind's JSON Schema (schema.ts)
 * and turns every ajv error into a problem with the field's position, its
 * value and what is expected, with "did you mean" for unknown fields and enum
 * values close to a known one.
 */
import Ajv, { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean, fieldPath, MeshFileProblem } from './problems';
import { KINDS, MESH_FILE_SCHEMA, MESH_FILE_SCHEMA_ID, NATIVE_API_VERSION, RISTIOCTL_API_VERSION } from './schema';
import { SourceDocument, YamlSource } from './source';
import { show } from '../core/_validation';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(definition: string): ValidateFunction {
  let fn = compiled.get(definition);
  if (!fn) {
    if (!ajv) {
      ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
      ajv.addSchema(MESH_FILE_SCHEMA);
    }
    fn = ajv.getSchema(`${MESH_FILE_SCHEMA_ID}#/definitions/${definition}`)!;
    compiled.set(definition, fn);
  }
  return fn;
}

/** A document whose apiVersion and kind are known. */
export interface TypedDocument {
  readonly doc: SourceDocument;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name` when it is a non-empty string. */
  readonly name?: string;
  /** `Kind/name`, or `Kind (document n)` without a usable name. */
  readonly label: string;
}

/**
 * The value of a document that passed `validateDocument`, in the shape its kind's
 * definition in schema.ts describes: `T` is the interface that mirrors that definition.
 */
export function validatedValue<T>(typed: TypedDocument): T {
  return typed.doc.value as T; // the JSON Schema has checked this shape
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) { return 'null'; }
  if (Array.isArray(v)) { return 'a list'; }
  if (typeof v === 'object') { return 'a map'; }
  if (typeof v === 'string') { return 'a string'; }
  if (typeof v === 'number') { return Number.isInteger(v) ? 'a whole number' : 'a number'; }
  if (typeof v === 'boolean') { return 'true/false'; }
  return typeof v;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a map (key: value)',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

/**
 * Reads the apiVersion and kind of a document. Returns the typed document, or
 * the problems that make it unreadable (not a map, unknown apiVersion or kind).
 */
export function typeDocument(source: YamlSource, doc: SourceDocument): { typed?: TypedDocument; problems: MeshFileProblem[] } {
  const file = source.file;
  const here = `document ${doc.index}`;
  if (!isMap(doc.value)) {
    return {
      problems: [{
        severity: 'error',
        file,
        position: doc.position,
        document: here,
        message: `(${show(doc.value)}) is ${typeName(doc.value)}, not a mesh-file document: expected a map with apiVersion, kind, metadata and spec`,
      }],
    };
  }
  const apiVersion = doc.value.apiVersion;
  const versions = Object.keys(KINDS);
  if (typeof apiVersion !== 'string' || !(apiVersion in KINDS)) {
    const hint = typeof apiVersion === 'string' ? didYouMean(apiVersion, versions) : undefined;
    return {
      problems: [{
        severity: 'error',
        file,
        document: here,
        field: 'apiVersion',
        value: apiVersion,
        position: apiVersion === undefined ? doc.position : source.valuePosition(doc.index, ['apiVersion']),
        message: apiVersion === undefined
          ? `is required: ${NATIVE_API_VERSION} (or ${RISTIOCTL_API_VERSION} for a ristioctl file)`
          : `is not a mesh-file apiVersion: expected ${NATIVE_API_VERSION} (or ${RISTIOCTL_API_VERSION} for a ristioctl file)${hint ? ` (did you mean "${hint}"?)` : ''}`,
      }],
    };
  }
  const kinds = Object.keys(KINDS[apiVersion]);
  const kind = doc.value.kind;
  if (typeof kind !== 'string' || !kinds.includes(kind)) {
    const hint = typeof kind === 'string' ? didYouMean(kind, kinds) : undefined;
    return {
      problems: [{
        severity: 'error',
        file,
        document: here,
        field: 'kind',
        value: kind,
        position: kind === undefined ? doc.position : source.valuePosition(doc.index, ['kind']),
        message: `${kind === undefined ? 'is required' : `is not a kind of ${apiVersion}`}: expected one of ${kinds.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`,
      }],
    };
  }
  const rawName = isMap(doc.value.metadata) ? doc.value.metadata.name : undefined;
  const name = typeof rawName === 'string' && rawName !== '' ? rawName : undefined;
  return { typed: { doc, apiVersion, kind, name, label: name ? `${kind}/${name}` : `${kind} (document ${doc.index})` }, problems: [] };
}

function segmentsOf(instancePath: string): (string | number)[] {
  if (instancePath === '') { return []; }
  return instancePath.slice(1).split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~')).map(s => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    v = v === null || typeof v !== 'object' ? undefined : (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** The `params` of the ajv errors this module reads (each keyword sets some of them). */
interface ErrorParams {
  readonly additionalProperty?: string;
  readonly missingProperty?: string;
  readonly type?: string;
  readonly allowedValues?: unknown[];
  readonly limit?: number;
}

function params(e: ErrorObject): ErrorParams {
  return e.params as ErrorParams;
}

function describeFields(schema: AnySchemaObject | undefined): string {
  return Object.keys(schema?.properties ?? {}).join(', ');
}

/** Validates a typed document against its kind's schema; returns one problem per bad field. */
export function validateDocument(source: YamlSource, typed: TypedDocument): MeshFileProblem[] {
  const definition = KINDS[typed.apiVersion][typed.kind];
  const fn = validatorFor(definition);
  if (fn(typed.doc.value)) { return []; }
  const problems: MeshFileProblem[] = [];
  const seen = new Set<string>();
  const errors = (fn.errors ?? []) as ErrorObject[];
  // A field that has a type error gets only that error; anyOf branches are summarized by x-expected.
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const key = e.keyword === 'additionalProperties' || e.keyword === 'required'
      ? `${e.instancePath}/${params(e).additionalProperty ?? params(e).missingProperty}`
      : e.instancePath;
    byPath.set(key, [...(byPath.get(key) ?? []), e]);
  }
  // A required field that an unknown field is a likely typo of is reported once, as the typo.
  const suggested = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') { continue; }
    const hint = didYouMean(params(e).additionalProperty ?? '', Object.keys((e.parentSchema as AnySchemaObject | undefined)?.properties ?? {}));
    if (hint) { suggested.add(`${e.instancePath}/${hint}`); }
  }
  for (const [key, list] of byPath) {
    if (seen.has(key) || (list.every(e => e.keyword === 'required') && suggested.has(key))) { continue; }
    seen.add(key);
    const anyOf = list.find(e => e.keyword === 'anyOf');
    const e = anyOf ?? list.find(x => x.keyword === 'type') ?? list[0];
    problems.push(toProblem(source, typed, e));
  }
  return problems;
}

function toProblem(source: YamlSource, typed: TypedDocument, e: ErrorObject): MeshFileProblem {
  const root = typed.doc.value;
  const base = segmentsOf(e.instancePath);
  const parent: AnySchemaObject = e.parentSchema ?? {};
  const mk = (path: (string | number)[], value: unknown, message: string, atKey = false): MeshFileProblem => ({
    severity: 'error',
    file: source.file,
    position: atKey ? source.keyPosition(typed.doc.index, path) : source.valuePosition(typed.doc.index, path),
    document: typed.label,
    field: fieldPath(path),
    value,
    message,
  });
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = params(e).additionalProperty as string;
      const path = [...base, name];
      const known = Object.keys(parent.properties ?? {});
      const hint = didYouMean(name, known);
      const what = base.length === 0 ? `a ${typed.kind} document` : `'${fieldPath(base)}'`;
      return mk(path, valueAt(root, path),
        `is not a field of ${what}${hint ? ` (did you mean "${hint}"?)` : ''}: expected ${known.length === 1 ? '' : 'one of '}${describeFields(parent)}`, true);
    }
    case 'required': {
      const name = params(e).missingProperty as string;
      const path = [...base, name];
      const sub = parent.properties?.[name] ?? {};
      const desc = sub.description ? `: ${plain(sub.description)}` : '';
      return mk(path, undefined, `is required${desc}`);
    }
    case 'type': {
      const value = valueAt(root, base);
      const expected = String(params(e).type).split(',').map(t => TYPE_NAMES[t] ?? t).join(' or ');
      let hint = '';
      if (typeof value === 'string' && /^(integer|number)/.test(String(params(e).type)) && value.trim() !== '' && !isNaN(Number(value))) {
        hint = ` (write ${value.trim()} without quotes)`;
      } else if (typeof value === 'number' && params(e).type === 'string') {
        hint = ` (quote it: "${value}")`;
      } else if (typeof value === 'string' && params(e).type === 'boolean' && /^(true|false)$/i.test(value)) {
        hint = ` (write ${value.toLowerCase()} without quotes)`;
      }
      return mk(base, value, `must be ${expected}, not ${typeName(value)}${hint}`);
    }
    case 'enum': {
      const value = valueAt(root, base);
      const allowed = (params(e).allowedValues as unknown[]).map(String);
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return mk(base, value, `must be one of ${allowed.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    case 'anyOf':
    case 'pattern':
    case 'maxLength':
      return mk(base, valueAt(root, base), parent['x-expected'] ?? `must match ${parent.pattern ?? 'the expected form'}`);
    case 'minLength':
      return mk(base, valueAt(root, base), 'must not be empty');
    case 'minimum':
      return mk(base, valueAt(root, base), `must be at least ${params(e).limit}`);
    case 'maximum':
      return mk(base, valueAt(root, base), `must be at most ${params(e).limit}`);
    case 'minItems':
      return mk(base, valueAt(root, base), `must list at least ${params(e).limit} item${params(e).limit === 1 ? '' : 's'}`);
    case 'uniqueItems':
      return mk(base, valueAt(root, base), 'must not list the same item twice');
    default:
      return mk(base, valueAt(root, base), e.message ?? 'is not valid');
  }
}

/** A schema description as message text: first letter lowercase, no Markdown backticks, no final period. */
export function plain(s: string): string {
  const t = s.replace(/`/g, '').replace(/\.$/, '');
  return t.charAt(0).toLowerCase() + t.slice(1);
}
