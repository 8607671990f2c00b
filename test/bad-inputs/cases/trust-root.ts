import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import { Testing } from 'cdk8s';
import {
  CaCertificate, IstioCaSecretLayout, KeyAlgorithm, Mesh, MeshApp, MeshCluster, MeshProvider, TrustRoot, TrustRootProps,
} from '../../../src';
import { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { DNS_LABEL, NETWORK } from './_shared';

interface Built {
  readonly app: MeshApp;
  readonly mesh: Mesh;
  readonly trust: TrustRoot;
  readonly clusters: MeshCluster[];
}

/** An app with mesh `mesh1`, its TrustRoot `trust` (ECDSA P-256, the catalogue clock) and clusters. */
function build(ctx: CaseContext, props: Partial<TrustRootProps> = {}, o: { provider?: MeshProvider; clusters?: string[] } = {}): Built {
  const app = ctx.app();
  const mesh = new Mesh(app, 'mesh1', { provider: o.provider });
  const trust = new TrustRoot(app, 'trust', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, now: CaseContext.NOW, ...props });
  const clusters = (o.clusters ?? ['east']).map(c => new MeshCluster(app, c, { mesh, network: NETWORK }));
  return { app, mesh, trust, clusters };
}

/** A first synth that fills the key store (the setup of the key-store cases). */
function firstSynth(ctx: CaseContext, props: Partial<TrustRootProps> = {}): void {
  build(ctx, props).app.synth();
}

const ROTATE = 'rotate the root on purpose: move .mesh-keys/root aside and synthesize again (a new root is made and every intermediate re-issued), '
  + "or import one with TrustRootProps.root; roll it out with Istio's multi-root settings (ISTIO_MULTIROOT_MESH, a combined root bundle)";
const NEVER_SILENTLY = `a root is never replaced silently: keep the old setting, or ${ROTATE}`;
const ROOT_CERT = '.mesh-keys/root/root-cert.pem';

