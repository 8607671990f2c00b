import * as fs from 'fs';
import * as path from 'path';
import { App, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { CaFiles, Existing, ISTIO_FILES, LINKERD_FILES, loadCa, readText, RootMaterial } from './_ca-files';
import { DAY_MS, IssuingPolicy, IssuingPolicyProps, SUPPORTED } from './_issuer';
import { algorithmOf, buildTbs, describeAlgorithm, generateKeys, keySpecOf, parseCertificate, parsePrivateKey, randomSerial, signCertificate } from './_x509';
import { CaCertificate, IstioCaSecretLayout, LoadedCa } from './ca-certificate';
import { KeyAlgorithm } from './key-algorithm';
import { isMesh } from '../core/_brands';
import { fail, invalid, requireDns1123Label, requirePositiveInteger } from '../core/_validation';
import type { IMesh, Mesh } from '../core/mesh';
import type { IMeshCluster, MeshCluster } from '../core/mesh-cluster';
import { MeshProvider } from '../core/mesh-kinds';
import { ISTIO_CACERTS_SECRET } from '../istio/_constants';
import { LINKERD_ISSUER_SECRET, LINKERD_NAMESPACE } from '../linkerd/_constants';
import { KeyStoreFile, keyStoreOf } from '../output/_key-store-file';
import { addWarning, markPrivate } from '../output/_metadata';

const TRUST_ROOT = Symbol.for('cdk8s-multicluster-mesh.TrustRoot');
/** The last notAfter X.509 can encode (GeneralizedTime, four-digit years): Go's x509 and OpenSSL refuse later ones. */
const LAST_NOT_AFTER = Date.UTC(9999, 11, 31, 23, 59, 59);
/** How far a root's notBefore may be ahead of this machine's clock (a root made a moment ago elsewhere). */
const CLOCK_SKEW_MS = 5 * 60_000;


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


interface ClusterState {
  readonly cluster: MeshCluster;
  readonly existing?: Existing;
  /** Why the existing material cannot be read as a pair (one of the files is missing). */
  readonly partial?: string;
  imported?: LoadedCa;
  material?: Material;
  /** Set when this synth issued the intermediate: why (undefined for a cluster that had none). */
  issued?: { readonly reason?: string };
}

/**
 * What a trust root holds once materialized: each certificate's expiry and
 * whether this synth made it (and why). Read by `plan` and the graph. @internal
 */
export interface TrustIssuance {
  readonly meshId: string;
  /** True for an Istio mesh (intermediate CAs), false for Linkerd (identity issuers). */
  readonly istio: boolean;
  readonly rootDirectory: string;
  readonly root: IssuedCertificate;
  readonly intermediates: IssuedCertificate[];
}

/** One certificate of a trust root. @internal */
export interface IssuedCertificate {
  /** The cluster of an intermediate; undefined for the root. */
  readonly cluster?: string;
  /** notAfter, ISO 8601. */
  readonly notAfter: string;
  /** 'stored' (reused from the key store), 'imported', 'generated' (new) or 'reissued'. */
  readonly state: 'stored' | 'imported' | 'generated' | 'reissued';
  /** Why it is generated or re-issued. */
  readonly reason?: string;
}


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
  public static isTrustRoot(x: unknown): x is TrustRoot {
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
  private readonly policy: IssuingPolicy;
  private readonly caFiles: CaFiles;
  private readonly secretLayout: IstioCaSecretLayout;
  private readonly importedRoot: boolean;
  private root?: RootMaterial;
  private rootGenerated = false;
  private readonly clusters: ClusterState[] = [];

  constructor(scope: Construct, id: string, props: TrustRootProps) {
    super(scope, id);
    Object.defineProperty(this, TRUST_ROOT, { value: true });
    const where = this.where = this.node.path;

    if (!isMesh(props.mesh)) {
      fail(where, 'mesh', props.mesh?.node?.path ?? props.mesh, 'must be a Mesh');
    }
    const app: App & { readonly keyStore?: unknown } = App.of(this);
    if (typeof app.keyStore !== 'string') {
      fail(where, 'scope', app.constructor.name, 'must be inside a MeshApp: a plain cdk8s App writes every object into its output '
        + 'directory, private keys included, and never writes the key store');
    }
    this.mesh = this._mesh = props.mesh;
    const istio = this._mesh.provider === MeshProvider.ISTIO;
    if (this._mesh.trustRoot) {
      fail(where, 'mesh', this._mesh.meshId, `already has a TrustRoot (${this._mesh.trustRoot.node.path}): a mesh has exactly one root of trust`);
    }

    const checked = checkTrustRootProps(where, props, istio, this._mesh.istioNamespace);
    this.algorithm = checked.policy.algorithm;
    this.intermediateValidityDays = checked.policy.intermediateValidityDays;
    this.secretLayout = checked.secretLayout;
    this.rootDirectory = checked.rootDirectory;
    this.policy = new IssuingPolicy(checked.policy);

    for (const other of App.of(this)?.node.findAll() ?? []) {
      if (other !== this && TrustRoot.isTrustRoot(other) && other.rootDirectory === this.rootDirectory) {
        fail(where, 'rootDirectory', this.rootDirectory,
          `is also used by ${other.node.path} (the mesh "${other.mesh.meshId}"): give each mesh's TrustRoot its own rootDirectory`);
      }
    }

    const keyStore = keyStoreOf(this);
    if (fs.existsSync(keyStore) && !fs.statSync(keyStore).isDirectory()) {
      fail(where, 'keyStore', keyStore, 'exists and is not a directory: the key store (MeshApp keyStore) must be a directory');
    }

    this.caFiles = new CaFiles(where, keyStore, this.rootDirectory, istio ? ISTIO_FILES : LINKERD_FILES, istio);
    this.importedRoot = props.root !== undefined;
    this.root = props.root ? this.importRoot(props.root) : this.caFiles.readStoredRoot(this.policy);
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
    if (expires.getTime() <= this.policy.now.getTime()) {
      fail(this.where, prop, ca.certSource, `expired on ${expires.toISOString()}`);
    }
    if (expires.getTime() - this.policy.now.getTime() <= this.policy.renewBeforeMs) {
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
    const st: ClusterState = { cluster, ...this.caFiles.readStoredIntermediate(cluster.clusterName) };
    this.clusters.push(st);

    const name = cluster.clusterName;
    const group = new Construct(this, `cluster:${cluster.node.path}`);
    const m = () => this.materialFor(st);
    const root = () => this.root!.certPem;
    const leaf = () => m().certPem + m().chainPems.join('');
    new KeyStoreFile(group, 'Cert', { path: `${name}/${this.caFiles.files.cert}`, content: () => m().certPem, mode: 0o644 });
    new KeyStoreFile(group, 'Key', { path: `${name}/${this.caFiles.files.key}`, content: () => m().keyPem, mode: 0o600 });
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

  /**
   * The root and every intermediate with its expiry, and what this synth makes
   * (in memory; nothing is written). Materializes what is missing. @internal
   */
  public _issuance(): TrustIssuance {
    this.materialize();
    const notAfter = (pem: string) => new Date(parseCertificate(pem).x509.validTo).toISOString();
    const root: IssuedCertificate = this.importedRoot
      ? { notAfter: notAfter(this.root!.certPem), state: 'imported' }
      : this.rootGenerated
        ? { notAfter: notAfter(this.root!.certPem), state: 'generated', reason: `missing: ${this.caFiles.storePath(this.rootDirectory)} holds no root` }
        : { notAfter: notAfter(this.root!.certPem), state: 'stored' };
    const intermediates = this.clusters.map((st): IssuedCertificate => {
      const cluster = st.cluster.clusterName;
      const after = notAfter(st.material!.certPem);
      if (st.imported) { return { cluster, notAfter: after, state: 'imported' }; }
      if (!st.issued) { return { cluster, notAfter: after, state: 'stored' }; }
      return st.issued.reason === undefined
        ? { cluster, notAfter: after, state: 'generated', reason: 'missing: the key store holds none' }
        : { cluster, notAfter: after, state: st.existing || st.partial ? 'reissued' : 'generated', reason: st.issued.reason };
    });
    return { meshId: this.mesh.meshId, istio: this.isIstio(), rootDirectory: this.rootDirectory, root, intermediates };
  }


  // -------------------------------------------------------------------------
  // Root


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
    const storedCert = this.caFiles.storePath(this.rootDirectory, this.caFiles.files.rootCert);
    const storedKey = this.caFiles.storePath(this.rootDirectory, this.caFiles.files.rootKey);
    const stored = fs.existsSync(storedCert)
      ? loadCa(this.where, 'keyStore', { text: readText(this.where, 'keyStore', storedCert), source: storedCert }).certs[0]
      : undefined;
    if ((stored && !stored.x509.raw.equals(cert.x509.raw)) || (!stored && fs.existsSync(storedKey))) {
      fail(this.where, 'root', ca.certSource,
        `differs from the root already in the key store (${path.dirname(storedCert)}): ${this.caFiles.rotationGuidance()}`);
    }
    return { source: ca.certSource, cert, certPem: cert.pem, key: ca.key, keyPem: ca.keyPem };
  }


  private checkRootValidity(root: RootMaterial, prop: string): void {
    const shown = root.source;
    const expires = new Date(root.cert.x509.validTo);
    const left = expires.getTime() - this.policy.now.getTime();
    const from = new Date(root.cert.x509.validFrom);
    if (isNaN(expires.getTime()) || isNaN(from.getTime())) {
      fail(this.where, prop, shown, `holds a root whose validity cannot be read (notBefore ${root.cert.x509.validFrom}, notAfter ${root.cert.x509.validTo}): `
        + this.caFiles.rotationGuidance());
    }
    if (from.getTime() > this.policy.now.getTime() + CLOCK_SKEW_MS) {
      fail(this.where, prop, shown, `holds a root that is not valid before ${from.toISOString()}, and the clock of this synth reads `
        + `${this.policy.now.toISOString()} (5 minutes of clock skew are allowed): check the clock of this machine, or the root's notBefore`);
    }
    if (left <= 0) {
      fail(this.where, prop, shown, `holds a root that expired on ${expires.toISOString()}: ${this.caFiles.rotationGuidance()}`);
    }
    if (root.key && left < this.intermediateValidityDays * DAY_MS) {
      fail(this.where, prop, shown, `holds a root that expires on ${expires.toISOString()}, in ${Math.floor(left / DAY_MS)} days, `
        + `sooner than an intermediate issued now (intermediateValidityDays: ${this.intermediateValidityDays}) would: ${this.caFiles.rotationGuidance()}; `
        + 'or lower intermediateValidityDays');
    }
  }

  private addRootFiles(): void {
    const group = new Construct(this, 'root');
    const dir = this.rootDirectory;
    new KeyStoreFile(group, 'Cert', { path: `${dir}/${this.caFiles.files.rootCert}`, content: () => this.rootCertificatePem, mode: 0o644 });
    if (!this.importedRoot) {
      new KeyStoreFile(group, 'Key', { path: `${dir}/${this.caFiles.files.rootKey}`, content: () => { this.materialize(); return this.root!.keyPem!; }, mode: 0o600 });
    }
  }

  // -------------------------------------------------------------------------
  // Key store


  // -------------------------------------------------------------------------
  // Issuing

  private materialFor(st: ClusterState): Material {
    this.materialize();
    return st.material!;
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
        const reason = this.policy.staleness(st.existing!, this.root!, st.cluster.clusterName);
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
      const certPem = signCertificate(buildTbs(this.policy.rootSpec(randomSerial(), this.policy.now, key)), key);
      const source = this.caFiles.storePath(this.rootDirectory, this.caFiles.files.rootCert);
      this.root = { source, cert: parseCertificate(certPem), certPem, key, keyPem: pem };
      this.rootGenerated = true;
    }
    for (const { st, reason } of toIssue) {
      const { pem, key } = keys.shift()!;
      const tbs = buildTbs(this.policy.intermediateSpec(this.root!, st.cluster.clusterName, randomSerial(), this.policy.now, key));
      const certPem = signCertificate(tbs, this.root!.key!);
      st.material = { certPem, keyPem: pem, chainPems: [] };
      st.issued = { reason };
      if (reason !== undefined) {
        const secret = this.isIstio() ? `${ISTIO_CACERTS_SECRET} (namespace ${this._mesh.istioNamespace})` : `${LINKERD_ISSUER_SECRET} (namespace ${LINKERD_NAMESPACE})`;
        addWarning(this, `re-issued the ${this.isIstio() ? 'intermediate CA' : 'identity issuer'} of cluster "${st.cluster.clusterName}" (${reason}): `
          + `apply the new Secret ${secret} from ${this.caFiles.storePath(st.cluster.clusterName)} to the cluster`);
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


/** TrustRoot's props once checked, with their defaults. */
interface CheckedTrustRootProps {
  readonly policy: IssuingPolicyProps;
  readonly secretLayout: IstioCaSecretLayout;
  readonly rootDirectory: string;
}

/** Checks the issuing props of a TrustRoot (in the order they are reported) and applies the defaults. */
function checkTrustRootProps(where: string, props: TrustRootProps, istio: boolean, istioNamespace: string): CheckedTrustRootProps {
  const algorithm = props.algorithm ?? (istio ? KeyAlgorithm.RSA_4096 : KeyAlgorithm.ECDSA_P256);
  if (!Object.values(KeyAlgorithm).includes(algorithm)) {
    fail(where, 'algorithm', algorithm, `must be one of ${Object.values(KeyAlgorithm).join(', ')}`);
  }
  if (!istio && algorithm !== KeyAlgorithm.ECDSA_P256) {
    fail(where, 'algorithm', algorithm,
      'must be KeyAlgorithm.ECDSA_P256 for a Linkerd mesh: Linkerd accepts only ECDSA P-256 keys for its identity issuer');
  }
  const organization = optionalDnString(where, 'organization', props.organization ?? (istio ? 'Istio' : undefined));
  const commonName = optionalDnString(where, 'commonName', props.commonName ?? (istio ? 'Root CA' : 'root.linkerd.cluster.local'))!;
  const rootValidityDays = requirePositiveInteger(where, 'rootValidityDays', props.rootValidityDays ?? 3650);
  const intermediateValidityDays = requirePositiveInteger(where, 'intermediateValidityDays', props.intermediateValidityDays ?? 365);
  const nowMs = (props.now ?? new Date()).getTime();
  for (const [prop, days] of [['rootValidityDays', rootValidityDays], ['intermediateValidityDays', intermediateValidityDays]] as const) {
    if (nowMs + days * DAY_MS > LAST_NOT_AFTER) {
      fail(where, prop, days, 'would end the certificate\'s validity after 9999-12-31T23:59:59Z, the last date X.509 can encode '
        + '(Go\'s x509 and OpenSSL refuse later ones): choose fewer days');
    }
  }
  if (!props.root && intermediateValidityDays >= rootValidityDays) {
    fail(where, 'intermediateValidityDays', intermediateValidityDays,
      `must be shorter than rootValidityDays (${rootValidityDays}): an intermediate must not outlive its root`);
  }
  let renewBeforeMs: number;
  if (props.intermediateRenewBeforeDays !== undefined) {
    const renew = requirePositiveInteger(where, 'intermediateRenewBeforeDays', props.intermediateRenewBeforeDays);
    if (renew >= intermediateValidityDays) {
      fail(where, 'intermediateRenewBeforeDays', renew,
        `must be shorter than intermediateValidityDays (${intermediateValidityDays}): otherwise every synth re-issues every intermediate`);
    }
    renewBeforeMs = renew * DAY_MS;
  } else {
    renewBeforeMs = intermediateValidityDays * DAY_MS / 3;
  }
  const secretLayout = props.istioSecretLayout ?? IstioCaSecretLayout.CACERTS;
  if (!Object.values(IstioCaSecretLayout).includes(secretLayout)) {
    fail(where, 'istioSecretLayout', secretLayout, `must be one of ${Object.values(IstioCaSecretLayout).join(', ')}`);
  }
  const rootDirectory = requireDns1123Label(where, 'rootDirectory', props.rootDirectory ?? 'root');
  if (props.now !== undefined && (!(props.now instanceof Date) || isNaN(props.now.getTime()))) {
    fail(where, 'now', props.now, 'must be a valid Date');
  }
  const now = new Date(Math.floor((props.now ?? new Date()).getTime() / 1000) * 1000);
  return {
    policy: { istio, istioNamespace, algorithm, organization, commonName, rootValidityDays, intermediateValidityDays, renewBeforeMs, now },
    secretLayout,
    rootDirectory,
  };
}

function optionalDnString(where: string, prop: string, value: unknown): string | undefined {
  if (value === undefined) { return undefined; }
  if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
    fail(where, prop, value, 'must be a non-empty string of at most 64 characters');
  }
  return value;
}


