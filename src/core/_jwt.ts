/** The `exp` claim of a JWT (decoded, never verified; the token is never shown), in ms since the epoch; undefined when it has none. */
export function jwtExpiry(token: unknown): number | undefined {
  if (typeof token !== 'string') { return undefined; }
  const parts = token.split('.');
  if (parts.length !== 3) { return undefined; }
  try {
    const exp = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf-8'))?.exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
