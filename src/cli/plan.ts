/**
 * `cdk8s-mesh plan -f mesh.yaml [-o dist] [--key-store .mesh-keys] [--json]`:
 * what a synth would change in the output tree and the key store, writing
 * neither and taking no lock. Exit codes as `git diff --exit-code`: 0 nothing
 * would change, 1 something would, 2 an error.
 */
import { CliError, ExitCode, Io, plural, Progress, requireNonEmpty } from './io';
import { checkMeshFile, checkSynthTargets, renderMeshFile, SynthOptions } from './synth';
import { planTree } from '../output/_plan';
import { FileChange, MeshPlan } from '../output/mesh-plan';

/** Options of `plan`. */
export interface PlanOptions extends SynthOptions {
  /** `text` or `json`. */
  readonly format: string;
}

/** The exit codes of `plan`, for its help. */
export const PLAN_EXIT_CODES_HELP = `
Exit codes (as git diff --exit-code):
  0  a synth would change nothing
  1  a synth would change the output tree or the key store
  2  error (invalid mesh file, outdir not ours, usage); nothing is written, even then`;

const SIGN: Record<FileChange, string> = { [FileChange.ADDED]: '+', [FileChange.REMOVED]: '-', [FileChange.CHANGED]: '~' };

function counts(files: { change: FileChange }[]): string {
  const n = (c: FileChange) => files.filter(f => f.change === c).length;
  return `${n(FileChange.ADDED)} added, ${n(FileChange.CHANGED)} changed, ${n(FileChange.REMOVED)} removed`;
}

/** The plan as text: a summary, the key-store names, the certificates, then the diffs. */
export function formatPlan(plan: MeshPlan, file: string): string {
  const out: string[] = [];
  if (!plan.changed) {
    return `No changes: a synth of ${file} would leave ${plan.outdir}/ and ${plan.keyStore}/ as they are.\n`;
  }
  out.push(`Plan for ${file}:`);
  out.push(`  output tree ${plan.outdir}/: ${counts(plan.outputFiles)}`);
  for (const f of plan.outputFiles) { out.push(`    ${SIGN[f.change]} ${f.path}`); }
  out.push(`  key store ${plan.keyStore}/ (names only): ${counts(plan.keyStoreFiles)}`);
  for (const f of plan.keyStoreFiles) { out.push(`    ${SIGN[f.change]} ${f.path}`); }
  if (plan.certificates.length > 0) {
    out.push(`  keys and certificates: ${plural(plan.certificates.length, 'to make', 'to make')}`);
    for (const c of plan.certificates) {
      const what = c.cluster === undefined ? `the root of mesh "${c.meshId}"` : `the ${c.certificate} of cluster "${c.cluster}"`;
      out.push(`    ${c.action === 'generate' ? 'generate' : 're-issue'} ${what} (until ${c.notAfter.slice(0, 10)}): ${c.reason}`);
    }
  }
  const diffs = plan.outputFiles.filter(f => f.diff !== '');
  if (diffs.length > 0) {
    out.push('', ...diffs.map(f => f.diff.replace(/\n$/, '')));
  }
  return `${out.join('\n')}\n`;
}

/** Runs `plan`; every error leaves with exit code 2. */
export function planCommand(opts: PlanOptions, io: Io): ExitCode {
  try {
    return planUnchecked(opts, io);
  } catch (e) {
    if (e instanceof CliError) {
      throw new CliError(ExitCode.USAGE, e.lines, e.footer);
    }
    throw new CliError(ExitCode.USAGE, [(e as Error)?.message ?? String(e)], 'plan failed: nothing was written');
  }
}

function planUnchecked(opts: PlanOptions, io: Io): ExitCode {
  const progress = new Progress(io);
  requireNonEmpty('-f, --file', opts.file, 'give the mesh file');
  requireNonEmpty('-o, --output', opts.output, 'give the output directory, or leave -o out for the default (dist)');
  requireNonEmpty('--key-store', opts.keyStore, 'give the key-store directory, or leave --key-store out for the default');
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new CliError(ExitCode.USAGE, [`--output-format "${opts.format}" is not a format of plan: give text or json`]);
  }
  checkSynthTargets(opts.output, opts.keyStore);
  const source = checkMeshFile(opts.file);
  const { built, tree } = renderMeshFile({ ...opts, file: source.label }, source, io, progress, 'plan');
  progress.step(`comparing with ${opts.output} and ${opts.keyStore}`);
  let plan: MeshPlan;
  try {
    plan = planTree(built.app, tree, { outdir: opts.output, keyStore: opts.keyStore });
  } catch (e) {
    throw new CliError(ExitCode.USAGE, [(e as Error).message], 'plan failed: nothing was written');
  }
  io.stdout(opts.format === 'json' ? `${JSON.stringify(plan, undefined, 2)}\n` : formatPlan(plan, opts.file));
  return plan.changed ? ExitCode.INVALID : ExitCode.OK;
}
