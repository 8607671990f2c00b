/**
 * Decoded `exp` claims by token. Full-mesh endpoint discovery decodes each
 * cluster's token once per reader (N - 1 times); the map is bounded so that a
 * long-running process that synthesizes many apps does not keep every token.
 */
const EXPIRY_CACHE = new Map<string, number | undefined>();
const EXPIRY_CACHE_MAX = 4096;

/** The `exp` claim of a JWT (decoded, never verified; the token is never shown), in ms since the epoch; undefined when it has none. */
export function jwtExpiry(token: unknown): number | undefined {
  if (typeof token !== 'string') { return undefined; }
  if (EXPIRY_CACHE.has(token)) { return EXPIRY_CACHE.get(token); }
  const exp = decodeExpiry(token);
  if (EXPIRY_CACHE.size >= EXPIRY_CACHE_MAX) { EXPIRY_CACHE.clear(); }
  EXPIRY_CACHE.set(token, exp);
  return exp;
}

function decodeExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) { return undefined; }
  try {
    const exp = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf-8'))?.exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
