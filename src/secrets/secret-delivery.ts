import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ageEncryptEach, isAgeX25519Recipient } from './_age';
import { externalSecretOf } from './_external-secrets';
import { SealingScopeName, sealSecret, secretValues } from './_sealed-secrets';
import { sopsDecrypt, sopsEncrypt, SopsKeys } from './_sops';
import { goDuration, requireSeconds } from '../core/_duration';
import { PEM_FILE, readInputFile } from '../core/_input-files';
import { isJsonObject, JsonObject, Manifest, SecretManifest } from '../core/_json';
import { fail, isDns1123Subdomain } from '../core/_validation';
import type { DeliveredSecret, RenderedFile, SecretDeliverer } from '../output/_writer';
import { stringifyYaml } from '../output/_yaml';

/** The scope a SealedSecret is sealed for (the controller's `--scope`). */
export enum SealedSecretScope {
  /** Only a Secret of the same name in the same namespace can be unsealed (`<namespace>/<name>`). */
  STRICT = 'strict',
  /** Any Secret name in the same namespace. */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Any name in any namespace of the cluster. */
  CLUSTER_WIDE = 'cluster-wide',
}

/** The kind of External Secrets store the ExternalSecrets refer to. */
export enum ExternalSecretStoreKind {
  /** A namespaced `SecretStore`, in each Secret's namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** Options of `SecretDelivery.sops()`. */
export interface SopsDeliveryOptions {
  /**
   * The age recipients (`age1...` X25519 public keys) that can decrypt: the
   * key of your GitOps controller (Flux's `sops-age` Secret) and, usually, one
   * held by the platform team for recovery.
   */
  readonly ageRecipients: string[];
}

/** Options of `SecretDelivery.sealedSecrets()`. */
export interface SealedSecretsDeliveryOptions {
  /**
   * The Sealed Secrets controller's public certificate, a PEM file
   * (`kubeseal --fetch-cert > sealed-secrets.pem`). One certificate for every
   * cluster: use one controller key across the mesh, or one app per cluster.
   */
  readonly certificateFile: string;
  /**
   * The sealing scope.
   *
   * @default SealedSecretScope.STRICT
   */
  readonly scope?: SealedSecretScope;
}

/** Options of `SecretDelivery.externalSecrets()`. */
export interface ExternalSecretsDeliveryOptions {
  /** The name of the SecretStore or ClusterSecretStore the ExternalSecrets read from. */
  readonly storeName: string;
  /**
   * The kind of store.
   *
   * @default ExternalSecretStoreKind.CLUSTER_SECRET_STORE
   */
  readonly storeKind?: ExternalSecretStoreKind;
  /**
   * Prefix of every provider path: a Secret is read from
   * `<remoteKeyPrefix><cluster>/<namespace>/<name>`, one property per key.
   *
   * @default "mesh/"
   */
  readonly remoteKeyPrefix?: string;
  /**
   * Seconds between the operator's refreshes of the Secrets (each
   * ExternalSecret's `refreshInterval`, written as a Go duration: 3600 is `1h`);
   * 0 turns refreshing off.
   *
   * @default 3600
   */
  readonly refreshIntervalSeconds?: number;
  /**
   * The store is managed outside this app (not an object of the cluster's
   * tree). When false, the synth fails unless each cluster's tree holds the
   * store (a `ClusterSecretStore`, or a `SecretStore` in each Secret's namespace).
   *
   * @default false
   */
  readonly storeOutsideTree?: boolean;
}

/** What an External Secrets delivery refers to. */
interface StoreSettings {
  readonly storeName: string;
  readonly storeKind: string;
  readonly prefix: string;
  readonly refresh: string;
  readonly outside: boolean;
}

/** The settings of one mode (only its own are set). */
interface DeliverySettings {
  readonly recipients?: string[];
  readonly certificate?: string;
  readonly scope?: SealingScopeName;
  readonly store?: StoreSettings;
}

/** The key-store folder of secret delivery state (previous ciphertexts, data keys, upload lists). */
export const DELIVERY_DIR = 'secret-delivery';
const SOPS_KEYS_FILE = `${DELIVERY_DIR}/sops-keys.json`;
const WHERE = 'MeshApp';
const PROP = 'secretDelivery';

/** The problem with an age recipient, or undefined (used by the mesh file too). */
export function ageRecipientProblem(value: unknown): string | undefined {
  return isAgeX25519Recipient(value) ? undefined
    : 'must be an age X25519 recipient: "age1" followed by the Bech32 public key that age-keygen prints (SOPS supports no other age recipient type)';
}

/** The problem with a Sealed Secrets certificate's text, or undefined (used by the mesh file too). */
export function sealedSecretsCertificateProblem(pem: string, now: Date = new Date()): string | undefined {
  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(pem);
  } catch {
    return 'must be a PEM X.509 certificate (kubeseal --fetch-cert), but it does not parse as one';
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') {
    return `must be the Sealed Secrets controller's RSA certificate, but its key is ${cert.publicKey.asymmetricKeyType?.toUpperCase() ?? 'unknown'}`;
  }
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    return `has expired (notAfter ${notAfter.toISOString()}): the controller renews its key every 30 days by default; `
      + 'fetch its current certificate with kubeseal --fetch-cert';
  }
  return undefined;
}

