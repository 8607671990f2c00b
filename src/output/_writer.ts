/**
 * The output writer: renders a `MeshApp` into files and writes them.
 *
 * Layout (DESIGN.md §3):
 *   <outdir>/<cluster>/kustomization.yaml     every applied file, in apply order
 *   <outdir>/<cluster>/<kind>.[<namespace>.]<name>.yaml
 *   <outdir>/<cluster>/install/...            Helm values, IstioOperator files
 *   <keyStore>/<cluster>/...                  objects that carry private material
 *
 * Everything is rendered in memory and checked first; then the key store is
 * written in one transaction and the output tree swapped in (see `_store.ts`),
 * under the locks of `_lock.ts`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { InstallFile } from './_install-file';
import { KeyStoreFile } from './_key-store-file';
import { acquireLock, Lock } from './_lock';
import { collectWarnings, isPrivate } from './_metadata';
import { compareText } from './_order';
import { isSharedJson } from './_render-once';
import { shellQuote } from './_shell';
import { realPath, recoverKeyStore, recoverOutdir, stageKeyStore, StagedOutdir, stageOutdir, StoreFile, TRANSACTION_DIR } from './_store';
import { stringifyYaml } from './_yaml';
import { isMeshCluster } from '../core/_brands';
import type { Manifest, SecretManifest } from '../core/_json';
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

/** File order: the library's text order, independent of the locale (see `_order.ts`). */
const byPath = (a: { path: string }, b: { path: string }) => compareText(a.path, b.path);

/** Prints YAML the way cdk8s does (YAML 1.1 quoting, no line folding). */
export function toYaml(doc: unknown): string {
  if (!isSharedJson(doc)) { return stringifyYaml(doc); }
  // The JSON shared by identical objects (output/_render-once.ts) is printed once.
  let text = PRINTED.get(doc);
  if (text === undefined) {
    text = stringifyYaml(doc);
    PRINTED.set(doc, text);
  }
  return text;
}

const PRINTED = new WeakMap<object, string>();

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

