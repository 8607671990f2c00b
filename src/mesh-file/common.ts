/**
 * Shared pieces of the mesh-file reader: the problem collector, the registry of
 * declared names, and field checks used by both the native and the ristioctl
 * readers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Origin } from './model';
import { MeshFileProblem } from './problems';
import { NATIVE_API_VERSION, RISTIOCTL_API_VERSION } from './schema';
import { TypedDocument } from './validate';
import { ApiServer } from '../access/api-server';
import { isJsonObject } from '../core/_json';
import { LabelSelectorConfig, renderLabelSelector } from '../core/label-selector';
import { parseIstioVersion, sailServedRanges, sailServes } from '../istio/version';

/** A field path inside a document. */
export type Path = (string | number)[];

/** Collects problems while reading a file. */
export class Problems {
  public readonly errors: MeshFileProblem[] = [];
  public readonly warnings: MeshFileProblem[] = [];

  public add(p: MeshFileProblem): void {
    (p.severity === 'error' ? this.errors : this.warnings).push(p);
  }

  public error(origin: Origin, at: Path, value: unknown, message: string, field: string = fieldOf(at)): void {
    this.add(origin.problem('error', at, field, value, message));
  }

  public warn(origin: Origin, at: Path, value: unknown, message: string, field: string = fieldOf(at)): void {
    this.add(origin.problem('warning', at, field, value, message));
  }
}

export function fieldOf(at: Path): string {
  let out = '';
  for (const seg of at) {
    out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out;
}

/**
 * The names declared in the file, per category, to detect duplicates, mixed
 * ristioctl/native descriptions of one cluster or mesh, and references to
 * undeclared ones (even when the declaring document has other errors).
 */
export class NameRegistry {
  private readonly byCategory = new Map<string, Map<string, Origin>>();

  constructor(private readonly problems: Problems) {}

  /** Records a document's name (and, for a ristioctl Certificate, its mesh ID). */
  public register(typed: TypedDocument, origin: Origin): void {
    const name = typed.name!;
    switch (typed.kind) {
      case 'Mesh': this.claim('mesh', name, origin, ['metadata', 'name']); break;
      case 'Cluster': this.claim('cluster', name, origin, ['metadata', 'name']); break;
      case 'RemoteAccess': this.claim('remote-access', name, origin, ['metadata', 'name']); break;
      case 'ServiceMirrorLink': this.claim('link', name, origin, ['metadata', 'name']); break;
      case 'Delivery': this.claim('delivery', name, origin, ['metadata', 'name']); break;
      case 'Certificate': {
        this.claim('ristioctl-certificate', name, origin, ['metadata', 'name']);
        const value = typed.doc.value;
        const meshId = isJsonObject(value) && isJsonObject(value.spec) ? value.spec.meshID : undefined;
        if (typeof meshId === 'string' && meshId !== '') {
          this.claim('mesh', meshId, origin, ['spec', 'meshID']);
        }
        break;
      }
    }
  }

  /** The origin that declared `name` in `category`. */
  public get(category: string, name: string): Origin | undefined {
    return this.byCategory.get(category)?.get(name);
  }

  /** All names of a category, in file order. */
  public names(category: string): string[] {
    return [...(this.byCategory.get(category)?.keys() ?? [])];
  }

  /** How many names a category has. */
  public count(category: string): number {
    return this.byCategory.get(category)?.size ?? 0;
  }

  private claim(category: string, name: string, origin: Origin, at: Path): void {
    const map = this.byCategory.get(category) ?? new Map<string, Origin>();
    this.byCategory.set(category, map);
    const first = map.get(name);
    if (!first) {
      map.set(name, origin);
      return;
    }
    const firstPos = first.position(first.kind === 'Certificate' && category === 'mesh' ? ['spec', 'meshID'] : ['metadata', 'name']);
    const firstWhat = `the ${first.format === 'ristioctl' ? 'ristioctl ' : ''}${first.kind} at ${first.file}:${firstPos.line}:${firstPos.col}`;
    if (first.format !== origin.format && (category === 'cluster' || category === 'mesh')) {
      this.problems.error(origin, at, name,
        `is also described by ${firstWhat}: a ${category} is described once, either in the native format (${NATIVE_API_VERSION}) or in the ristioctl format (${RISTIOCTL_API_VERSION}), not both`);
    } else if (category === 'mesh' && origin.kind === 'Certificate') {
      this.problems.error(origin, at, name, `is also the meshID of ${firstWhat}: one Certificate per mesh`);
    } else {
      this.problems.error(origin, at, name, `is already the name of ${firstWhat}: ${origin.kind} names must be unique in a file`);
    }
  }
}

/** Drops a leading `v` from a version. */
export function stripV(v: string): string {
  return v.startsWith('v') ? v.slice(1) : v;
}

/** Checks an Istio version field: format, modelled range, and what the Sail Operator serves. */
export function checkIstioVersion(origin: Origin, at: Path, version: string, install: string, defaulted: boolean, problems: Problems): void {
  const parsed = parseIstioVersion(stripV(version));
  if (typeof parsed === 'string') {
    problems.error(origin, at, version, parsed);
    return;
  }
  if (install === 'sail' && !sailServes(parsed.version)) {
    const installAt = at.slice(0, -1).concat('install');
    problems.error(origin, defaulted ? installAt : at, version,
      `is not served by the Sail Operator (install: sail${defaulted ? '' : ', the default'}): its CRD accepts ${sailServedRanges()}; `
      + 'pick one of those, or set install: helm or install: istioctl');
  }
}

/** Resolves a path field against the mesh file's directory; reports a missing file. */
export function resolveFile(origin: Origin, at: Path, value: string, baseDir: string, what: string, problems: Problems): string | undefined {
  const abs = path.resolve(baseDir, value);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
    problems.error(origin, at, value, `must name ${what}, relative to the mesh file's directory, but ${abs} does not exist`);
    return undefined;
  }
  return abs;
}

/**
 * Reads a kubeconfig context now, to report a bad kubeconfig at the mesh-file
 * field (the cluster construct reads it again when it is built).
 */
export function checkKubeconfig(origin: Origin, at: { file: Path; context: Path }, userFile: string, abs: string,
  context: string | undefined, problems: Problems): void {
  const where = origin.where(at.file);
  try {
    ApiServer.fromKubeconfig(abs, { context })._resolve(where, '\u0000');
  } catch (e) {
    const msg = (e as Error).message
      .replace('\'\u0000.kubeconfig\'', `'${fieldOf(at.file)}'`)
      .replace('\'\u0000.context\'', `'${fieldOf(at.context)}'`)
      .replace(/'\u0000\.([^']+)'/, (_, p) => `'${fieldOf(at.file)}: ${p}'`)
      .split(abs).join(userFile);
    problems.add({ severity: 'error', file: origin.file, position: origin.position(at.file), document: origin.label, message: msg, raw: msg });
  }
}

/** Checks a label selector with the library's rules; reports its first problem. */
export function readSelector(origin: Origin, at: Path, selector: LabelSelectorConfig, problems: Problems): LabelSelectorConfig | undefined {
  try {
    renderLabelSelector(origin.where(at), fieldOf(at), selector);
    return selector;
  } catch (e) {
    const msg = (e as Error).message;
    problems.add({ severity: 'error', file: origin.file, position: origin.position(at), document: origin.label, message: msg, raw: msg });
    return undefined;
  }
}

