import * as fs from 'fs';
import * as path from 'path';
import { App, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import {
  algorithmOf, buildName, buildTbs, CertificateSpec, describeAlgorithm, describeName, generateKeys, KEY_USAGE, keySpecOf,
  NameAttribute, ParsedCertificate, parseCertificate, parsePrivateKey, pemBlocks, randomSerial, signCertificate, spkiDer,
  subjectKeyIdOf, tbsDer,
} from './_x509';
import { KeyAlgorithm } from './key-algorithm';
import { isMesh } from '../core/_brands';
import { fail, invalid, requireDns1123Label, requirePositiveInteger } from '../core/_validation';
import type { IMesh, Mesh } from '../core/mesh';
import type { IMeshCluster, MeshCluster } from '../core/mesh-cluster';
import { MeshProvider } from '../core/mesh-kinds';
import { ISTIO_CACERTS_SECRET } from '../istio/_constants';
import { LINKERD_ISSUER_CN, LINKERD_ISSUER_SECRET, LINKERD_NAMESPACE } from '../linkerd/_constants';
import { KeyStoreFile, keyStoreOf } from '../output/_key-store-file';
import { addWarning, markPrivate } from '../output/_metadata';

const TRUST_ROOT = Symbol.for('cdk8s-multicluster-mesh.TrustRoot');
const DAY_MS = 86_400_000;

/** How the Istio `cacerts` Secret lays out the intermediate CA. */
export enum IstioCaSecretLayout {
  /**
   * An Opaque Secret with `ca-cert.pem`, `ca-key.pem`, `root-cert.pem` and
   * `cert-chain.pem` (intermediate, then root), as Istio's plug-in CA docs
   * create it.
   */
  CACERTS = 'cacerts',
  /**
   * A `kubernetes.io/tls` Secret with `tls.crt`, `tls.key` and `ca.crt` (the
   * root), the layout cert-manager writes; istiod reads it when `tls.crt`
   * exists.
   */
  KUBERNETES_TLS = 'kubernetes.io/tls',
}

/** A CA certificate read by `CaCertificate`. @internal */
export interface LoadedCa {
  /** The certificate, then any CA certificates between it and the root. */
  readonly certs: ParsedCertificate[];
  /** Where the certificate came from (a file path, or a description). */
  readonly certSource: string;
  /** The private key (PEM as given) and its KeyObject. */
  readonly keyPem?: string;
  readonly key?: import('crypto').KeyObject;
  readonly keySource?: string;
  /** Problems that are not errors (loose permissions on a key file). */
  readonly warnings: string[];
}

/**
 * An existing CA certificate and, usually, its private key: a mesh root to
 * import (`TrustRootProps.root`) or a cluster's intermediate CA
 * (`TrustRoot.importIntermediate()`).
 *
 * The certificate must be a CA (basicConstraints CA:TRUE) and the key must be
 * its key. The certificate text may hold more certificates after the first:
 * the CA certificates between it and the mesh root (as in `cert-chain.pem`).
 * Files are read when the `TrustRoot` is constructed (or
 * `importIntermediate()` is called); every problem is reported with the
 * construct path.
 */
export class CaCertificate {
  /**
   * A CA certificate and key given as PEM text.
   *
   * @param certificatePem the certificate (PEM), optionally followed by its chain up to the root
   * @param privateKeyPem the unencrypted private key (PKCS#8, PKCS#1 or SEC1 PEM); leave it out to import a root whose key stays offline
   */
  public static fromPem(certificatePem: string, privateKeyPem?: string): CaCertificate {
    return new CaCertificate((where, prop) => loadCa(where, prop,
      { text: certificatePem, source: 'CaCertificate.fromPem() certificate' },
      privateKeyPem === undefined ? undefined : { text: privateKeyPem, source: 'CaCertificate.fromPem() private key' }));
  }

  /**
   * A CA certificate and key read from files (relative to the current directory).
   *
   * @param certificateFile the certificate (PEM), optionally followed by its chain up to the root
   * @param privateKeyFile the unencrypted private key; leave it out to import a root whose key stays offline
   */
  public static fromFiles(certificateFile: string, privateKeyFile?: string): CaCertificate {
    return new CaCertificate((where, prop) => {
      const cert = readText(where, prop, certificateFile);
      const key = privateKeyFile === undefined ? undefined : readText(where, prop, privateKeyFile);
      const warnings = privateKeyFile !== undefined && looseMode(privateKeyFile) !== undefined
        ? [`the imported private key ${privateKeyFile} has mode ${looseMode(privateKeyFile)}: other users can read it; run chmod 600 ${privateKeyFile}`]
        : [];
      const keyInput = key === undefined ? undefined : { text: key, source: privateKeyFile! };
      return { ...loadCa(where, prop, { text: cert, source: certificateFile }, keyInput), warnings };
    });
  }

  private constructor(private readonly loader: (where: string, prop: string) => LoadedCa) {}

  /**
   * Reads and checks the certificate and key. Errors name `where` and `prop`.
   * @internal
   */
  public _load(where: string, prop: string): LoadedCa {
    return this.loader(where, prop);
  }
}

/** Props of a `TrustRoot`. */
export interface TrustRootProps {
  /** The mesh whose root of trust this is. A mesh has at most one `TrustRoot`. */
  readonly mesh: IMesh;
  /**
   * The algorithm of the keys this construct generates (the root, when it is
   * generated, and every intermediate). A Linkerd mesh needs
   * `KeyAlgorithm.ECDSA_P256`: Linkerd's identity issuer must be P-256.
   *
   * @default - KeyAlgorithm.RSA_4096 for Istio (what Istio's tools/certs make), KeyAlgorithm.ECDSA_P256 for Linkerd
   */
  readonly algorithm?: KeyAlgorithm;
  /**
   * The organization (`O=`) of the root and the intermediates.
   *
   * @default - 'Istio' for Istio (tools/certs' ROOTCA_ORG); none for Linkerd
   */
  readonly organization?: string;
  /**
   * The common name (`CN=`) of a generated root. Intermediates are named as
   * upstream names them: `CN=Intermediate CA` (Istio), `CN=identity.linkerd.cluster.local` (Linkerd).
   *
   * @default - 'Root CA' for Istio (tools/certs' ROOTCA_CN); 'root.linkerd.cluster.local' for Linkerd
   */
  readonly commonName?: string;
  /**
   * Validity of a generated root, in days. Ignored for an imported root.
   *
   * @default 3650
   */
  readonly rootValidityDays?: number;
  /**
   * Validity of each cluster's intermediate CA (Istio) or identity issuer
   * (Linkerd), in days; shorter than the root's.
   *
   * @default 365
   */
  readonly intermediateValidityDays?: number;
  /**
   * An intermediate is re-issued by the first synth that runs less than this
   * many days before it expires.
   *
   * @default - a third of intermediateValidityDays (the last third of its validity)
   */
  readonly intermediateRenewBeforeDays?: number;
  /**
   * An existing root to use instead of a generated one. Without its private
   * key, every cluster needs an imported intermediate (`importIntermediate()`).
   *
   * @default - a root generated at the first synth and kept in the key store
   */
  readonly root?: CaCertificate;
  /**
   * The layout of Istio's `cacerts` Secret.
   *
   * @default IstioCaSecretLayout.CACERTS
   */
  readonly istioSecretLayout?: IstioCaSecretLayout;
  /**
   * The directory of the root inside the key store. Two meshes in one app need
   * two directories. A DNS-1123 label, and no cluster may have this name.
   *
   * @default 'root'
   */
  readonly rootDirectory?: string;
  /**
   * The time the certificates are checked and issued at. For tests.
   *
   * @default - the current time
   */
  readonly now?: Date;
}

/** The root of trust of a mesh. */
export interface ITrustRoot extends IConstruct {
  /** The mesh. */
  readonly mesh: IMesh;
  /** The algorithm of the keys the trust root generates. */
  readonly algorithm: KeyAlgorithm;
  /** The root certificate (PEM): Istio's `root-cert.pem`, Linkerd's trust anchor. */
  readonly rootCertificatePem: string;
}

interface Material {
  readonly certPem: string;
  readonly keyPem: string;
  /** CA certificates between this one and the root (imported intermediates only). */
  readonly chainPems: string[];
}

interface Existing {
  readonly cert: ParsedCertificate;
  readonly certText: string;
  readonly key: import('crypto').KeyObject;
  readonly keyPem: string;
}

interface RootMaterial {
  /** Where the root came from, for messages: a file path or a description. */
  readonly source: string;
  readonly cert: ParsedCertificate;
  readonly certPem: string;
  readonly key?: import('crypto').KeyObject;
  readonly keyPem?: string;
}

interface ClusterState {
  readonly cluster: MeshCluster;
  readonly existing?: Existing;
  /** Why the existing material cannot be read as a pair (one of the files is missing). */
  readonly partial?: string;
  imported?: LoadedCa;
  material?: Material;
}

interface FileNames {
  readonly rootCert: string;
  readonly rootKey: string;
  readonly cert: string;
  readonly key: string;
}

const ISTIO_FILES: FileNames = { rootCert: 'root-cert.pem', rootKey: 'root-key.pem', cert: 'ca-cert.pem', key: 'ca-key.pem' };
const LINKERD_FILES: FileNames = { rootCert: 'ca.crt', rootKey: 'ca.key', cert: 'issuer.crt', key: 'issuer.key' };


/**
 * The root of trust of a mesh: one root CA, and one intermediate CA per
 * cluster, signed by the root.
 *
 * - **Istio**: the root and intermediates are made exactly as Istio's
 *   `tools/certs` make them (RSA-4096, SHA-256, `O=Istio, CN=Root CA`;
 *   `O=Istio, CN=Intermediate CA, L=<cluster>`, pathlen 0, SAN
 *   `istiod.<istio namespace>.svc`). Each cluster gets the `cacerts` Secret in
 *   the Istio namespace.
 * - **Linkerd**: an ECDSA P-256 trust anchor (`CN=root.linkerd.cluster.local`)
 *   and one P-256 identity issuer per cluster (`CN=identity.linkerd.cluster.local`,
 *   pathlen 0), in the `kubernetes.io/tls` Secret `linkerd-identity-issuer`
 *   of the `linkerd` namespace. `rootCertificatePem` is the trust anchor for
 *   the control-plane values (`identityTrustAnchorsPEM`).
 *
 * Keys and certificates live in the app's key store (`<keyStore>/root/`,
 * `<keyStore>/<cluster>/`). They are generated at the first synth, in one
 * parallel batch, and reused byte for byte afterwards. An intermediate is
 * re-issued when it is missing, when its settings changed, or inside its
 * renewal window; an expired or expiring root is an error, never replaced
 * silently. Secrets that carry private keys are written into the key store,
 * not the output tree.
 *
 * ```ts
 * const app = new MeshApp();
 * const mesh = new Mesh(app, 'mesh1');
 * new TrustRoot(app, 'trust', { mesh });
 * new MeshCluster(app, 'east', { mesh });
 * new MeshCluster(app, 'west', { mesh });
 * app.synth();
 * ```
 */
export class TrustRoot extends Construct implements ITrustRoot {
  /** True when `x` is a `TrustRoot`. */
  public static isTrustRoot(x: any): x is TrustRoot {
    return x !== null && typeof x === 'object' && TRUST_ROOT in x;
  }

  /** The mesh. */
  public readonly mesh: IMesh;
  /** The algorithm of the keys the trust root generates. */
  public readonly algorithm: KeyAlgorithm;
  /** The directory of the root inside the key store. */
  public readonly rootDirectory: string;
  /** Validity of each intermediate, in days. */
  public readonly intermediateValidityDays: number;

  private readonly _mesh: Mesh;
  private readonly where: string;
  private readonly keyStore: string;
  private readonly files: FileNames;
  private readonly now: Date;
  private readonly organization?: string;
  private readonly commonName: string;
  private readonly rootValidityDays: number;
  private readonly renewBeforeMs: number;
  private readonly secretLayout: IstioCaSecretLayout;
  private readonly importedRoot: boolean;
  private root?: RootMaterial;
  private issuer?: { readonly root: RootMaterial; readonly name: CertificateSpec['issuer']; readonly keyId: Buffer };
  private readonly clusters: ClusterState[] = [];

  constructor(scope: Construct, id: string, props: TrustRootProps) {
    super(scope, id);
    Object.defineProperty(this, TRUST_ROOT, { value: true });
    const where = this.where = this.node.path;

    if (!isMesh(props.mesh)) {
      fail(where, 'mesh', props.mesh?.node?.path ?? props.mesh, 'must be a Mesh');
    }
    const app = App.of(this) as any;
    if (typeof app?.keyStore !== 'string') {
      fail(where, 'scope', app?.constructor?.name ?? app, 'must be inside a MeshApp: a plain cdk8s App writes every object into its output '
        + 'directory, private keys included, and never writes the key store');
    }
    this.mesh = this._mesh = props.mesh;
    const istio = this._mesh.provider === MeshProvider.ISTIO;
    if (this._mesh.trustRoot) {
      fail(where, 'mesh', this._mesh.meshId, `already has a TrustRoot (${this._mesh.trustRoot.node.path}): a mesh has exactly one root of trust`);
    }

    this.algorithm = props.algorithm ?? (istio ? KeyAlgorithm.RSA_4096 : KeyAlgorithm.ECDSA_P256);
    if (!Object.values(KeyAlgorithm).includes(this.algorithm)) {
      fail(where, 'algorithm', this.algorithm, `must be one of ${Object.values(KeyAlgorithm).join(', ')}`);
    }
    if (!istio && this.algorithm !== KeyAlgorithm.ECDSA_P256) {
      fail(where, 'algorithm', this.algorithm,
        'must be KeyAlgorithm.ECDSA_P256 for a Linkerd mesh: Linkerd accepts only ECDSA P-256 keys for its identity issuer');
    }
    this.organization = optionalDnString(where, 'organization', props.organization ?? (istio ? 'Istio' : undefined));
    this.commonName = optionalDnString(where, 'commonName', props.commonName ?? (istio ? 'Root CA' : 'root.linkerd.cluster.local'))!;
    this.rootValidityDays = requirePositiveInteger(where, 'rootValidityDays', props.rootValidityDays ?? 3650);
    this.intermediateValidityDays = requirePositiveInteger(where, 'intermediateValidityDays', props.intermediateValidityDays ?? 365);
    if (!props.root && this.intermediateValidityDays >= this.rootValidityDays) {
      fail(where, 'intermediateValidityDays', this.intermediateValidityDays,
        `must be shorter than rootValidityDays (${this.rootValidityDays}): an intermediate must not outlive its root`);
    }
    if (props.intermediateRenewBeforeDays !== undefined) {
      const renew = requirePositiveInteger(where, 'intermediateRenewBeforeDays', props.intermediateRenewBeforeDays);
      if (renew >= this.intermediateValidityDays) {
        fail(where, 'intermediateRenewBeforeDays', renew,
          `must be shorter than intermediateValidityDays (${this.intermediateValidityDays}): otherwise every synth re-issues every intermediate`);
      }
      this.renewBeforeMs = renew * DAY_MS;
    } else {
      this.renewBeforeMs = this.intermediateValidityDays * DAY_MS / 3;
    }
    this.secretLayout = props.istioSecretLayout ?? IstioCaSecretLayout.CACERTS;
    if (!Object.values(IstioCaSecretLayout).includes(this.secretLayout)) {
      fail(where, 'istioSecretLayout', this.secretLayout, `must be one of ${Object.values(IstioCaSecretLayout).join(', ')}`);
    }
    this.rootDirectory = requireDns1123Label(where, 'rootDirectory', props.rootDirectory ?? 'root');
    if (props.now !== undefined && (!(props.now instanceof Date) || isNaN(props.now.getTime()))) {
      fail(where, 'now', props.now, 'must be a valid Date');
    }
    this.now = new Date(Math.floor((props.now ?? new Date()).getTime() / 1000) * 1000);
    this.files = istio ? ISTIO_FILES : LINKERD_FILES;

    for (const other of App.of(this)?.node.findAll() ?? []) {
      if (other !== this && TrustRoot.isTrustRoot(other) && other.rootDirectory === this.rootDirectory) {
        fail(where, 'rootDirectory', this.rootDirectory,
          `is also used by ${other.node.path} (the mesh "${other.mesh.meshId}"): give each mesh's TrustRoot its own rootDirectory`);
      }
    }

    this.keyStore = keyStoreOf(this);
    if (fs.existsSync(this.keyStore) && !fs.statSync(this.keyStore).isDirectory()) {
      fail(where, 'keyStore', this.keyStore, 'exists and is not a directory: the key store (MeshApp keyStore) must be a directory');
    }

    this.importedRoot = props.root !== undefined;
    this.root = props.root ? this.importRoot(props.root) : this.readStoredRoot();
    if (this.root) {
      this.checkRootValidity(this.root, this.importedRoot ? 'root' : 'keyStore');
    }
    this.addRootFiles();

    this._mesh._setTrustRoot(this);
    this.node.addValidation({ validate: () => this.validateTrustRoot() });
    this._mesh._forEachCluster(c => this.addCluster(c));
  }

  /**
   * The root certificate (PEM): Istio's `root-cert.pem`, Linkerd's trust anchor.
   * The first read generates what is missing (the root and the intermediates of
   * the clusters that joined so far), so constructs built before every cluster
   * joined should read it through `Lazy.any`.
   */
  public get rootCertificatePem(): string {
    this.materialize();
    return this.root!.certPem;
  }

  /** The trust anchor (PEM) for Linkerd's `identityTrustAnchorsPEM`: the root certificate. */
  public get trustAnchorPem(): string {
    return this.rootCertificatePem;
  }

  /**
   * Uses an existing intermediate CA for a cluster instead of issuing one.
   * It must be a CA issued by the mesh's root (directly, or through the CA
   * certificates that follow it in the certificate text), with its private
   * key; for Linkerd, an ECDSA P-256 key. Call it before the app synthesizes.
   */
  public importIntermediate(cluster: IMeshCluster, certificate: CaCertificate): void {
    const prop = `importIntermediate(${cluster.clusterName})`;
    const st = this.clusters.find(s => s.cluster === cluster);
    if (!st) {
      fail(this.where, prop, cluster.clusterName, `is not a cluster of mesh "${this.mesh.meshId}": add it to the mesh first`);
    }
    if (st.imported) {
      fail(this.where, prop, cluster.clusterName, 'already has an imported intermediate');
    }
    if (st.material) {
      fail(this.where, prop, cluster.clusterName, 'comes too late: the cluster\'s intermediate was already issued; import it before the app synthesizes');
    }
    const ca = certificate._load(this.where, prop);
    if (!ca.key) {
      fail(this.where, prop, ca.certSource, `has no private key: the cluster's ${this.isIstio() ? 'istiod' : 'identity controller'} signs workload certificates with it`);
    }
    const alg = algorithmOf(ca.certs[0].x509.publicKey);
    if (!this.isIstio() && alg !== KeyAlgorithm.ECDSA_P256) {
      fail(this.where, prop, ca.certSource,
        `uses ${describeAlgorithm(alg, ca.certs[0].x509.publicKey)}: a Linkerd identity issuer must be an ECDSA P-256 key`);
    }
    if (alg === undefined) {
      fail(this.where, prop, ca.certSource, `uses ${describeAlgorithm(alg, ca.certs[0].x509.publicKey)}: ${SUPPORTED}`);
    }
    if (!this.root) {
      fail(this.where, prop, ca.certSource,
        'cannot be checked against the mesh root, which is generated by this synth: import the root it was issued by (TrustRootProps.root)');
    }
    const chain = ca.certs.filter(c => !c.x509.raw.equals(this.root!.cert.x509.raw));
    for (let i = 0; i < chain.length; i++) {
      const issuer = i + 1 < chain.length ? chain[i + 1] : this.root.cert;
      if (!chain[i].x509.checkIssued(issuer.x509) || !chain[i].x509.verify(issuer.x509.publicKey)) {
        fail(this.where, prop, ca.certSource,
          `is not issued by the mesh root (${this.root.source}): ${i === 0 ? 'the certificate' : `chain certificate ${i}`} does not verify against ${i + 1 < chain.length ? `chain certificate ${i + 1}` : 'the root'}`);
      }
    }
    const expires = new Date(chain[0].x509.validTo);
    if (expires.getTime() <= this.now.getTime()) {
      fail(this.where, prop, ca.certSource, `expired on ${expires.toISOString()}`);
    }
    if (expires.getTime() - this.now.getTime() <= this.renewBeforeMs) {
      addWarning(this, `the imported intermediate of cluster "${cluster.clusterName}" (${ca.certSource}) expires on ${expires.toISOString()}, `
        + 'inside the renewal window: replace it soon');
    }
    ca.warnings.forEach(w => addWarning(this, w));
    st.imported = { ...ca, certs: chain };
  }

  /** Called for every cluster of the mesh. */
  private addCluster(cluster: MeshCluster): void {
    if (cluster.clusterName === this.rootDirectory) {
      fail(this.where, 'rootDirectory', this.rootDirectory,
        `is also the name of cluster ${cluster.node.path}: the root and the cluster would share a key-store directory; set another rootDirectory`);
    }
    const st: ClusterState = { cluster, ...this.readStoredIntermediate(cluster.clusterName) };
    this.clusters.push(st);

    const name = cluster.clusterName;
    const group = new Construct(this, `cluster:${cluster.node.path}`);
    const m = () => this.materialFor(st);
    const root = () => this.root!.certPem;
    const leaf = () => m().certPem + m().chainPems.join('');
    new KeyStoreFile(group, 'Cert', { path: `${name}/${this.files.cert}`, content: () => m().certPem, mode: 0o644 });
    new KeyStoreFile(group, 'Key', { path: `${name}/${this.files.key}`, content: () => m().keyPem, mode: 0o600 });
    let data: Record<string, () => string>;
    let secret: { readonly name: string; readonly namespace: string; readonly type: string };
    if (this.isIstio()) {
      new KeyStoreFile(group, 'Chain', { path: `${name}/cert-chain.pem`, content: () => leaf() + root(), mode: 0o644 });
      new KeyStoreFile(group, 'Root', { path: `${name}/root-cert.pem`, content: root, mode: 0o644 });
      const cacerts = this.secretLayout === IstioCaSecretLayout.CACERTS;
      secret = { name: ISTIO_CACERTS_SECRET, namespace: this._mesh.istioNamespace, type: cacerts ? 'Opaque' : 'kubernetes.io/tls' };
      data = cacerts
        ? { 'ca-cert.pem': () => m().certPem, 'ca-key.pem': () => m().keyPem, 'cert-chain.pem': () => leaf() + root(), 'root-cert.pem': root }
        : { 'ca.crt': root, 'tls.crt': leaf, 'tls.key': () => m().keyPem };
    } else {
      secret = { name: LINKERD_ISSUER_SECRET, namespace: LINKERD_NAMESPACE, type: 'kubernetes.io/tls' };
      data = { 'ca.crt': root, 'tls.crt': leaf, 'tls.key': () => m().keyPem };
    }
    markPrivate(new k8s.KubeSecret(cluster, this.isIstio() ? 'IstioCaCerts' : 'LinkerdIdentityIssuer', {
      metadata: { name: secret.name, namespace: secret.namespace },
      type: secret.type,
      data: Object.fromEntries(Object.entries(data).map(([k, f]) => [k, Lazy.any({ produce: () => Buffer.from(f()).toString('base64') })])),
    }));
  }

  private isIstio(): boolean {
    return this._mesh.provider === MeshProvider.ISTIO;
  }

  private storePath(...parts: string[]): string {
    return path.join(this.keyStore, ...parts);
  }


  // -------------------------------------------------------------------------
  // Root

  private rootSubject(): NameAttribute[] {
    return [...(this.organization !== undefined ? [{ type: 'O' as const, value: this.organization }] : []), { type: 'CN', value: this.commonName }];
  }

  private intermediateSubject(cluster: string): NameAttribute[] {
    const org = this.organization !== undefined ? [{ type: 'O' as const, value: this.organization }] : [];
    return this.isIstio()
      ? [...org, { type: 'CN', value: 'Intermediate CA' }, { type: 'L', value: cluster }]
      : [...org, { type: 'CN', value: LINKERD_ISSUER_CN }];
  }

  private keyUsage(key: import('crypto').KeyObject): number {
    if (!this.isIstio()) { return KEY_USAGE.LINKERD; }
    return key.asymmetricKeyType === 'rsa' ? KEY_USAGE.ISTIO_RSA : KEY_USAGE.ISTIO_EC;
  }

  private rootSpec(serialNumber: Buffer, notBefore: Date, publicKey: import('crypto').KeyObject): CertificateSpec {
    const name = buildName(this.rootSubject());
    return {
      serialNumber,
      subject: name,
      issuer: name,
      notBefore,
      notAfter: new Date(notBefore.getTime() + this.rootValidityDays * DAY_MS),
      publicKeySpki: spkiDer(publicKey),
      issuerKeyType: publicKey.asymmetricKeyType === 'rsa' ? 'rsa' : 'ec',
      keyUsage: this.keyUsage(publicKey),
    };
  }

  private intermediateSpec(cluster: string, serialNumber: Buffer, notBefore: Date, publicKey: import('crypto').KeyObject): CertificateSpec {
    const root = this.root!;
    const issuer = this.issuerOf(root);
    return {
      serialNumber,
      subject: buildName(this.intermediateSubject(cluster)),
      issuer: issuer.name,
      notBefore,
      notAfter: new Date(notBefore.getTime() + this.intermediateValidityDays * DAY_MS),
      publicKeySpki: spkiDer(publicKey),
      issuerKeyType: root.cert.x509.publicKey.asymmetricKeyType === 'rsa' ? 'rsa' : 'ec',
      pathLength: 0,
      keyUsage: this.keyUsage(publicKey),
      dnsNames: this.isIstio() ? [`istiod.${this._mesh.istioNamespace}.svc`] : undefined,
      authorityKeyId: issuer.keyId,
    };
  }

  /** The root's subject and key identifier, as every intermediate names its issuer (read once per root). */
  private issuerOf(root: RootMaterial): { readonly name: CertificateSpec['issuer']; readonly keyId: Buffer } {
    if (this.issuer?.root !== root) {
      this.issuer = { root, name: root.cert.asn.tbsCertificate.subject, keyId: subjectKeyIdOf(root.cert) };
    }
    return this.issuer;
  }

  private importRoot(root: CaCertificate): RootMaterial {
    const ca = root._load(this.where, 'root');
    const cert = ca.certs[0];
    const alg = algorithmOf(cert.x509.publicKey);
    if (!this.isIstio() && alg !== KeyAlgorithm.ECDSA_P256 && alg !== KeyAlgorithm.RSA_2048 && alg !== KeyAlgorithm.RSA_4096) {
      fail(this.where, 'root', ca.certSource,
        `uses ${describeAlgorithm(alg, cert.x509.publicKey)}, which Linkerd does not accept for a trust anchor: use ECDSA P-256 (or RSA-2048/RSA-4096)`);
    }
    if (alg === undefined) {
      fail(this.where, 'root', ca.certSource, `uses ${describeAlgorithm(alg, cert.x509.publicKey)}: ${SUPPORTED}`);
    }
    ca.warnings.forEach(w => addWarning(this, w));
    // The key store keeps a copy of the root certificate; a different root there is not replaced silently.
    const storedCert = this.storePath(this.rootDirectory, this.files.rootCert);
    const storedKey = this.storePath(this.rootDirectory, this.files.rootKey);
    const stored = fs.existsSync(storedCert)
      ? loadCa(this.where, 'keyStore', { text: readText(this.where, 'keyStore', storedCert), source: storedCert }).certs[0]
      : undefined;
    if ((stored && !stored.x509.raw.equals(cert.x509.raw)) || (!stored && fs.existsSync(storedKey))) {
      fail(this.where, 'root', ca.certSource,
        `differs from the root already in the key store (${path.dirname(storedCert)}): ${this.rotationGuidance()}`);
    }
    return { source: ca.certSource, cert, certPem: cert.pem, key: ca.key, keyPem: ca.keyPem };
  }

  private readStoredRoot(): RootMaterial | undefined {
    const certFile = this.storePath(this.rootDirectory, this.files.rootCert);
    const keyFile = this.storePath(this.rootDirectory, this.files.rootKey);
    const hasCert = fs.existsSync(certFile);
    const hasKey = fs.existsSync(keyFile);
    if (!hasCert && !hasKey) { return undefined; }
    if (!hasCert || !hasKey) {
      fail(this.where, 'keyStore', hasCert ? keyFile : certFile,
        `is missing, but ${hasCert ? certFile : keyFile} exists: the root cannot be used without both. Restore the file, or ${this.rotationGuidance()}`);
    }
    const existing = this.readPair(certFile, keyFile, true);
    const cert = existing.cert;
    const expected = tbsDer(buildTbs(this.rootSpec(serialOf(cert), notBeforeOf(cert), existing.key)));
    if (algorithmOf(existing.key) !== this.algorithm || !expected.equals(cert.tbsDer)) {
      this.explainRootMismatch(certFile, existing);
    }
    return { source: certFile, cert, certPem: existing.certText, key: existing.key, keyPem: existing.keyPem };
  }

  private explainRootMismatch(certFile: string, existing: Existing): never {
    const cert = existing.cert;
    const alg = algorithmOf(existing.key);
    const guidance = `a root is never replaced silently: keep the old setting, or ${this.rotationGuidance()}`;
    if (alg !== this.algorithm) {
      fail(this.where, 'algorithm', this.algorithm, `differs from the root in ${certFile} (${describeAlgorithm(alg, existing.key)}): ${guidance}`);
    }
    const subject = nameAttributes(cert);
    const o = subject.find(a => a.type === 'O')?.value;
    const cn = subject.find(a => a.type === 'CN')?.value;
    if (o !== this.organization) {
      fail(this.where, 'organization', this.organization, `differs from the root in ${certFile} (${o === undefined ? 'no O=' : JSON.stringify(o)}): ${guidance}`);
    }
    if (cn !== this.commonName) {
      fail(this.where, 'commonName', this.commonName, `differs from the root in ${certFile} (${cn === undefined ? 'no CN=' : JSON.stringify(cn)}): ${guidance}`);
    }
    const days = (new Date(cert.x509.validTo).getTime() - new Date(cert.x509.validFrom).getTime()) / DAY_MS;
    if (days !== this.rootValidityDays) {
      fail(this.where, 'rootValidityDays', this.rootValidityDays, `differs from the root in ${certFile} (${days} days): ${guidance}`);
    }
    fail(this.where, 'keyStore', certFile, `holds a root that this library did not make with these settings (subject ${describeName(subject)}; its extensions differ): ${guidance}`);
  }

  private rotationGuidance(): string {
    const dir = this.storePath(this.rootDirectory);
    const rollout = this.isIstio()
      ? 'Istio\'s multi-root settings (ISTIO_MULTIROOT_MESH, a combined root bundle)'
      : 'a Linkerd trust-anchor bundle holding the old and the new root';
    return `rotate the root on purpose: move ${dir} aside and synthesize again (a new root is made and every intermediate re-issued), `
      + `or import one with TrustRootProps.root; roll it out with ${rollout}`;
  }

  private checkRootValidity(root: RootMaterial, prop: string): void {
    const shown = root.source;
    const expires = new Date(root.cert.x509.validTo);
    const left = expires.getTime() - this.now.getTime();
    if (left <= 0) {
      fail(this.where, prop, shown, `holds a root that expired on ${expires.toISOString()}: ${this.rotationGuidance()}`);
    }
    if (root.key && left < this.intermediateValidityDays * DAY_MS) {
      fail(this.where, prop, shown, `holds a root that expires on ${expires.toISOString()}, in ${Math.floor(left / DAY_MS)} days, `
        + `sooner than an intermediate issued now (intermediateValidityDays: ${this.intermediateValidityDays}) would: ${this.rotationGuidance()}; `
        + 'or lower intermediateValidityDays');
    }
  }

  private addRootFiles(): void {
    const group = new Construct(this, 'root');
    const dir = this.rootDirectory;
    new KeyStoreFile(group, 'Cert', { path: `${dir}/${this.files.rootCert}`, content: () => this.rootCertificatePem, mode: 0o644 });
    if (!this.importedRoot) {
      new KeyStoreFile(group, 'Key', { path: `${dir}/${this.files.rootKey}`, content: () => { this.materialize(); return this.root!.keyPem!; }, mode: 0o600 });
    }
  }

  // -------------------------------------------------------------------------
  // Key store

  /** Reads a certificate and key pair from the key store, checking modes and that they match. */
  private readPair(certFile: string, keyFile: string, decode: boolean): Existing {
    const mode = looseMode(keyFile);
    if (mode !== undefined) {
      fail(this.where, 'keyStore', keyFile, `has mode ${mode}: a key file must be readable by its owner only. Run chmod 600 ${keyFile}; `
        + 'if other users could read it, treat the key as exposed and replace it');
    }
    const certText = readText(this.where, 'keyStore', certFile);
    const keyPem = readText(this.where, 'keyStore', keyFile);
    const loaded = loadCa(this.where, 'keyStore', { text: certText, source: certFile }, { text: keyPem, source: keyFile }, decode);
    return { cert: loaded.certs[0], certText, key: loaded.key!, keyPem };
  }

  private readStoredIntermediate(cluster: string): { existing?: Existing; partial?: string } {
    const certFile = this.storePath(cluster, this.files.cert);
    const keyFile = this.storePath(cluster, this.files.key);
    const hasCert = fs.existsSync(certFile);
    const hasKey = fs.existsSync(keyFile);
    if (!hasCert && !hasKey) { return {}; }
    if (!hasCert || !hasKey) {
      return { partial: `${hasCert ? keyFile : certFile} is missing` };
    }
    // The intermediates are compared as DER bytes: no ASN.1 decoding (most of the time a re-synth spends on them).
    return { existing: this.readPair(certFile, keyFile, false) };
  }

  // -------------------------------------------------------------------------
  // Issuing

  private materialFor(st: ClusterState): Material {
    this.materialize();
    return st.material!;
  }

  /** Why an existing intermediate cannot be reused, or undefined when it can. */
  private staleness(st: ClusterState): string | undefined {
    const e = st.existing!;
    const root = this.root!;
    if (algorithmOf(e.key) !== this.algorithm) {
      return `its key is ${describeAlgorithm(algorithmOf(e.key), e.key)}, and algorithm asks for ${describeAlgorithm(this.algorithm)}`;
    }
    if (!e.cert.x509.checkIssued(root.cert.x509) || !e.cert.x509.verify(root.cert.x509.publicKey)) {
      return 'it was issued by another root';
    }
    const expected = tbsDer(buildTbs(this.intermediateSpec(st.cluster.clusterName, serialOf(e.cert), notBeforeOf(e.cert), e.key)));
    if (!expected.equals(e.cert.tbsDer)) {
      return 'its settings changed';
    }
    const expires = new Date(e.cert.x509.validTo);
    if (expires.getTime() <= this.now.getTime()) {
      return `it expired on ${expires.toISOString()}`;
    }
    if (expires.getTime() - this.now.getTime() <= this.renewBeforeMs) {
      return `it is inside its renewal window: it expires on ${expires.toISOString()}`;
    }
    return undefined;
  }

  /**
   * Makes everything that is missing, in one batch: the root (when new) and
   * the intermediate of every cluster that has none yet.
   */
  private materialize(): void {
    const pending = this.clusters.filter(s => !s.material);
    if (this.root && pending.length === 0) { return; }
    const fresh = !this.root;
    const toIssue: { st: ClusterState; reason?: string }[] = [];
    for (const st of pending) {
      if (st.imported) { continue; }
      if (!fresh && st.existing) {
        const reason = this.staleness(st);
        if (reason === undefined) {
          st.material = { certPem: st.existing.certText, keyPem: st.existing.keyPem, chainPems: [] };
          continue;
        }
        toIssue.push({ st, reason });
      } else {
        toIssue.push({ st, reason: st.existing ? 'it was issued by another root' : st.partial });
      }
    }
    if (toIssue.length > 0 && this.root && !this.root.key) {
      // Reported by validateTrustRoot() before rendering; reaching here means no validation ran.
      throw new Error(invalid(this.where, 'root', 'the imported root', `has no private key, so cluster "${toIssue[0].st.cluster.clusterName}" needs an imported intermediate`));
    }
    const spec = keySpecOf(this.algorithm);
    const keys = generateKeys([...(fresh ? [spec] : []), ...toIssue.map(() => spec)]).map(pem => ({ pem, key: parsePrivateKey(pem) }));
    if (fresh) {
      const { pem, key } = keys.shift()!;
      const certPem = signCertificate(buildTbs(this.rootSpec(randomSerial(), this.now, key)), key);
      this.root = { source: this.storePath(this.rootDirectory, this.files.rootCert), cert: parseCertificate(certPem), certPem, key, keyPem: pem };
    }
    for (const { st, reason } of toIssue) {
      const { pem, key } = keys.shift()!;
      const certPem = signCertificate(buildTbs(this.intermediateSpec(st.cluster.clusterName, randomSerial(), this.now, key)), this.root!.key!);
      st.material = { certPem, keyPem: pem, chainPems: [] };
      if (reason !== undefined) {
        const secret = this.isIstio() ? `${ISTIO_CACERTS_SECRET} (namespace ${this._mesh.istioNamespace})` : `${LINKERD_ISSUER_SECRET} (namespace ${LINKERD_NAMESPACE})`;
        addWarning(this, `re-issued the ${this.isIstio() ? 'intermediate CA' : 'identity issuer'} of cluster "${st.cluster.clusterName}" (${reason}): `
          + `apply the new Secret ${secret} from ${this.storePath(st.cluster.clusterName)} to the cluster`);
      }
    }
    for (const st of pending) {
      if (st.imported) {
        st.material = { certPem: st.imported.certs[0].pem, keyPem: st.imported.keyPem!, chainPems: st.imported.certs.slice(1).map(c => c.pem) };
      }
    }
  }

  private validateTrustRoot(): string[] {
    const errors: string[] = [];
    if (this.root && !this.root.key) {
      for (const st of this.clusters) {
        if (!st.imported && !st.material) {
          errors.push(`cluster "${st.cluster.clusterName}" has no intermediate CA: the root was imported without its private key, `
            + 'so import one with trustRoot.importIntermediate(cluster, CaCertificate.fromFiles(...))');
        }
      }
    }
    return errors;
  }
}

const SUPPORTED = 'supported keys are RSA-2048, RSA-3072, RSA-4096 (exponent 65537), ECDSA P-256 and ECDSA P-384';

function optionalDnString(where: string, prop: string, value: unknown): string | undefined {
  if (value === undefined) { return undefined; }
  if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
    fail(where, prop, value, 'must be a non-empty string of at most 64 characters');
  }
  return value;
}

