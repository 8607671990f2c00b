/**
 * `cdk8s-mesh synth -f mesh.yaml [-o dist] [--key-store .mesh-keys]`: reads a
 * mesh file, builds the construct tree, renders everything in memory, and only
 * then writes the key store and the output tree. Nothing is written on error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError, ExitCode, Io, parseWarnDays, plural, Progress, readStdin, requireNonEmpty } from './io';
import { MESH_FILE } from '../core/_input-files';
import { buildMeshApp, BuiltApp } from '../mesh-file/builder';
import { MeshFileModel, Origin } from '../mesh-file/model';
import { parseMeshFile, parseMeshText } from '../mesh-file/parse';
import { formatProblem, MeshFileError, MeshFileProblem, sortProblems } from '../mesh-file/problems';
import { LockTimeoutError } from '../output/_lock';
import { realPath } from '../output/_store';
import { formatWarning } from '../output/_warnings';
import { checkOutdir, isInside, lockTargets, RenderedTree, SynthTargets, writeTrees } from '../output/_writer';
import { withKeyProgress } from '../pki/_x509';

/** Options of `synth`. */
export interface SynthOptions {
  readonly file: string;
  readonly output: string;
  readonly keyStore: string;
  /** No progress lines, even on a terminal. */
  readonly quiet?: boolean;
  /** `--warn-days`: tokens expiring within this many days draw a warning. */
  readonly warnDays?: string;
}

function printWarnings(io: Io, warnings: MeshFileProblem[]): void {
  for (const w of warnings) {
    io.stderr(formatWarning(formatProblem(w)));
  }
}

function failed(file: string, verb: string, errors: string[]): CliError {
  return new CliError(ExitCode.INVALID, errors, `${verb} failed: ${plural(errors.length, 'error')} in ${file}; nothing was written`);
}

/** Checks the flags and the file system before any work; throws a CliError. */
export function checkSynthTargets(output: string, keyStore: string): void {
  const [realKs, realOut] = [realPathOr(keyStore), realPathOr(output)];
  if (isInside(keyStore, output) || isInside(output, keyStore) || isInside(realKs, realOut) || isInside(realOut, realKs)) {
    throw new CliError(ExitCode.USAGE, [`--key-store "${keyStore}" is inside the output directory "${output}" or contains it: `
      + 'the output tree is reviewed and committed, and the key store holds private keys; choose a key store outside it']);
  }
  const out = path.resolve(output);
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    throw new CliError(ExitCode.INVALID, [`output directory "${output}" exists and is not a directory: remove it or choose another one with -o`]);
  }
  try {
    checkOutdir(output);
  } catch (e) {
    throw new CliError(ExitCode.INVALID, [(e as Error).message]);
  }
  const ks = path.resolve(keyStore);
  if (fs.existsSync(ks) && !fs.statSync(ks).isDirectory()) {
    throw new CliError(ExitCode.INVALID, [`key store "${keyStore}" exists and is not a directory: remove it or choose another one with --key-store`]);
  }
}

/** The real path (symbolic links resolved), or the path itself when it cannot be resolved (reported later). */
function realPathOr(p: string): string {
  try {
    return realPath(p);
  } catch {
    return path.resolve(p);
  }
}

/** Locks the key store and the outdir, recovering them from an interrupted synth; a CliError when they stay locked. */
function lock(opts: SynthOptions, io: Io): SynthTargets {
  try {
    return lockTargets(opts.output, opts.keyStore, line => io.stderr(`note: ${line}\n`));
  } catch (e) {
    if (e instanceof LockTimeoutError) {
      throw new CliError(ExitCode.LOCKED, [e.message]);
    }
    throw new CliError(ExitCode.INVALID, [(e as Error).message]);
  }
}

/** The origin of the document that built the construct at `constructPath` (or one of its parents). */
function originOf(built: BuiltApp, constructPath: string): Origin | undefined {
  let best: string | undefined;
  for (const p of built.origins.keys()) {
    if ((constructPath === p || constructPath.startsWith(`${p}/`)) && (!best || p.length > best.length)) {
      best = p;
    }
  }
  return best === undefined ? undefined : built.origins.get(best);
}

/** `[path] message` → `file:line:col Kind/name: message` when the path belongs to a document. */
function locate(built: BuiltApp, line: string): string {
  const m = /^\[([^\]]*)\] ([\s\S]*)$/.exec(line);
  const origin = m ? originOf(built, m[1]) : undefined;
  return origin ? `${origin.where()}: ${m![2]}` : line;
}

/**
 * The builder's errors for the documents that were read without errors, so that
 * one run reports every problem of the file (construct-level checks included).
 */
function buildProblems(partial: MeshFileModel, opts: SynthOptions): MeshFileProblem[] {
  try {
    buildMeshApp(partial, { outdir: opts.output, keyStore: opts.keyStore, credentialWarningDays: parseWarnDays(opts.warnDays) });
    return [];
  } catch (e) {
    return e instanceof MeshFileError ? e.errors : [];
  }
}

/** The mesh file to read: a file (read later, under the locks), or stdin's text (`-f -`, read now). */
export interface MeshSource {
  /** How messages name it: the path as given, or `<stdin>`. */
  readonly label: string;
  /** Stdin's text; relative paths in it resolve against the current directory. */
  readonly text?: string;
}

/**
 * Checks that the mesh file can be read (exists, is a regular file, is not too large), or reads
 * stdin (`-f -`), before anything is locked; throws a CliError.
 */
