/**
 * The shape of a rendered or parsed manifest where the code only builds it or passes it on:
 * an object whose fields are unknown until checked (instead of `any`).
 */
export type JsonObject = { [key: string]: unknown };

/** An object's metadata as our builders write it. */
export interface ManifestMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** A manifest our builders write: named, the rest built field by field. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ManifestMetadata;
  readonly [field: string]: unknown;
}

/** A Secret manifest as rendered (namespaced: the writer names every object). */
export interface SecretManifest extends Manifest {
  readonly metadata: ManifestMetadata & { readonly namespace: string };
  readonly type?: string;
  readonly data?: Record<string, string>;
  readonly stringData?: Record<string, string>;
}

/** True for a JSON object (a map: not null, not an array): what parsed YAML or JSON is narrowed by before its fields are read. */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
