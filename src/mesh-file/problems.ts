/**
 * Errors and warnings about a mesh file. Every problem names the file and the
 * position, the document (`Kind/name`), the field path, the value received and
 * what is expected, in the library's message format:
 *
 *   mesh.yaml:12:12 Cluster/east: 'spec.network' ("Net_1") must be a DNS-1123 label (...)
 */
import { invalid } from '../core/_validation';

/** How bad a problem is. */
export type Severity = 'error' | 'warning';

/** A position in a file, 1-based. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** One error or warning about a mesh file. */
export interface MeshFileProblem {
  readonly severity: Severity;
  /** The file, as the user named it. */
  readonly file: string;
  readonly position?: Position;
  /** The document, as `Kind/name` (or `document <n>` when it has no usable kind). */
  readonly document?: string;
  /** The field path, such as `spec.discoverySelectors[0].matchLabels`. */
  readonly field?: string;
  /** The value received (only shown when `field` is set). */
  readonly value?: unknown;
  /** What is wrong or expected. */
  readonly message: string;
  /**
   * The whole line, when it was produced elsewhere in the library's message
   * format (a construct's check run on a mesh-file value).
   */
  readonly raw?: string;
}

/** Formats a problem as one line (without the `error:` / `warning:` prefix). */
export function formatProblem(p: MeshFileProblem): string {
  if (p.raw !== undefined) { return p.raw; }
  const pos = p.position ? `${p.file}:${p.position.line}:${p.position.col}` : p.file;
  const where = p.document ? `${pos} ${p.document}` : pos;
  return p.field !== undefined ? invalid(where, p.field, p.value, p.message) : `${where}: ${p.message}`;
}

/** Sorts problems by file position (stable for equal positions). */
export function sortProblems(problems: MeshFileProblem[]): MeshFileProblem[] {
  const key = (p: MeshFileProblem) => (p.position ? p.position.line * 100000 + p.position.col : 0);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => key(a.p) - key(b.p) || a.i - b.i).map(x => x.p);
}

/** Thrown when a mesh file has errors: carries all of them, and the warnings found so far. */
export class MeshFileError extends Error {
  constructor(
    public readonly errors: MeshFileProblem[],
    public readonly warnings: MeshFileProblem[] = [],
    /**
     * What could be read despite the errors (the documents without errors),
     * so that later stages can report their problems in the same run.
     */
    public readonly partial?: unknown,
  ) {
    super(errors.map(formatProblem).join('\n'));
    this.name = 'MeshFileError';
  }
}

/** Renders a field path (`['spec', 'selectors', 0, 'key']`) as `spec.selectors[0].key`. */
export function fieldPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
    } else {
      out += out === '' ? seg : `.${seg}`;
    }
  }
  return out;
}

/** Edit distance between two strings (for "did you mean"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) { d[0][j] = j; }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The known name closest to `name`, when it is close enough to be a typo: the
 * same name in another case, or at most 1 edit for short names, 2 for names of
 * 5 to 9 characters and 3 for longer ones.
 */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = known.find(k => k.toLowerCase() === lower);
  if (sameCase) { return sameCase; }
  const limit = name.length < 5 ? 1 : name.length < 10 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = editDistance(lower, k.toLowerCase());
    if (dist <= limit && dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}
