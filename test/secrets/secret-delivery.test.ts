import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import {
  ExternalSecretStoreKind, KeyAlgorithm, Mesh, MeshApp, MeshCluster, SealedSecretScope, SecretDelivery, TrustRoot,
} from '../../src';
import { markPrivate } from '../../src/output/_metadata';
import { buildName, buildTbs, KEY_USAGE, randomSerial, signCertificate, spkiDer } from '../../src/pki/_x509';
import { expectValid, findObject, loadCluster, parseYaml, readTree, tempDir } from '../util';
import { ageCliDecrypt, ageIdentity, HAS_AGE_CLI, sopsAgeDecrypt } from '../util/age';

const withAgeCli = HAS_AGE_CLI ? test : test.skip;
const AGE_NOTE = HAS_AGE_CLI ? '' : ' [SKIPPED: age CLI not installed]';

interface Dirs { readonly outdir: string; readonly keyStore: string; readonly root: string }
function dirs(): Dirs {
  const root = tempDir();
  return { root, outdir: path.join(root, 'dist'), keyStore: path.join(root, 'keys') };
}

/** An Istio mesh of two clusters with a generated trust root: each cluster gets a `cacerts` Secret in the key store. */
function istioMesh(d: Dirs, secretDelivery: SecretDelivery): MeshApp {
  const app = new MeshApp({ outdir: d.outdir, keyStore: d.keyStore, secretDelivery });
  const mesh = new Mesh(app, 'mesh1');
  new TrustRoot(app, 'trust', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
  for (const c of ['east', 'west']) { new MeshCluster(app, c, { mesh, network: 'network1' }); }
  return app;
}

/** An app with one chart `c1` holding the given private Secrets (name → data). */
function secretsApp(d: Dirs, secretDelivery: SecretDelivery, secrets: Record<string, Record<string, string>>, extra?: (c: Chart) => void): MeshApp {
  const app = new MeshApp({ outdir: d.outdir, keyStore: d.keyStore, secretDelivery });
  const chart = new Chart(app, 'c1');
  for (const [name, data] of Object.entries(secrets)) {
    const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    markPrivate(new ApiObject(chart, name, {
      apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'ns1', labels: { app: name } }, type: 'Opaque', data: encoded,
    }));
  }
  extra?.(chart);
  return app;
}

/**
 * The SOPS MAC check, written here from sops.go `Tree.Decrypt` independently of src/secrets/_sops.ts
 * (sops-age does not check the MAC): SHA-512 over every leaf value in document order, upper-case hex,
 * AES-256-GCM with `lastmodified` as additional data.
 */
function sopsMacMatches(doc: any, dataKey: Buffer): boolean {
  const open = (v: string, aad: string) => {
    const m = /^ENC\[AES256_GCM,data:(.*),iv:(.+),tag:(.+),type:str\]$/.exec(v)!;
    const d = crypto.createDecipheriv('aes-256-gcm', dataKey, Buffer.from(m[2], 'base64'));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(m[3], 'base64'));
    return Buffer.concat([d.update(Buffer.from(m[1], 'base64')), d.final()]).toString();
  };
  const hash = crypto.createHash('sha512');
  const visit = (v: any, keys: string[]) => {
    if (Array.isArray(v)) { v.forEach(x => visit(x, keys)); return; }
    if (v && typeof v === 'object') { for (const [k, x] of Object.entries(v)) { visit(x, [...keys, k]); } return; }
    const inData = keys.some(k => /^(data|stringData)$/.test(k));
    hash.update(inData && v !== '' ? open(v, `${keys.join(':')}:`) : String(v));
  };
  const { sops, ...rest } = doc;
  visit(rest, []);
  return open(sops.mac, sops.lastmodified) === hash.digest('hex').toUpperCase();
}

function readKeyStoreYaml(d: Dirs, rel: string): any {
  return YAML.parse(fs.readFileSync(path.join(d.keyStore, rel), 'utf-8'));
}

