/**
 * The output writer: renders a `MeshApp` into files and writes them.
 *
 * Layout (DESIGN.md §3):
 *   <outdir>/<cluster>/kustomization.yaml     every applied file, in apply order
 *   <outdir>/<cluster>/<kind>.[<namespace>.]<name>.yaml
 *   <outdir>/<cluster>/install/...            Helm values, IstioOperator files
 *   <keyStore>/<cluster>/...                  objects that carry private material
 *
 * Writing is atomic for the output tree: everything is rendered in memory,
 * written to a staging directory beside the outdir, and swapped in with two
 * renames. A failure before the swap leaves the previous tree as it was.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { InstallFile } from './_install-file';
import { KeyStoreFile } from './_key-store-file';
import { collectWarnings, isPrivate } from './_metadata';
import { stringifyYaml } from './_yaml';
import { isMeshCluster } from '../core/_brands';
import { isDns1123Label } from '../core/_validation';

/** The file the writer leaves in an outdir it owns. */
export const OWNER_MARKER = '.cdk8s-mesh';
const OWNER_MARKER_TEXT = 'This directory is written by cdk8s-multicluster-mesh and replaced on every synth.\n'
  + 'Edit the mesh definition, not these files.\n';

/** A rendered file: a path relative to its root, and its text. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
  /** File mode; 0600 for private material. */
  readonly mode?: number;
}

/** Everything a synth writes. */
export interface RenderedTree {
  /** Files of the output tree, relative to the outdir. */
  readonly outdir: RenderedFile[];
  /** Files of the key store, relative to the key store. */
  readonly keyStore: RenderedFile[];
  /** Warnings recorded by the constructs. */
  readonly warnings: string[];
}

/** Apply order of core kinds (after Helm's install order); other kinds follow, custom resources last. */
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'ServiceAccount', 'Secret',
  'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Pod', 'ReplicaSet',
  'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];

/**
 * File order: `localeCompare` order (what the writer always used), with one
 * collator instead of one per comparison.
 */
const COLLATOR = new Intl.Collator();
const byPath = (a: { path: string }, b: { path: string }) => COLLATOR.compare(a.path, b.path);

/** Prints YAML the way cdk8s does (YAML 1.1 quoting, no line folding). */
export function toYaml(doc: any): string {
  return stringifyYaml(doc);
}

/** Runs every construct's validations and throws one error listing them all. */
export function validateApp(app: App, constructs: IConstruct[] = app.node.findAll()): void {
  const errors: string[] = [];
  for (const c of constructs) {
    for (const e of c.node.validate()) {
      errors.push(`[${c.node.path}] ${e}`);
    }
  }
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

function directoryOf(chart: Chart): string {
  if (isMeshCluster(chart)) {
    return chart.clusterName;
  }
  const id = chart.node.id;
  if (!isDns1123Label(id)) {
    throw new Error(`${chart.node.path}: the chart id ("${id}") names its output directory and must be a DNS-1123 label`);
  }
  return id;
}

function group(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function safe(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]/g, '_');
}

function baseFileName(json: any): string {
  const ns = json.metadata?.namespace;
  return [safe(json.kind), ...(ns ? [safe(ns)] : []), safe(json.metadata?.name ?? 'unnamed')].join('.');
}

function isKubernetesGroup(g: string): boolean {
  return !g.includes('.') || g.endsWith('.k8s.io');
}

function kindRank(kind: string, apiVersion: string): number {
  const kube = isKubernetesGroup(group(apiVersion));
  const i = KIND_ORDER.indexOf(kind);
  if (i >= 0 && kube) { return i; }
  return kube ? KIND_ORDER.length : KIND_ORDER.length + 1;
}

interface Entry {
  readonly json: any;
  readonly construct: IConstruct;
  readonly private: boolean;
}

/** Options of `renderApp`. */
export interface RenderOptions {
  /**
   * Write objects that carry private material into the output tree (and its
   * kustomization) instead of the key store. For demos only.
   */
  readonly privateMaterialInOutdir?: boolean;
}

/** The warning printed when private material is written into the output tree. */
export const PRIVATE_IN_OUTDIR_WARNING = 'insecureWritePrivateMaterialToOutdir is set: Secrets holding private keys or tokens are written '
  + 'into the output tree. Never commit that tree or let a GitOps controller read it from a shared repository; use this for demos only.';

