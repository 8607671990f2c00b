import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { buildName, buildTbs, KEY_USAGE, randomSerial, signCertificate, spkiDer } from '../../src/pki/_x509';
import { tempDir } from '../util';
import { cdk8sMesh } from './run';
import { ageIdentity } from '../util/age';

const RECIPIENT = ageIdentity().recipient;

function meshFile(delivery: string): string {
  return `apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata:
  name: mesh1
spec:
  trustRoot: {algorithm: ECDSA_P256}
  secretDelivery: ${delivery}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: east
spec: {network: n1}
`;
}

/** A directory with mesh.yaml synthesized into dist/ and .mesh-keys/. */
function synthesized(delivery = `{sops: {ageRecipients: [${RECIPIENT}]}}`, files: Record<string, string> = {}): string {
  const dir = tempDir('cdk8s-mesh-check-secrets-');
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), meshFile(delivery));
  for (const [f, text] of Object.entries(files)) { fs.writeFileSync(path.join(dir, f), text); }
  const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);
  if (r.code !== 0) { throw new Error(r.stderr); }
  return dir;
}

const SOPS_FILE = 'dist/east/secret.istio-system.cacerts.sops.yaml';

function edit(dir: string, file: string, change: (doc: any) => void): void {
  const doc = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
  change(doc);
  fs.writeFileSync(path.join(dir, file), YAML.stringify(doc));
}

function group(stdout: string, name: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(name);
  const end = lines.findIndex((l, i) => i > start + 1 && l === '');
  return lines.slice(start + 2, end);
}

describe('check: secret delivery', () => {
  test('a SOPS tree passes: every SOPS file verifies its MAC with the key store\'s data key and decrypts to the key-store Secret', () => {
    // GIVEN
    const dir = synthesized();

    // WHEN
    const r = cdk8sMesh(dir, ['check', 'dist']);

    // THEN
    expect(r.code).toBe(0);
    expect(group(r.stdout, 'secret delivery')).toEqual([
      '✓ east: secret.istio-system.cacerts.sops.yaml (SOPS): MAC verified; decrypts to the key-store Secret (east/secret.istio-system.cacerts.yaml)',
    ]);
    expect(group(r.stdout, 'schemas')).toEqual(['✓ east: 3 objects valid against their upstream schemas']);
  });

  test('a plaintext value in a SOPS file fails, without printing it', () => {
    // GIVEN
    const dir = synthesized();
    edit(dir, SOPS_FILE, doc => { doc.data['ca-cert.pem'] = Buffer.from('plain').toString('base64'); });

    // WHEN
    const r = cdk8sMesh(dir, ['check', 'dist']);

    // THEN
    expect(r.code).toBe(1);
    expect(group(r.stdout, 'secret delivery')).toEqual([
      '✗ east: secret.istio-system.cacerts.sops.yaml (SOPS) holds 1 value in plain text next to its encrypted ones',
      '    data.ca-cert.pem',
      '    the file is committed: treat these values as exposed, replace them, and synthesize again',
    ]);
    expect(r.stdout).not.toContain(Buffer.from('plain').toString('base64'));
  });

  test('a SOPS file changed after synth fails its MAC', () => {
    // GIVEN
    const dir = synthesized();
    edit(dir, SOPS_FILE, doc => { doc.metadata.labels = { changed: 'yes' }; });

    // WHEN
    const r = cdk8sMesh(dir, ['check', 'dist']);

    // THEN
    expect(r.code).toBe(1);
    expect(group(r.stdout, 'secret delivery')[0]).toEqual('✗ east: secret.istio-system.cacerts.sops.yaml (SOPS) does not decrypt with the key store\'s data key, '
      + 'or its MAC does not match: it was changed after synth, or made with another key');
  });

  test('a plain Secret next to its SOPS form fails', () => {
    // GIVEN
    const dir = synthesized();
    fs.copyFileSync(path.join(dir, '.mesh-keys/east/secret.istio-system.cacerts.yaml'), path.join(dir, 'dist/east/secret.istio-system.cacerts.yaml'));
    edit(dir, 'dist/east/kustomization.yaml', k => { k.resources.push('secret.istio-system.cacerts.yaml'); });

    // WHEN
    const r = cdk8sMesh(dir, ['check', 'dist']);

    // THEN
    expect(r.code).toBe(1);
    expect(group(r.stdout, 'secret delivery')).toContain('✗ east: Secret istio-system/cacerts is in the tree in plain text (secret.istio-system.cacerts.yaml) '
      + 'next to its SOPS form (secret.istio-system.cacerts.sops.yaml)');
  });

  test('a SealedSecret tree passes its schema; plain text in the SealedSecret\'s template fails', () => {
    // GIVEN
    const cert = controllerCertificate();
    const synthDir = synthesized('{sealedSecrets: {certificateFile: sealed.pem}}', { 'sealed.pem': cert });

    // WHEN
    const before = cdk8sMesh(synthDir, ['check', 'dist']);
    edit(synthDir, 'dist/east/sealedsecret.istio-system.cacerts.yaml', s => { s.spec.template.data = { 'ca-key.pem': 'cGxhaW4=' }; });
    const after = cdk8sMesh(synthDir, ['check', 'dist']);

    // THEN
    expect(before.code).toBe(0);
    expect(group(before.stdout, 'secret delivery')).toEqual(['✓ east: 1 SealedSecret']);
    expect(after.code).toBe(1);
    expect(group(after.stdout, 'secret delivery')).toEqual([
      '✗ east: sealedsecret.istio-system.cacerts.yaml (SealedSecret istio-system/cacerts) holds values that are not sealed',
      '    spec.template.data: plain text in the template',
      '✓ east: 1 SealedSecret',
    ]);
  });

  test('--warn-days widens the certificate window and prints the renewal steps', () => {
    // GIVEN
    const dir = synthesized();

    // WHEN
    const r = cdk8sMesh(dir, ['check', 'dist', '--warn-days', '400']);

    // THEN
    expect(r.code).toBe(0);
    expect(group(r.stdout, 'certificates')).toEqual([
      '‼ east: cacerts (east/secret.istio-system.cacerts.yaml): chain verifies, key matches; the intermediate expires in 364 days, the root expires in 3649 days',
      '    renew the intermediate: cdk8s-mesh synth (with the same key store .mesh-keys) re-issues it in the last third of its validity',
      '    then deliver the new cacerts: apply east/secret.istio-system.cacerts.yaml from the key store, or commit the re-synthesized tree when secretDelivery encrypts it',
    ]);
  });
});

/** A Sealed Secrets controller's certificate (RSA, self-signed), made at test time. */
function controllerCertificate(): string {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = buildName([{ type: 'CN', value: 'sealed-secret' }]);
  return signCertificate(buildTbs({
    serialNumber: randomSerial(),
    subject: name,
    issuer: name,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    publicKeySpki: spkiDer(publicKey),
    issuerKeyType: 'rsa',
    keyUsage: KEY_USAGE.ISTIO_RSA,
  }), privateKey);
}
