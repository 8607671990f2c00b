/**
 * External Secrets Operator (external-secrets/external-secrets v2.9.0,
 * `external-secrets.io/v1` `ExternalSecret`): one ExternalSecret per
 * key-store Secret, each key read from the property of the same name at one
 * provider path, and the upload list (paths, properties, values) for the key store.
 */
import { secretValues } from './_sealed-secrets';
import type { Manifest, SecretManifest } from '../core/_json';
import { compareText } from '../output/_order';

/** What to store in the provider: one path with its properties. */
export interface ProviderEntry {
  readonly path: string;
  /** Property → value (UTF-8 text, or base64 when `base64` lists the property). */
  readonly properties: Record<string, string>;
  /** Properties whose value is not UTF-8 text, stored as base64 (the ExternalSecret decodes them). */
  readonly base64: string[];
}

/** Options of `externalSecretOf`. */
export interface ExternalSecretOptions {
  readonly storeName: string;
  readonly storeKind: string;
  readonly remoteKeyPrefix: string;
  readonly refreshInterval: string;
}

/** The provider path of a Secret: `<prefix><cluster>/<namespace>/<name>`. */
export function providerPath(prefix: string, cluster: string, secret: SecretManifest): string {
  return `${prefix}${cluster}/${secret.metadata.namespace ?? '_cluster'}/${secret.metadata.name}`;
}

function isUtf8Text(b: Buffer): boolean {
  const s = b.toString('utf-8');
  return Buffer.from(s, 'utf-8').equals(b) && !s.includes('\u0000');
}

/** The ExternalSecret that materialises `secret`, and what to upload for it. */
export function externalSecretOf(cluster: string, secret: SecretManifest, o: ExternalSecretOptions): { object: Manifest; upload: ProviderEntry } {
  const remote = providerPath(o.remoteKeyPrefix, cluster, secret);
  const values = [...secretValues(secret)].sort(([a], [b]) => compareText(a, b));
  const properties: Record<string, string> = {};
  const base64: string[] = [];
  const data = values.map(([key, value]) => {
    const text = isUtf8Text(value);
    properties[key] = text ? value.toString('utf-8') : value.toString('base64');
    if (!text) { base64.push(key); }
    return {
      secretKey: key,
      remoteRef: { key: remote, property: key, ...(text ? {} : { decodingStrategy: 'Base64' }) },
    };
  });
  const md = secret.metadata;
  const templateMetadata: Record<string, unknown> = {};
  if (md.labels) { templateMetadata.labels = md.labels; }
  if (md.annotations) { templateMetadata.annotations = md.annotations; }
  return {
    object: {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: md.name, ...(md.namespace ? { namespace: md.namespace } : {}) },
      spec: {
        secretStoreRef: { kind: o.storeKind, name: o.storeName },
        refreshInterval: o.refreshInterval,
        target: {
          name: md.name,
          creationPolicy: 'Owner',
          template: {
            engineVersion: 'v2',
            ...(secret.type ? { type: secret.type } : {}),
            ...(Object.keys(templateMetadata).length > 0 ? { metadata: templateMetadata } : {}),
          },
        },
        data,
      },
    },
    upload: { path: remote, properties, base64 },
  };
}
