/** Shell quoting of the commands printed for the user to paste. */

/** `s` quoted for a POSIX shell (single quotes) when it holds anything but characters that are safe unquoted. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, '\'\\\'\'')}'`;
}
