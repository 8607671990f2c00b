/**
 * Leaf-by-leaf comparison of Kubernetes objects.
 *
 * An object is flattened into leaves `path = value`. Map keys are joined with
 * `.` (keys that contain `.` or `/` are written `["key"]`); list items whose
 * elements all carry a distinct `name` are addressed by it (`[name=tls]`), so
 * that order does not matter where Kubernetes merges by name (containers, env,
 * ports, volumes); other lists by index. Empty maps, empty lists and `null`
 * are not leaves: Kubernetes stores them as absent, and Helm charts print
 * `annotations: {}` where a construct prints nothing.
 */

export type Leaves = Map<string, unknown>;

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? `.${k}` : `["${k}"]`;
}

function namedList(list: unknown[]): boolean {
  if (list.length === 0) { return false; }
  const names = new Set<string>();
  for (const item of list) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) { return false; }
    const name = (item as any).name;
    if (typeof name !== 'string' || names.has(name)) { return false; }
    names.add(name);
  }
  return true;
}

/** The leaves of a value, under a path prefix. */
export function leavesOf(value: unknown, prefix = ''): Leaves {
  const out: Leaves = new Map();
  const walk = (v: unknown, p: string) => {
    if (v === null || v === undefined) { return; }
    if (Array.isArray(v)) {
      if (namedList(v)) {
        for (const item of v) { walk(item, `${p}[name=${(item as any).name}]`); }
      } else {
        v.forEach((item, i) => walk(item, `${p}[${i}]`));
      }
      return;
    }
    if (typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        walk(child, `${p}${key(k)}`);
      }
      return;
    }
    out.set(p.startsWith('.') ? p.slice(1) : p, v);
  };
  walk(value, prefix);
  return out;
}

/** One difference between upstream's object and ours. */
export interface LeafDiff {
  /** `changed`: both have the leaf with other values; `missing`: only upstream has it; `extra`: only ours. */
  readonly kind: 'changed' | 'missing' | 'extra';
  readonly path: string;
  readonly upstream?: unknown;
  readonly ours?: unknown;
}

/** The result of comparing one object. */
export interface ObjectComparison {
  readonly leaves: number;
  readonly equal: number;
  readonly diffs: LeafDiff[];
}

/** Compares two objects leaf by leaf (the Helm `# Source` comments are not part of an object). */
export function compareObjects(upstream: unknown, ours: unknown): ObjectComparison {
  const u = leavesOf(upstream);
  const o = leavesOf(ours);
  const diffs: LeafDiff[] = [];
  let equal = 0;
  for (const [p, uv] of u) {
    if (!o.has(p)) {
      diffs.push({ kind: 'missing', path: p, upstream: uv });
    } else if (JSON.stringify(o.get(p)) === JSON.stringify(uv)) {
      equal++;
    } else {
      diffs.push({ kind: 'changed', path: p, upstream: uv, ours: o.get(p) });
    }
  }
  for (const [p, ov] of o) {
    if (!u.has(p)) { diffs.push({ kind: 'extra', path: p, ours: ov }); }
  }
  return { leaves: u.size + [...o.keys()].filter(p => !u.has(p)).length, equal, diffs };
}

/** `Kind/name` (and namespace) of an object, the key objects are matched by. */
export function objectId(o: any): string {
  return `${o.kind}/${o.metadata?.name}`;
}
