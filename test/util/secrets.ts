/**
 * Finds private material in text: PEM private keys, JWT-shaped tokens, and
 * base64 (standard or URL-safe, nested up to three levels) of either. Findings
 * name the kind and where it is, never the material itself.
 */
import { createPrivateKey } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export { JWT, PEM_PRIVATE_KEY, scanText, secretKinds, type SecretFinding } from '../../src/output/_scanner';
import { decodedRuns, PEM_PRIVATE_KEY, scanText, type SecretFinding } from '../../src/output/_scanner';

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
