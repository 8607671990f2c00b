/**
 * The `cdk8s-mesh` command line (commander): commands, options, help and exit codes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { defaultKeyStore } from '../output/_key-store-file';
import { checkCommand } from './check/command';
import { completionScript, SHELLS } from './completion';
import { graphCommand } from './graph';
import { initCommand } from './init';
import { CliError, ExitCode, Io, processIo } from './io';
import { planCommand, PLAN_EXIT_CODES_HELP } from './plan';
import { synthCommand } from './synth';
import { redact } from '../output/_redact';

/** The package version (from package.json). */
export function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
  } catch {
    return 'unknown';
  }
}

const DESCRIPTION = 'Describe a multi-cluster Istio or Linkerd service mesh once, in a YAML mesh file, '
  + 'and synthesize one GitOps-ready manifest directory per cluster.';

const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  invalid input, or a failed check (nothing is written)
  2  usage error
  3  synth only: the key store or the output directory stayed locked by another synth
     (it waits up to CDK8S_MESH_LOCK_TIMEOUT seconds, default 120; nothing is written)`;

/** Builds the program; `setExit` receives each command's exit code (a promise for `graph`, which lays out asynchronously). */
function createProgram(io: Io, setExit: (code: ExitCode | Promise<ExitCode>) => void): Command {
  const program = new Command();
  program
    .name('cdk8s-mesh')
    .description(DESCRIPTION)
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .exitOverride()
    .configureOutput({ writeOut: s => io.stdout(s), writeErr: s => io.stderr(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  program.command('synth')
    .summary('synthesize a mesh file into one manifest directory per cluster')
    .description('Read a mesh file (cdk8s-mesh.io/v1alpha1, or ristioctl.k8smgmt.io/v3), build the same construct tree as the '
      + 'TypeScript API, and write <output>/<cluster>/ (and private material to the key store). '
      + 'Nothing is written when the file has an error; every error of the file is reported at once.')
    .requiredOption('-f, --file <mesh.yaml>', 'the mesh file (- reads it from stdin)')
    .option('-o, --output <dir>', 'the output directory (replaced on every synth)', 'dist')
    .option('--key-store <dir>', 'the key store for private keys and credentials (never inside the output directory)', defaultKeyStore())
    .option('-q, --quiet', 'no progress lines on a terminal (warnings and errors are still printed)')
    .option('--warn-days <days>', 'warn about tokens that expire within this many days', '30')
    .addHelpText('after', `${EXIT_CODES_HELP}\n\nExamples:\n  cdk8s-mesh synth -f mesh.yaml -o dist --key-store .mesh-keys\n  cat mesh.yaml | cdk8s-mesh synth -f -`)
    .action(opts => setExit(synthCommand({
      file: opts.file, output: opts.output, keyStore: opts.keyStore, quiet: opts.quiet === true, warnDays: opts.warnDays,
    }, io)));

  program.command('check')
    .summary('check a synthesized output tree and key store, offline')
    .description('Run offline checks over a synthesized output tree and its key store: schemas, kustomizations, mesh identity, '
      + 'remote secrets, certificates, Linkerd links, namespaces, private material and RBAC. '
      + 'Prints ✓ (pass), ‼ (warning) and ✗ (failure) lines; exits 1 on any ✗.')
    .argument('[dist]', 'the output directory', 'dist')
    .option('--key-store <dir>', 'the key store', defaultKeyStore())
    .option('--at <date>', 'evaluate certificate expiry at this date (ISO 8601) instead of now')
    .option('--strict', 'warnings fail too (exit 1): for CI pipelines')
    .option('-q, --quiet', 'no progress lines on a terminal')
    .option('--warn-days <days>', 'warn about certificates and tokens that expire within this many days', '30')
    .option('--output <format>', 'text (like linkerd check) or json (one document; its schema is in docs/cli.md)', 'text')
    .addHelpText('after', `${EXIT_CODES_HELP}\n\nExamples:\n  cdk8s-mesh check dist --key-store .mesh-keys\n  cdk8s-mesh check dist --strict --output json > check.json`)
    .action((dist, opts) => setExit(checkCommand({
      outdir: dist,
      keyStore: opts.keyStore,
      at: opts.at,
      strict: opts.strict === true,
      output: opts.output,
      quiet: opts.quiet === true,
      warnDays: opts.warnDays,
    }, io)));

  program.command('graph')
    .summary('draw the mesh: SVG, Mermaid and Graphviz DOT')
    .description('Read a mesh file and draw its topology: clusters grouped by network, primary and remote roles, east-west gateways, '
      + 'the trust root and each intermediate with its expiry, remote access with its credential state, Linkerd links, '
      + 'full-mesh endpoint discovery as one summary; pending items in orange. Writes only the files it is asked for '
      + '(prints DOT on stdout when none is given); never the output tree or the key store.')
    .requiredOption('-f, --file <mesh.yaml>', 'the mesh file')
    .option('-o, --output <dir>', 'the output directory the mesh is synthesized into (read for nothing; names the app as synth does)', 'dist')
    .option('--key-store <dir>', 'the key store to read certificates from (never written)', defaultKeyStore())
    .option('--svg <file>', 'write the picture as SVG (laid out by Graphviz)')
    .option('--mermaid <file>', 'write the graph as a Mermaid flowchart')
    .option('--dot <file>', 'write the graph as Graphviz DOT')
    .addHelpText('after', `${EXIT_CODES_HELP}\n\nExample:\n  cdk8s-mesh graph -f mesh.yaml --svg mesh.svg --mermaid mesh.mmd`)
    .action(opts => setExit(graphCommand({
      file: opts.file, output: opts.output, keyStore: opts.keyStore, svg: opts.svg, mermaid: opts.mermaid, dot: opts.dot,
    }, io)));

  program.command('plan')
    .summary('show what a synth would change in the output tree and the key store, writing nothing')
    .description('Read a mesh file, render everything a synth renders in memory, and compare it with the output directory and the '
      + 'key store: files added, removed and changed (with a unified diff of the output tree; key-store files by name only), '
      + 'and the keys and certificates a synth would generate or re-issue, and why. Writes nothing and takes no lock.')
    .requiredOption('-f, --file <mesh.yaml>', 'the mesh file')
    .option('-o, --output <dir>', 'the output directory to compare with', 'dist')
    .option('--key-store <dir>', 'the key store to compare with', defaultKeyStore())
    .option('--output-format <format>', 'text, or json (one JSON document on stdout)', 'text')
    .option('--json', 'the same as --output-format json')
    .addHelpText('after', `${PLAN_EXIT_CODES_HELP}\n\nExample:\n  cdk8s-mesh plan -f mesh.yaml -o dist --key-store .mesh-keys`)
    .action(opts => setExit(planCommand({ file: opts.file, output: opts.output, keyStore: opts.keyStore, format: opts.json ? 'json' : opts.outputFormat }, io)));

  program.command('init')
    .summary('write a commented starter mesh file')
    .description('Write a commented starter mesh file with two clusters of one mesh. Never overwrites an existing file.')
    .option('-f, --file <mesh.yaml>', 'the file to write', 'mesh.yaml')
    .addHelpText('after', `${EXIT_CODES_HELP}\n\nExample:\n  cdk8s-mesh init && cdk8s-mesh synth -f mesh.yaml`)
    .action(opts => setExit(initCommand({ file: opts.file }, io)));

  program.command('completion')
    .summary('print a bash or zsh completion script')
    .description('Print a shell completion script for cdk8s-mesh and cdk8s-multicluster-mesh (commands, options, files).')
    .argument('<shell>', `the shell: ${SHELLS.join(' or ')}`)
    .addHelpText('after', '\nExamples:\n  source <(cdk8s-mesh completion bash)                   # bash: this shell (add it to ~/.bashrc)\n'
      + '  cdk8s-mesh completion zsh > "${fpath[1]}/_cdk8s-mesh"   # zsh: then start a new shell')
    .action(shell => {
      io.stdout(completionScript(program, shell));
      setExit(ExitCode.OK);
    });

  return program;
}

/** Prints a CLI error's lines and returns its exit code. */
export function reportError(e: CliError, io: Io): ExitCode {
  for (const line of e.lines) {
    io.stderr(`error: ${line}\n`);
  }
  if (e.footer) {
    io.stderr(`${e.footer}\n`);
  }
  return e.exitCode;
}

/** Runs the command line `args` (without `node` and the script); returns the exit code (a promise for `graph`). */
export function run(args: string[], rawIo: Io = processIo()): ExitCode | Promise<ExitCode> {
  // Every line the CLI prints goes through the one redactor: no token, key or PEM block in any message.
  const io: Io = { interactive: rawIo.interactive, stdout: t => rawIo.stdout(redact(t)), stderr: t => rawIo.stderr(redact(t)) };
  let code: ExitCode | Promise<ExitCode> = ExitCode.OK;
  const program = createProgram(io, c => { code = c; });
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.USAGE;
  }
  try {
    program.parse(args, { from: 'user' });
  } catch (e) {
    return failure(e, io);
  }
  const result = code as ExitCode | Promise<ExitCode>;
  return result instanceof Promise ? result.catch(e => failure(e, io)) : result;
}

/** The exit code of a command that threw, its message printed. */
function failure(e: unknown, io: Io): ExitCode {
  if (e instanceof CommanderError) {
    return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  if (e instanceof CliError) {
    return reportError(e, io);
  }
  io.stderr(`error: ${(e as Error)?.message ?? String(e)}\n`);
  if (process.env.CDK8S_MESH_DEBUG) {
    io.stderr(`${(e as Error)?.stack}\n`);
  }
  return ExitCode.INVALID;
}
