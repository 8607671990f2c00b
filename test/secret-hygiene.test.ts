/**
 * Secret hygiene: no private key or token in an output tree, in what a synth
 * prints, in a snapshot or in a committed file; key-store files readable by
 * their owner only; the key store's .gitignore in place. Every key and token
 * here is made at test time.
 */
import { execSync } from 'child_process';
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import {
  AccessConsumer, ApiServer, Credential, EastWestGateway, KeyAlgorithm, Mesh, MeshApp, MeshAppProps, MeshCluster, RemoteAccess,
  SecretDelivery, TrustRoot,
} from '../src';
import { readTree, tempDir } from './util';
import { ageIdentity, sopsAgeDecryptAll } from './util/age';
import { testClientCertificate, testToken } from './util/credentials';
import { describeFindings, filesHolding, JWT, PEM_PRIVATE_KEY, realPrivateKeys, scanText, scanTree, secretKinds } from './util/secrets';
import { KEY_STORE_GITIGNORE } from '../src/output/_writer';
import { buildName, buildTbs, KEY_USAGE, randomSerial, signCertificate, spkiDer } from '../src/pki/_x509';

const ROOT = path.join(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, 'fixtures', 'test-only-ca.crt'), 'utf-8');
/** An age identity made at test time (the recipient of the SOPS mode). */
const AGE = ageIdentity();

/** A Sealed Secrets controller certificate (RSA, self-signed), made at test time; returns its file. */
function sealedSecretsCertificate(): string {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = buildName([{ type: 'CN', value: 'sealed-secret' }]);
  const pem = signCertificate(buildTbs({
    serialNumber: randomSerial(),
    subject: name,
    issuer: name,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    publicKeySpki: spkiDer(publicKey),
    issuerKeyType: 'rsa',
    keyUsage: KEY_USAGE.ISTIO_RSA,
  }), privateKey);
  const file = path.join(tempDir('cdk8s-mesh-sealed-'), 'sealed-secrets.pem');
  fs.writeFileSync(file, pem);
  return file;
}

/** What a test-time input maker gives an example that takes credentials (`export function testInputs(inputs)`). */
export interface ExampleInputs {
  /** A file holding a JWT-shaped token made now, for a cluster. */
  tokenFile(cluster: string): string;
  /** Two files holding a client certificate and key made now. */
  clientCertificate(name: string): { certificateFile: string; keyFile: string };
}

/** What a synth left behind. */
interface Synthesized {
  readonly outdir: string;
  readonly keyStore: string;
  /** Everything printed on stdout and stderr while the app was built and synthesized. */
  readonly printed: string;
  /** Every token and private key the inputs held (to look for them by value, too). */
  readonly secrets: string[];
}