describe('SecretDelivery.sops()', () => {
  const id = ageIdentity();
  const recovery = ageIdentity();

  test('each cacerts Secret is also written SOPS-encrypted into its cluster directory, and sops-age decrypts it to the key-store Secret', () => {
    // GIVEN
    const d = dirs();
    const app = istioMesh(d, SecretDelivery.sops({ ageRecipients: [id.recipient, recovery.recipient] }));

    // WHEN
    app.synth();

    // THEN
    for (const cluster of ['east', 'west']) {
      const { objects, resources } = loadCluster(path.join(d.outdir, cluster));
      expect(resources).toContain('secret.istio-system.cacerts.sops.yaml');
      const text = fs.readFileSync(path.join(d.outdir, cluster, 'secret.istio-system.cacerts.sops.yaml'), 'utf-8');
      const doc = YAML.parse(text);
      const plain = readKeyStoreYaml(d, `${cluster}/secret.istio-system.cacerts.yaml`);
      expect(Object.keys(doc.data).sort()).toEqual(Object.keys(plain.data).sort());
      for (const v of Object.values<string>(doc.data)) { expect(v).toMatch(/^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]+,iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:str\]$/); }
      expect(doc.metadata).toEqual(plain.metadata);
      expect(doc.sops.age.map((a: any) => a.recipient)).toEqual([id.recipient, recovery.recipient]);
      expect(doc.sops.encrypted_regex).toEqual('^(data|stringData)$');
      expect(doc.sops.lastmodified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(doc.sops.version).toEqual('3.13.2');
      // Each recipient decrypts it on its own.
      expect(sopsAgeDecrypt(text, id.identity)).toEqual(plain);
      expect(sopsAgeDecrypt(text, recovery.identity)).toEqual(plain);
      // The plain Secret stays in the key store, never in the tree.
      expect(objects.filter(o => o.kind === 'Secret' && o.metadata.name === 'cacerts')).toHaveLength(1);
      expect(text).not.toContain(plain.data['ca-key.pem']);
    }
  });

  withAgeCli(`the age CLI decrypts each recipient's enc to the data key, and the MAC checks out${AGE_NOTE}`, () => {
    // GIVEN
    const d = dirs();
    secretsApp(d, SecretDelivery.sops({ ageRecipients: [id.recipient] }), { s1: { 'token': 'eyJhbGciOi.two.three', 'ca.crt': 'cert' } }).synth();

    // WHEN
    const doc = YAML.parse(fs.readFileSync(path.join(d.outdir, 'c1', 'secret.ns1.s1.sops.yaml'), 'utf-8'));
    const dataKey = ageCliDecrypt(doc.sops.age[0].enc, id.identity, d.root);

    // THEN
    expect(dataKey).toHaveLength(32);
    expect(sopsMacMatches(doc, dataKey)).toBe(true);
    expect(sopsMacMatches({ ...doc, metadata: { ...doc.metadata, name: 's2' } }, dataKey)).toBe(false);
  });

  test('a re-synth with unchanged Secrets keeps every ciphertext; a changed value re-encrypts only its Secret, and keeps the IVs of unchanged values', () => {
    // GIVEN
    const d = dirs();
    const delivery = () => SecretDelivery.sops({ ageRecipients: [id.recipient] });
    secretsApp(d, delivery(), { s1: { a: 'one', b: 'two' }, s2: { a: 'three' } }).synth();
    const first = readTree(d.outdir);

    // WHEN
    secretsApp(d, delivery(), { s1: { a: 'one', b: 'two' }, s2: { a: 'three' } }).synth();
    const second = readTree(d.outdir);
    secretsApp(d, delivery(), { s1: { a: 'one', b: 'changed' }, s2: { a: 'three' } }).synth();
    const third = readTree(d.outdir);

    // THEN
    expect(second).toEqual(first);
    expect(third['c1/secret.ns1.s2.sops.yaml']).toEqual(first['c1/secret.ns1.s2.sops.yaml']);
    const [before, after] = [first, third].map(t => YAML.parse(t['c1/secret.ns1.s1.sops.yaml']));
    expect(after.data.a).toEqual(before.data.a);
    expect(after.data.b).not.toEqual(before.data.b);
    expect(sopsAgeDecrypt(third['c1/secret.ns1.s1.sops.yaml'], id.identity).data.b).toEqual(Buffer.from('changed').toString('base64'));
  });

  test('synthFiles() and synth() of one app give the same bytes before anything was stored', () => {
    // GIVEN
    const d = dirs();
    const app = secretsApp(d, SecretDelivery.sops({ ageRecipients: [id.recipient] }), { s1: { a: 'one' } });

    // WHEN
    const rendered = app.synthFiles().find(f => f.path === 'c1/secret.ns1.s1.sops.yaml')!.content;
    app.synth();

    // THEN
    expect(fs.readFileSync(path.join(d.outdir, 'c1', 'secret.ns1.s1.sops.yaml'), 'utf-8')).toEqual(rendered);
  });

  test('a change of recipients makes a new data key for every Secret', () => {
    // GIVEN
    const d = dirs();
    secretsApp(d, SecretDelivery.sops({ ageRecipients: [id.recipient] }), { s1: { a: 'one' } }).synth();
    const before = readKeyStoreYaml(d, 'secret-delivery/sops-keys.json');

    // WHEN
    secretsApp(d, SecretDelivery.sops({ ageRecipients: [id.recipient, recovery.recipient] }), { s1: { a: 'one' } }).synth();

    // THEN
    const after = readKeyStoreYaml(d, 'secret-delivery/sops-keys.json');
    expect(after.dataKey).not.toEqual(before.dataKey);
    const text = fs.readFileSync(path.join(d.outdir, 'c1', 'secret.ns1.s1.sops.yaml'), 'utf-8');
    expect(sopsAgeDecrypt(text, recovery.identity).data.a).toEqual(Buffer.from('one').toString('base64'));
    expect(fs.statSync(path.join(d.keyStore, 'secret-delivery', 'sops-keys.json')).mode & 0o777).toEqual(0o600); // eslint-disable-line no-bitwise
  });
});

