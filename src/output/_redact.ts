/**
 * The one redactor of every message the library and the CLI print (errors,
 * warnings, notes, `check` output, printed commands): a value that looks like a
 * token (JWT), a PEM block (private keys, certificates), or base64 of either (up
 * to three levels deep, wrapped across lines or not) is replaced by a short form
 * naming its kind and length, such as `[redacted JWT, 812 chars]`.
 */

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;
/** A PEM header without its end (a value cut short): everything after it goes. */
const PEM_OPEN = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*$/;
/** An age identity (X25519 or post-quantum hybrid secret key), in either case. */
export const AGE_SECRET_KEY = /AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]{20,}/i;
const AGE_SECRET_KEY_ALL = new RegExp(AGE_SECRET_KEY.source, 'gi');
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/**
 * A run of base64 (standard or URL alphabet), possibly wrapped (line breaks,
 * `\n` escapes as JSON prints them, indentation) and possibly not aligned to
 * four characters: at least 24 characters.
 */
const BASE64_RUN = /[A-Za-z0-9+/_-](?:[A-Za-z0-9+/_-]|\\n|\r?\n[ \t]*){23,}(?:(?:\\n|\r?\n[ \t]*)?=){0,2}/g;
const MAX_DEPTH = 3;
/** In decoded base64 only: a JWT whose start was cut off (three long base64url segments). */
const CUT_JWT = /[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/;

/** A PEM header or END line, also when a base64 run cut into it lost its first characters. */
const PEM_HEADER = /(?:BEGIN|-----END) ([A-Z0-9 ]*(?:PRIVATE KEY|CERTIFICATE|PUBLIC KEY|KEY)[A-Z0-9 ]*)-----/;

/** What secret `text` holds or encodes (up to `depth` base64 levels), or undefined. */
export function secretKind(text: string, depth = MAX_DEPTH, decoded = false): string | undefined {
  const pem = PEM_HEADER.exec(text);
  if (pem) { return `PEM ${pem[1].toLowerCase()}`; }
  if (new RegExp(JWT.source).test(text) || (decoded && CUT_JWT.test(text))) { return 'JWT'; }
  if (AGE_SECRET_KEY.test(text)) { return 'age secret key'; }
  if (depth === 0) { return undefined; }
  for (const run of text.match(BASE64_RUN) ?? []) {
    const kind = runKind(run, depth);
    if (kind) { return kind; }
  }
  return undefined;
}

/** What a base64 run encodes, trying each of the four alignments (a run cut anywhere). */
function runKind(run: string, depth: number): string | undefined {
  const compact = run.replace(/\\n|\s/g, '').replace(/-/g, '+').replace(/_/g, '/');
  for (let skip = 0; skip < 4 && skip < compact.length; skip++) {
    const part = compact.slice(skip);
    const kind = secretKind(Buffer.from(part.slice(0, part.length - (part.length % 4)), 'base64').toString('latin1'), depth - 1, true);
    if (kind) { return `base64 of a ${kind}`; }
  }
  return undefined;
}

/** `text` with every secret-looking value replaced by `[redacted <kind>, <n> chars]`. */
export function redact(text: string): string {
  if (typeof text !== 'string' || text.length < 24) { return text; }
  let out = text.replace(PEM_BLOCK, (m, label: string) => `[redacted PEM ${label.toLowerCase()}, ${m.length} chars]`);
  out = out.replace(PEM_OPEN, (m, label: string) => `[redacted PEM ${label.toLowerCase()}, ${m.length} chars]`);
  out = out.replace(JWT, m => `[redacted JWT, ${m.length} chars]`);
  out = out.replace(AGE_SECRET_KEY_ALL, m => `[redacted age secret key, ${m.length} chars]`);
  out = out.replace(BASE64_RUN, run => {
    const kind = runKind(run, MAX_DEPTH);
    return kind ? `[redacted ${kind}, ${run.length} chars]` : run;
  });
  return out;
}