/** The problem with a store name, or undefined. */
export function storeNameProblem(value: unknown): string | undefined {
  return isDns1123Subdomain(value) ? undefined : 'must be the name of a SecretStore or ClusterSecretStore (a DNS-1123 subdomain)';
}

/**
 * How the Secrets that carry private material (`cacerts`,
 * `linkerd-identity-issuer`, remote-cluster credentials) reach the clusters.
 *
 * The key store always keeps every such Secret in plain form (it is the source
 * of truth). `keyStore()` stops there: you apply them yourself. The other modes
 * also write a form that is safe to commit into each cluster directory and its
 * kustomization, so a GitOps controller can deliver it: a SOPS-encrypted Secret,
 * a SealedSecret, or an ExternalSecret. See docs/secrets.md.
 */
export class SecretDelivery {
  /** Keep the Secrets in the key store only (apply them with kubectl). */
  public static keyStore(): SecretDelivery {
    return new SecretDelivery('keyStore', {});
  }

  /**
   * Also write each Secret encrypted with SOPS (age recipients) into its
   * cluster directory, as Flux's kustomize-controller (`decryption.provider:
   * sops`) or KSOPS decrypts it.
   */
  public static sops(options: SopsDeliveryOptions): SecretDelivery {
    const recipients = options.ageRecipients ?? [];
    if (recipients.length === 0) {
      fail(WHERE, `${PROP}.ageRecipients`, recipients, 'must list at least one age recipient');
    }
    recipients.forEach((r, i) => {
      const problem = ageRecipientProblem(r);
      if (problem) { fail(WHERE, `${PROP}.ageRecipients[${i}]`, r, problem); }
    });
    if (new Set(recipients).size !== recipients.length) {
      fail(WHERE, `${PROP}.ageRecipients`, recipients, 'must not list a recipient twice');
    }
    return new SecretDelivery('sops', { recipients: [...recipients] });
  }

  /** Also write a SealedSecret for each Secret, sealed for the controller's certificate. */
  public static sealedSecrets(options: SealedSecretsDeliveryOptions): SecretDelivery {
    const file = options.certificateFile;
    if (typeof file !== 'string' || file === '') {
      fail(WHERE, `${PROP}.certificateFile`, file, 'must name the controller\'s certificate file (kubeseal --fetch-cert)');
    }
    const pem = readInputFile(WHERE, `${PROP}.certificateFile`, file, path.resolve(file), PEM_FILE);
    const problem = sealedSecretsCertificateProblem(pem);
    if (problem) { fail(WHERE, `${PROP}.certificateFile`, file, problem); }
    return new SecretDelivery('sealedSecrets', { certificate: pem, scope: options.scope ?? SealedSecretScope.STRICT });
  }