/** Builds and synthesizes an app in fresh directories, capturing stdout and stderr, with test-time credentials. */
function synthesize(build: (props: MeshAppProps, inputs: ExampleInputs) => MeshApp): Synthesized {
  const dir = tempDir('cdk8s-mesh-hygiene-');
  const secrets: string[] = [];
  const inputs: ExampleInputs = {
    tokenFile: cluster => {
      const token = testToken();
      secrets.push(token);
      const file = path.join(dir, 'inputs', `${cluster}.token`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
      return file;
    },
    clientCertificate: name => {
      const c = testClientCertificate(name);
      secrets.push(c.keyPem);
      const certificateFile = path.join(dir, 'inputs', `${name}.crt`);
      const keyFile = path.join(dir, 'inputs', `${name}.key`);
      fs.mkdirSync(path.dirname(certificateFile), { recursive: true });
      fs.writeFileSync(certificateFile, c.certificatePem);
      fs.writeFileSync(keyFile, c.keyPem, { mode: 0o600 });
      return { certificateFile, keyFile };
    },
  };
  const outdir = path.join(dir, 'dist');
  const keyStore = path.join(dir, 'keys');
  const out = process.stdout.write;
  const err = process.stderr.write;
  let printed = '';
  process.stdout.write = ((chunk: any) => { printed += String(chunk); return true; }) as any;
  process.stderr.write = ((chunk: any) => { printed += String(chunk); return true; }) as any;
  try {
    build({ outdir, keyStore }, inputs).synth();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  // The key store's own private keys count as secrets too.
  for (const text of Object.values(readTree(keyStore))) {
    if (PEM_PRIVATE_KEY.test(text) && !text.startsWith('apiVersion')) { secrets.push(text); }
  }
  return { outdir, keyStore, printed, secrets };
}

/** The hygiene checks on one synth. */
function expectClean(s: Synthesized): void {
  // No private material in the output tree, by shape or by value
  expect(describeFindings(scanTree(s.outdir))).toEqual([]);
  expect(filesHolding(readTree(s.outdir), s.secrets)).toEqual([]);
  // Nor in what was printed (warnings)
  expect(describeFindings(scanText('stdout+stderr', s.printed))).toEqual([]);
  expect(filesHolding({ 'stdout+stderr': s.printed }, s.secrets)).toEqual([]);
  // The key store: .gitignore that ignores everything; private material readable by its owner only
  if (fs.existsSync(s.keyStore)) {
    expect(fs.readFileSync(path.join(s.keyStore, '.gitignore'), 'utf-8')).toEqual(KEY_STORE_GITIGNORE);
    expect(KEY_STORE_GITIGNORE.split('\n')).toContain('*');
    for (const [file, text] of Object.entries(readTree(s.keyStore))) {
      const mode = (fs.statSync(path.join(s.keyStore, file)).mode % 0o1000).toString(8);
      if (secretKinds(text).length > 0) {
        expect([file, mode]).toEqual([file, '600']);
      }
    }
  }
}

/** An app with every kind of private material the library handles, credentials made at test time. */
function everySecretKind(props: MeshAppProps, inputs: ExampleInputs): MeshApp {
  const app = new MeshApp(props);
  const mesh = new Mesh(app, 'mesh1');
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
  const clusters = ['east', 'west', 'north'].map((name, i) => {
    const c = new MeshCluster(app, name, {
      mesh,
      network: `network${i}`,
      apiServer: ApiServer.fromUrl(`https://${name}.example.com:6443`, { caData: TEST_CA_PEM }),
    });
    new EastWestGateway(c, 'EastWestGateway', { address: `192.0.2.${10 + i}` });
    return c;
  });
  const [east, west, north] = clusters;
  const credentials = Object.fromEntries(clusters.map(c => [c.clusterName, Credential.fromTokenFile(inputs.tokenFile(c.clusterName))]));
  mesh.enableEndpointDiscovery({ credentials });
  const cert = inputs.clientCertificate('kiali-reader');
  new RemoteAccess(west, 'Kiali', {
    consumer: AccessConsumer.kiali(),
    consumerCluster: east,
    credential: Credential.fromClientCertificate(cert),
  });
  process.env.CDK8S_MESH_HYGIENE_ARGO_TOKEN = testToken();
  new RemoteAccess(north, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: east, credential: Credential.fromEnv('CDK8S_MESH_HYGIENE_ARGO_TOKEN') });
  new RemoteAccess(north, 'Pending', { consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]), consumerCluster: west });
  return app;
}

