/**
 * src/access/credential.ts: what a Credential reads (once, when resolved), the
 * JWT shape check and the expiry warning. The messages for a bad credential are
 * in the bad-input catalogue (cases/remote-access.ts); no test shows a token.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Credential } from '../../src';
import { isJwtShaped, resolveCredentialProp, tokenExpiryWarning } from '../../src/access/credential';
import { tempDir } from '../util';
import { testClientCertificate, testToken, writeTempFile } from '../util/credentials';

const DAY = 86_400_000;

/** A JWT-shaped token whose `exp` is `at`. */
function tokenExpiringAt(at: Date): string {
  const b64 = (x: string) => Buffer.from(x).toString('base64url');
  return `${b64('{"alg":"RS256"}')}.${b64(JSON.stringify({ exp: Math.floor(at.getTime() / 1000) }))}.${b64('signature')}`;
}

describe('Credential', () => {
  test('fromTokenFile: the token, trimmed; the source names the file, never the token', () => {
    // GIVEN a token file with a trailing newline
    const token = testToken();
    const file = writeTempFile('reader.token', `${token}\n`);

    // WHEN
    const c = Credential.fromTokenFile(file);

    // THEN
    expect(c.source).toEqual(`token file ${file}`);
    expect(c._resolve('east/Istiod', 'credential')).toEqual({ token });
  });

  test('a credential is read once: a second resolve does not read the file again', () => {
    // GIVEN a resolved token file
    const file = writeTempFile('reader.token', testToken());
    const c = Credential.fromTokenFile(file);
    const first = c._resolve('east/Istiod', 'credential');

    // WHEN the file goes away
    fs.unlinkSync(file);

    // THEN the second resolve gives the same token
    expect(c._resolve('west/Istiod', 'credential')).toBe(first);
  });

  test('fromEnv: the variable is read when resolved, not when made', () => {
    const token = testToken();
    delete process.env.TEST_CREDENTIAL_TOKEN;
    const c = Credential.fromEnv('TEST_CREDENTIAL_TOKEN');
    process.env.TEST_CREDENTIAL_TOKEN = ` ${token} `;
    try {
      expect(c.source).toEqual('environment variable TEST_CREDENTIAL_TOKEN');
      expect(c._resolve('east/Istiod', 'credential')).toEqual({ token });
    } finally {
      delete process.env.TEST_CREDENTIAL_TOKEN;
    }
  });

  test('fromClientCertificate: PEM files, each ending with a newline', () => {
    // GIVEN a certificate and key written without final newlines
    const { certificatePem, keyPem } = testClientCertificate();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'c.crt'), certificatePem.trimEnd());
    fs.writeFileSync(path.join(dir, 'c.key'), keyPem.trimEnd(), { mode: 0o600 });

    // WHEN
    const c = Credential.fromClientCertificate({ certificateFile: path.join(dir, 'c.crt'), keyFile: path.join(dir, 'c.key') });

    // THEN
    expect(c.source).toEqual(`client certificate ${path.join(dir, 'c.crt')}`);
    expect(c._resolve('east/Istiod', 'credential')).toEqual({ certificatePem, keyPem });
  });

  test('fromClientCertificate: a kubeconfig user with inline data, its context chosen', () => {
    // GIVEN a kubeconfig whose context "proxy" has a user with client-certificate-data and client-key-data
    const { certificatePem, keyPem } = testClientCertificate('proxy-user');
    const b64 = (x: string) => Buffer.from(x).toString('base64');
    const kubeconfig = writeTempFile('kubeconfig.yaml', [
      'apiVersion: v1', 'kind: Config', 'current-context: other',
      'clusters: [{name: c, cluster: {server: "https://proxy.example.com"}}]',
      'contexts: [{name: other, context: {cluster: c, user: nobody}}, {name: proxy, context: {cluster: c, user: proxy-user}}]',
      `users: [{name: nobody, user: {token: not-read}}, {name: proxy-user, user: {client-certificate-data: ${b64(certificatePem)}, client-key-data: ${b64(keyPem)}}}]`,
      '',
    ].join('\n'));

    // WHEN
    const c = Credential.fromClientCertificate({ kubeconfig, context: 'proxy' });

    // THEN
    expect(c.source).toEqual(`client certificate of kubeconfig ${kubeconfig}`);
    expect(c._resolve('east/Istiod', 'credential')).toEqual({ certificatePem, keyPem });
  });

  test.each([
    ['an empty token file', () => Credential.fromTokenFile(writeTempFile('empty.token', '\n'))],
    ['a token file that is not a JWT', () => Credential.fromTokenFile(writeTempFile('plain.token', 'not-a-jwt'))],
    ['a variable that is not set', () => { delete process.env.TEST_UNSET_CREDENTIAL; return Credential.fromEnv('TEST_UNSET_CREDENTIAL'); }],
    ['a certificate without its key', () => Credential.fromClientCertificate({ certificateFile: writeTempFile('c.crt', testClientCertificate().certificatePem) })],
    ['a key of another certificate', () => {
      const a = testClientCertificate();
      const b = testClientCertificate();
      return Credential.fromClientCertificate({ certificateFile: writeTempFile('a.crt', a.certificatePem), keyFile: writeTempFile('b.key', b.keyPem) });
    }],
  ])('%s is refused when resolved', (_name, make) => {
    const c = make();
    expect(() => c._resolve('east/Istiod', 'credential')).toThrow(Error);
  });
});

