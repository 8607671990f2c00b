/**
 * Validates custom resources against upstream CRD schemas (the project's copy in
 * schemas/crds.json, built by scripts/update-schemas.ts from the Istio, Sail
 * Operator and Linkerd CRDs). Used by `cdk8s-mesh check` and by the tests.
 *
 * Kubernetes prunes fields that a structural schema does not declare; this
 * validator reports them instead (`additionalProperties: false` wherever the
 * schema lists properties and does not preserve unknown fields), so a typo
 * fails here rather than disappearing on the API server.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import Ajv, { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';

/** The bundled schemas: `group/version/Kind` → structural openAPIV3Schema. */
export interface CrdSchemaBundle {
  readonly schemas: Record<string, SchemaObject>;
  readonly scopes: Record<string, string>;
}

/** A structural schema made strict for ajv: unknown fields refused, the Kubernetes extensions as JSON Schema. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) { return schema.map(strict); }
  if (!schema || typeof schema !== 'object') { return schema; }
  return strictObject(schema as SchemaObject);
}

function strictObject(schema: SchemaObject): SchemaObject {
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([p, s]) => [p, strict(s)]));
    } else if (k.startsWith('x-kubernetes-')) {
      continue;
    } else {
      out[k] = strict(v);
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema.nullable) {
    delete out.nullable;
    if (out.type) { out.type = [out.type, 'null']; }
  }
  return out;
}

/**
 * The API server accepts `apiVersion`, `kind` and `metadata` on every custom
 * resource, whether or not the CRD's schema lists them (Istio's CRDs list only
 * `spec` and `status`).
 */
function withObjectMeta(schema: SchemaObject): SchemaObject {
  if (!schema?.properties) { return schema; }
  return {
    ...schema,
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...schema.properties },
  };
}

function describe(err: ErrorObject): string {
  const where = err.instancePath || '/';
  if (err.keyword === 'additionalProperties') {
    return `${where}: unknown field "${err.params.additionalProperty}"`;
  }
  if (err.keyword === 'enum') {
    return `${where}: must be one of ${(err.params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${err.message}`;
}

/** Validates objects against CRD schemas. */
export class CrdValidator {
  /** The validator for the project's copy of the schemas. */
  public static bundled(): CrdValidator {
    // schemas/crds.json, gzipped by the compile task (scripts/gzip-crds.js): the package ships only the .gz.
    const file = path.join(__dirname, '..', '..', 'schemas', 'crds.json.gz');
    return new CrdValidator(JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf-8')));
  }

  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly bundle: CrdSchemaBundle) {}

  /** True when a schema for `apiVersion` + `kind` is known. */
  public knows(apiVersion: string, kind: string): boolean {
    return `${apiVersion}/${kind}` in this.bundle.schemas;
  }

  /** True when the group of `apiVersion` has a CRD of that kind, at any version. */
  public knowsKind(apiVersion: string, kind: string): boolean {
    const g = apiVersion.split('/')[0];
    return `${g}/${kind}` in this.bundle.scopes;
  }

  /** The scope (Namespaced or Cluster) of a CRD kind. */
  public scope(apiVersion: string, kind: string): string | undefined {
    return this.bundle.scopes[`${apiVersion.split('/')[0]}/${kind}`];
  }

  /** The raw structural schema of a kind (for sub-schema checks). */
  public schema(apiVersion: string, kind: string): SchemaObject {
    return this.bundle.schemas[`${apiVersion}/${kind}`];
  }

  /** Validates `value` against an arbitrary schema; returns error lines. */
  public validateWith(key: string, schema: SchemaObject, value: unknown): string[] {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(strictObject(schema));
      this.compiled.set(key, fn);
    }
    return fn(value) ? [] : (fn.errors ?? []).map(describe);
  }

  /** Validates an object; returns error lines, empty when valid. */
  public validate(obj: { readonly apiVersion?: unknown; readonly kind?: unknown }): string[] {
    const key = `${obj?.apiVersion}/${obj?.kind}`;
    const schema = this.bundle.schemas[key];
    if (!schema) {
      return [`no CRD schema for ${key}`];
    }
    return this.validateWith(key, withObjectMeta(schema), obj);
  }
}