function readText(where: string, prop: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch (e: any) {
    fail(where, prop, file, `cannot be read (${e?.code ?? e?.message})`);
  }
}

/** The mode of a file as `0644` when group or others have any access, else undefined. */
function looseMode(file: string): string | undefined {
  if (process.platform === 'win32') { return undefined; }
  let mode: number;
  try {
    mode = fs.statSync(file).mode % 0o1000; // permission bits
  } catch {
    return undefined;
  }
  const groupOrOthers = mode % 0o100;
  return groupOrOthers !== 0 ? `0${mode.toString(8).padStart(3, '0')}` : undefined;
}

/**
 * Reads a CA certificate (and its chain) and, when given, its key. `decode`
 * decodes every certificate's ASN.1 structure now, so that a certificate Node
 * reads but the ASN.1 library does not is reported here; only the stored
 * intermediates, which this library wrote and compares as bytes, skip it.
 */
function loadCa(where: string, prop: string, cert: { text: string; source: string }, key?: { text: string; source: string },
  decode = true): LoadedCa {
  const blocks = typeof cert.text === 'string' ? pemBlocks(cert.text, 'CERTIFICATE') : [];
  let certs: ParsedCertificate[];
  try {
    if (blocks.length === 0) { throw new Error('no PEM certificate'); }
    certs = blocks.map(parseCertificate);
    if (decode) { certs.forEach(c => c.asn); }
  } catch {
    fail(where, prop, cert.source, 'does not hold a PEM-encoded X.509 certificate');
  }
  if (!certs[0].x509.ca) {
    fail(where, prop, cert.source, 'is not a CA certificate (it lacks basicConstraints CA:TRUE): a mesh root or intermediate must be a CA');
  }
  if (key === undefined) {
    return { certs, certSource: cert.source, warnings: [] };
  }
  if (typeof key.text === 'string' && /-----BEGIN (ENCRYPTED PRIVATE KEY|[A-Z ]*PRIVATE KEY-----\s*Proc-Type: 4,ENCRYPTED)/.test(key.text)) {
    fail(where, prop, key.source, 'holds an encrypted private key: decrypt it first (openssl pkey -in <file> -out <file>)');
  }
  let keyObject: import('crypto').KeyObject;
  try {
    if (typeof key.text !== 'string' || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.text)) { throw new Error('no PEM key'); }
    keyObject = parsePrivateKey(key.text);
  } catch {
    fail(where, prop, key.source, 'does not hold a PEM-encoded private key (PKCS#8, PKCS#1 or SEC1)');
  }
  if (!certs[0].x509.checkPrivateKey(keyObject)) {
    fail(where, prop, key.source, `does not match the certificate ${cert.source}: it is the key of another certificate`);
  }
  return { certs, certSource: cert.source, key: keyObject, keyPem: key.text, keySource: key.source, warnings: [] };
}

function serialOf(cert: ParsedCertificate): Buffer {
  return cert.serialNumber;
}

function notBeforeOf(cert: ParsedCertificate): Date {
  return cert.notBefore;
}

function nameAttributes(cert: ParsedCertificate): NameAttribute[] {
  const types: Record<string, NameAttribute['type']> = { '2.5.4.10': 'O', '2.5.4.3': 'CN', '2.5.4.7': 'L' };
  return cert.asn.tbsCertificate.subject.flatMap(rdn => rdn.map(a => ({ type: types[a.type] ?? a.type as any, value: a.value.toString() })));
}