describe('secret hygiene', () => {
  const examples = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();

  test.each(examples)('example %s: no private material in its output tree or in what it prints; key store files 0600, .gitignore in place', (name) => {
    // GIVEN (an example that takes credentials exports testInputs(inputs), returning the extra arguments of build)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(path.join(EXAMPLES, name, 'main.ts'));

    // WHEN
    const s = synthesize((props, inputs) => example.build(props, ...(typeof example.testInputs === 'function' ? example.testInputs(inputs) : [])));

    // THEN
    expect(Object.keys(readTree(s.outdir)).length).toBeGreaterThan(0);
    expectClean(s);
  });

  test('every kind of private material (CA keys, tokens from files and the environment, client keys) stays in the key store', () => {
    // GIVEN / WHEN
    const s = synthesize(everySecretKind);

    // THEN
    expectClean(s);
    const keys = readTree(s.keyStore);
    const withMaterial = Object.keys(keys).filter(f => secretKinds(keys[f]).length > 0).sort();
    // the root and intermediate keys, the cacerts Secrets, 6 remote secrets, the Kiali and Argo CD Secrets
    expect(withMaterial).toEqual(expect.arrayContaining([
      'root/root-key.pem', 'east/ca-key.pem', 'east/secret.istio-system.cacerts.yaml',
      'east/secret.istio-system.istio-remote-secret-west.yaml', 'west/secret.istio-system.istio-remote-secret-north.yaml',
      'east/secret.istio-system.kiali-remote-cluster-secret-west.yaml',
    ]));
    expect(withMaterial.filter(f => f.includes('istio-remote-secret-'))).toHaveLength(6);
    expect(withMaterial.filter(f => f.startsWith('east/secret.argocd.cluster-north.example.com-'))).toHaveLength(1);
    expect(filesHolding(keys, s.secrets).length).toBeGreaterThanOrEqual(10);
    delete process.env.CDK8S_MESH_HYGIENE_ARGO_TOKEN;
  });

  describe.each([
    ['sops', 'secret.%s.sops.yaml', () => SecretDelivery.sops({ ageRecipients: [AGE.recipient] })],
    ['sealedSecrets', 'sealedsecret.%s.yaml', () => SecretDelivery.sealedSecrets({ certificateFile: sealedSecretsCertificate() })],
    ['externalSecrets', 'externalsecret.%s.yaml', () => SecretDelivery.externalSecrets({ storeName: 'vault', storeOutsideTree: true })],
  ] as const)('secretDelivery %s', (mode, pattern, delivery) => {
    test('every key-store Secret has its committed form in its cluster directory, and the tree still holds no private material', () => {
      // GIVEN / WHEN
      const s = synthesize((props, inputs) => everySecretKind({ ...props, secretDelivery: delivery() }, inputs));

      // THEN
      expectClean(s);
      const tree = readTree(s.outdir);
      const secrets = Object.keys(readTree(s.keyStore)).filter(f => /^[a-z0-9-]+\/secret\.[^/]+\.yaml$/.test(f));
      expect(secrets.length).toBeGreaterThanOrEqual(10);
      const forms = secrets.map(f => {
        const [cluster, file] = f.split('/');
        return `${cluster}/${pattern.replace('%s', file.replace(/^secret\./, '').replace(/\.yaml$/, ''))}`;
      });
      forms.forEach(f => expect(YAML.parse(tree[`${f.split('/')[0]}/kustomization.yaml`]).resources).toContain(f.split('/')[1]));
      if (mode === 'sops') {
        const keyStore = readTree(s.keyStore);
        expect(sopsAgeDecryptAll(forms.map(f => tree[f]), AGE.identity)).toEqual(secrets.map(f => YAML.parse(keyStore[f])));
      }
      delete process.env.CDK8S_MESH_HYGIENE_ARGO_TOKEN;
    });
  });

  test('the checks can fail: the demo opt-in puts private material into the output tree, and the scan finds it', () => {
    // GIVEN / WHEN
    const s = synthesize((props, inputs) => everySecretKind({ ...props, insecureWritePrivateMaterialToOutdir: true }, inputs));

    // THEN
    const findings = describeFindings(scanTree(s.outdir));
    expect(findings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^east\/secret\.istio-system\.cacerts\.yaml:\d+: base64 of a PEM private key$/),
      expect.stringMatching(/^east\/secret\.istio-system\.istio-remote-secret-west\.yaml:\d+: a JWT-shaped token$/),
      expect.stringMatching(/^east\/secret\.istio-system\.kiali-remote-cluster-secret-west\.yaml:\d+: base64 of a PEM private key$/),
    ]));
    expect(filesHolding(readTree(s.outdir), s.secrets).length).toBeGreaterThan(0);
    expect(s.printed).toContain('insecureWritePrivateMaterialToOutdir is set');
    delete process.env.CDK8S_MESH_HYGIENE_ARGO_TOKEN;
  });

  test('no snapshot holds private material', () => {
    const snapshots: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) { walk(p); } else if (path.basename(d) === '__snapshots__') { snapshots.push(p); }
      }
    };
    walk(__dirname);
    const findings = snapshots.flatMap(f => scanText(path.relative(ROOT, f), fs.readFileSync(f, 'utf-8')));
    expect(describeFindings(findings)).toEqual([]);
  });

  test('no committed file holds a real private key or a JWT-shaped token', () => {
    // GIVEN: the committed files (git ls-files), or every file of the repository outside node_modules, lib and dist
    let files: string[];
    try {
      files = execSync('git ls-files -z', { cwd: ROOT, encoding: 'utf-8' }).split('\0').filter(f => f !== '');
    } catch {
      files = Object.keys(readTree(ROOT)).filter(f => !/^(node_modules|lib|dist|coverage|\.git)\//.test(f));
    }
    files = files.filter(f => fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
    expect(files.length).toBeGreaterThan(50);

    // WHEN
    const problems: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf-8');
      if (realPrivateKeys(text) > 0) { problems.push(`${f}: a private key`); }
      if (JWT.test(text) || scanText(f, text).some(x => x.kind.includes('JWT'))) { problems.push(`${f}: a JWT-shaped token`); }
    }

    // THEN (tests name the PEM header to build broken inputs; only keys that parse count)
    expect(problems).toEqual([]);
  });
});