/** Renders the whole app into files, without writing anything. */
export function renderApp(app: App, options: RenderOptions = {}): RenderedTree {
  const constructs = app.node.findAll();
  validateApp(app, constructs);
  const keyStoreFiles: RenderedFile[] = [];
  const keyStorePaths = new Map<string, IConstruct>();

  const dirs = new Map<string, Chart>();
  const objects = new Map<string, Entry[]>();
  const installs = new Map<string, InstallFile[]>();
  const dirOf = new Map<Chart, string>();

  // Pre-order, as findAll() lists them, with the top-level chart of each construct at hand.
  const visit = (c: IConstruct, top: Chart | undefined) => {
    if (!top && Chart.isChart(c)) {
      top = c;
      const dir = directoryOf(c);
      const other = dirs.get(dir);
      if (other) {
        throw new Error(`${c.node.path}: the output directory "${dir}" is also used by ${other.node.path}: cluster names must be unique in an app`);
      }
      dirs.set(dir, c);
      dirOf.set(c, dir);
      objects.set(dir, []);
      installs.set(dir, []);
    }
    if (KeyStoreFile.isKeyStoreFile(c)) {
      const other = keyStorePaths.get(c.path);
      if (other !== undefined) {
        throw new Error(`${c.node.path}: key-store file "${c.path}" is also written by ${other.node.path}`);
      }
      keyStorePaths.set(c.path, c);
      keyStoreFiles.push({ path: c.path, content: c.content, mode: c.mode });
    }
    if (top) {
      if (c instanceof ApiObject) {
        objects.get(dirOf.get(top)!)!.push({ json: c.toJson(), construct: c, private: isPrivate(c) });
      } else if (InstallFile.isInstallFile(c)) {
        installs.get(dirOf.get(top)!)!.push(c);
      }
    }
    for (const child of c.node.children) {
      visit(child, top);
    }
  };
  visit(app, undefined);

  const outdir: RenderedFile[] = [];
  const keyStore: RenderedFile[] = [];
  for (const [dir, entries] of [...objects.entries()].sort(([a], [b]) => COLLATOR.compare(a, b))) {
    const byName = new Map<string, Entry[]>();
    for (const e of entries) {
      const name = baseFileName(e.json);
      byName.set(name, [...(byName.get(name) ?? []), e]);
    }
    const named: { file: string; entry: Entry }[] = [];
    for (const [name, same] of byName) {
      const groups = new Set(same.map(e => group(e.json.apiVersion)));
      if (groups.size !== same.length) {
        const e = same.find((x, i) => same.findIndex(y => group(y.json.apiVersion) === group(x.json.apiVersion)) !== i)!;
        const first = same.find(x => group(x.json.apiVersion) === group(e.json.apiVersion))!;
        throw new Error(`${e.construct.node.path}: ${e.json.kind} "${e.json.metadata?.name}"${e.json.metadata?.namespace ? ` in namespace "${e.json.metadata.namespace}"` : ''} is also defined by ${first.construct.node.path} in cluster "${dir}": every object must be defined once`);
      }
      for (const entry of same) {
        const g = group(entry.json.apiVersion);
        const file = same.length > 1 && g ? `${name}.${safe(g)}.yaml` : `${name}.yaml`;
        named.push({ file, entry });
      }
    }
    named.sort((a, b) => (kindRank(a.entry.json.kind, a.entry.json.apiVersion) - kindRank(b.entry.json.kind, b.entry.json.apiVersion))
      || COLLATOR.compare(a.file, b.file));
    const applied: string[] = [];
    for (const { file, entry } of named) {
      if (entry.private && !options.privateMaterialInOutdir) {
        keyStore.push({ path: `${dir}/${file}`, content: toYaml(entry.json), mode: 0o600 });
      } else {
        outdir.push({ path: `${dir}/${file}`, content: toYaml(entry.json) });
        applied.push(file);
      }
    }
    outdir.push({
      path: `${dir}/kustomization.yaml`,
      content: '# Generated by cdk8s-multicluster-mesh: every manifest of this cluster, in apply order.\n'
        + toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: applied }),
    });
    const seen = new Set<string>();
    for (const f of installs.get(dir)!) {
      if (seen.has(f.fileName)) {
        throw new Error(`${f.node.path}: install file "${f.fileName}" is written twice in cluster "${dir}"`);
      }
      seen.add(f.fileName);
      const content = f.content();
      const docs = Array.isArray(content) ? content : [content];
      outdir.push({
        path: `${dir}/install/${f.fileName}`,
        content: f.header.map(l => `# ${l}`.trimEnd()).join('\n') + '\n' + docs.map(toYaml).join('---\n'),
      });
    }
  }
  const objectFiles = new Set(keyStore.map(k => k.path));
  for (const f of keyStoreFiles) {
    if (objectFiles.has(f.path)) {
      throw new Error(`key-store file "${f.path}" would be written twice`);
    }
    keyStore.push(f);
  }
  outdir.sort(byPath);
  keyStore.sort(byPath);
  const warnings = collectWarnings(app, constructs);
  if (options.privateMaterialInOutdir) {
    warnings.unshift(PRIVATE_IN_OUTDIR_WARNING);
  }
  return { outdir, keyStore, warnings };
}