  /** Also write an ExternalSecret for each Secret, and the values to upload to the provider into the key store. */
  public static externalSecrets(options: ExternalSecretsDeliveryOptions): SecretDelivery {
    const problem = storeNameProblem(options.storeName);
    if (problem) { fail(WHERE, `${PROP}.storeName`, options.storeName, problem); }
    const prefix = options.remoteKeyPrefix ?? 'mesh/';
    if (typeof prefix !== 'string' || /\s/.test(prefix)) {
      fail(WHERE, `${PROP}.remoteKeyPrefix`, prefix, 'must be a provider path prefix without spaces, such as "mesh/"');
    }
    const refresh = goDuration(requireSeconds(WHERE, `${PROP}.refreshIntervalSeconds`, options.refreshIntervalSeconds ?? 3600, 0));
    return new SecretDelivery('externalSecrets', {
      store: {
        storeName: options.storeName,
        storeKind: options.storeKind ?? ExternalSecretStoreKind.CLUSTER_SECRET_STORE,
        prefix,
        refresh,
        outside: options.storeOutsideTree ?? false,
      },
    });
  }

  /** The mode: `keyStore`, `sops`, `sealedSecrets` or `externalSecrets`. */
  public readonly mode: string;

  /** One deliverer per key store, so every render of one app gives the same bytes. */
  private readonly deliverers = new Map<string, SecretDeliverer | undefined>();

  private constructor(mode: string, private readonly settings: DeliverySettings) {
    this.mode = mode;
  }

  /**
   * The deliverer of a synth (undefined for `keyStore()`): it reads the
   * previous state in `keyStore` to keep unchanged ciphertexts.
   *
   * @internal
   */
  public _deliverer(keyStore: string, now: () => Date = () => new Date()): SecretDeliverer | undefined {
    const key = path.resolve(keyStore);
    if (!this.deliverers.has(key)) { this.deliverers.set(key, this.makeDeliverer(keyStore, now)); }
    return this.deliverers.get(key);
  }

  private makeDeliverer(keyStore: string, now: () => Date): SecretDeliverer | undefined {
    switch (this.mode) {
      case 'sops': return new SopsDeliverer(keyStore, this.settings.recipients!, now);
      case 'sealedSecrets': return new SealedDeliverer(keyStore, this.settings.certificate!, this.settings.scope!);
      case 'externalSecrets': return new ExternalDeliverer(this.settings.store!);
      default: return undefined;
    }
  }
}

function readState(keyStore: string, rel: string): string | undefined {
  try {
    return fs.readFileSync(path.join(keyStore, rel), 'utf-8');
  } catch {
    return undefined;
  }
}

function gitopsFileName(file: string, kind: string): string {
  return `${kind}.${file.replace(/^secret\./, '')}`;
}

/** Refuses a Secret that the tree already delivers in another form (mixing modes). */
function checkNotDeliveredOtherwise(cluster: string, secret: SecretManifest, objects: readonly Manifest[], mode: string): void {
  const other = objects.find(o => ['SealedSecret', 'ExternalSecret'].includes(o.kind) && o.metadata?.name === secret.metadata?.name
    && (o.metadata?.namespace ?? '') === (secret.metadata?.namespace ?? ''));
  if (other) {
    fail(WHERE, PROP, mode, `cannot deliver Secret "${secret.metadata.namespace}/${secret.metadata.name}" of cluster "${cluster}": `
      + `the tree already has a ${other.kind} of that name (${other.apiVersion}); deliver each Secret one way only`);
  }
}

function isSecret(json: SecretManifest): boolean {
  return json?.kind === 'Secret' && json?.apiVersion === 'v1';
}

/** The parsed text of a state file, when it is an object (a missing, unreadable or other file gives undefined). */
function parseState(text: string | undefined, parse: (text: string) => unknown): JsonObject | undefined {
  let parsed: unknown;
  try { parsed = text ? parse(text) : undefined; } catch { parsed = undefined; }
  return isJsonObject(parsed) ? parsed : undefined;
}