/** A Sealed Secrets controller key pair and its self-signed certificate, made at test time. */
function controllerCertificate(d: Dirs, days = 365): { file: string; privateKey: crypto.KeyObject } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = buildName([{ type: 'CN', value: 'sealed-secret' }]);
  const now = new Date();
  const pem = signCertificate(buildTbs({
    serialNumber: randomSerial(),
    subject: name,
    issuer: name,
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + days * 86_400_000),
    publicKeySpki: spkiDer(publicKey),
    issuerKeyType: 'rsa',
    keyUsage: KEY_USAGE.ISTIO_RSA,
  }), privateKey);
  const file = path.join(d.root, `sealed-secrets-${days}.pem`);
  fs.writeFileSync(file, pem);
  return { file, privateKey };
}

/**
 * The controller's decryption, written here from sealed-secrets v0.36.6 independently of src/secrets/_sealed-secrets.ts
 * (pkg/crypto/crypto.go `singleDecrypt`): 2-byte big-endian RSA length, RSA-OAEP(SHA-256, label) of the session key,
 * then AES-256-GCM with a zero 12-byte nonce and the 16-byte tag at the end.
 */
function hybridDecrypt(privateKey: crypto.KeyObject, blob: Buffer, label: Buffer): Buffer {
  const n = blob.readUInt16BE(0);
  const sessionKey = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    blob.subarray(2, 2 + n));
  const rest = blob.subarray(2 + n);
  const d = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  d.setAuthTag(rest.subarray(rest.length - 16));
  return Buffer.concat([d.update(rest.subarray(0, rest.length - 16)), d.final()]);
}

/** v1alpha1 `EncryptionLabel`: `<namespace>/<name>` (strict), `<namespace>` (namespace-wide), empty (cluster-wide). */
function encryptionLabel(namespace: string, name: string, scope: string): Buffer {
  return Buffer.from(scope === 'cluster-wide' ? '' : scope === 'namespace-wide' ? namespace : `${namespace}/${name}`);
}

