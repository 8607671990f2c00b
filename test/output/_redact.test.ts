/**
 * The one redactor (src/output/_redact.ts, issue #16): every message shows a
 * token, a private key, a PEM block or base64 of either as a short redacted
 * form. The reproductions of the issue run through the CLI; the catalogue's
 * messages pass through unchanged (no false positives).
 */
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { redact, secretKind } from '../../src/output/_redact';
import { scanText } from '../../src/output/_scanner';
import { ALL_CASES } from '../bad-inputs/catalogue';
import { cdk8sMesh } from '../cli/run';
import { tempDir } from '../util';
import { testToken } from '../util/credentials';

const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const TEST_CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

const MESH = 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata: {name: mesh1}\nspec: {istio: {install: helm}}\n'
  + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Cluster\nmetadata: {name: east}\nspec: {mesh: mesh1, network: n1}\n'
  + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Cluster\nmetadata: {name: west}\nspec:\n  mesh: mesh1\n  network: n1\n  apiServer:\n'
  + `    server: https://west.example.com:6443\n    caData: ${b64(TEST_CA)}\n`;

function synthOf(meshFile: string): { code: number | null; printed: string } {
  const dir = tempDir('cdk8s-mesh-redact-');
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), meshFile);
  const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);
  return { code: r.code, printed: r.stdout + r.stderr };
}

describe('redact', () => {
  test.each([
    ['a JWT', () => testToken(), 'JWT'],
    ['a PEM private key', () => KEY, 'PEM private key'],
    ['base64 of a private key', () => b64(KEY), 'base64 of a PEM private key'],
    ['base64 of base64 of base64 of a private key (3 levels)', () => b64(b64(b64(KEY))), 'base64 of a base64 of a base64 of a PEM private key'],
    ['base64 of a JWT, wrapped at 76 and cut at an odd offset', () => b64(testToken()).slice(3).replace(/(.{76})/g, '$1\n  '), 'base64 of a JWT'],
    ['a JWT folded across lines with JSON escapes', () => JSON.stringify(b64(b64(KEY)).slice(1).replace(/(.{64})/g, '$1\n')).slice(1, -1),
      'base64 of a base64 of a PEM private key'],
  ])('%s becomes a short redacted form naming its kind and length', (_, make, kind) => {
    // GIVEN
    const secret = make();

    // WHEN
    const shown = redact(`value: ${secret} (end)`);

    // THEN
    expect(shown).toMatch(new RegExp(`^value: \\[redacted ${kind}, \\d+ chars\\]\\s*\\(end\\)$`));
    expect(secretKind(shown)).toBeUndefined();
  });

  test('every message of the bad-input catalogue passes through unchanged and holds no secret', () => {
    // GIVEN
    const messages = ALL_CASES.map(c => c.message);

    // WHEN
    const redacted = messages.map(redact);

    // THEN
    expect(redacted).toEqual(messages);
    expect(messages.filter(m => secretKind(m) !== undefined)).toEqual([]);
  });
});

describe('the issue\'s reproductions, through the CLI', () => {
  test('a token in an unknown field is shown redacted', () => {
    const token = testToken();
    const r = synthOf(MESH + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: RemoteAccess\nmetadata: {name: istiod}\n'
      + `spec: {cluster: west, consumer: istio, consumerCluster: east, credentials: {token: ${token}}}\n`);
    expect(r.code).toEqual(1);
    expect(r.printed).not.toContain(token.slice(20, 60));
    expect(r.printed).toContain('[redacted JWT, ');
  });

  test('a token pasted into tokenFile is shown redacted', () => {
    const token = testToken();
    const r = synthOf(MESH + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: RemoteAccess\nmetadata: {name: istiod}\n'
      + `spec: {cluster: west, consumer: istio, consumerCluster: east, credentials: {tokenFile: ${token}}}\n`);
    expect(r.code).toEqual(1);
    expect(r.printed).not.toContain(token.slice(20, 60));
    expect(r.printed).toContain('[redacted JWT, ');
  });

  test('a PEM private key in an unknown field is shown redacted', () => {
    const r = synthOf(MESH.replace('spec: {istio: {install: helm}}', `spec:\n  istio: {install: helm}\n  key: ${JSON.stringify(KEY)}`));
    expect(r.code).toEqual(1);
    expect(r.printed).not.toContain(KEY.split('\n')[1]);
    expect(r.printed).toContain('[redacted PEM private key, ');
  });
});

describe('age secret keys', () => {
  test('an age identity is redacted in a message and found by the scanner', () => {
    // GIVEN: an identity's shape (made up here, not anyone's key)
    const identity = `AGE-SECRET-KEY-1${'Q'.repeat(58)}`;

    // WHEN / THEN
    expect(redact(`bad recipient "${identity}"`)).toEqual(`bad recipient "[redacted age secret key, ${identity.length} chars]"`);
    expect(secretKind(identity)).toEqual('age secret key');
    expect(scanText('f', `key: ${Buffer.from(identity).toString('base64')}`).map(f => f.kind)).toEqual(['base64 of an age secret key']);
  });
});
