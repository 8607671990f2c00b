/**
 * SOPS documents (getsops/sops v3.13.2), written from its published format:
 *
 * - every leaf value under a key matching `encrypted_regex` becomes
 *   `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:str]`: AES-256-GCM with
 *   the file's 32-byte data key, a random 32-byte IV, and as additional data the
 *   path of keys joined by `:` with a trailing `:` (`data:ca-key.pem:`)
 *   (aes/cipher.go `Encrypt`; sops.go `Tree.Encrypt`); empty strings stay empty;
 * - the MAC: SHA-512 over the bytes of every leaf value of the document in
 *   order (encrypted or not, `mac_only_encrypted` unset), written as upper-case
 *   hex and encrypted like a value with `lastmodified` (RFC 3339) as additional
 *   data (sops.go `Tree.Encrypt`, cmd/sops/common/common.go);
 * - `sops:` metadata (stores/stores.go `metadata`): `age` (each
 *   `recipient` with `enc`, the data key as an armored age file for that
 *   recipient, age/keysource.go), `lastmodified`, `mac`, `encrypted_regex`,
 *   `version`.
 */
import * as crypto from 'crypto';
import { isJsonObject, JsonObject } from '../core/_json';

/** The regular expression SOPS users configure for Kubernetes Secrets. */
export const SOPS_ENCRYPTED_REGEX = '^(data|stringData)$';
/** The SOPS release whose format this file follows. */
export const SOPS_FORMAT_VERSION = '3.13.2';

const ENC = /^ENC\[AES256_GCM,data:(.*),iv:(.+),tag:(.+),type:(.+)\]$/;
const IV_BYTES = 32;

/** The key material of a SOPS file. */
export interface SopsKeys {
  /** The 32-byte data key. */
  readonly dataKey: Buffer;
  /** Each age recipient with the data key encrypted for it. */
  readonly age: { readonly recipient: string; readonly enc: string }[];
}

/** The `sops` metadata of a document (stores/stores.go `metadata`, the fields we write). */
export interface SopsMetadata {
  readonly age: { readonly recipient: string; readonly enc: string }[];
  readonly lastmodified: string;
  readonly mac: string;
  readonly encrypted_regex: string;
  readonly version: string;
}

function leafBytes(v: unknown): Buffer {
  if (typeof v === 'string') { return Buffer.from(v, 'utf-8'); }
  if (typeof v === 'boolean') { return Buffer.from(v ? 'True' : 'False'); }
  if (typeof v === 'number') { return Buffer.from(String(v)); }
  throw new Error(`SOPS: a value of type ${v === null ? 'null' : typeof v} cannot be encrypted`);
}

function typeOf(v: unknown): string {
  if (typeof v === 'string') { return 'str'; }
  if (typeof v === 'boolean') { return 'bool'; }
  if (typeof v === 'number') { return Number.isInteger(v) ? 'int' : 'float'; }
  throw new Error(`SOPS: a value of type ${v === null ? 'null' : typeof v} cannot be encrypted`);
}

