/**
 * `cdk8s-mesh synth -f mesh.yaml [-o dist] [--key-store .mesh-keys]`: reads a
 * mesh file, builds the construct tree, renders everything in memory, and only
 * then writes the key store and the output tree. Nothing is written on error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError, ExitCode, Io, plural, Progress, requireNonEmpty } from './io';
import { MESH_FILE } from '../core/_input-files';
import { buildMeshApp, BuiltApp } from '../mesh-file/builder';
import { MeshFileModel, Origin } from '../mesh-file/model';
import { parseMeshFile } from '../mesh-file/parse';
import { formatProblem, MeshFileError, MeshFileProblem, sortProblems } from '../mesh-file/problems';
import { LockTimeoutError } from '../output/_lock';
import { realPath } from '../output/_store';
import { checkOutdir, isInside, lockTargets, RenderedTree, SynthTargets, writeTrees } from '../output/_writer';

/** Options of `synth`. */
export interface SynthOptions {
  readonly file: string;
  readonly output: string;
  readonly keyStore: string;
}

function printWarnings(io: Io, warnings: MeshFileProblem[]): void {
  for (const w of warnings) {
    io.stderr(`warning: ${formatProblem(w)}\n`);
  }
}

function failed(file: string, errors: string[]): CliError {
  return new CliError(ExitCode.INVALID, errors, `synth failed: ${plural(errors.length, 'error')} in ${file}; nothing was written`);
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
    buildMeshApp(partial, { outdir: opts.output, keyStore: opts.keyStore });
    return [];
  } catch (e) {
    return e instanceof MeshFileError ? e.errors : [];
  }
}

/** Runs `synth`; throws a CliError on failure. */
export function synthCommand(opts: SynthOptions, io: Io): ExitCode {
  const progress = new Progress(io);
  requireNonEmpty('-f, --file', opts.file, 'give the mesh file');
  requireNonEmpty('-o, --output', opts.output, 'give the output directory, or leave -o out for the default (dist)');
  requireNonEmpty('--key-store', opts.keyStore, 'give the key-store directory, or leave --key-store out for the default');
  checkSynthTargets(opts.output, opts.keyStore);

  const file = path.resolve(opts.file);
  if (!fs.existsSync(file)) {
    throw new CliError(ExitCode.INVALID, [`cannot read mesh file "${opts.file}": it does not exist`]);
  }
  if (!fs.statSync(file).isFile()) {
    throw new CliError(ExitCode.INVALID, [`cannot read mesh file "${opts.file}": it is not a file`]);
  }
  const size = fs.statSync(file).size;
  if (size > MESH_FILE.maxBytes) {
    throw new CliError(ExitCode.INVALID, [`cannot read mesh file "${opts.file}": it is ${size} bytes, more than a mesh file can be (${MESH_FILE.maxBytes} bytes)`]);
  }

  const targets = lock(opts, io);
  try {
    return synthLocked(opts, io, progress, targets);
  } finally {
    targets.release();
  }
}

/** The synth, with the key store and the outdir locked. */
function synthLocked(opts: SynthOptions, io: Io, progress: Progress, targets: SynthTargets): ExitCode {
  progress.step(`reading ${opts.file}`);
  let model: MeshFileModel;
  let built: BuiltApp;
  try {
    model = parseMeshFile(opts.file);
    progress.step(`building ${plural(model.clusters.length, 'cluster')}`);
    built = buildMeshApp(model, { outdir: opts.output, keyStore: opts.keyStore });
  } catch (e) {
    if (e instanceof MeshFileError) {
      const more = e.partial ? buildProblems(e.partial as MeshFileModel, opts) : [];
      printWarnings(io, e.warnings);
      throw failed(opts.file, sortProblems([...e.errors, ...more]).map(formatProblem));
    }
    throw e;
  }

  progress.step('rendering manifests');
  let tree: RenderedTree;
  try {
    tree = built.app._render();
  } catch (e) {
    printWarnings(io, built.warnings);
    const message = (e as Error).message;
    const lines = message.startsWith('Validation failed with the following errors:\n')
      ? message.split('\n').slice(1).map(l => l.replace(/^ {2}/, ''))
      : [message];
    throw failed(opts.file, lines.map(l => locate(built, l)));
  }

  printWarnings(io, built.warnings);
  for (const w of tree.warnings) {
    const m = /^\[([^\]]*)\] /.exec(w);
    if (m && built.replacedWarnings.has(m[1])) { continue; } // said in mesh-file terms in built.warnings
    io.stderr(`warning: ${locate(built, w)}\n`);
  }

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
