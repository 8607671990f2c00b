/**
 * age and SOPS helpers for the tests: independent implementations run in a
 * child Node process (both packages are ESM-only): `age-encryption` for keys,
 * `sops-age` to decrypt SOPS files, and the `age` CLI where installed.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** True when the Debian `age` CLI is installed. */
export const HAS_AGE_CLI = spawnSync('age', ['--version']).status === 0;

/** The URL of a package's ESM entry (`dist/index.js` in both packages used here). */
function esm(pkg: string): string {
  return pathToFileURL(path.join(path.dirname(require.resolve(pkg)), 'index.js')).href;
}

function runModule(script: string, input: string, ...args: string[]): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script, ...args], { input, encoding: 'utf-8' });
}

/** A fresh X25519 identity (made by `age-encryption`, generated at test time). */
export function ageIdentity(): { identity: string; recipient: string } {
  const out = runModule(`
    const { generateX25519Identity, identityToRecipient } = await import(process.argv[1]);
    const identity = await generateX25519Identity();
    process.stdout.write(JSON.stringify({ identity, recipient: await identityToRecipient(identity) }));
  `, '', esm('age-encryption'));
  return JSON.parse(out);
}

/** The plaintext of a SOPS YAML file, decrypted by the `sops-age` package with `identity`. */
export function sopsAgeDecrypt(text: string, identity: string): any {
  return sopsAgeDecryptAll([text], identity)[0];
}

/** The plaintexts of several SOPS YAML files, decrypted by `sops-age` in one child process. */
export function sopsAgeDecryptAll(texts: string[], identity: string): any[] {
  const out = runModule(`
    const { decryptSops } = await import(process.argv[1]);
    let input = '';
    for await (const c of process.stdin) { input += c; }
    const { texts, identity } = JSON.parse(input);
    const out = [];
    for (const text of texts) { out.push(await decryptSops(text, { secretKey: identity, fileType: 'yaml' })); }
    process.stdout.write(JSON.stringify(out));
  `, JSON.stringify({ texts, identity }), esm('sops-age'));
  return JSON.parse(out);
}

/** The plaintext of an armored age file, decrypted by the `age` CLI (identity in a 0600 file under `dir`). */
export function ageCliDecrypt(armored: string, identity: string, dir: string): Buffer {
  const keyFile = path.join(dir, 'age-identity.txt');
  fs.writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 });
  return execFileSync('age', ['--decrypt', '--identity', keyFile], { input: armored });
}