export function checkMeshFile(given: string): MeshSource {
  if (given === '-') {
    const text = readStdin(MESH_FILE.maxBytes);
    if (text === undefined) {
      throw new CliError(ExitCode.INVALID, [`cannot read the mesh file from stdin: it is more than a mesh file can be (${MESH_FILE.maxBytes} bytes)`]);
    }
    return { label: '<stdin>', text };
  }
  const file = path.resolve(given);
  if (!fs.existsSync(file)) {
    throw new CliError(ExitCode.INVALID, [`cannot read mesh file "${given}": it does not exist`]);
  }
  if (!fs.statSync(file).isFile()) {
    throw new CliError(ExitCode.INVALID, [`cannot read mesh file "${given}": it is not a file`]);
  }
  const size = fs.statSync(file).size;
  if (size > MESH_FILE.maxBytes) {
    throw new CliError(ExitCode.INVALID, [`cannot read mesh file "${given}": it is ${size} bytes, more than a mesh file can be (${MESH_FILE.maxBytes} bytes)`]);
  }
  return { label: given };
}

/** Runs `synth`; throws a CliError on failure. */
export function synthCommand(opts: SynthOptions, io: Io): ExitCode {
  const progress = new Progress(io, opts.quiet);
  requireNonEmpty('-f, --file', opts.file, 'give the mesh file');
  requireNonEmpty('-o, --output', opts.output, 'give the output directory, or leave -o out for the default (dist)');
  requireNonEmpty('--key-store', opts.keyStore, 'give the key-store directory, or leave --key-store out for the default');
  parseWarnDays(opts.warnDays);
  checkSynthTargets(opts.output, opts.keyStore);

  const source = checkMeshFile(opts.file);

  const targets = lock(opts, io);
  try {
    return synthLocked({ ...opts, file: source.label }, source, io, progress, targets);
  } finally {
    targets.release();
  }
}

/**
 * Reads the mesh file (or the stdin text `source` holds), builds the app and renders it in memory,
 * printing the warnings; a CliError listing every error of the file (the synth's "nothing was
 * written" message: `verb` names the command in it).
 */
export function renderMeshFile(opts: SynthOptions, source: MeshSource, io: Io, progress: Progress, verb = 'synth'): { built: BuiltApp; tree: RenderedTree } {
  const showKeys = (what: string, done: number, total: number) => progress.count(what, done, total);
  progress.step(`reading ${opts.file}`);
  let model: MeshFileModel;
  let built: BuiltApp;
  try {
    model = source.text === undefined ? parseMeshFile(opts.file) : parseMeshText(source.text, source.label);
    progress.step(`building ${plural(model.clusters.length, 'cluster')}`);
    // Keys are generated while the constructs are built (RSA-4096: seconds each): show how far.
    const appOptions = { outdir: opts.output, keyStore: opts.keyStore, credentialWarningDays: parseWarnDays(opts.warnDays) };
    built = withKeyProgress(showKeys, () => buildMeshApp(model, appOptions));
  } catch (e) {
    if (e instanceof MeshFileError) {
      const more = e.partial ? buildProblems(e.partial as MeshFileModel, opts) : [];
      printWarnings(io, e.warnings);
      throw failed(opts.file, verb, sortProblems([...e.errors, ...more]).map(formatProblem));
    }
    throw e;
  }

  progress.step('rendering manifests');
  let tree: RenderedTree;
  try {
    tree = withKeyProgress(showKeys, () => built.app._render());
  } catch (e) {
    printWarnings(io, built.warnings);
    const message = (e as Error).message;
    const lines = message.startsWith('Validation failed with the following errors:\n')
      ? message.split('\n').slice(1).map(l => l.replace(/^ {2}/, ''))
      : [message];
    throw failed(opts.file, verb, lines.map(l => locate(built, l)));
  }

  printWarnings(io, built.warnings);
  for (const w of tree.warnings) {
    const m = /^\[([^\]]*)\] /.exec(w);
    if (m && built.replacedWarnings.has(m[1])) { continue; } // said in mesh-file terms in built.warnings
    io.stderr(formatWarning(locate(built, w)));
  }

  return { built, tree };
}

/** The synth, with the key store and the outdir locked. */
function synthLocked(opts: SynthOptions, source: MeshSource, io: Io, progress: Progress, targets: SynthTargets): ExitCode {
  const { tree } = renderMeshFile(opts, source, io, progress);

  progress.step(`writing ${opts.output}`);
  try {
    writeTrees(targets, tree);
  } catch (e) {
    throw new CliError(ExitCode.INVALID, [(e as Error).message], 'synth failed: nothing was written');
  }

  const clusters = new Map<string, number>();
  for (const f of tree.outdir) {
    const [dir, ...rest] = f.path.split('/');
    if (dir === '_delivery') { continue; }
    if (rest.length === 1 && rest[0] !== 'kustomization.yaml') {
      clusters.set(dir, (clusters.get(dir) ?? 0) + 1);
    } else if (!clusters.has(dir)) {
      clusters.set(dir, 0);
    }
  }
  const summary = [...clusters.entries()].map(([c, n]) => `${c} (${plural(n, 'manifest')})`).join(', ');
  io.stdout(`Synthesized ${opts.file} into ${opts.output}/: ${summary || 'no clusters'}\n`);
  const delivery = tree.outdir.filter(f => f.path.startsWith('_delivery/'));
  if (delivery.length > 0) {
    io.stdout(`GitOps delivery ${opts.output}/${delivery[0].path.split('/').slice(0, 2).join('/')}/: ${plural(delivery.length, 'file')} (apply it once to the management cluster)\n`);
  }
  if (tree.keyStore.length > 0) {
    io.stdout(`Key store ${opts.keyStore}/: ${plural(tree.keyStore.length, 'file')} (private material: keep it out of git)\n`);
  }
  return ExitCode.OK;
}
