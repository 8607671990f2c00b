/**
 * age (https://age-encryption.org/v1) for SOPS data keys.
 *
 * The encryption is done by the `age-encryption` package (the reference
 * TypeScript implementation by age's author). It is ESM-only and its API is
 * asynchronous, while a cdk8s synth is synchronous and this package is
 * CommonJS (jsii): so it runs in a short-lived child Node process
 * (`execFileSync`), once per synth at most, and only when a new data key is
 * made (a first synth or a change of recipients). The data key goes to the
 * child on stdin, never on its command line.
 */
import { execFileSync } from 'child_process';
import { pathToFileURL } from 'url';

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/* eslint-disable no-bitwise */
function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) { chk ^= GENERATOR[i]; }
    }
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  return [...[...hrp].map(c => c.charCodeAt(0) >>> 5), 0, ...[...hrp].map(c => c.charCodeAt(0) & 31)];
}

/** The payload of a Bech32 (BIP 173, not Bech32m) string with human-readable part `hrp`, or undefined. */
export function bech32Decode(text: string, hrp: string): Buffer | undefined {
  const s = text.toLowerCase();
  if (s !== text && text.toUpperCase() !== text) { return undefined; }
  const sep = s.lastIndexOf('1');
  if (sep < 1 || s.slice(0, sep) !== hrp || s.length - sep - 1 < 6) { return undefined; }
  const data: number[] = [];
  for (const c of s.slice(sep + 1)) {
    const v = BECH32_CHARSET.indexOf(c);
    if (v < 0) { return undefined; }
    data.push(v);
  }
  if (polymod([...hrpExpand(hrp), ...data]) !== 1) { return undefined; }
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const v of data.slice(0, -6)) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  if (bits >= 5 || ((acc << (8 - bits)) & 0xff) !== 0) { return undefined; }
  return Buffer.from(out);
}
/* eslint-enable no-bitwise */

/** True when `s` is an age X25519 recipient (`age1` + Bech32 of a 32-byte public key), the kind SOPS accepts. */
export function isAgeX25519Recipient(s: unknown): s is string {
  return typeof s === 'string' && s.startsWith('age1') && bech32Decode(s, 'age')?.length === 32;
}

const CHILD = `
const { Encrypter, armor } = await import(process.argv[1]);
let input = '';
for await (const chunk of process.stdin) { input += chunk; }
const { recipients, key } = JSON.parse(input);
const out = [];
for (const r of recipients) {
  const e = new Encrypter();
  e.addRecipient(r);
  out.push(armor.encode(await e.encrypt(Buffer.from(key, 'base64'))));
}
process.stdout.write(JSON.stringify(out));
`;

/**
 * Encrypts `fileKey` once for each recipient, as an ASCII-armored age file
 * (what SOPS stores in `sops.age[].enc`), in the order of `recipients`.
 */
export function ageEncryptEach(recipients: string[], fileKey: Buffer): string[] {
  const module = pathToFileURL(require.resolve('age-encryption')).href;
  let out: string;
  try {
    out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, module], {
      input: JSON.stringify({ recipients, key: fileKey.toString('base64') }),
      encoding: 'utf-8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: unknown; message?: unknown } | undefined;
    const detail = String(err?.stderr ?? err?.message ?? e).split('\n').find(l => /Error/.test(l)) ?? 'unknown error';
    throw new Error(`secretDelivery (SOPS): age encryption of the data key failed: ${detail.trim()}`);
  }
  const armored = JSON.parse(out) as string[];
  if (!Array.isArray(armored) || armored.length !== recipients.length) {
    throw new Error('secretDelivery (SOPS): age encryption of the data key returned no result');
  }
  return armored;
}
