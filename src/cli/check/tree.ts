/**
 * Loads a synthesized output tree and its key store for `cdk8s-mesh check`:
 * every file (for the private-material scan), the cluster directories with
 * their kustomization, manifests and install files, parsed.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { at, isRecord } from './_doc';
import { compareText } from '../../output/_order';
import { OWNER_MARKER } from '../../output/_writer';

/** A file of the tree. */
export interface TreeFile {
  /** Path relative to the tree root, with `/` separators. */
  readonly rel: string;
  readonly abs: string;
  readonly text: string;
  readonly mode: number;
  /** The YAML documents (non-empty ones) when the file is YAML and parses: user-editable, read through `_doc.ts`. */
  readonly docs?: unknown[];
  /** The YAML parse error, when it does not parse. */
  readonly error?: string;
}

/** An object of a cluster, with the file it came from. */
export interface TreeObject {
  /** The parsed document: user-editable, read through `_doc.ts`. */
  readonly obj: unknown;
  /** The file, relative to the tree root. */
  readonly file: string;
}

/** One cluster directory. */
export interface ClusterDir {
  readonly name: string;
  readonly kustomization?: TreeFile;
  /** The applied manifest files (`*.yaml` beside kustomization.yaml). */
  readonly manifests: TreeFile[];
  /** Files under `install/`. */
  readonly install: TreeFile[];
  /** The objects of the manifests (SOPS-encrypted documents excepted). */
  readonly objects: TreeObject[];
  /** The SOPS-encrypted documents of the manifests (a top-level `sops` map): their values cannot be read without the data key. */
  readonly encrypted: TreeObject[];
}

/** A loaded output tree. */
export interface OutputTree {
  readonly root: string;
  readonly marker: boolean;
  /** Every file, hidden ones included. */
  readonly files: TreeFile[];
  readonly clusters: ClusterDir[];
  /** The objects of `_delivery/` (Argo CD or Flux), kustomize files excluded. */
  readonly delivery: TreeObject[];
}

/** A loaded key store. */
export interface KeyStoreTree {
  readonly root: string;
  readonly exists: boolean;
  readonly files: TreeFile[];
  /** The objects of `<cluster>/*.yaml`, per directory name. */
  readonly objects: Map<string, TreeObject[]>;
}

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        visit(p);
      } else if (e.isFile()) {
        out.push(p);
      }
    }
  };
  visit(root);
  return out;
}

function loadFile(root: string, abs: string): TreeFile {
  const rel = path.relative(root, abs).split(path.sep).join('/');
  const text = fs.readFileSync(abs).toString('utf-8');
  const mode = fs.statSync(abs).mode % 0o1000;
  if (!/\.ya?ml$/.test(abs)) {
    return { rel, abs, text, mode };
  }
  const docs = YAML.parseAllDocuments(text, { prettyErrors: false });
  const all = Array.isArray(docs) ? docs : [docs];
  const error = all.flatMap(d => d.errors).map(e => e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim())[0];
  if (error) {
    return { rel, abs, text, mode, error };
  }
  return { rel, abs, text, mode, docs: all.map(d => d.toJS()).filter(d => d !== null && d !== undefined) };
}

/** Loads the output tree at `root` (which must be a directory). */
export function loadOutputTree(root: string): OutputTree {
  const files = walk(root).map(f => loadFile(root, f));
  const clusterNames = fs.readdirSync(root, { withFileTypes: true })
    // `_delivery` holds the GitOps engine's objects (src/delivery), not a cluster.
    .filter(e => e.isDirectory() && !e.name.startsWith('.') && e.name !== '_delivery')
    .map(e => e.name)
    .sort();
  const clusters = clusterNames.map(name => {
    const inDir = files.filter(f => f.rel.startsWith(`${name}/`));
    const kustomization = inDir.find(f => f.rel === `${name}/kustomization.yaml`);
    const manifests = inDir.filter(f => f.rel.split('/').length === 2 && f !== kustomization && /\.ya?ml$/.test(f.rel));
    const install = inDir.filter(f => f.rel.startsWith(`${name}/install/`));
    const all = manifests.flatMap(f => (f.docs ?? []).map(obj => ({ obj, file: f.rel })));
    const isSops = (o: TreeObject) => isRecord(at(o.obj, 'sops'));
    return { name, kustomization, manifests, install, objects: all.filter(o => !isSops(o)), encrypted: all.filter(isSops) };
  });
  const delivery = files.filter(f => f.rel.startsWith('_delivery/') && /\.ya?ml$/.test(f.rel) && path.posix.basename(f.rel) !== 'kustomization.yaml')
    .flatMap(f => (f.docs ?? []).map(obj => ({ obj, file: f.rel })));
  return { root, marker: fs.existsSync(path.join(root, OWNER_MARKER)), files, clusters, delivery };
}

/** Loads the key store at `root` (which may not exist). */
export function loadKeyStore(root: string): KeyStoreTree {
  const exists = fs.existsSync(root) && fs.statSync(root).isDirectory();
  const files = exists ? walk(root).map(f => loadFile(root, f)) : [];
  const objects = new Map<string, TreeObject[]>();
  for (const f of files) {
    const parts = f.rel.split('/');
    if (parts.length !== 2 || !f.docs) { continue; }
    objects.set(parts[0], [...(objects.get(parts[0]) ?? []), ...f.docs.map(obj => ({ obj, file: f.rel }))]);
  }
  return { root, exists, files, objects };
}