function baseFileName(json: RenderedObject): string {
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

/** An object as `ApiObject.toJson()` renders it: what the writer reads of it. */
interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

interface Entry {
  readonly json: RenderedObject;
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
  /** Writes the GitOps form (SOPS, SealedSecret, ExternalSecret) of each key-store Secret (`SecretDelivery`). */
  readonly secretDeliverer?: SecretDeliverer;
}

/** The GitOps form of a key-store Secret: a file of its cluster directory, and key-store files (state, upload lists). */
export interface DeliveredSecret {
  /** The file name in the cluster directory (listed in its kustomization). */
  readonly file: string;
  readonly content: string;
  /** Key-store files, relative to the key store. */
  readonly keyStore: RenderedFile[];
}

/** Makes the GitOps form of the Secrets that go to the key store (src/secrets/). */
export interface SecretDeliverer {
  /** `secret` is the object written to `<keyStore>/<cluster>/<file>`; `clusterObjects` every object of the cluster. */
  deliver(cluster: string, file: string, secret: SecretManifest, clusterObjects: readonly Manifest[]): DeliveredSecret | undefined;
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
  /** Key-store paths written by secret delivery (a shared file is given with each Secret). */
  const delivered = new Set<string>();
  for (const [dir, entries] of [...objects.entries()].sort(([a], [b]) => compareText(a, b))) {
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
      || compareText(a.file, b.file));
    const applied: string[] = [];
    // Every object has its name (constructs give one); private objects are namespaced Secrets (markPrivate).
    let clusterJson: Manifest[] | undefined;
    for (const { file, entry } of named) {
      if (entry.private && !options.privateMaterialInOutdir) {
        keyStore.push({ path: `${dir}/${file}`, content: toYaml(entry.json), mode: 0o600 });
        clusterJson ??= entries.map(e => e.json as Manifest);
        deliver(options.secretDeliverer?.deliver(dir, file, entry.json as SecretManifest, clusterJson), dir, outdir, applied, keyStore, delivered);
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

/** Adds a Secret's GitOps form to the cluster directory, its kustomization and the key store. */
function deliver(d: DeliveredSecret | undefined, dir: string, outdir: RenderedFile[], applied: string[], keyStore: RenderedFile[],
  delivered: Set<string>): void {
  if (!d) { return; }
  outdir.push({ path: `${dir}/${d.file}`, content: d.content });
  applied.push(d.file);
  // A file shared by several Secrets (a data key) is given with each of them: written once.
  for (const f of d.keyStore) {
    if (!delivered.has(f.path)) {
      delivered.add(f.path);
      keyStore.push(f);
    }
  }
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

/** The `.gitignore` of a key store: nothing in it is ever committed. */
export const KEY_STORE_GITIGNORE = '# cdk8s-multicluster-mesh key store: private keys and credentials. Never commit them.\n*\n';

/** The first line of a pending-Secret record (`RemoteAccess`): only such files are ever removed. */
const PENDING_RECORD_HEADER = '# cdk8s-multicluster-mesh: this remote secret is pending';

/** The key store and outdir of a synth, locked and recovered. */
export interface SynthTargets {
  readonly outdir: string;
  readonly keyStore: string;
  /** Their real paths (symbolic links resolved). */
  readonly realOutdir: string;
  readonly realKeyStore: string;
  /** Releases the locks (and removes the directories made only to hold them). */
  release(): void;
}

/** Removes `dir` and its parents up to `top` while they are empty. */
function removeEmpty(dir: string, top: string | undefined): void {
  if (top === undefined) { return; }
  for (let d = dir; isInside(d, top); d = path.dirname(d)) {
    try { fs.rmdirSync(d); } catch { return; }
    if (path.resolve(d) === path.resolve(top)) { return; }
  }
}

/**
 * Locks the key store, then the outdir (always in this order, so two synths
 * never wait for each other), and recovers both from an interrupted synth.
 * `say` prints one line per event (waiting, stale lock, recovery).
 */
export function lockTargets(outdir: string, keyStore: string, say: (line: string) => void): SynthTargets {
  const realKeyStore = realPath(keyStore);
  const realOutdir = realPath(outdir);
  if (fs.existsSync(realKeyStore) && !fs.statSync(realKeyStore).isDirectory()) {
    throw new Error(`key store "${keyStore}" exists and is not a directory`);
  }
  checkWritable('key store', keyStore, realKeyStore);
  checkWritable('output directory', outdir, path.dirname(realOutdir));
  const madeKs = fs.existsSync(realKeyStore) ? undefined : fs.mkdirSync(realKeyStore, { recursive: true, mode: 0o700 });
  const locks: Lock[] = [];
  let madeOut: string | undefined;
  const release = () => {
    for (const l of locks.reverse()) { l.release(); }
    locks.length = 0;
    removeEmpty(realKeyStore, madeKs);
    removeEmpty(path.dirname(realOutdir), madeOut);
  };
  try {
    locks.push(acquireLock(path.join(realKeyStore, '.lock'), `key store ${keyStore}`, say));
    madeOut = fs.existsSync(path.dirname(realOutdir)) ? undefined : fs.mkdirSync(path.dirname(realOutdir), { recursive: true });
    locks.push(acquireLock(path.join(path.dirname(realOutdir), `.${path.basename(realOutdir)}.lock`), `output directory ${outdir}`, say));
    for (const line of [recoverKeyStore(realKeyStore), recoverOutdir(realOutdir)]) {
      if (line) { say(line); }
    }
  } catch (e) {
    release();
    throw e;
  }
  return { outdir, keyStore, realOutdir, realKeyStore, release };
}

const NAME_MAX = 255;
const PATH_MAX = 4095;

/** Refuses a path the file system would refuse: a component over 255 bytes, a path over 4095. */
function checkPathLengths(what: string, root: string, rel: string): void {
  const full = path.join(root, rel);
  const long = full.split(path.sep).find(c => Buffer.byteLength(c) > NAME_MAX);
  if (long !== undefined) {
    throw new Error(`${what} file "${rel}" has a path component of ${Buffer.byteLength(long)} bytes ("${long.slice(0, 40)}…"): `
      + `file systems allow ${NAME_MAX}; shorten the object or cluster name`);
  }
  if (Buffer.byteLength(full) > PATH_MAX) {
    throw new Error(`${what} file "${rel}" would be written at a path of ${Buffer.byteLength(full)} bytes (${full.slice(0, 60)}…): `
      + `file systems allow ${PATH_MAX}; choose a shorter directory or shorten the names`);
  }
}

/** Refuses a directory that cannot be written: its deepest existing part must be a writable directory. */
function checkWritable(what: string, shown: string, dir: string): void {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) { d = path.dirname(d); }
  const where = path.relative(process.cwd(), d) || '.';
  if (!fs.statSync(d).isDirectory()) {
    throw new Error(`${what} "${shown}" cannot be created: ${where} is a file, not a directory`);
  }
  try {
    fs.accessSync(d, fs.constants.W_OK | fs.constants.X_OK); // eslint-disable-line no-bitwise
  } catch {
    throw new Error(`${what} "${shown}" cannot be written: ${where} is not writable by this user`);
  }
}

/** True when `st` is owned by this user and no looser than `mode` (the common case, decided without building a message). */
function privateEnough(st: fs.Stats, mode: number): boolean {
  return (process.getuid === undefined || st.uid === process.getuid()) && ((st.mode & 0o777) & ~mode) === 0; // eslint-disable-line no-bitwise
}

/** A key-store path that must be owned by this user and no looser than `mode`; the fix otherwise. */
function checkModeAndOwner(file: string, st: fs.Stats, mode: number): string | undefined {
  if (process.platform === 'win32') { return undefined; }
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    return `${file} is owned by uid ${st.uid}, not by this user (uid ${uid}): another user could have replaced it; `
      + `check its content, then run chown ${uid} ${shellQuote(file)}`;
  }
  const actual = st.mode & 0o777; // eslint-disable-line no-bitwise
  if ((actual & ~mode) !== 0) { // eslint-disable-line no-bitwise
    const octal = (m: number) => `0${m.toString(8).padStart(3, '0')}`;
    return `${file} has mode ${octal(actual)}: it must be ${octal(mode)} or stricter. Run chmod ${mode.toString(8)} ${shellQuote(file)}`
      + (st.isDirectory() ? '' : '; if other users could read it, treat what it holds as exposed and replace it');
  }
  return undefined;
}

/** The key store's changes: files to write, records to remove, and mode or owner problems (read only: `plan` uses it too). */
export function planKeyStore(root: string, shown: string, files: RenderedFile[]): { writes: StoreFile[]; removals: string[]; problems: string[] } {
  const writes: StoreFile[] = [];
  const problems: string[] = [];
  const dirs = new Set<string>([root]);
  const gitignore = path.join(root, '.gitignore');
  if (files.length > 0 && !fs.existsSync(gitignore)) {
    writes.push({ path: '.gitignore', content: KEY_STORE_GITIGNORE, mode: 0o644 });
  }
  const relDirs = new Set<string>();
  // The copies of a shared remote secret have the same content: encoded once.
  const encoded = new Map<string, Buffer>();
  const bytesOf = (text: string) => {
    let b = encoded.get(text);
    if (!b) {
      b = Buffer.from(text, 'utf-8');
      encoded.set(text, b);
    }
    return b;
  };
  for (const f of files) {
    const target = path.join(root, f.path);
    const mode = f.mode ?? 0o600;
    relDirs.add(path.dirname(f.path));
    const existing = readExisting(target, bytesOf(f.content).length);
    if (existing === 'not-a-file') {
      problems.push(`${path.join(shown, f.path)} is not a regular file: remove it`);
      continue;
    }
    const problem = existing && !privateEnough(existing.st, mode) ? checkModeAndOwner(path.join(shown, f.path), existing.st, mode) : undefined;
    if (problem) { problems.push(problem); }
    if (!existing || existing.content === undefined || !existing.content.equals(bytesOf(f.content))) {
      writes.push({ path: f.path, content: f.content, mode });
    }
  }
  // Every directory between the root and the files (relative paths are inside the root by construction).
  for (const rel of relDirs) {
    for (let d = rel; d !== '.' && d !== '' && !dirs.has(path.join(root, d)); d = path.dirname(d)) {
      dirs.add(path.join(root, d));
    }
  }
  for (const d of dirs) {
    let st: fs.Stats | undefined;
    try { st = fs.lstatSync(d); } catch { continue; }
    const problem = checkModeAndOwner(path.join(shown, path.relative(root, d)), st, 0o700);
    if (problem) { problems.push(problem); }
  }
  const written = new Set(files.map(f => f.path));
  return { writes, removals: stalePendingRecords(root, written), problems };
}

/**
 * Writes a synth's key store and output tree: every check first (paths,
 * writability, modes and owners), then the key store is staged, the outdir
 * staged, the key-store transaction committed and the outdir swapped in.
 * A failure before the commit leaves both as they were. Call under `lockTargets`.
 */
export function writeTrees(t: SynthTargets, tree: Pick<RenderedTree, 'outdir' | 'keyStore'>): void {
  checkOutdir(t.outdir);
  checkWritable('output directory', t.outdir, path.dirname(t.realOutdir));
  checkWritable('key store', t.keyStore, t.realKeyStore);
  const outFiles: StoreFile[] = [...tree.outdir, { path: OWNER_MARKER, content: OWNER_MARKER_TEXT }].map(f => ({ ...f, mode: f.mode ?? 0o644 }));
  const stagingName = `.${path.basename(t.realOutdir)}.staging-00000000`;
  for (const f of outFiles) { checkPathLengths('output', path.join(path.dirname(t.realOutdir), stagingName), f.path); }
  for (const f of tree.keyStore) {
    checkPathLengths('key-store', path.join(t.realKeyStore, TRANSACTION_DIR), f.path);
  }
  const plan = planKeyStore(t.realKeyStore, t.keyStore, tree.keyStore);
  if (plan.problems.length > 0) {
    throw new Error(`key store "${t.keyStore}" is not private to this user, so nothing was written:\n  ${plan.problems.join('\n  ')}`);
  }
  const ks = stageKeyStore(t.realKeyStore, plan.writes, plan.removals);
  let out: StagedOutdir;
  try {
    out = stageOutdir(t.realOutdir, outFiles);
  } catch (e) {
    ks.abort();
    throw e;
  }
  try {
    ks.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  out.swap();
}

/**
 * The records of pending Secrets (`<cluster>/<file>.pending`, written by
 * `RemoteAccess`) that this synth did not write: their Secret was built, or is
 * no longer wanted. Only files that start with the record's header are ours.
 */
function stalePendingRecords(root: string, written: Set<string>): string[] {
  const out: string[] = [];
  if (!fs.existsSync(root)) { return out; }
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === TRANSACTION_DIR) { continue; }
    for (const f of fs.readdirSync(path.join(root, dir.name), { withFileTypes: true })) {
      const rel = `${dir.name}/${f.name}`;
      if (f.isFile() && f.name.endsWith('.pending') && !written.has(rel)
        && (readIfFile(path.join(root, rel)) ?? '').startsWith(PENDING_RECORD_HEADER)) {
        out.push(rel);
      }
    }
  }
  return out;
}

/** The text of a file, or undefined when there is none to read. */
/** Where readExisting reads (one buffer for all files: no allocation per file). */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Opened without following a symlink, and without blocking on a FIFO. */
const READ_EXISTING = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0); // eslint-disable-line no-bitwise

/**
 * A key-store file as it is: undefined when absent, 'not-a-file' for a symlink,
 * directory or anything else, else its status and content (read only when its
 * size is `size` bytes: a file of another size differs anyway; the content is a
 * view that the next call overwrites). One open per file:
 * a re-synth of a large fleet checks thousands.
 */
function readExisting(file: string, size: number): { st: fs.Stats; content: Buffer | undefined } | 'not-a-file' | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, READ_EXISTING);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : code === 'ELOOP' ? 'not-a-file' : lstatOrUndefined(file);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) { return 'not-a-file'; }
    if (st.size !== size) { return { st, content: undefined }; }
    if (scratch.length < size) { scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length)); }
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, scratch, at, size - at, at);
      if (n === 0) { break; }
      at += n;
    }
    // A view of the scratch buffer: valid until the next call (the caller compares it at once).
    return { st, content: scratch.subarray(0, at) };
  } finally {
    fs.closeSync(fd);
  }
}

/** After a failed open (EACCES and the like): what lstat says, so that mode and owner problems are still reported. */
function lstatOrUndefined(file: string): { st: fs.Stats; content: undefined } | 'not-a-file' | undefined {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? { st, content: undefined } : 'not-a-file';
  } catch {
    return undefined;
  }
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
}
