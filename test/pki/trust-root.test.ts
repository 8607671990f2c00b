import { spawnSync } from 'child_process';
import { createHash, createPrivateKey, generateKeyPairSync, KeyObject, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { Testing } from 'cdk8s';
import {
  CaCertificate, IstioCaSecretLayout, KeyAlgorithm, Mesh, MeshApp, MeshCluster, MeshProvider, TrustRoot, TrustRootProps,
} from '../../src';
import { collectWarnings } from '../../src/output/_metadata';
import * as pki from '../../src/pki/_x509';
import { buildName, buildTbs, CertificateSpec, generatedKeyCount, KEY_USAGE, randomSerial, signCertificate, spkiDer } from '../../src/pki/_x509';
import { expectValid, findObject, parseYaml, readTree, tempDir } from '../util';

/** One network, so that no east-west gateways are needed (they have their own tests). */
const ONE_NETWORK = 'network1';

const DAY = 86_400_000;
/** The test clock: now, to the second (openssl verify checks validity against the real time). */
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;
/** `test` when the openssl CLI is installed, else `test.skip` (the skip reason is in the test name). */
const withOpenssl = HAS_OPENSSL ? test : test.skip;
const OPENSSL_NOTE = HAS_OPENSSL ? '' : ' [SKIPPED: openssl CLI not installed]';

interface Dirs { readonly outdir: string; readonly keyStore: string }
function dirs(): Dirs {
  const d = tempDir();
  return { outdir: path.join(d, 'dist'), keyStore: path.join(d, 'keys') };
}

interface BuildOptions {
  readonly provider?: MeshProvider;
  readonly trust?: Partial<TrustRootProps>;
  readonly clusters?: string[];
  readonly istioNamespace?: string;
  readonly insecure?: boolean;
}

/** An app with one mesh, its TrustRoot and clusters; ECDSA P-256 and the test clock unless told otherwise. */
function build(d: Dirs, o: BuildOptions = {}) {
  const app = new MeshApp({ ...d, insecureWritePrivateMaterialToOutdir: o.insecure });
  const mesh = new Mesh(app, 'mesh1', { provider: o.provider, istioNamespace: o.istioNamespace });
  const trust = new TrustRoot(app, 'trust', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, now: T0, ...o.trust });
  const clusters = (o.clusters ?? ['east', 'west']).map(c => new MeshCluster(app, c, { mesh, network: ONE_NETWORK }));
  return { app, mesh, trust, clusters };
}

function read(d: Dirs, file: string): string {
  return fs.readFileSync(path.join(d.keyStore, file), 'utf-8');
}