/** The age recipients of stored SOPS keys, when every entry names its recipient and encrypted data key. */
function isAgeEntries(value: unknown): value is SopsKeys['age'] {
  return Array.isArray(value) && value.every(a => isJsonObject(a) && typeof a.recipient === 'string' && typeof a.enc === 'string');
}

/** Remembers a result by a key (cluster, file, plaintext): every render of one app gives the same bytes. */
class Memo<T> {
  private readonly map = new Map<string, T>();
  public get(key: string, make: () => T): T {
    let v = this.map.get(key);
    if (v === undefined) {
      v = make();
      this.map.set(key, v);
    }
    return v;
  }
}

class SopsDeliverer implements SecretDeliverer {
  private keys: SopsKeys | undefined;
  private keysFile: RenderedFile | undefined;
  private readonly memo = new Memo<string>();

  constructor(private readonly keyStore: string, private readonly recipients: string[], private readonly now: () => Date) {}

  public deliver(cluster: string, file: string, secret: SecretManifest, objects: readonly Manifest[]): DeliveredSecret | undefined {
    if (!isSecret(secret)) { return undefined; }
    checkNotDeliveredOtherwise(cluster, secret, objects, 'sops');
    const keys = this.dataKeys();
    const stateFile = `${DELIVERY_DIR}/${cluster}/${file}`;
    const content = this.memo.get(`${stateFile}\0${JSON.stringify(secret)}`, () => this.encrypt(stateFile, secret, keys));
    return {
      file: file.replace(/\.yaml$/, '.sops.yaml'),
      content,
      // The data key file goes with every Secret; the writer keeps one copy.
      keyStore: [{ path: stateFile, content, mode: 0o600 }, this.keysFile!],
    };
  }

  private encrypt(stateFile: string, secret: SecretManifest, keys: SopsKeys): string {
    const previousText = readState(this.keyStore, stateFile);
    let previous = parseState(previousText, YAML.parse);
    let content: string | undefined;
    if (previous && sameAge(previous, keys)) {
      try {
        if (JSON.stringify(sopsDecrypt(previous, keys.dataKey)) === JSON.stringify(secret)) { content = previousText; }
      } catch { previous = undefined; }
    } else {
      previous = undefined;
    }
    if (content === undefined) {
      const lastModified = this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
      content = stringifyYaml(sopsEncrypt(secret, keys, lastModified, previous));
    }
    return content!;
  }

  /** The data key (one per app, kept in the key store; a new one when the recipients change). */
  private dataKeys(): SopsKeys {
    if (this.keys) { return this.keys; }
    const text = readState(this.keyStore, SOPS_KEYS_FILE);
    const stored = parseState(text, JSON.parse);
    if (stored && isAgeEntries(stored.age) && JSON.stringify(stored.age.map(a => a.recipient)) === JSON.stringify(this.recipients)
      && typeof stored.dataKey === 'string' && Buffer.from(stored.dataKey, 'base64').length === 32) {
      this.keys = { dataKey: Buffer.from(stored.dataKey, 'base64'), age: stored.age };
    } else {
      const dataKey = crypto.randomBytes(32);
      const enc = ageEncryptEach(this.recipients, dataKey);
      this.keys = { dataKey, age: this.recipients.map((recipient, i) => ({ recipient, enc: enc[i] })) };
    }
    this.keysFile = {
      path: SOPS_KEYS_FILE,
      content: JSON.stringify({ dataKey: this.keys.dataKey.toString('base64'), age: this.keys.age }, undefined, 2) + '\n',
      mode: 0o600,
    };
    return this.keys;
  }
}

function sameAge(doc: JsonObject, keys: SopsKeys): boolean {
  const age = isJsonObject(doc.sops) ? doc.sops.age : undefined;
  return Array.isArray(age) && JSON.stringify(age.map(a => (isJsonObject(a) ? [a.recipient, a.enc] : [undefined, undefined])))
    === JSON.stringify(keys.age.map(a => [a.recipient, a.enc]));
}

