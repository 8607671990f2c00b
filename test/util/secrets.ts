/**
 * Finds private material in text: PEM private keys, JWT-shaped tokens, and
 * base64 (standard or URL-safe, nested up to three levels) of either. Findings
 * name the kind and where it is, never the material itself.
 */
import { createPrivateKey } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A PEM private key block header (PKCS#8, PKCS#1 RSA, SEC1 EC, encrypted, OpenSSH). */
export const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
/** A JWT: three base64url parts, the first a JSON object (`{"` is `eyJ` in base64url). */
export const JWT = /eyJ[A-Za-z0-9_-]{4,}={0,2}\.[A-Za-z0-9_-]{4,}={0,2}\.[A-Za-z0-9_-]{4,}={0,2}/;
/** Runs long enough to hide a key or a token in base64 (a JWT header alone is about 20 characters). */
const BASE64_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;

/** One finding: what was found and where (file and line), never the material. */
export interface SecretFinding {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
}

function decodedRuns(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(BASE64_RUN) ?? []) {
    const decoded = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
    // Keep decodings that are mostly text: that is where a PEM block or a token would be.
    const printable = decoded.replace(/[^\x20-\x7e\n\r\t]/g, '').length;
    if (decoded.length > 0 && printable / decoded.length > 0.9) {
      out.push(decoded);
    }
  }
  return out;
}

/** The kinds of private material in `text` (empty when none). */
export function secretKinds(text: string, depth = 0): string[] {
  const kinds: string[] = [];
  const prefix = depth === 0 ? '' : `base64${depth > 1 ? `×${depth}` : ''} of `;
  if (PEM_PRIVATE_KEY.test(text)) { kinds.push(`${prefix}a PEM private key`); }
  if (JWT.test(text)) { kinds.push(`${prefix}a JWT-shaped token`); }
  if (depth < 3) {
    for (const decoded of decodedRuns(text)) {
      kinds.push(...secretKinds(decoded, depth + 1));
    }
  }
  return [...new Set(kinds)];
}

/** Private material in the text of `file`, line by line (block scalars are joined first, so a wrapped PEM or base64 is found too). */
export function scanText(file: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    for (const kind of secretKinds(l)) {
      findings.push({ file, line: i + 1, kind });
    }
  });
  // Base64 wrapped over several lines (PEM bodies, `base64 -w 76`): scan the text with line breaks removed.
  const joined = text.replace(/\s+/g, '');
  if (findings.length === 0) {
    for (const kind of secretKinds(joined)) {
      findings.push({ file, line: 0, kind: `${kind} (across lines)` });
    }
  }
  return findings;
}

/** Private material in every file below `dir` (relative paths in the findings). */
export function scanTree(dir: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else {
        findings.push(...scanText(path.relative(dir, p), fs.readFileSync(p, 'utf-8')));
      }
    }
  };
  if (fs.existsSync(dir)) { walk(dir); }
  return findings;
}

/** `findings` as lines for an assertion message. */
export function describeFindings(findings: SecretFinding[]): string[] {
  return findings.map(f => `${f.file}${f.line ? `:${f.line}` : ''}: ${f.kind}`);
}

/**
 * Files of `files` (path → text) that hold one of `secrets` as it is, in
 * base64, or in base64url (the scan above finds shapes; this finds the exact
 * values a test made).
 */
export function filesHolding(files: Record<string, string>, secrets: string[]): string[] {
  const forms = secrets.flatMap(s => [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url')]);
  // A PEM key also counts when only its body is there (re-wrapped or unwrapped).
  const bodies = secrets.filter(s => PEM_PRIVATE_KEY.test(s)).map(s => s.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')).map(b => b.slice(0, 64));
  return Object.keys(files).filter(f => {
    const text = files[f];
    const flat = text.replace(/\s+/g, '');
    return forms.some(x => text.includes(x)) || bodies.some(b => flat.includes(b));
  });
}

const PEM_KEY_BLOCK = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

/**
 * The PEM private-key blocks in `text` (and in base64 inside it, nested up to
 * three levels) that are real keys: Node reads them, or they are encrypted
 * keys. A header around junk (a test's broken input) is not one.
 */
export function realPrivateKeys(text: string, depth = 0): number {
  let n = 0;
  for (const block of text.match(PEM_KEY_BLOCK) ?? []) {
    try {
      createPrivateKey(block);
      n++;
    } catch (e: any) {
      if (e?.code === 'ERR_MISSING_PASSPHRASE' || /passphrase/i.test(String(e?.message))) { n++; }
    }
  }
  if (depth < 3) {
    for (const decoded of decodedRuns(text.replace(/\s+/g, '')).concat(decodedRuns(text))) {
      n += realPrivateKeys(decoded, depth + 1);
    }
  }
  return n;
}
