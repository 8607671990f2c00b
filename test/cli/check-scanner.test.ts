/**
 * `check`'s secret scanner is the one the tests use (src/output/_scanner.ts) and
 * finds what issue #16 showed it missed: base64 in base64 (a Linkerd credentials
 * Secret holding a client key), wrapped base64, a JWT folded across lines, runs
 * cut at any offset, three levels deep.
 */
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { privateMaterialIn } from '../../src/cli/check/hygiene';
import { testToken } from '../util/credentials';

const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const TEST_CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

test.each([
  ['a Secret whose kubeconfig (base64) holds client-key-data (base64 of the key)', `data:\n  kubeconfig: ${b64(`users:\n- user:\n    client-key-data: ${b64(KEY)}\n`)}\n`,
    ['base64-encoded private key']],
  ['base64 of a key wrapped at 76 characters in a block scalar', `key: |\n  ${b64(KEY).replace(/(.{76})/g, '$1\n  ')}\n`, ['base64-encoded private key']],
  ['a JWT folded across lines', `token: >-\n  ${testToken().replace(/(.{60})/g, '$1\n  ')}\n`, ['token (JWT)']],
  ['base64 three levels deep, cut at an odd offset', `x: ${b64(b64(b64(KEY))).slice(5)}\n`, ['base64-encoded private key']],
  ['a certificate and its base64 (no private material)', `ca.crt: ${b64(TEST_CA)}\n${TEST_CA}`, []],
])('check finds %s', (_, text, found) => {
  // WHEN
  const kinds = privateMaterialIn(text);

  // THEN
  expect(kinds).toEqual(found);
});
