/**
 * The one text order of everything the library writes or prints (file order,
 * kustomization resources, lists in messages): an explicit collation, English
 * (ICU's root order), so that the output does not depend on the locale of the
 * process (`LANG`, `LC_ALL`: Danish sorts "aa" after "z", Czech "ch" after "h").
 * It is the order `localeCompare` gave under `LANG=C` or `en_US`, so existing
 * outputs keep their bytes.
 */
const COLLATOR = new Intl.Collator('en');

/** Compares two strings in the library's order. */
export const compareText: (a: string, b: string) => number = COLLATOR.compare;