/** Unseals a SealedSecret the way the controller does (scope from its annotations, label from its metadata). */
function unseal(sealed: any, privateKey: crypto.KeyObject): Record<string, string> {
  const a = sealed.metadata.annotations ?? {};
  const scope = a['sealedsecrets.bitnami.com/cluster-wide'] === 'true' ? 'cluster-wide'
    : a['sealedsecrets.bitnami.com/namespace-wide'] === 'true' ? 'namespace-wide' : 'strict';
  const label = encryptionLabel(sealed.metadata.namespace ?? '', sealed.metadata.name, scope);
  return Object.fromEntries(Object.entries<string>(sealed.spec.encryptedData)
    .map(([k, v]) => [k, hybridDecrypt(privateKey, Buffer.from(v, 'base64'), label).toString('base64')]));
}

describe('SecretDelivery.sealedSecrets()', () => {
  test('each cacerts Secret becomes a schema-valid SealedSecret that the controller\'s key unseals to the key-store Secret', () => {
    // GIVEN
    const d = dirs();
    const cert = controllerCertificate(d);
    const app = istioMesh(d, SecretDelivery.sealedSecrets({ certificateFile: cert.file }));

    // WHEN
    app.synth();

    // THEN
    for (const cluster of ['east', 'west']) {
      const { objects, resources } = loadCluster(path.join(d.outdir, cluster));
      expect(resources).toContain('sealedsecret.istio-system.cacerts.yaml');
      const sealed = findObject(objects, 'SealedSecret', 'cacerts', 'istio-system');
      expectValid([sealed]);
      const plain = readKeyStoreYaml(d, `${cluster}/secret.istio-system.cacerts.yaml`);
      expect(sealed.apiVersion).toEqual('bitnami.com/v1alpha1');
      expect(sealed.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
      expect(sealed.spec.template).toEqual({ metadata: { ...plain.metadata }, ...(plain.type ? { type: plain.type } : {}) });
      expect(unseal(sealed, cert.privateKey)).toEqual(plain.data);
    }
  });

  test.each([
    [SealedSecretScope.NAMESPACE_WIDE, { 'sealedsecrets.bitnami.com/namespace-wide': 'true' }, 'ns1'],
    [SealedSecretScope.CLUSTER_WIDE, { 'sealedsecrets.bitnami.com/cluster-wide': 'true' }, ''],
  ])('scope %s: the annotation is set and the label is the controller\'s', (scope, annotations, label) => {
    // GIVEN
    const d = dirs();
    const cert = controllerCertificate(d);

    // WHEN
    secretsApp(d, SecretDelivery.sealedSecrets({ certificateFile: cert.file, scope }), { s1: { a: 'one' } }).synth();

    // THEN
    const sealed = parseYaml(fs.readFileSync(path.join(d.outdir, 'c1', 'sealedsecret.ns1.s1.yaml'), 'utf-8'))[0];
    expect(sealed.metadata.annotations).toEqual(annotations);
    const blob = Buffer.from(sealed.spec.encryptedData.a, 'base64');
    expect(hybridDecrypt(cert.privateKey, blob, Buffer.from(label)).toString()).toEqual('one');
    expect(() => hybridDecrypt(cert.privateKey, blob, Buffer.from('ns1/s1x'))).toThrow();
  });

  test('a re-synth keeps the ciphertext of unchanged values; a changed value is sealed again', () => {
    // GIVEN
    const d = dirs();
    const cert = controllerCertificate(d);
    const delivery = () => SecretDelivery.sealedSecrets({ certificateFile: cert.file });
    secretsApp(d, delivery(), { s1: { a: 'one', b: 'two' }, s2: { a: 'x' } }).synth();
    const first = readTree(d.outdir);

    // WHEN
    secretsApp(d, delivery(), { s1: { a: 'one', b: 'two' }, s2: { a: 'x' } }).synth();
    const second = readTree(d.outdir);
    secretsApp(d, delivery(), { s1: { a: 'one', b: 'changed' }, s2: { a: 'x' } }).synth();
    const third = readTree(d.outdir);

    // THEN
    expect(second).toEqual(first);
    expect(third['c1/sealedsecret.ns1.s2.yaml']).toEqual(first['c1/sealedsecret.ns1.s2.yaml']);
    const [before, after] = [first, third].map(t => YAML.parse(t['c1/sealedsecret.ns1.s1.yaml']).spec.encryptedData);
    expect(after.a).toEqual(before.a);
    expect(after.b).not.toEqual(before.b);
  });
});

describe('SecretDelivery.externalSecrets()', () => {
  test('each Secret becomes a schema-valid ExternalSecret; the values to upload go to the key store', () => {
    // GIVEN
    const d = dirs();
    const store = (c: Chart) => new ApiObject(c, 'store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'vault' },
      spec: { provider: { fake: { data: [] } } },
    });
    const app = secretsApp(d, SecretDelivery.externalSecrets({ storeName: 'vault', remoteKeyPrefix: 'kv/mesh/' }),
      { s1: { 'ca.crt': 'cert', 'bin': '\u00ff\u0000' } }, store);

    // WHEN
    app.synth();

    // THEN
    const { objects } = loadCluster(path.join(d.outdir, 'c1'));
    const es = findObject(objects, 'ExternalSecret', 's1', 'ns1');
    expectValid([es]);
    expect(es.spec).toEqual({
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      refreshInterval: '1h',
      target: { name: 's1', creationPolicy: 'Owner', template: { engineVersion: 'v2', type: 'Opaque', metadata: { labels: { app: 's1' } } } },
      data: [
        { secretKey: 'bin', remoteRef: { key: 'kv/mesh/c1/ns1/s1', property: 'bin', decodingStrategy: 'Base64' } },
        { secretKey: 'ca.crt', remoteRef: { key: 'kv/mesh/c1/ns1/s1', property: 'ca.crt' } },
      ],
    });
    const upload = JSON.parse(fs.readFileSync(path.join(d.keyStore, 'secret-delivery', 'c1', 'secret.ns1.s1.upload.json'), 'utf-8'));
    expect(upload).toEqual({ path: 'kv/mesh/c1/ns1/s1', properties: { 'bin': Buffer.from('\u00ff\u0000').toString('base64'), 'ca.crt': 'cert' }, base64: ['bin'] });
    expect(Object.keys(readTree(d.outdir)).filter(f => f.includes('upload'))).toEqual([]);
  });

  test('refreshIntervalSeconds is written as a Go duration; 0 turns refreshing off', () => {
    // GIVEN
    const store = (c: Chart) => new ApiObject(c, 'store', {
      apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'vault' }, spec: { provider: { fake: { data: [] } } },
    });
    const refresh = (seconds: number) => {
      const app = secretsApp(dirs(), SecretDelivery.externalSecrets({ storeName: 'vault', refreshIntervalSeconds: seconds }), { s1: { a: 'one' } }, store);
      return YAML.parse(app.synthFiles().find(f => f.path === 'c1/externalsecret.ns1.s1.yaml')!.content).spec.refreshInterval;
    };

    // WHEN / THEN
    expect([refresh(5400), refresh(900), refresh(0)]).toEqual(['1h30m', '15m', '0s']);
  });

  test('a namespaced SecretStore is looked for in the Secret\'s namespace', () => {
    // GIVEN
    const d = dirs();
    const app = secretsApp(d, SecretDelivery.externalSecrets({ storeName: 'vault', storeKind: ExternalSecretStoreKind.SECRET_STORE }), { s1: { a: 'one' } },
      c => new ApiObject(c, 'store', { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'vault', namespace: 'ns1' }, spec: { provider: { fake: { data: [] } } } }));

    // WHEN
    const files = app.synthFiles();

    // THEN
    const es = YAML.parse(files.find(f => f.path === 'c1/externalsecret.ns1.s1.yaml')!.content);
    expect(es.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'vault' });
    expect(es.spec.data).toEqual([{ secretKey: 'a', remoteRef: { key: 'mesh/c1/ns1/s1', property: 'a' } }]);
  });
});

describe('SecretDelivery.keyStore()', () => {
  test('is the default: no GitOps form is written', () => {
    // GIVEN
    const d = dirs();
    const app = new MeshApp({ outdir: d.outdir, keyStore: d.keyStore });

    // WHEN
    new Chart(app, 'c1');

    // THEN
    expect(app.secretDelivery.mode).toEqual('keyStore');
    expect(secretsApp(d, SecretDelivery.keyStore(), { s1: { a: 'one' } }).synthFiles().map(f => f.path)).toEqual(['c1/kustomization.yaml']);
  });
});