export const TRUST_ROOT_CASES: BadInputCase[] = [
  {
    id: 'trust-root-plain-cdk8s-app',
    area: 'trust-root',
    title: 'A TrustRoot in a plain cdk8s App',
    stage: Stage.CONSTRUCT,
    run: () => {
      const app = Testing.app();
      new TrustRoot(app, 'trust', { mesh: new Mesh(app, 'mesh1') });
    },
    message: "trust: 'scope' (\"App\") must be inside a MeshApp: a plain cdk8s App writes every object into its output directory, private keys included, "
      + 'and never writes the key store',
  },
  {
    id: 'trust-root-mesh-not-mesh',
    area: 'trust-root',
    title: 'mesh is not a Mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new TrustRoot(ctx.app(), 'trust', { mesh: { meshId: 'x' } as any }),
    message: "trust: 'mesh' ({\"meshId\":\"x\"}) must be a Mesh",
  },
  {
    id: 'trust-root-second-for-mesh',
    area: 'trust-root',
    title: 'A second TrustRoot for the same mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, mesh } = build(ctx, {}, { clusters: [] });
      new TrustRoot(app, 'again', { mesh, rootDirectory: 'other' });
    },
    message: 'again: \'mesh\' ("mesh1") already has a TrustRoot (trust): a mesh has exactly one root of trust',
  },
  {
    id: 'trust-root-unknown-algorithm',
    area: 'trust-root',
    title: 'An algorithm that is not a KeyAlgorithm',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { algorithm: 'RSA_1024' as KeyAlgorithm }),
    message: "trust: 'algorithm' (\"RSA_1024\") must be one of RSA_2048, RSA_3072, RSA_4096, ECDSA_P256, ECDSA_P384",
  },
  {
    id: 'trust-root-linkerd-rsa',
    area: 'trust-root',
    title: 'An RSA algorithm for a Linkerd mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { algorithm: KeyAlgorithm.RSA_4096 }, { provider: MeshProvider.LINKERD }),
    message: "trust: 'algorithm' (\"RSA_4096\") must be KeyAlgorithm.ECDSA_P256 for a Linkerd mesh: Linkerd accepts only ECDSA P-256 keys for its identity issuer",
  },
  {
    id: 'trust-root-validity-zero',
    area: 'trust-root',
    title: 'A validity of zero days',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { rootValidityDays: 0 }),
    message: "trust: 'rootValidityDays' (0) must be a whole number of at least 1",
  },
  {
    id: 'trust-root-intermediate-outlives-root',
    area: 'trust-root',
    title: 'Intermediates would outlive the root',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { rootValidityDays: 365, intermediateValidityDays: 365 }),
    message: "trust: 'intermediateValidityDays' (365) must be shorter than rootValidityDays (365): an intermediate must not outlive its root",
  },
  {
    id: 'trust-root-renewal-window-too-long',
    area: 'trust-root',
    title: 'The renewal window is as long as the validity',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { intermediateRenewBeforeDays: 365 }),
    message: "trust: 'intermediateRenewBeforeDays' (365) must be shorter than intermediateValidityDays (365): otherwise every synth re-issues every intermediate",
  },
  {
    id: 'trust-root-empty-organization',
    area: 'trust-root',
    title: 'An empty organization (or a common name over 64 characters)',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { organization: ' ' }),
    message: "trust: 'organization' (\" \") must be a non-empty string of at most 64 characters",
  },
  {
    id: 'trust-root-layout',
    area: 'trust-root',
    title: 'An Istio Secret layout that is not an IstioCaSecretLayout',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { istioSecretLayout: 'tls' as IstioCaSecretLayout }),
    message: "trust: 'istioSecretLayout' (\"tls\") must be one of cacerts, kubernetes.io/tls",
  },
  {
    id: 'trust-root-root-directory-not-dns-label',
    area: 'trust-root',
    title: 'The root directory is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { rootDirectory: '../root' }),
    message: `trust: 'rootDirectory' ("../root") must be ${DNS_LABEL}`,
  },
  {
    id: 'trust-root-root-directory-shared',
    area: 'trust-root',
    title: 'Two meshes of one app keep their roots in the same directory',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app } = build(ctx, {}, { clusters: [] });
      new TrustRoot(app, 'trust2', { mesh: new Mesh(app, 'mesh2'), algorithm: KeyAlgorithm.ECDSA_P256 });
    },
    message: "trust2: 'rootDirectory' (\"root\") is also used by trust (the mesh \"mesh1\"): give each mesh's TrustRoot its own rootDirectory",
  },
  {
    id: 'trust-root-cluster-named-root',
    area: 'trust-root',
    title: 'A cluster named like the root directory',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, {}, { clusters: ['root'] }),
    message: "trust: 'rootDirectory' (\"root\") is also the name of cluster root: the root and the cluster would share a key-store directory; set another rootDirectory",
  },
  {
    id: 'trust-root-invalid-clock',
    area: 'trust-root',
    title: 'now is not a valid Date',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { now: new Date('nope') }),
    message: "trust: 'now' (null) must be a valid Date",
  },
  {
    id: 'trust-root-import-not-ca',
    area: 'trust-root',
    title: 'The imported root is not a CA certificate',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const leaf = ctx.makeCa({ subject: 'leaf', isCa: false });
      build(ctx, { root: CaCertificate.fromPem(leaf.cert, leaf.keyPem) });
    },
    message: "trust: 'root' (\"CaCertificate.fromPem() certificate\") is not a CA certificate (it lacks basicConstraints CA:TRUE): a mesh root or intermediate must be a CA",
  },
  {
    id: 'trust-root-import-key-mismatch',
    area: 'trust-root',
    title: 'The imported key is not the key of the imported certificate',
    stage: Stage.CONSTRUCT,
    setup: ctx => {
      ctx.file('ca.crt', ctx.makeCa({ subject: 'a' }).cert);
      ctx.file('ca.key', ctx.makeCa({ subject: 'b' }).keyPem);
    },
    run: ctx => build(ctx, { root: CaCertificate.fromFiles('ca.crt', 'ca.key') }),
    message: "trust: 'root' (\"ca.key\") does not match the certificate ca.crt: it is the key of another certificate",
  },
  {
    id: 'trust-root-import-file-missing',
    area: 'trust-root',
    title: 'An imported certificate file cannot be read',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { root: CaCertificate.fromFiles('nope.crt') }),
    message: "trust: 'root' (\"nope.crt\") cannot be read (ENOENT)",
  },
  {
    id: 'trust-root-import-corrupt-certificate',
    area: 'trust-root',
    title: 'An imported certificate is not a certificate',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('ca.crt', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n'); },
    run: ctx => build(ctx, { root: CaCertificate.fromFiles('ca.crt') }),
    message: "trust: 'root' (\"ca.crt\") does not hold a PEM-encoded X.509 certificate",
  },
  {
    id: 'trust-root-import-corrupt-key',
    area: 'trust-root',
    title: 'An imported private key is not a key',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { root: CaCertificate.fromPem(ctx.makeCa({ subject: 'ca' }).cert, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n') }),
    message: "trust: 'root' (\"CaCertificate.fromPem() private key\") does not hold a PEM-encoded private key (PKCS#8, PKCS#1 or SEC1)",
  },
  {
    id: 'trust-root-import-encrypted-key',
    area: 'trust-root',
    title: 'An imported private key is encrypted',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const ca = ctx.makeCa({ subject: 'ca' });
      const encrypted = ca.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test-only' }) as string;
      build(ctx, { root: CaCertificate.fromPem(ca.cert, encrypted) });
    },
    message: "trust: 'root' (\"CaCertificate.fromPem() private key\") holds an encrypted private key: decrypt it first (openssl pkey -in <file> -out <file>)",
  },
  {
    id: 'trust-root-import-expired',
    area: 'trust-root',
    title: 'The imported root has expired',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const old = ctx.makeCa({ subject: 'old', notBefore: CaseContext.at(-400), days: 365 });
      build(ctx, { root: CaCertificate.fromPem(old.cert, old.keyPem) });
    },
    message: `trust: 'root' ("CaCertificate.fromPem() certificate") holds a root that expired on ${CaseContext.at(-35).toISOString()}: ${ROTATE}`,
  },
  {
    id: 'trust-root-import-not-yet-valid',
    area: 'trust-root',
    title: 'The imported root is not valid yet (a clock running behind, or a root dated in the future)',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const future = ctx.makeCa({ subject: 'future', notBefore: CaseContext.at(10), days: 3650 });
      build(ctx, { root: CaCertificate.fromPem(future.cert, future.keyPem) });
    },
    message: `trust: 'root' ("CaCertificate.fromPem() certificate") holds a root that is not valid before ${CaseContext.at(10).toISOString()}, `
      + `and the clock of this synth reads ${CaseContext.NOW.toISOString()} (5 minutes of clock skew are allowed): check the clock of this machine, or the root's notBefore`,
  },
  {
    id: 'trust-root-import-linkerd-algorithm',
    area: 'trust-root',
    title: 'An imported root whose key Linkerd does not accept as a trust anchor',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const p384 = ctx.makeCa({ subject: 'p384', key: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey });
      build(ctx, { algorithm: undefined, root: CaCertificate.fromPem(p384.cert, p384.keyPem) }, { provider: MeshProvider.LINKERD });
    },
    message: "trust: 'root' (\"CaCertificate.fromPem() certificate\") uses ECDSA P-384, which Linkerd does not accept for a trust anchor: use ECDSA P-256 (or RSA-2048/RSA-4096)",
  },
  {
    id: 'trust-root-import-unsupported-key',
    area: 'trust-root',
    title: 'An imported root with an unsupported key',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const p521 = ctx.makeCa({ subject: 'p521', key: generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey });
      build(ctx, { root: CaCertificate.fromPem(p521.cert, p521.keyPem) });
    },
    message: "trust: 'root' (\"CaCertificate.fromPem() certificate\") uses ECDSA secp521r1: supported keys are RSA-2048, RSA-3072, RSA-4096 (exponent 65537), ECDSA P-256 and ECDSA P-384",
  },
  {
    id: 'trust-root-import-differs-from-key-store',
    area: 'trust-root',
    title: 'An imported root differs from the root already in the key store',
    stage: Stage.CONSTRUCT,
    setup: ctx => firstSynth(ctx),
    run: ctx => {
      const ca = ctx.makeCa({ subject: 'ca' });
      build(ctx, { root: CaCertificate.fromPem(ca.cert, ca.keyPem) });
    },
    message: `trust: 'root' ("CaCertificate.fromPem() certificate") differs from the root already in the key store (.mesh-keys/root): ${ROTATE}`,
  },
  {
    id: 'trust-root-import-without-key-no-intermediate',
    area: 'trust-root',
    title: 'A root imported without its key, and a cluster without an imported intermediate',
    stage: Stage.SYNTH,
    run: ctx => build(ctx, { root: CaCertificate.fromPem(ctx.makeCa({ subject: 'Offline Root' }).cert) }).app.synth(),
    message: 'Validation failed with the following errors:\n  [trust] cluster "east" has no intermediate CA: '
      + 'the root was imported without its private key, so import one with trustRoot.importIntermediate(cluster, CaCertificate.fromFiles(...))',
  },
  {
    id: 'trust-root-intermediate-foreign-root',
    area: 'trust-root',
    title: 'An imported intermediate is not issued by the mesh root',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const root = ctx.makeCa({ subject: 'root' });
      const stray = ctx.makeCa({ subject: 'stray', issuer: ctx.makeCa({ subject: 'other' }) });
      const { trust, clusters } = build(ctx, { root: CaCertificate.fromPem(root.cert, root.keyPem) });
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(stray.cert, stray.keyPem));
    },
    message: "trust: 'importIntermediate(east)' (\"CaCertificate.fromPem() certificate\") is not issued by the mesh root (CaCertificate.fromPem() certificate): "
      + 'the certificate does not verify against the root',
  },
  {
    id: 'trust-root-intermediate-without-key',
    area: 'trust-root',
    title: 'An imported intermediate without its private key',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const root = ctx.makeCa({ subject: 'root' });
      const inter = ctx.makeCa({ subject: 'inter', issuer: root });
      const { trust, clusters } = build(ctx, { root: CaCertificate.fromPem(root.cert, root.keyPem) });
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(inter.cert));
    },
    message: "trust: 'importIntermediate(east)' (\"CaCertificate.fromPem() certificate\") has no private key: the cluster's istiod signs workload certificates with it",
  },
  {
    id: 'trust-root-intermediate-foreign-cluster',
    area: 'trust-root',
    title: 'An intermediate imported for a cluster of another mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const root = ctx.makeCa({ subject: 'root' });
      const inter = ctx.makeCa({ subject: 'inter', issuer: root });
      const { app, trust } = build(ctx, { root: CaCertificate.fromPem(root.cert, root.keyPem) });
      trust.importIntermediate(new MeshCluster(app, 'north'), CaCertificate.fromPem(inter.cert, inter.keyPem));
    },
    message: "trust: 'importIntermediate(north)' (\"north\") is not a cluster of mesh \"mesh1\": add it to the mesh first",
  },
  {
    id: 'trust-root-intermediate-generated-root',
    area: 'trust-root',
    title: 'An intermediate imported while the root is generated by this synth',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const inter = ctx.makeCa({ subject: 'inter', issuer: ctx.makeCa({ subject: 'root' }) });
      const { trust, clusters } = build(ctx);
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(inter.cert, inter.keyPem));
    },
    message: "trust: 'importIntermediate(east)' (\"CaCertificate.fromPem() certificate\") cannot be checked against the mesh root, which is generated by this synth: "
      + 'import the root it was issued by (TrustRootProps.root)',
  },
  {
    id: 'trust-root-intermediate-too-late',
    area: 'trust-root',
    title: 'An intermediate imported after the app rendered',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const root = ctx.makeCa({ subject: 'root' });
      const inter = ctx.makeCa({ subject: 'inter', issuer: root });
      const { app, trust, clusters } = build(ctx, { root: CaCertificate.fromPem(root.cert, root.keyPem) });
      app.synthKeyStoreFiles();
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(inter.cert, inter.keyPem));
    },
    message: "trust: 'importIntermediate(east)' (\"east\") comes too late: the cluster's intermediate was already issued; import it before the app synthesizes",
  },
  {
    id: 'trust-root-intermediate-expired',
    area: 'trust-root',
    title: 'An imported intermediate has expired',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const root = ctx.makeCa({ subject: 'root', notBefore: CaseContext.at(-500) });
      const inter = ctx.makeCa({ subject: 'inter', issuer: root, notBefore: CaseContext.at(-400), days: 365 });
      const { trust, clusters } = build(ctx, { root: CaCertificate.fromPem(root.cert, root.keyPem) });
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(inter.cert, inter.keyPem));
    },
    message: `trust: 'importIntermediate(east)' ("CaCertificate.fromPem() certificate") expired on ${CaseContext.at(-35).toISOString()}`,
  },
  {
    id: 'trust-root-intermediate-linkerd-not-p256',
    area: 'trust-root',
    title: 'An imported Linkerd identity issuer that is not ECDSA P-256',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const root = ctx.makeCa({ subject: 'root' });
      const p384 = ctx.makeCa({ subject: 'issuer', issuer: root, key: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey });
      const imported = CaCertificate.fromPem(root.cert, root.keyPem);
      const { trust, clusters } = build(ctx, { algorithm: undefined, root: imported }, { provider: MeshProvider.LINKERD });
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(p384.cert, p384.keyPem));
    },
    message: "trust: 'importIntermediate(east)' (\"CaCertificate.fromPem() certificate\") uses ECDSA P-384: a Linkerd identity issuer must be an ECDSA P-256 key",
  },
  {
    id: 'trust-root-key-store-is-file',
    area: 'trust-root',
    title: 'The key store path is a file',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('.mesh-keys', 'not a directory'); },
    run: ctx => build(ctx),
    message: "trust: 'keyStore' (\".mesh-keys\") exists and is not a directory: the key store (MeshApp keyStore) must be a directory",
  },
  {
    id: 'trust-root-key-store-corrupt-certificate',
    area: 'trust-root',
    title: 'A certificate in the key store is corrupt',
    stage: Stage.CONSTRUCT,
    setup: ctx => {
      firstSynth(ctx);
      fs.writeFileSync('.mesh-keys/east/ca-cert.pem', 'garbage');
    },
    run: ctx => build(ctx),
    message: "trust: 'keyStore' (\".mesh-keys/east/ca-cert.pem\") does not hold a PEM-encoded X.509 certificate",
    fix: 'Restore the file from a backup; or remove both `ca-cert.pem` and `ca-key.pem` of that cluster, and the next synth issues a new intermediate (apply its Secret).',
  },
  {
    id: 'trust-root-key-store-root-key-missing',
    area: 'trust-root',
    title: 'The root key is missing beside the root certificate',
    stage: Stage.CONSTRUCT,
    setup: ctx => {
      firstSynth(ctx);
      fs.rmSync('.mesh-keys/root/root-key.pem');
    },
    run: ctx => build(ctx),
    message: `trust: 'keyStore' (".mesh-keys/root/root-key.pem") is missing, but ${ROOT_CERT} exists: the root cannot be used without both. Restore the file, or ${ROTATE}`,
  },
  {
    id: 'trust-root-key-store-loose-mode',
    area: 'trust-root',
    title: 'A key file in the key store is readable by other users',
    stage: Stage.CONSTRUCT,
    setup: ctx => {
      firstSynth(ctx);
      fs.chmodSync('.mesh-keys/east/ca-key.pem', 0o644);
    },
    run: ctx => build(ctx),
    message: "trust: 'keyStore' (\".mesh-keys/east/ca-key.pem\") has mode 0644: a key file must be readable by its owner only. Run chmod 600 .mesh-keys/east/ca-key.pem; "
      + 'if other users could read it, treat the key as exposed and replace it',
  },
  {
    id: 'trust-root-key-store-root-expired',
    area: 'trust-root',
    title: 'The root in the key store has expired',
    stage: Stage.CONSTRUCT,
    setup: ctx => firstSynth(ctx),
    run: ctx => build(ctx, { now: CaseContext.at(3650) }),
    message: `trust: 'keyStore' ("${ROOT_CERT}") holds a root that expired on ${CaseContext.at(3650).toISOString()}: ${ROTATE}`,
  },
  {
    id: 'trust-root-key-store-root-expiring',
    area: 'trust-root',
    title: 'The root in the key store expires before a new intermediate would',
    stage: Stage.CONSTRUCT,
    setup: ctx => firstSynth(ctx),
    run: ctx => build(ctx, { now: CaseContext.at(3650 - 364) }),
    message: `trust: 'keyStore' ("${ROOT_CERT}") holds a root that expires on ${CaseContext.at(3650).toISOString()}, in 364 days, `
      + `sooner than an intermediate issued now (intermediateValidityDays: 365) would: ${ROTATE}; or lower intermediateValidityDays`,
  },
  {
    id: 'trust-root-key-store-root-organization-changed',
    area: 'trust-root',
    title: 'The organization differs from the root in the key store',
    stage: Stage.CONSTRUCT,
    setup: ctx => firstSynth(ctx),
    run: ctx => build(ctx, { organization: 'Acme' }),
    message: `trust: 'organization' ("Acme") differs from the root in ${ROOT_CERT} ("Istio"): ${NEVER_SILENTLY}`,
  },
  {
    id: 'trust-root-key-store-root-algorithm-changed',
    area: 'trust-root',
    title: 'The algorithm differs from the root in the key store',
    stage: Stage.CONSTRUCT,
    setup: ctx => firstSynth(ctx),
    run: ctx => build(ctx, { algorithm: KeyAlgorithm.ECDSA_P384 }),
    message: `trust: 'algorithm' ("ECDSA_P384") differs from the root in ${ROOT_CERT} (ECDSA P-256): ${NEVER_SILENTLY}`,
  },
  {
    id: 'trust-root-key-store-root-validity-changed',
    area: 'trust-root',
    title: 'rootValidityDays differs from the root in the key store',
    stage: Stage.CONSTRUCT,
    setup: ctx => firstSynth(ctx),
    run: ctx => build(ctx, { rootValidityDays: 7300 }),
    message: `trust: 'rootValidityDays' (7300) differs from the root in ${ROOT_CERT} (3650 days): ${NEVER_SILENTLY}`,
  },
  {
    id: 'trust-root-key-store-root-common-name-changed',
    area: 'trust-root',
    title: 'The common name differs from the root in the key store',
    stage: Stage.CONSTRUCT,
    setup: ctx => firstSynth(ctx),
    run: ctx => build(ctx, { commonName: 'Acme Root' }),
    message: `trust: 'commonName' ("Acme Root") differs from the root in ${ROOT_CERT} ("Root CA"): ${NEVER_SILENTLY}`,
  },
  {
    id: 'trust-root-common-name-too-long',
    area: 'trust-root',
    title: 'A common name of more than 64 characters',
    stage: Stage.CONSTRUCT,
    run: ctx => build(ctx, { commonName: 'x'.repeat(65) }),
    message: `trust: 'commonName' ("${'x'.repeat(65)}") must be a non-empty string of at most 64 characters`,
  },
];