describe('resolveCredentialProp', () => {
  test('no credential: undefined; a credential for a cluster with a known API server: resolved', () => {
    const token = testToken();
    expect(resolveCredentialProp('east/Istiod', undefined, 'west', undefined)).toBeUndefined();
    expect(resolveCredentialProp('east/Istiod', Credential.fromTokenFile(writeTempFile('t', token)), 'west', { server: 'https://west.example.com' }))
      .toEqual({ token });
  });

  test('a credential for a cluster without API-server settings, or a value that is not a Credential, is refused', () => {
    const c = Credential.fromTokenFile(writeTempFile('t', testToken()));
    expect(() => resolveCredentialProp('east/Istiod', c, 'west', undefined)).toThrow(Error);
    expect(() => resolveCredentialProp('east/Istiod', { token: 'x' }, 'west', { server: 'https://west.example.com' })).toThrow(Error);
  });
});

describe('isJwtShaped', () => {
  test('three base64url parts whose first is a JSON object', () => {
    expect(isJwtShaped(testToken())).toBe(true);
    expect(isJwtShaped('a.b')).toBe(false);
    expect(isJwtShaped('a.b.c.d')).toBe(false);
    expect(isJwtShaped(`${Buffer.from('[1]').toString('base64url')}.e30.c2ln`)).toBe(false);
    expect(isJwtShaped(`${Buffer.from('null').toString('base64url')}.e30.c2ln`)).toBe(false);
    expect(isJwtShaped('not json.e30.c2ln')).toBe(false);
  });
});

describe('tokenExpiryWarning', () => {
  const now = new Date('2030-01-01T00:00:00Z');

  test('no warning without a token, for a token without exp, or expiring after the warning window', () => {
    expect(tokenExpiryWarning(undefined, 'west', now)).toBeUndefined();
    expect(tokenExpiryWarning(testToken(), 'west', now)).toBeUndefined();
    expect(tokenExpiryWarning(tokenExpiringAt(new Date(now.getTime() + 31 * DAY)), 'west', now)).toBeUndefined();
  });

  test('a warning inside the window (30 days, or the app\'s), naming the cluster, the days left and the date', () => {
    const soon = tokenExpiringAt(new Date(now.getTime() + 10 * DAY + 3600_000));
    const warning = tokenExpiryWarning(soon, 'west', now)!;
    expect(warning).toContain('"west"');
    expect(warning).toContain('in 10 days (2030-01-11)');
    expect(tokenExpiryWarning(tokenExpiringAt(new Date(now.getTime() + DAY + 60_000)), 'west', now)).toContain('in 1 day (');
    expect(tokenExpiryWarning(soon, 'west', now, 7)).toBeUndefined();
  });

  test('an expired token: its date, and never the token', () => {
    const expired = tokenExpiringAt(new Date(now.getTime() - DAY));
    const warning = tokenExpiryWarning(expired, 'west', now)!;
    expect(warning).toContain('expired on 2029-12-31');
    expect(warning).not.toContain(expired);
  });
});