/** True when `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Checks that `outdir` can be owned by the writer: it is not a file, not the
 * current directory or one of its parents, and, when it exists and is not
 * empty, was written by this tool before.
 */
export function checkOutdir(outdir: string): void {
  const abs = path.resolve(outdir);
  if (isInside(process.cwd(), abs)) {
    throw new Error(`outdir "${outdir}" is the current directory or one of its parents: the writer replaces the whole outdir, so give it a directory of its own such as "dist"`);
  }
  if (!fs.existsSync(abs)) { return; }
  if (!fs.statSync(abs).isDirectory()) {
    throw new Error(`outdir "${outdir}" exists and is not a directory: remove it or choose another outdir`);
  }
  const entries = fs.readdirSync(abs);
  if (entries.length > 0 && !entries.includes(OWNER_MARKER)) {
    throw new Error(`outdir "${outdir}" is not empty and was not written by cdk8s-multicluster-mesh (no ${OWNER_MARKER} file): `
      + 'the writer replaces the whole outdir, so remove it or choose another outdir');
  }
}

function writeFiles(root: string, files: RenderedFile[]): void {
  const made = new Set<string>();
  for (const f of files) {
    const target = path.join(root, f.path);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.writeFileSync(target, f.content, { mode: f.mode ?? 0o644 });
  }
}

/** The text of a file, or undefined when there is none to read. */
function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
}

/** Replaces `outdir` with exactly `files`, atomically (staging directory and renames). */
export function writeOutdir(outdir: string, files: RenderedFile[]): void {
  checkOutdir(outdir);
  const abs = path.resolve(outdir);
  const parent = path.dirname(abs);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(abs)}.staging-`));
  try {
    writeFiles(staging, [...files, { path: OWNER_MARKER, content: OWNER_MARKER_TEXT }]);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (fs.existsSync(abs)) {
    const old = path.join(parent, `.${path.basename(abs)}.old-${randomBytes(4).toString('hex')}`);
    fs.renameSync(abs, old);
    try {
      fs.renameSync(staging, abs);
    } catch (e) {
      fs.renameSync(old, abs);
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    fs.renameSync(staging, abs);
  }
}

/** The `.gitignore` of a key store: nothing in it is ever committed. */
export const KEY_STORE_GITIGNORE = '# cdk8s-multicluster-mesh key store: private keys and credentials. Never commit them.\n*\n';

/**
 * Writes key-store files that changed (each through a temporary file and a
 * rename, mode 0600 for private material), and the key store's `.gitignore`.
 */
export function writeKeyStore(keyStore: string, files: RenderedFile[]): void {
  const abs = path.resolve(keyStore);
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) {
    throw new Error(`key store "${keyStore}" exists and is not a directory`);
  }
  if (files.length === 0 && !fs.existsSync(abs)) { return; }
  fs.mkdirSync(abs, { recursive: true, mode: 0o700 });
  const made = new Set<string>();
  for (const f of [{ path: '.gitignore', content: KEY_STORE_GITIGNORE, mode: 0o644 }, ...files]) {
    const target = path.join(abs, f.path);
    if (readIfFile(target) === f.content) {
      // Unchanged: keep the bytes, but restore the mode if someone loosened it (a Secret
      // manifest chmod'ed 0644 by hand). Key files never get here loose: TrustRoot refuses them.
      const mode = f.mode ?? 0o600;
      if ((fs.statSync(target).mode & 0o777) !== mode) { // eslint-disable-line no-bitwise
        fs.chmodSync(target, mode);
      }
      continue;
    }
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      made.add(dir);
    }
    const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, f.content, { mode: f.mode ?? 0o600 });
    fs.renameSync(tmp, target);
  }
  removeStalePendingRecords(abs, new Set(files.map(f => f.path)));
}

/**
 * Removes the records of pending Secrets (`<cluster>/<file>.pending`, written by
 * `RemoteAccess`) that this synth did not write: their Secret was built, or is
 * no longer wanted. They hold no credential; keys and Secrets are never removed.
 */
function removeStalePendingRecords(root: string, written: Set<string>): void {
  if (!fs.existsSync(root)) { return; }
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) { continue; }
    for (const f of fs.readdirSync(path.join(root, dir.name), { withFileTypes: true })) {
      const rel = `${dir.name}/${f.name}`;
      if (f.isFile() && f.name.endsWith('.pending') && !written.has(rel)) {
        fs.rmSync(path.join(root, rel));
      }
    }
  }
}
