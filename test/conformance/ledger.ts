/**
 * The ledger of a conformance run: every comparison and check, matched against
 * the reviewed deviation table. A difference that no entry covers is new and
 * fails the run; an entry that covers nothing is stale and fails the run too,
 * so the table says exactly what differs.
 */
import { DEVIATIONS, Deviation, DiffKind } from './deviations';
import { LeafDiff, ObjectComparison } from './leaves';
import { inRange } from './upstream';

export type Area = 'istio' | 'linkerd' | 'kiali' | 'kustomize' | 'schemas' | 'gitops';

/** Where a finding was made. */
export interface Site {
  readonly area: Area;
  /** What upstream side was rendered or read: a chart, a sample file, a Makefile. */
  readonly chart: string;
  readonly version: string;
  /** The mesh (or input) of ours that was compared. */
  readonly case: string;
  /** `Kind/name` of the object, or a check's subject. */
  readonly object: string;
}

/** A finding: a difference, a failed render or a failed check. */
export interface Finding extends Site {
  readonly diff: DiffKind;
  readonly path: string;
  readonly upstream?: unknown;
  readonly ours?: unknown;
  readonly message?: string;
}

interface Row {
  area: Area;
  chart: string;
  version: string;
  objects: number;
  leaves: number;
  equal: number;
  documented: number;
  open: number;
  undocumented: number;
}

/** Glob match: `*` is any text, `@(a|b)` one of the alternatives; everything else literal. */
export function glob(pattern: string, value: string): boolean {
  const lit = (t: string) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  let re = '';
  for (let i = 0; i < pattern.length;) {
    if (pattern.startsWith('@(', i)) {
      const end = pattern.indexOf(')', i);
      re += '(?:' + pattern.slice(i + 2, end).split('|').map(a => a.split('*').map(lit).join('.*')).join('|') + ')';
      i = end + 1;
    } else if (pattern[i] === '*') {
      re += '.*';
      i++;
    } else {
      re += lit(pattern[i]);
      i++;
    }
  }
  return new RegExp(`^${re}$`).test(value);
}

export function covers(d: Deviation, f: Finding): boolean {
  return d.area === f.area && glob(d.chart, f.chart) && inRange(f.version, d.versions)
    && glob(d.case ?? '*', f.case) && glob(d.object, f.object) && glob(d.path, f.path)
    && (typeof d.diff === 'string' ? d.diff === f.diff : d.diff.includes(f.diff));
}

export class Ledger {
  private readonly rows = new Map<string, Row>();
  public readonly undocumented: Finding[] = [];
  private readonly used = new Map<Deviation, number>();

  constructor(private readonly deviations: readonly Deviation[] = DEVIATIONS) {}

  private row(s: Site): Row {
    const k = `${s.area}\u0000${s.chart}\u0000${s.version}`;
    let r = this.rows.get(k);
    if (!r) {
      r = { area: s.area, chart: s.chart, version: s.version, objects: 0, leaves: 0, equal: 0, documented: 0, open: 0, undocumented: 0 };
      this.rows.set(k, r);
    }
    return r;
  }

  /** Classifies one finding against the deviation table. */
  private classify(f: Finding, r: Row): void {
    const d = this.deviations.find(x => covers(x, f));
    if (!d) {
      r.undocumented++;
      this.undocumented.push(f);
      return;
    }
    this.used.set(d, (this.used.get(d) ?? 0) + 1);
    if (d.status === 'open') { r.open++; } else { r.documented++; }
  }

  /** Records a leaf-by-leaf comparison of one object. */
  public compared(s: Site, c: ObjectComparison): void {
    const r = this.row(s);
    r.objects++;
    r.leaves += c.leaves;
    r.equal += c.equal;
    for (const d of c.diffs) { this.classify(this.finding(s, d), r); }
  }

  private finding(s: Site, d: LeafDiff): Finding {
    return { ...s, diff: d.kind, path: d.path, upstream: d.upstream, ours: d.ours };
  }

  /** Records an object that only one side has. */
  public unmatched(s: Site, side: 'missing' | 'extra'): void {
    const r = this.row(s);
    r.objects++;
    r.leaves++;
    this.classify({ ...s, diff: side, path: '(object)' }, r);
  }

  /** Records a check (one leaf): passed, or failed with a message. */
  public check(s: Site, name: string, passed: boolean, message?: string): void {
    const r = this.row(s);
    r.leaves++;
    if (passed) {
      r.equal++;
    } else {
      this.classify({ ...s, diff: 'check-fails', path: name, message }, r);
    }
  }

  /** Records a render that failed (counted as one object). */
  public renderFailed(s: Site, message: string): void {
    const r = this.row(s);
    r.objects++;
    r.leaves++;
    this.classify({ ...s, diff: 'render-fails', path: '(render)', message }, r);
  }

  /** Counts an object as compared without leaf comparison (a render that succeeded). */
  public rendered(s: Site): void {
    this.row(s).objects++;
  }

  public allRows(): Row[] {
    return [...this.rows.values()].sort((a, b) => a.area.localeCompare(b.area) || a.chart.localeCompare(b.chart)
      || a.version.localeCompare(b.version, 'en', { numeric: true }));
  }

  /** Entries of the table that matched nothing in this run (restricted to the areas that ran). */
  public stale(areasRun: Set<Area>): Deviation[] {
    return this.deviations.filter(d => areasRun.has(d.area) && !this.used.has(d));
  }

  public openDeviations(): Deviation[] {
    return this.deviations.filter(d => d.status === 'open' && this.used.has(d));
  }

  public uses(d: Deviation): number {
    return this.used.get(d) ?? 0;
  }
}
