/**
 * The jsii assembly of the package (`.jsii.gz`, written by `npx projen compile`,
 * which `npm test` runs first): the public types, their props and `@default` texts.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** The reference to a type in the assembly. */
export interface JsiiTypeRef {
  readonly fqn?: string;
  readonly primitive?: string;
  readonly collection?: { readonly kind: string; readonly elementtype: JsiiTypeRef };
  readonly union?: unknown;
}

/** A property of a struct or class. */
export interface JsiiProperty {
  readonly name: string;
  readonly type: JsiiTypeRef;
  readonly optional?: boolean;
  readonly docs?: { readonly default?: string; readonly summary?: string };
}

/** A type of the assembly. */
export interface JsiiType {
  readonly fqn: string;
  readonly kind: string;
  readonly datatype?: boolean;
  readonly properties?: JsiiProperty[];
}

/** The package name: the prefix of every fqn. */
export const PACKAGE = 'cdk8s-multicluster-mesh';

/** The types of the assembly, by fqn. */
export function assemblyTypes(): Record<string, JsiiType> {
  const file = path.join(__dirname, '..', '..', '.jsii.gz');
  if (!fs.existsSync(file)) {
    throw new Error('.jsii.gz is missing: compile first (npx projen compile; npm test does)');
  }
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf-8')).types;
}

/** The struct a property holds (itself, or the element of a list or map of structs), if any. */
export function structOf(types: Record<string, JsiiType>, ref: JsiiTypeRef): JsiiType | undefined {
  if (ref.collection) return structOf(types, ref.collection.elementtype);
  const t = ref.fqn ? types[ref.fqn] : undefined;
  return t?.datatype ? t : undefined;
}
