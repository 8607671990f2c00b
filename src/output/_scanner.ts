/**
 * The secret scanner of `cdk8s-mesh check` and of the tests (one scanner):
 * PEM private keys, JWT-shaped tokens, and base64 (standard or URL-safe, nested
 * up to three levels, wrapped across lines, cut at any offset) of either.
 * Findings name the kind and where it is, never the material itself.
 */

/** A PEM private key block header (PKCS#8, PKCS#1 RSA, SEC1 EC, encrypted, OpenSSH). */
export const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
/** In decoded base64: a PEM private key whose start was cut off (its header's end, or its END line), and a JWT whose start was. */
const CUT_PEM_PRIVATE_KEY = /BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|-----END (?:[A-Z0-9]+ )*PRIVATE KEY/;
const CUT_JWT = /[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/;
/** An age identity (secret key): `AGE-SECRET-KEY-1…` (`-PQ-1…` for post-quantum hybrids). */
const AGE_SECRET_KEY = /AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]{20,}/i;
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

export function decodedRuns(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(BASE64_RUN) ?? []) {
    const compact = run.replace(/-/g, '+').replace(/_/g, '/');
    // Every alignment: a run cut anywhere (a base64 string inside another one) still decodes at one of four offsets.
    for (let skip = 0; skip < 4 && skip < compact.length; skip++) {
      const part = compact.slice(skip);
      const decoded = Buffer.from(part.slice(0, part.length - (part.length % 4)), 'base64').toString('latin1');
      // Keep decodings that are mostly text: that is where a PEM block or a token would be.
      const printable = decoded.replace(/[^\x20-\x7e\n\r\t]/g, '').length;
      if (decoded.length > 0 && printable / decoded.length > 0.9) {
        out.push(decoded);
      }
    }
  }
  return out;
}

/** The kinds of private material in `text` (empty when none). */
export function secretKinds(text: string, depth = 0): string[] {
  const kinds: string[] = [];
  const prefix = depth === 0 ? '' : `base64${depth > 1 ? `×${depth}` : ''} of `;
  if ((depth === 0 ? PEM_PRIVATE_KEY : CUT_PEM_PRIVATE_KEY).test(text)) { kinds.push(`${prefix}a PEM private key`); }
  if (JWT.test(text) || (depth > 0 && CUT_JWT.test(text))) { kinds.push(`${prefix}a JWT-shaped token`); }
  if (AGE_SECRET_KEY.test(text)) { kinds.push(`${prefix}an age secret key`); }
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