function cert(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

/* eslint-disable no-bitwise */ // file modes

/** Every extension as [OID, critical, DER value in hex]. */
function extensions(pem: string): [string, boolean, string][] {
  const c = AsnConvert.parse(cert(pem).raw, Certificate);
  return (c.tbsCertificate.extensions ?? []).map(e => [e.extnID, e.critical, Buffer.from(e.extnValue.buffer).toString('hex')]);
}

function tbsOf(pem: string) {
  return AsnConvert.parse(cert(pem).raw, Certificate).tbsCertificate;
}

function hex(b: ArrayBuffer | Buffer): string {
  return Buffer.from(b as any).toString('hex');
}

/** subjectKeyIdentifier extension value for a key id. */
function skiValue(keyId: string): string {
  return `0414${keyId}`;
}

function opensslVerify(files: { root: string; untrusted?: string; cert: string }): string {
  const args = ['verify', '-CAfile', files.root, ...(files.untrusted ? ['-untrusted', files.untrusted] : []), files.cert];
  const r = spawnSync('openssl', args, { encoding: 'utf-8' });
  return `${r.stdout}${r.stderr}`.trim();
}

function writeTemp(text: string, name = 'x.pem'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** A CA (or non-CA) certificate and key made at test time, for imports. */
function makeCa(o: {
  subject: string;
  issuer?: { cert: string; key: KeyObject };
  key?: KeyObject;
  isCa?: boolean;
  notBefore?: Date;
  days?: number;
}): { cert: string; key: KeyObject; keyPem: string } {
  const key = o.key ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const subject = buildName([{ type: 'CN', value: o.subject }]);
  const notBefore = o.notBefore ?? at(-1);
  const spec: CertificateSpec = {
    serialNumber: randomSerial(),
    subject,
    issuer: o.issuer ? tbsOf(o.issuer.cert).subject : subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (o.days ?? 3650) * DAY),
    publicKeySpki: spkiDer(key),
    issuerKeyType: (o.issuer?.key ?? key).asymmetricKeyType === 'rsa' ? 'rsa' : 'ec',
    isCa: o.isCa,
    keyUsage: KEY_USAGE.LINKERD,
  };
  const pem = signCertificate(buildTbs(spec), o.issuer?.key ?? key);
  return { cert: pem, key, keyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string };
}

function secretData(secret: any): Record<string, string> {
  return Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf-8')]));
}

function keyStoreSecret(d: Dirs, cluster: string, file: string): any {
  return parseYaml(read(d, `${cluster}/${file}`))[0];
}

const OID_SKI = '2.5.29.14';
const OID_BC = '2.5.29.19';
const OID_KU = '2.5.29.15';
const OID_SAN = '2.5.29.17';
const OID_AKI = '2.5.29.35';
/** keyUsage critical digitalSignature, nonRepudiation, keyEncipherment, keyCertSign (as openssl encodes it). */
const KU_ISTIO_RSA = '030202e4';
/** The same without keyEncipherment. */
const KU_ISTIO_EC = '030202c4';
/** keyUsage keyCertSign, cRLSign. */
const KU_CERT_CRL_SIGN = '03020106';
/** basicConstraints CA:TRUE. */
const BC_CA = '30030101ff';
/** basicConstraints CA:TRUE, pathlen:0. */
const BC_CA_PATHLEN0 = '30060101ff020100';
/** subjectAltName DNS:istiod.istio-system.svc. */
const SAN_ISTIOD = '30198217697374696f642e697374696f2d73797374656d2e737663';

describe('TrustRoot', () => {
  describe('Istio', () => {
    test('the default algorithm is RSA-4096, as Istio\'s tools/certs make it', () => {
      // GIVEN
      const d = dirs();
      const app = new MeshApp(d);
      const mesh = new Mesh(app, 'mesh1');

      // WHEN
      const trust = new TrustRoot(app, 'trust', { mesh, now: T0 });
      app.synth();

      // THEN
      expect(trust.algorithm).toEqual(KeyAlgorithm.RSA_4096);
      const root = cert(read(d, 'root/root-cert.pem'));
      expect(root.publicKey.asymmetricKeyType).toEqual('rsa');
      expect(root.publicKey.asymmetricKeyDetails).toEqual({ modulusLength: 4096, publicExponent: BigInt(65537) });
      expect(root.subject).toEqual('O=Istio\nCN=Root CA');
    });

    test('root and intermediates carry exactly the tools/certs extensions (RSA)', () => {
      // GIVEN
      const d = dirs();

      // WHEN
      build(d, { trust: { algorithm: KeyAlgorithm.RSA_2048 }, clusters: ['east'] }).app.synth();

      // THEN the root: O=Istio, CN=Root CA; SKI, basicConstraints critical CA:TRUE, keyUsage critical; no AKI
      const rootPem = read(d, 'root/root-cert.pem');
      const root = cert(rootPem);
      expect(root.subject).toEqual('O=Istio\nCN=Root CA');
      expect(root.issuer).toEqual('O=Istio\nCN=Root CA');
      // subjectKeyIdentifier = hash: SHA-1 of the subjectPublicKey bits (RFC 5280 method 1, openssl's "hash")
      const rootKeyId = createHash('sha1').update(Buffer.from(AsnConvert.parse(spkiDer(root.publicKey), SubjectPublicKeyInfo).subjectPublicKey)).digest('hex');
      expect(extensions(rootPem)).toEqual([
        [OID_SKI, false, skiValue(rootKeyId)],
        [OID_BC, true, BC_CA],
        [OID_KU, true, KU_ISTIO_RSA],
      ]);
      expect(new Date(root.validFrom).getTime()).toEqual(T0.getTime());
      expect(new Date(root.validTo).getTime() - new Date(root.validFrom).getTime()).toEqual(3650 * DAY);
      expect(tbsOf(rootPem).signature.algorithm).toEqual('1.2.840.113549.1.1.11');

      // THEN the intermediate: O=Istio, CN=Intermediate CA, L=east; pathlen 0, SAN istiod, AKI = root SKI
      const interPem = read(d, 'east/ca-cert.pem');
      const inter = cert(interPem);
      expect(inter.subject).toEqual('O=Istio\nCN=Intermediate CA\nL=east');
      expect(inter.issuer).toEqual('O=Istio\nCN=Root CA');
      const ext = extensions(interPem);
      expect(ext.map(e => [e[0], e[1]])).toEqual([[OID_SKI, false], [OID_BC, true], [OID_KU, true], [OID_SAN, false], [OID_AKI, false]]);
      expect(ext[1][2]).toEqual(BC_CA_PATHLEN0);
      expect(ext[2][2]).toEqual(KU_ISTIO_RSA);
      expect(ext[3][2]).toEqual(SAN_ISTIOD);
      expect(ext[4][2]).toEqual(`30168014${rootKeyId}`);
      expect(inter.subjectAltName).toEqual('DNS:istiod.istio-system.svc');
      expect(new Date(inter.validTo).getTime() - new Date(inter.validFrom).getTime()).toEqual(365 * DAY);
      expect(new Date(inter.validFrom).getTime()).toEqual(T0.getTime());
      expect(tbsOf(interPem).signature.algorithm).toEqual('1.2.840.113549.1.1.11');
      expect(inter.serialNumber).toMatch(/^[0-7][0-9A-F]{39}$/);
    });

    withOpenssl(`certificates are structured exactly as openssl makes them from tools/certs' root-ca.conf and intermediate.conf${OPENSSL_NOTE}`, () => {
      // GIVEN the tools/certs procedure (common.mk confs, Makefile.selfsigned.mk commands), with 2048-bit keys for speed
      const w = tempDir();
      const conf = (ext: string[], dn: string[]) => ['[ req ]', 'encrypt_key = no', 'prompt = no', 'utf8 = yes', 'default_md = sha256',
        'default_bits = 4096', 'req_extensions = req_ext', 'x509_extensions = req_ext', 'distinguished_name = req_dn',
        '[ req_ext ]', 'subjectKeyIdentifier = hash', ...ext, '[ req_dn ]', ...dn].join('\n') + '\n';
      fs.writeFileSync(path.join(w, 'root-ca.conf'), conf(['basicConstraints = critical, CA:true',
        'keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, keyCertSign'], ['O = Istio', 'CN = Root CA']));
      fs.mkdirSync(path.join(w, 'east'));
      fs.writeFileSync(path.join(w, 'east', 'intermediate.conf'), conf(['basicConstraints = critical, CA:true, pathlen:0',
        'keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, keyCertSign', 'subjectAltName=@san',
        '[ san ]', 'DNS.1 = istiod.istio-system.svc'], ['O = Istio', 'CN = Intermediate CA', 'L = east']));
      const run = (...args: string[]) => {
        const r = spawnSync('openssl', args, { cwd: w, encoding: 'utf-8' });
        if (r.status !== 0) { throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`); }
      };
      run('genrsa', '-out', 'root-key.pem', '2048');
      run('req', '-sha256', '-new', '-key', 'root-key.pem', '-config', 'root-ca.conf', '-out', 'root-cert.csr');
      run('x509', '-req', '-sha256', '-days', '3650', '-signkey', 'root-key.pem', '-extensions', 'req_ext', '-extfile', 'root-ca.conf', '-in', 'root-cert.csr', '-out', 'root-cert.pem');
      run('genrsa', '-out', 'east/ca-key.pem', '2048');
      run('req', '-sha256', '-new', '-config', 'east/intermediate.conf', '-key', 'east/ca-key.pem', '-out', 'east/cluster-ca.csr');
      run('x509', '-req', '-sha256', '-days', '730', '-CA', 'root-cert.pem', '-CAkey', 'root-key.pem', '-CAcreateserial',
        '-extensions', 'req_ext', '-extfile', 'east/intermediate.conf', '-in', 'east/cluster-ca.csr', '-out', 'east/ca-cert.pem');
      const d = dirs();

      // WHEN
      build(d, { trust: { algorithm: KeyAlgorithm.RSA_2048, intermediateValidityDays: 730 }, clusters: ['east'] }).app.synth();

      // THEN everything but the keys, key ids, serials, dates and signatures is identical
      for (const file of ['root-cert.pem', 'east/ca-cert.pem']) {
        const theirs = fs.readFileSync(path.join(w, file), 'utf-8');
        const ours = read(d, file === 'root-cert.pem' ? 'root/root-cert.pem' : file);
        const a = tbsOf(theirs);
        const b = tbsOf(ours);
        expect(b.version).toEqual(a.version);
        expect(hex(AsnConvert.serialize(b.signature))).toEqual(hex(AsnConvert.serialize(a.signature)));
        expect(hex(AsnConvert.serialize(b.subject))).toEqual(hex(AsnConvert.serialize(a.subject)));
        expect(hex(AsnConvert.serialize(b.issuer))).toEqual(hex(AsnConvert.serialize(a.issuer)));
        expect(b.serialNumber.byteLength).toEqual(a.serialNumber.byteLength);
        const span = (t: typeof a) => t.validity.notAfter.getTime().getTime() - t.validity.notBefore.getTime().getTime();
        expect(span(b)).toEqual(span(a));
        const shape = (pem: string) => extensions(pem).map(([id, crit, v]) => [id, crit, id === OID_SKI || id === OID_AKI ? `${v.length}` : v]);
        expect(shape(ours)).toEqual(shape(theirs));
      }
    });

    test('an ECDSA mesh leaves keyEncipherment out of keyUsage (RFC 5480) and signs with ecdsa-with-SHA256', () => {
      // GIVEN
      const d = dirs();

      // WHEN
      build(d, { trust: { algorithm: KeyAlgorithm.ECDSA_P384 }, clusters: ['east'] }).app.synth();

      // THEN
      for (const file of ['root/root-cert.pem', 'east/ca-cert.pem']) {
        const pem = read(d, file);
        expect(extensions(pem).find(e => e[0] === OID_KU)).toEqual([OID_KU, true, KU_ISTIO_EC]);
        expect(tbsOf(pem).signature.algorithm).toEqual('1.2.840.10045.4.3.2');
        expect(cert(pem).publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'secp384r1' });
      }
    });

    withOpenssl(`every cluster's chain verifies with Node and with openssl verify, and every key matches its certificate${OPENSSL_NOTE}`, () => {
      // GIVEN
      const d = dirs();

      // WHEN
      build(d, { clusters: ['east', 'west', 'north'] }).app.synth();

      // THEN
      const root = cert(read(d, 'root/root-cert.pem'));
      expect(root.ca).toBe(true);
      expect(root.verify(root.publicKey)).toBe(true);
      expect(root.checkPrivateKey(createPrivateKey(read(d, 'root/root-key.pem')))).toBe(true);
      for (const c of ['east', 'west', 'north']) {
        const inter = cert(read(d, `${c}/ca-cert.pem`));
        expect(inter.ca).toBe(true);
        expect(inter.checkIssued(root)).toBe(true);
        expect(inter.verify(root.publicKey)).toBe(true);
        expect(inter.checkPrivateKey(createPrivateKey(read(d, `${c}/ca-key.pem`)))).toBe(true);
        expect(read(d, `${c}/cert-chain.pem`)).toEqual(read(d, `${c}/ca-cert.pem`) + read(d, 'root/root-cert.pem'));
        expect(read(d, `${c}/root-cert.pem`)).toEqual(read(d, 'root/root-cert.pem'));
        const files = { root: path.join(d.keyStore, 'root/root-cert.pem'), untrusted: path.join(d.keyStore, `${c}/cert-chain.pem`), cert: path.join(d.keyStore, `${c}/ca-cert.pem`) };
        expect(opensslVerify(files)).toEqual(`${files.cert}: OK`);
      }
      // and another cluster's intermediate is not issued by another root
      const stranger = makeCa({ subject: 'Root CA' });
      expect(cert(read(d, 'east/ca-cert.pem')).verify(cert(stranger.cert).publicKey)).toBe(false);
    });

    test('the cacerts Secret lands in the key store, not in the output tree, and is valid', () => {
      // GIVEN
      const d = dirs();

      // WHEN
      build(d, { clusters: ['east'] }).app.synth();

      // THEN
      const outdir = readTree(d.outdir);
      expect(Object.keys(outdir).filter(f => f.includes('secret'))).toEqual([]);
      expect(Object.values(outdir).some(t => t.includes('PRIVATE KEY') || t.includes('LS0tLS1CRUdJTiBQUklWQVRF'))).toBe(false);
      expect(outdir['east/kustomization.yaml']).not.toContain('secret');
      const secret = keyStoreSecret(d, 'east', 'secret.istio-system.cacerts.yaml');
      expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
      expect(secret.type).toEqual('Opaque');
      expect(Object.keys(secret.data)).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
      expect(secretData(secret)).toEqual({
        'ca-cert.pem': read(d, 'east/ca-cert.pem'),
        'ca-key.pem': read(d, 'east/ca-key.pem'),
        'cert-chain.pem': read(d, 'east/ca-cert.pem') + read(d, 'root/root-cert.pem'),
        'root-cert.pem': read(d, 'root/root-cert.pem'),
      });
      expectValid([secret]);
      expect(fs.statSync(path.join(d.keyStore, 'east/secret.istio-system.cacerts.yaml')).mode & 0o777).toEqual(0o600);
      expect(fs.statSync(path.join(d.keyStore, 'east/ca-key.pem')).mode & 0o777).toEqual(0o600);
      expect(fs.statSync(path.join(d.keyStore, 'root/root-key.pem')).mode & 0o777).toEqual(0o600);
      expect(fs.readFileSync(path.join(d.keyStore, '.gitignore'), 'utf-8')).toContain('\n*\n');
    });

    test('the Secret is in the cluster chart, marked private, in the mesh\'s Istio namespace; the SAN follows the namespace', () => {
      // GIVEN
      const d = dirs();
      const { clusters } = build(d, { clusters: ['east'], istioNamespace: 'istio-cp' });

      // WHEN
      const objects = Testing.synth(clusters[0]);

      // THEN
      const secret = findObject(objects, 'Secret', 'cacerts', 'istio-cp');
      expect(cert(secretData(secret)['ca-cert.pem']).subjectAltName).toEqual('DNS:istiod.istio-cp.svc');
      expectValid(objects);
    });

    test('the kubernetes.io/tls layout: tls.crt, tls.key, ca.crt', () => {
      // GIVEN
      const d = dirs();

      // WHEN
      build(d, { clusters: ['east'], trust: { istioSecretLayout: IstioCaSecretLayout.KUBERNETES_TLS } }).app.synth();

      // THEN
      const secret = keyStoreSecret(d, 'east', 'secret.istio-system.cacerts.yaml');
      expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
      expect(secret.type).toEqual('kubernetes.io/tls');
      expect(secretData(secret)).toEqual({
        'ca.crt': read(d, 'root/root-cert.pem'),
        'tls.crt': read(d, 'east/ca-cert.pem'),
        'tls.key': read(d, 'east/ca-key.pem'),
      });
      expectValid([secret]);
    });

    test('insecureWritePrivateMaterialToOutdir puts the Secret into the output tree and its kustomization', () => {
      // GIVEN
      const d = dirs();

      // WHEN
      build(d, { clusters: ['east'], insecure: true }).app.synth();

      // THEN
      const out = readTree(d.outdir);
      expect(parseYaml(out['east/kustomization.yaml'])[0].resources).toContain('secret.istio-system.cacerts.yaml');
      expect(parseYaml(out['east/secret.istio-system.cacerts.yaml'])[0].metadata.name).toEqual('cacerts');
      expect(fs.existsSync(path.join(d.keyStore, 'east/secret.istio-system.cacerts.yaml'))).toBe(false);
      expect(fs.existsSync(path.join(d.keyStore, 'east/ca-key.pem'))).toBe(true);
    });
  });

  describe('key store', () => {
    test('a second synth reuses everything: byte-identical key store and outdir, zero keys generated', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();
      const keys1 = readTree(d.keyStore);
      const out1 = readTree(d.outdir);
      const generated = generatedKeyCount();

      // WHEN
      const later = build(d, { trust: { now: at(30) } });
      later.app.synth();

      // THEN
      expect(generatedKeyCount()).toEqual(generated);
      expect(readTree(d.keyStore)).toEqual(keys1);
      expect(readTree(d.outdir)).toEqual(out1);
      expect(collectWarnings(later.app)).toEqual([]);
    });

    test('a fresh synth generates the root and every intermediate in one batch, wherever the clusters were declared', () => {
      // GIVEN a cluster declared before the TrustRoot and one after
      const d = dirs();
      const app = new MeshApp(d);
      const mesh = new Mesh(app, 'mesh1');
      new MeshCluster(app, 'east', { mesh, network: ONE_NETWORK });
      new TrustRoot(app, 'trust', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, now: T0 });
      new MeshCluster(app, 'west', { mesh, network: ONE_NETWORK });
      const before = generatedKeyCount();
      const batches = jest.spyOn(pki, 'generateKeys');

      // WHEN
      app.synth();

      // THEN
      expect(generatedKeyCount() - before).toEqual(3);
      expect(batches.mock.calls.map(c => c[0].length)).toEqual([3]);
      batches.mockRestore();
      expect(Object.keys(readTree(d.keyStore))).toEqual([
        '.gitignore',
        'east/ca-cert.pem', 'east/ca-key.pem', 'east/cert-chain.pem', 'east/root-cert.pem', 'east/secret.istio-system.cacerts.yaml',
        'root/root-cert.pem', 'root/root-key.pem',
        'west/ca-cert.pem', 'west/ca-key.pem', 'west/cert-chain.pem', 'west/root-cert.pem', 'west/secret.istio-system.cacerts.yaml',
      ]);
    });

    test('an intermediate is re-issued inside its renewal window (the last third), and only then; the root stays', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();
      const first = readTree(d.keyStore);

      // WHEN two thirds of the validity have not quite passed
      build(d, { trust: { now: at(243) } }).app.synth();

      // THEN nothing changes
      expect(readTree(d.keyStore)).toEqual(first);

      // WHEN the renewal window is reached
      const renewed = build(d, { trust: { now: at(244) } });
      renewed.app.synth();

      // THEN both intermediates are new (new keys, valid from the new clock), the root is the same
      const second = readTree(d.keyStore);
      expect(second['root/root-cert.pem']).toEqual(first['root/root-cert.pem']);
      expect(second['root/root-key.pem']).toEqual(first['root/root-key.pem']);
      for (const c of ['east', 'west']) {
        expect(second[`${c}/ca-key.pem`]).not.toEqual(first[`${c}/ca-key.pem`]);
        const inter = cert(second[`${c}/ca-cert.pem`]);
        expect(new Date(inter.validFrom).getTime()).toEqual(at(244).getTime());
        expect(inter.verify(cert(second['root/root-cert.pem']).publicKey)).toBe(true);
      }
      const expires = new Date(cert(first['east/ca-cert.pem']).validTo).toISOString();
      expect(collectWarnings(renewed.app)).toEqual(['east', 'west'].map(c =>
        `[trust] re-issued the intermediate CA of cluster "${c}" (it is inside its renewal window: it expires on ${expires}): `
        + `apply the new Secret cacerts (namespace istio-system) from ${path.join(d.keyStore, c)} to the cluster`));
    });

    test('intermediateRenewBeforeDays moves the renewal window', () => {
      // GIVEN
      const d = dirs();
      build(d, { clusters: ['east'], trust: { intermediateRenewBeforeDays: 30 } }).app.synth();
      const first = read(d, 'east/ca-cert.pem');

      // WHEN / THEN
      build(d, { clusters: ['east'], trust: { intermediateRenewBeforeDays: 30, now: at(334) } }).app.synth();
      expect(read(d, 'east/ca-cert.pem')).toEqual(first);
      build(d, { clusters: ['east'], trust: { intermediateRenewBeforeDays: 30, now: at(335) } }).app.synth();
      expect(read(d, 'east/ca-cert.pem')).not.toEqual(first);
    });

    test('an intermediate whose settings changed is re-issued; the others are kept', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();
      const first = readTree(d.keyStore);

      // WHEN the validity of intermediates changes
      const changed = build(d, { trust: { intermediateValidityDays: 90 } });
      changed.app.synth();

      // THEN
      const second = readTree(d.keyStore);
      expect(second['root/root-cert.pem']).toEqual(first['root/root-cert.pem']);
      expect(second['east/ca-cert.pem']).not.toEqual(first['east/ca-cert.pem']);
      const inter = cert(second['east/ca-cert.pem']);
      expect(new Date(inter.validTo).getTime() - new Date(inter.validFrom).getTime()).toEqual(90 * DAY);
      expect(collectWarnings(changed.app)[0]).toEqual(
        `[trust] re-issued the intermediate CA of cluster "east" (its settings changed): apply the new Secret cacerts (namespace istio-system) from ${path.join(d.keyStore, 'east')} to the cluster`);
    });

    test('a missing intermediate file is re-issued; a new cluster gets its own intermediate and the others are kept', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();
      const first = readTree(d.keyStore);
      fs.rmSync(path.join(d.keyStore, 'west/ca-key.pem'));

      // WHEN
      const before = generatedKeyCount();
      build(d, { clusters: ['east', 'west', 'north'] }).app.synth();

      // THEN
      expect(generatedKeyCount() - before).toEqual(2);
      const second = readTree(d.keyStore);
      expect(second['east/ca-cert.pem']).toEqual(first['east/ca-cert.pem']);
      expect(second['west/ca-cert.pem']).not.toEqual(first['west/ca-cert.pem']);
      expect(cert(second['north/ca-cert.pem']).subject).toEqual('O=Istio\nCN=Intermediate CA\nL=north');
    });

    test('a failed synth writes nothing', () => {
      // GIVEN an app whose validation fails (a cluster name used twice)
      const d = dirs();
      const { app, mesh } = build(d, { clusters: ['east'] });
      new MeshCluster(app, 'east2', { mesh, clusterName: 'east', network: ONE_NETWORK });

      // WHEN / THEN
      expect(() => app.synth()).toThrow(Error);
      expect(fs.existsSync(d.keyStore)).toBe(false);
      expect(fs.existsSync(d.outdir)).toBe(false);
    });
  });

  describe('root lifetime', () => {
    test('an expired root is an error with guidance, never replaced', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();
      const keys = readTree(d.keyStore);

      // WHEN / THEN
      expect(() => build(d, { trust: { now: at(3650) } })).toThrow(Error);
      expect(readTree(d.keyStore)).toEqual(keys);
    });

    test('a root that expires before a new intermediate would is an error', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();

      // WHEN / THEN
      expect(() => build(d, { trust: { now: at(3650 - 364) } })).toThrow(Error);
      expect(() => build(d, { trust: { now: at(3650 - 366) } })).not.toThrow();
    });

    test('moving the root aside makes a new root and re-issues every intermediate', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();
      const first = readTree(d.keyStore);
      fs.renameSync(path.join(d.keyStore, 'root'), path.join(d.keyStore, '..', 'old-root'));

      // WHEN
      const rotated = build(d);
      rotated.app.synth();

      // THEN
      const second = readTree(d.keyStore);
      expect(second['root/root-cert.pem']).not.toEqual(first['root/root-cert.pem']);
      expect(cert(second['east/ca-cert.pem']).verify(cert(second['root/root-cert.pem']).publicKey)).toBe(true);
      expect(collectWarnings(rotated.app)).toHaveLength(2);
      expect(collectWarnings(rotated.app)[0]).toContain('(it was issued by another root)');
    });
  });

  describe('imports', () => {
    withOpenssl(`an external root made with openssl signs every intermediate; its key is not copied into the key store${OPENSSL_NOTE}`, () => {
      // GIVEN a root made with the openssl CLI at test time
      const w = tempDir();
      const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/O=Acme/CN=Acme Mesh Root'], { cwd: w, encoding: 'utf-8' });
      expect(r.status).toEqual(0);
      fs.chmodSync(path.join(w, 'ca.key'), 0o600);
      const d = dirs();

      // WHEN
      const { app } = build(d, { trust: { root: CaCertificate.fromFiles(path.join(w, 'ca.crt'), path.join(w, 'ca.key')) } });
      app.synth();

      // THEN
      const rootPem = fs.readFileSync(path.join(w, 'ca.crt'), 'utf-8');
      expect(read(d, 'root/root-cert.pem')).toEqual(rootPem);
      expect(fs.existsSync(path.join(d.keyStore, 'root/root-key.pem'))).toBe(false);
      for (const c of ['east', 'west']) {
        const inter = cert(read(d, `${c}/ca-cert.pem`));
        expect(inter.issuer).toEqual('O=Acme\nCN=Acme Mesh Root');
        expect(inter.subject).toEqual('O=Istio\nCN=Intermediate CA\nL=' + c);
        const files = { root: path.join(w, 'ca.crt'), untrusted: path.join(d.keyStore, `${c}/cert-chain.pem`), cert: path.join(d.keyStore, `${c}/ca-cert.pem`) };
        expect(opensslVerify(files)).toEqual(`${files.cert}: OK`);
      }
      expect(collectWarnings(app)).toEqual([]);

      // WHEN synthesized again with the same import: nothing changes
      const keys = readTree(d.keyStore);
      build(d, { trust: { root: CaCertificate.fromFiles(path.join(w, 'ca.crt'), path.join(w, 'ca.key')), now: at(1) } }).app.synth();
      expect(readTree(d.keyStore)).toEqual(keys);
    });

    withOpenssl(`a root imported without its key, with imported intermediates (one through a sub-CA), verifies end to end${OPENSSL_NOTE}`, () => {
      // GIVEN an offline root, a sub-CA, and two intermediates made outside
      const root = makeCa({ subject: 'Offline Root' });
      const sub = makeCa({ subject: 'Policy CA', issuer: root });
      const east = makeCa({ subject: 'east CA', issuer: root });
      const west = makeCa({ subject: 'west CA', issuer: sub });
      const d = dirs();
      const { app, trust, clusters } = build(d, { trust: { root: CaCertificate.fromPem(root.cert) } });

      // WHEN
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(east.cert, east.keyPem));
      trust.importIntermediate(clusters[1], CaCertificate.fromFiles(writeTemp(west.cert + sub.cert + root.cert), writeTemp(west.keyPem)));
      app.synth();

      // THEN
      expect(read(d, 'east/ca-cert.pem')).toEqual(east.cert);
      expect(read(d, 'east/ca-key.pem')).toEqual(east.keyPem);
      expect(read(d, 'east/cert-chain.pem')).toEqual(east.cert + root.cert);
      expect(read(d, 'west/cert-chain.pem')).toEqual(west.cert + sub.cert + root.cert);
      const westSecret = secretData(keyStoreSecret(d, 'west', 'secret.istio-system.cacerts.yaml'));
      expect(westSecret['ca-cert.pem']).toEqual(west.cert);
      expect(westSecret['cert-chain.pem']).toEqual(west.cert + sub.cert + root.cert);
      const files = { root: path.join(d.keyStore, 'root/root-cert.pem'), untrusted: path.join(d.keyStore, 'west/cert-chain.pem'), cert: path.join(d.keyStore, 'west/ca-cert.pem') };
      expect(opensslVerify(files)).toEqual(`${files.cert}: OK`);
    });

    test('importing the key store\'s own root is not a change', () => {
      // GIVEN
      const d = dirs();
      build(d).app.synth();
      const keys = readTree(d.keyStore);

      // WHEN
      const root = CaCertificate.fromFiles(path.join(d.keyStore, 'root/root-cert.pem'), path.join(d.keyStore, 'root/root-key.pem'));
      build(d, { trust: { root } }).app.synth();

      // THEN
      expect(readTree(d.keyStore)).toEqual(keys);
    });

    test('an imported intermediate that expired is an error; one inside the renewal window is a warning', () => {
      // GIVEN
      const root = makeCa({ subject: 'root' });
      const old = makeCa({ subject: 'old', issuer: root, notBefore: at(-400), days: 365 });
      const soon = makeCa({ subject: 'soon', issuer: root, notBefore: at(-300), days: 365 });
      const { app, trust, clusters } = build(dirs(), { trust: { root: CaCertificate.fromPem(root.cert, root.keyPem) } });

      // WHEN / THEN
      expect(() => trust.importIntermediate(clusters[0], CaCertificate.fromPem(old.cert, old.keyPem))).toThrow(Error);
      trust.importIntermediate(clusters[0], CaCertificate.fromPem(soon.cert, soon.keyPem));
      expect(collectWarnings(app)).toEqual(['[trust] the imported intermediate of cluster "east" (CaCertificate.fromPem() certificate) expires on '
        + `${new Date(cert(soon.cert).validTo).toISOString()}, inside the renewal window: replace it soon`]);
    });

    test('a root imported without its key needs an intermediate for every cluster (validation error, nothing written)', () => {
      // GIVEN
      const root = makeCa({ subject: 'Offline Root' });
      const d = dirs();
      const { app } = build(d, { clusters: ['east'], trust: { root: CaCertificate.fromPem(root.cert) } });

      // WHEN / THEN
      expect(() => app.synth()).toThrow(Error);
      expect(fs.existsSync(d.keyStore)).toBe(false);
      expect(fs.existsSync(d.outdir)).toBe(false);
    });
  });

  describe('Linkerd', () => {
    test('a P-256 trust anchor and one P-256 identity issuer per cluster, in linkerd-identity-issuer', () => {
      // GIVEN
      const d = dirs();
      const app = new MeshApp(d);
      const mesh = new Mesh(app, 'mesh1', { provider: MeshProvider.LINKERD });

      // WHEN
      const trust = new TrustRoot(app, 'trust', { mesh, now: T0 });
      const east = new MeshCluster(app, 'east', { mesh, network: ONE_NETWORK });
      app.synth();

      // THEN the trust anchor
      expect(trust.algorithm).toEqual(KeyAlgorithm.ECDSA_P256);
      const anchorPem = read(d, 'root/ca.crt');
      expect(trust.trustAnchorPem).toEqual(anchorPem);
      expect(trust.rootCertificatePem).toEqual(anchorPem);
      const anchor = cert(anchorPem);
      expect(anchor.subject).toEqual('CN=root.linkerd.cluster.local');
      expect(anchor.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
      expect(extensions(anchorPem).map(e => [e[0], e[1]])).toEqual([[OID_SKI, false], [OID_BC, true], [OID_KU, true]]);
      expect(extensions(anchorPem)[1][2]).toEqual(BC_CA);
      expect(extensions(anchorPem)[2][2]).toEqual(KU_CERT_CRL_SIGN);
      expect(anchor.checkPrivateKey(createPrivateKey(read(d, 'root/ca.key')))).toBe(true);

      // THEN the issuer
      const issuerPem = read(d, 'east/issuer.crt');
      const issuer = cert(issuerPem);
      expect(issuer.subject).toEqual('CN=identity.linkerd.cluster.local');
      expect(issuer.ca).toBe(true);
      expect(issuer.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
      expect(extensions(issuerPem).map(e => [e[0], e[1]])).toEqual([[OID_SKI, false], [OID_BC, true], [OID_KU, true], [OID_AKI, false]]);
      expect(extensions(issuerPem)[1][2]).toEqual(BC_CA_PATHLEN0);
      expect(extensions(issuerPem)[2][2]).toEqual(KU_CERT_CRL_SIGN);
      expect(tbsOf(issuerPem).signature.algorithm).toEqual('1.2.840.10045.4.3.2');
      expect(issuer.verify(anchor.publicKey)).toBe(true);
      expect(issuer.checkPrivateKey(createPrivateKey(read(d, 'east/issuer.key')))).toBe(true);

      // THEN the Secret, in the key store only
      const secret = keyStoreSecret(d, 'east', 'secret.linkerd.linkerd-identity-issuer.yaml');
      expect(secret.metadata).toEqual({ name: 'linkerd-identity-issuer', namespace: 'linkerd' });
      expect(secret.type).toEqual('kubernetes.io/tls');
      expect(secretData(secret)).toEqual({ 'ca.crt': anchorPem, 'tls.crt': issuerPem, 'tls.key': read(d, 'east/issuer.key') });
      expectValid([secret]);
      expect(Object.keys(readTree(d.outdir)).some(f => f.includes('secret'))).toBe(false);
      expect(findObject(Testing.synth(east), 'Secret', 'linkerd-identity-issuer', 'linkerd')).toBeDefined();
    });

    withOpenssl(`Linkerd issuers verify against the trust anchor with openssl verify${OPENSSL_NOTE}`, () => {
      // GIVEN
      const d = dirs();

      // WHEN
      build(d, { provider: MeshProvider.LINKERD, trust: { algorithm: undefined } }).app.synth();

      // THEN
      for (const c of ['east', 'west']) {
        const files = { root: path.join(d.keyStore, 'root/ca.crt'), cert: path.join(d.keyStore, `${c}/issuer.crt`) };
        expect(opensslVerify(files)).toEqual(`${files.cert}: OK`);
      }
    });
  });

  describe('mesh wiring', () => {
    test('the mesh knows its TrustRoot; two meshes in one app need two root directories', () => {
      // GIVEN
      const d = dirs();
      const app = new MeshApp(d);
      const m1 = new Mesh(app, 'mesh1');
      const m2 = new Mesh(app, 'mesh2');

      // WHEN
      const t1 = new TrustRoot(app, 'trust1', { mesh: m1, algorithm: KeyAlgorithm.ECDSA_P256 });

      // THEN
      expect(m1.trustRoot).toBe(t1);
      expect(m2.trustRoot).toBeUndefined();
      expect(() => new TrustRoot(app, 'trust2', { mesh: m2 })).toThrow(Error);
      const t2 = new TrustRoot(app, 'trust3', { mesh: m2, algorithm: KeyAlgorithm.ECDSA_P256, rootDirectory: 'root-mesh2' });
      new MeshCluster(app, 'east', { mesh: m1 });
      new MeshCluster(app, 'west', { mesh: m2 });
      app.synth();
      expect(cert(read(d, 'west/ca-cert.pem')).verify(cert(read(d, 'root-mesh2/root-cert.pem')).publicKey)).toBe(true);
      expect(t2.rootDirectory).toEqual('root-mesh2');
    });
  });

  describe('bad input', () => {

    test('a corrupt certificate in the key store is an error, not a silent replacement', () => {
      const d = dirs();
      build(d, { clusters: ['east'] }).app.synth();
      const file = path.join(d.keyStore, 'east/ca-cert.pem');
      fs.writeFileSync(file, 'garbage');
      const keys = readTree(d.keyStore);
      expect(() => build(d, { clusters: ['east'] })).toThrow(Error);
      expect(readTree(d.keyStore)).toEqual(keys);
    });

    test('a key store path that is a file', () => {
      const d = dirs();
      fs.writeFileSync(d.keyStore, 'not a directory');
      expect(() => build(d)).toThrow(Error);
      expect(fs.readFileSync(d.keyStore, 'utf-8')).toEqual('not a directory');
      expect(fs.existsSync(d.outdir)).toBe(false);
    });

    test('key store key files with loose permissions are refused (not silently fixed)', () => {
      const d = dirs();
      build(d, { clusters: ['east'] }).app.synth();
      const keyFile = path.join(d.keyStore, 'east/ca-key.pem');
      fs.chmodSync(keyFile, 0o644);
      const keys = readTree(d.keyStore);
      expect(() => build(d, { clusters: ['east'] })).toThrow(Error);
      expect(readTree(d.keyStore)).toEqual(keys);
      expect(fs.statSync(keyFile).mode & 0o777).toEqual(0o644);
    });

    test('an imported key file with loose permissions is a warning', () => {
      const ca = makeCa({ subject: 'ca' });
      const certFile = writeTemp(ca.cert, 'ca.crt');
      const keyFile = writeTemp(ca.keyPem, 'ca.key');
      fs.chmodSync(keyFile, 0o640);
      const { app } = build(dirs(), { clusters: [], trust: { root: CaCertificate.fromFiles(certFile, keyFile) } });
      expect(collectWarnings(app)).toEqual([`[trust] the imported private key ${keyFile} has mode 0640: other users can read it; run chmod 600 ${keyFile}`]);
    });
  });
});