/** One value as SOPS encrypts it (`iv` given to reproduce a known ciphertext). */
export function encryptValue(value: unknown, key: Buffer, additionalData: string, iv: Buffer = crypto.randomBytes(IV_BYTES)): string {
  if (value === '') { return ''; }
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additionalData, 'utf-8'));
  const data = Buffer.concat([cipher.update(leafBytes(value)), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:${typeOf(value)}]`;
}

/** The plaintext of one `ENC[...]` value (as a string; `str` is the only type we write). */
export function decryptValue(text: string, key: Buffer, additionalData: string): string {
  if (text === '') { return ''; }
  const m = ENC.exec(text);
  if (!m) { throw new Error('SOPS: not an encrypted value'); }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(m[2], 'base64'));
  decipher.setAAD(Buffer.from(additionalData, 'utf-8'));
  decipher.setAuthTag(Buffer.from(m[3], 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(m[1], 'base64')), decipher.final()]).toString('utf-8');
}

/** The IV of an `ENC[...]` value. */
function ivOf(text: unknown): Buffer | undefined {
  const m = typeof text === 'string' ? ENC.exec(text) : null;
  return m ? Buffer.from(m[2], 'base64') : undefined;
}

/**
 * Walks `doc` in document order, calling `leaf` with each leaf's value and key
 * path; returns the document with each leaf replaced by `leaf`'s result.
 * Sequence items keep their parent's path (sops.go `walkValue`).
 */
function walk(doc: unknown, path: string[], leaf: (v: unknown, path: string[]) => unknown): unknown {
  if (Array.isArray(doc)) { return doc.map(v => walk(v, path, leaf)); }
  if (doc !== null && typeof doc === 'object') {
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, walk(v, [...path, k], leaf)]));
  }
  return leaf(doc, path);
}

const REGEX = new RegExp(SOPS_ENCRYPTED_REGEX);
const encrypted = (path: string[]) => path.some(p => REGEX.test(p));
const aad = (path: string[]) => `${path.join(':')}:`;

/**
 * The SOPS document of a Kubernetes object: `data`/`stringData` values
 * encrypted, the MAC, the metadata. `previous` (a SOPS document made with the
 * same keys) lends its IVs to values whose plaintext is unchanged, as SOPS does.
 */
export function sopsEncrypt<T extends JsonObject>(obj: T, keys: SopsKeys, lastModified: string,
  previous?: JsonObject): T & { readonly sops: SopsMetadata } {
  const hash = crypto.createHash('sha512');
  const prevIvs = new Map<string, Buffer>();
  if (previous) {
    walk({ ...previous, sops: undefined }, [], (v, p) => {
      const iv = encrypted(p) ? ivOf(v) : undefined;
      if (iv) {
        try {
          prevIvs.set(`${aad(p)}\0${decryptValue(v as string, keys.dataKey, aad(p))}`, iv);
        } catch { /* a value of other keys: not reused */ }
      }
      return v;
    });
  }
  const tree = walk(obj, [], (v, p) => {
    hash.update(leafBytes(v));
    if (!encrypted(p)) { return v; }
    return encryptValue(v, keys.dataKey, aad(p), prevIvs.get(`${aad(p)}\0${String(v)}`));
  }) as T; // walk keeps the shape: the same keys, each encrypted leaf a string as SOPS writes it
  const mac = hash.digest('hex').toUpperCase();
  const sops: SopsMetadata = {
    age: keys.age.map(a => ({ recipient: a.recipient, enc: a.enc })),
    lastmodified: lastModified,
    mac: encryptValue(mac, keys.dataKey, lastModified),
    encrypted_regex: SOPS_ENCRYPTED_REGEX,
    version: SOPS_FORMAT_VERSION,
  };
  return { ...tree, sops };
}

/** A string field of the `sops` metadata; throws as reading it from a document without one would. */
function metadataString(sops: unknown, field: string): string {
  const v = isJsonObject(sops) ? sops[field] : undefined;
  if (typeof v !== 'string') { throw new Error(`SOPS: the document has no ${field}`); }
  return v;
}

/**
 * The plaintext object of a SOPS document made with `dataKey`, after checking
 * its MAC; throws when the key or the MAC does not match.
 */
export function sopsDecrypt(doc: JsonObject, dataKey: Buffer): JsonObject {
  const { sops, ...rest } = doc;
  const hash = crypto.createHash('sha512');
  const plain = walk(rest, [], (v, p) => {
    const out = encrypted(p) && typeof v === 'string' ? decryptValue(v, dataKey, aad(p)) : v;
    hash.update(leafBytes(out));
    return out;
  }) as JsonObject; // walk keeps the shape: an object in, an object out
  const mac = decryptValue(String(isJsonObject(sops) ? sops.mac : undefined), dataKey, metadataString(sops, 'lastmodified'));
  if (mac !== hash.digest('hex').toUpperCase()) {
    throw new Error('SOPS: the MAC does not match the document');
  }
  return plain;
}
