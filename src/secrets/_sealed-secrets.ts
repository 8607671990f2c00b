/**
 * Sealed Secrets (bitnami-labs/sealed-secrets v0.36.6), written from its format:
 *
 * - each value is sealed on its own (pkg/crypto/crypto.go `HybridEncrypt`): a
 *   random 32-byte AES session key is encrypted with RSA-OAEP (SHA-256) under
 *   the controller's public key with the scope's label; the output is the
 *   RSA ciphertext's length (2 bytes, big endian), the RSA ciphertext, then the
 *   value sealed with AES-256-GCM under the session key with a zero nonce;
 *   `spec.encryptedData[key]` is its standard base64;
 * - the label (pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go
 *   `EncryptionLabel`): `<namespace>/<name>` (strict), `<namespace>`
 *   (namespace-wide), empty (cluster-wide); the controller takes the scope from
 *   the SealedSecret's annotations `sealedsecrets.bitnami.com/namespace-wide`
 *   or `.../cluster-wide` = "true" (types.go);
 * - `spec.template` carries the Secret's metadata and type (`NewSealedSecret`).
 */
import * as crypto from 'crypto';
import type { JsonObject, Manifest, SecretManifest } from '../core/_json';

/** The scope annotations (v1alpha1/types.go). */
export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

/** A SealedSecret as `sealSecret` renders it. */
export interface SealedSecretManifest extends Manifest {
  readonly spec: {
    /** The sealed value of each key (standard base64). */
    readonly encryptedData: Record<string, string>;
    /** The Secret's metadata, type and immutability. */
    readonly template: JsonObject;
  };
}

/** The scope names as `kubeseal --scope` spells them. */
export type SealingScopeName = 'strict' | 'namespace-wide' | 'cluster-wide';

/** The RSA-OAEP label of a scope. */
export function encryptionLabel(namespace: string, name: string, scope: SealingScopeName): Buffer {
  switch (scope) {
    case 'cluster-wide': return Buffer.alloc(0);
    case 'namespace-wide': return Buffer.from(namespace, 'utf-8');
    default: return Buffer.from(`${namespace}/${name}`, 'utf-8');
  }
}

/** One value sealed for `publicKey` with `label` (the controller's `HybridEncrypt`). */
export function hybridEncrypt(publicKey: crypto.KeyObject, plaintext: Buffer, label: Buffer): Buffer {
  const sessionKey = crypto.randomBytes(32);
  const rsa = crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, sessionKey);
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsa.length);
  return Buffer.concat([length, rsa, sealed]);
}

/** The value of a sealed blob (the controller's `HybridDecrypt`, for tests and `check`). */
export function hybridDecrypt(privateKey: crypto.KeyObject, ciphertext: Buffer, label: Buffer): Buffer {
  if (ciphertext.length < 2) { throw new Error('SealedSecret data is too short'); }
  const rsaLength = ciphertext.readUInt16BE(0);
  if (ciphertext.length < rsaLength + 2 + 16) { throw new Error('SealedSecret data is too short'); }
  const sessionKey = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    ciphertext.subarray(2, 2 + rsaLength));
  const aes = ciphertext.subarray(2 + rsaLength);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(aes.subarray(aes.length - 16));
  return Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]);
}

/** The scope annotations of a SealedSecret. */
export function scopeAnnotations(scope: SealingScopeName): Record<string, string> {
  if (scope === 'namespace-wide') { return { [NAMESPACE_WIDE_ANNOTATION]: 'true' }; }
  if (scope === 'cluster-wide') { return { [CLUSTER_WIDE_ANNOTATION]: 'true' }; }
  return {};
}

/** The plaintext values of a Secret (`data` decoded, then `stringData`), by key. */
export function secretValues(secret: SecretManifest): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries<string>(secret.data ?? {})) { out.set(k, Buffer.from(v, 'base64')); }
  for (const [k, v] of Object.entries<string>(secret.stringData ?? {})) { out.set(k, Buffer.from(v, 'utf-8')); }
  return out;
}

/**
 * The SealedSecret of `secret`: `reuse(key, value)` returns a previous
 * ciphertext of the same value under the same certificate and scope, if any.
 */
export function sealSecret(secret: SecretManifest, publicKey: crypto.KeyObject, scope: SealingScopeName,
  reuse: (key: string, value: Buffer) => string | undefined): SealedSecretManifest {
  const name: string = secret.metadata.name;
  const namespace: string = secret.metadata.namespace ?? '';
  const label = encryptionLabel(namespace, name, scope);
  const encryptedData: Record<string, string> = {};
  for (const [k, v] of [...secretValues(secret)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    encryptedData[k] = reuse(k, v) ?? hybridEncrypt(publicKey, v, label).toString('base64');
  }
  const annotations = scopeAnnotations(scope);
  const templateMetadata: Record<string, unknown> = { name, ...(namespace ? { namespace } : {}) };
  if (secret.metadata.labels) { templateMetadata.labels = secret.metadata.labels; }
  if (secret.metadata.annotations) { templateMetadata.annotations = secret.metadata.annotations; }
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      encryptedData,
      template: {
        metadata: templateMetadata,
        ...(secret.type ? { type: secret.type } : {}),
        ...(secret.immutable !== undefined ? { immutable: secret.immutable } : {}),
      },
    },
  };
}