class SealedDeliverer implements SecretDeliverer {
  private readonly publicKey: crypto.KeyObject;
  private readonly fingerprint: string;

  constructor(private readonly keyStore: string, certificate: string, private readonly scope: SealingScopeName) {
    this.publicKey = new crypto.X509Certificate(certificate).publicKey;
    this.fingerprint = crypto.createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  }

  public deliver(cluster: string, file: string, secret: SecretManifest, objects: readonly Manifest[]): DeliveredSecret | undefined {
    if (!isSecret(secret)) { return undefined; }
    checkNotDeliveredOtherwise(cluster, secret, objects, 'sealedSecrets');
    const stateFile = `${DELIVERY_DIR}/${cluster}/${file.replace(/\.yaml$/, '.sealed.json')}`;
    const previous = parseState(readState(this.keyStore, stateFile), JSON.parse);
    const context = { certificate: this.fingerprint, scope: this.scope, namespace: secret.metadata.namespace ?? '', name: secret.metadata.name };
    const same = previous !== undefined && JSON.stringify(previous.context) === JSON.stringify(context);
    const previousValues = same && isJsonObject(previous.values) ? previous.values : undefined;
    const digest = (key: string, value: Buffer) => crypto.createHash('sha256').update(key).update('\0').update(value).digest('hex');
    const sealed = sealSecret(secret, this.publicKey, this.scope, (key, value) => {
      const p = previousValues?.[key];
      return isJsonObject(p) && p.sha256 === digest(key, value) && typeof p.ciphertext === 'string' ? p.ciphertext : undefined;
    });
    const values: Record<string, { sha256: string; ciphertext: string }> = {};
    for (const [k, v] of secretValues(secret)) {
      values[k] = { sha256: digest(k, v), ciphertext: sealed.spec.encryptedData[k] };
    }
    return {
      file: gitopsFileName(file, 'sealedsecret'),
      content: stringifyYaml(sealed),
      keyStore: [{ path: stateFile, content: JSON.stringify({ context, values }, undefined, 2) + '\n', mode: 0o600 }],
    };
  }
}

class ExternalDeliverer implements SecretDeliverer {
  constructor(private readonly o: StoreSettings) {}

  public deliver(cluster: string, file: string, secret: SecretManifest, objects: readonly Manifest[]): DeliveredSecret | undefined {
    if (!isSecret(secret)) { return undefined; }
    checkNotDeliveredOtherwise(cluster, secret, objects, 'externalSecrets');
    if (!this.o.outside) {
      const ns = secret.metadata.namespace;
      const found = objects.some(o => o.kind === this.o.storeKind && o.apiVersion?.startsWith('external-secrets.io/')
        && o.metadata?.name === this.o.storeName && (this.o.storeKind === 'ClusterSecretStore' || o.metadata?.namespace === ns));
      if (!found) {
        const where = this.o.storeKind === 'ClusterSecretStore' ? '' : ` in namespace "${ns}"`;
        fail(WHERE, `${PROP}.storeName`, this.o.storeName, `names a ${this.o.storeKind} that cluster "${cluster}" does not have${where}: `
          + `add the ${this.o.storeKind} to the cluster's chart, or set storeOutsideTree when it is managed elsewhere`);
      }
    }
    const { object, upload } = externalSecretOf(cluster, secret, {
      storeName: this.o.storeName, storeKind: this.o.storeKind, remoteKeyPrefix: this.o.prefix, refreshInterval: this.o.refresh,
    });
    return {
      file: gitopsFileName(file, 'externalsecret'),
      content: stringifyYaml(object),
      keyStore: [{
        path: `${DELIVERY_DIR}/${cluster}/${file.replace(/\.yaml$/, '.upload.json')}`,
        content: JSON.stringify(upload, undefined, 2) + '\n',
        mode: 0o600,
      }],
    };
  }
}
