/** A copy of a string map with its keys in code-unit order (locale-independent), for deterministic output. */
export function sortKeys(o: { readonly [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]]));
}