describe('the secret scanner', () => {
  const key = testClientCertificate().keyPem;
  const token = testToken();
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  test.each([
    ['a PEM private key', key, ['a PEM private key']],
    ['a JWT', `token: ${token}`, ['a JWT-shaped token']],
    ['base64 of a PEM key', `tls.key: ${b64(key)}`, ['base64 of a PEM private key']],
    ['base64 of a JWT', `token: ${b64(token)}`, ['base64 of a JWT-shaped token']],
    ['base64 of a kubeconfig holding base64 of a key', `kubeconfig: ${b64(`users:\n- user:\n    client-key-data: ${b64(key)}\n`)}`, ['base64×2 of a PEM private key']],
    ['base64url of a JWT', `x: ${Buffer.from(token).toString('base64url')}`, ['base64 of a JWT-shaped token']],
  ])('finds %s', (_name, text, kinds) => {
    expect(scanText('f', text).map(f => f.kind)).toEqual(kinds);
  });

  test('finds base64 wrapped over lines, and never reports the material itself', () => {
    // Lines too short to hold a key or a token on their own: only the joined text shows it.
    const wrapped = `data: |\n${b64(key).match(/.{1,16}/g)!.map(l => `  ${l}`).join('\n')}\n`;
    const findings = scanText('f', wrapped);
    expect(findings.map(f => f.kind)).toEqual(['base64 of a PEM private key (across lines)']);
    expect(JSON.stringify(findings)).not.toContain(key.split('\n')[1]);
  });

  test('leaves certificates, manifests and a broken key header alone', () => {
    expect(scanText('ca', TEST_CA_PEM)).toEqual([]);
    expect(scanText('ca', `ca.crt: ${b64(TEST_CA_PEM)}`)).toEqual([]);
    expect(scanText('m', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: istio-reader-service-account-istio-remote-secret-token\n')).toEqual([]);
    expect(realPrivateKeys('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toEqual(0);
    expect(realPrivateKeys(key)).toEqual(1);
    expect(realPrivateKeys(`x: ${b64(key)}`)).toBeGreaterThan(0);
  });
});
