/**
 * The `cdk8s-mesh` command line (src/cli): usage errors (exit code 2) and input
 * errors about the files and directories it is given (exit code 1). Each case
 * runs the compiled binary (`node lib/cli/main.js`, as test/cli/run.ts does) in
 * the case directory; the message is everything it prints on stderr, and it
 * prints nothing on stdout. The messages are those test/cli/*.test.ts assert.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cdk8sMesh } from '../../cli/run';
import { CaseContext, TEST_CA_PEM } from '../context';
import { CliCase, Stage } from '../types';

/** A one-cluster mesh file that synthesizes. */
const MESH_FILE = `apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata:
  name: mesh1
spec: {}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: east
spec:
  network: network1
`;

const USAGE = 2;
const INVALID = 1;

/** A valid mesh.yaml in the case directory. */
function meshFile(ctx: CaseContext): void {
  ctx.file('mesh.yaml', MESH_FILE, 0o644);
}

/** A valid mesh.yaml, synthesized into dist/ (the output `check` reads). */
function synthesized(ctx: CaseContext): void {
  meshFile(ctx);
  const r = cdk8sMesh(ctx.dir, ['synth', '-f', 'mesh.yaml']);
  if (r.code !== 0) {
    throw new Error(`the setup's synth failed: ${r.stderr}`);
  }
}

/** A mesh file with a trust root, synthesized (the key store holds the root and east's intermediate). */
function trustRootSynthesized(ctx: CaseContext): void {
  ctx.file('mesh.yaml', MESH_FILE.replace('spec: {}', 'spec: {trustRoot: {algorithm: ECDSA_P256}}'), 0o644);
  const r = cdk8sMesh(ctx.dir, ['synth', '-f', 'mesh.yaml']);
  if (r.code !== 0) {
    throw new Error(`the setup's synth failed: ${r.stderr}`);
  }
}

export const CLI_CASES: CliCase[] = [
  // ---- usage ----
  {
    id: 'cli-unknown-command',
    area: 'cli',
    title: 'An unknown command',
    stage: Stage.CLI,
    args: ['synthesize'],
    exitCode: USAGE,
    message: 'error: unknown command \'synthesize\'\n'
      + '(run with --help for usage)',
    fix: 'The commands are `synth`, `check`, `graph`, `plan`, `init` and `completion` (`cdk8s-mesh --help`).',
  },
  {
    id: 'cli-unknown-option',
    area: 'cli',
    title: 'An unknown option',
    stage: Stage.CLI,
    setup: meshFile,
    args: ['synth', '-f', 'mesh.yaml', '--outdir', 'x'],
    exitCode: USAGE,
    message: 'error: unknown option \'--outdir\'\n'
      + '(Did you mean --output?)\n'
      + '(run with --help for usage)',
  },
  {
    id: 'cli-synth-without-file',
    area: 'cli',
    title: 'synth without -f',
    stage: Stage.CLI,
    setup: meshFile,
    args: ['synth'],
    exitCode: USAGE,
    message: 'error: required option \'-f, --file <mesh.yaml>\' not specified\n'
      + '(run with --help for usage)',
  },
  {
    id: 'cli-synth-file-option-without-value',
    area: 'cli',
    title: 'synth -f without a file name',
    stage: Stage.CLI,
    args: ['synth', '-f'],
    exitCode: USAGE,
    message: 'error: option \'-f, --file <mesh.yaml>\' argument missing\n'
      + '(run with --help for usage)',
  },
  {
    id: 'cli-check-too-many-arguments',
    area: 'cli',
    title: 'check with more than one directory',
    stage: Stage.CLI,
    setup: synthesized,
    args: ['check', 'dist', 'other'],
    exitCode: USAGE,
    message: 'error: too many arguments for \'check\'. Expected 1 argument but got 2.\n'
      + '(run with --help for usage)',
  },
  {
    id: 'cli-empty-option',
    area: 'cli',
    title: 'An empty option value (an unset shell variable)',
    stage: Stage.CLI,
    setup: meshFile,
    args: ['synth', '-f', 'mesh.yaml', '-o', ''],
    exitCode: USAGE,
    message: 'error: -o, --output is empty: give the output directory, or leave -o out for the default (dist)',
  },
  // ---- synth ----
  {
    id: 'cli-synth-file-missing',
    area: 'cli',
    title: 'synth -f names a file that does not exist',
    stage: Stage.CLI,
    args: ['synth', '-f', 'nope.yaml'],
    exitCode: INVALID,
    message: 'error: cannot read mesh file "nope.yaml": it does not exist',
  },
  {
    id: 'cli-synth-file-is-directory',
    area: 'cli',
    title: 'synth -f names a directory',
    stage: Stage.CLI,
    setup: ctx => ctx.file('conf/.keep', '', 0o644),
    args: ['synth', '-f', 'conf'],
    exitCode: INVALID,
    message: 'error: cannot read mesh file "conf": it is not a file',
  },
  {
    id: 'cli-synth-output-is-file',
    area: 'cli',
    title: 'synth -o names a file',
    stage: Stage.CLI,
    setup: ctx => { meshFile(ctx); ctx.file('out.txt', 'not a directory\n', 0o644); },
    args: ['synth', '-f', 'mesh.yaml', '-o', 'out.txt'],
    exitCode: INVALID,
    message: 'error: output directory "out.txt" exists and is not a directory: remove it or choose another one with -o',
  },
  {
    id: 'cli-synth-key-store-inside-output',
    area: 'cli',
    title: 'synth --key-store inside the output directory',
    stage: Stage.CLI,
    setup: meshFile,
    args: ['synth', '-f', 'mesh.yaml', '-o', 'dist', '--key-store', 'dist/keys'],
    exitCode: USAGE,
    message: 'error: --key-store "dist/keys" is inside the output directory "dist" or contains it: the output tree is reviewed and '
      + 'committed, and the key store holds private keys; choose a key store outside it',
  },
  {
    id: 'cli-synth-key-store-is-file',
    area: 'cli',
    title: 'synth --key-store names a file',
    stage: Stage.CLI,
    setup: ctx => { meshFile(ctx); ctx.file('keys.txt', 'not a directory\n'); },
    args: ['synth', '-f', 'mesh.yaml', '--key-store', 'keys.txt'],
    exitCode: INVALID,
    message: 'error: key store "keys.txt" exists and is not a directory: remove it or choose another one with --key-store',
  },
  {
    id: 'cli-synth-key-store-loose-directory',
    area: 'cli',
    title: 'synth with a key store other users can enter',
    stage: Stage.CLI,
    setup: ctx => { trustRootSynthesized(ctx); fs.chmodSync(path.join(ctx.dir, '.mesh-keys'), 0o755); },
    args: ['synth', '-f', 'mesh.yaml'],
    exitCode: INVALID,
    message: 'error: key store ".mesh-keys" is not private to this user, so nothing was written:\n'
      + '  .mesh-keys has mode 0755: it must be 0700 or stricter. Run chmod 700 .mesh-keys\n'
      + 'synth failed: nothing was written',
  },
  {
    id: 'cli-synth-key-store-loose-file',
    area: 'cli',
    title: 'synth with a private manifest in the key store that other users can read',
    stage: Stage.CLI,
    setup: ctx => { trustRootSynthesized(ctx); fs.chmodSync(path.join(ctx.dir, '.mesh-keys/east/secret.istio-system.cacerts.yaml'), 0o644); },
    args: ['synth', '-f', 'mesh.yaml'],
    exitCode: INVALID,
    message: 'error: key store ".mesh-keys" is not private to this user, so nothing was written:\n'
      + '  .mesh-keys/east/secret.istio-system.cacerts.yaml has mode 0644: it must be 0600 or stricter. '
      + 'Run chmod 600 .mesh-keys/east/secret.istio-system.cacerts.yaml; if other users could read it, treat what it holds as exposed and replace it\n'
      + 'synth failed: nothing was written',
  },
  {
    id: 'cli-synth-key-store-file-is-symlink',
    area: 'cli',
    title: 'synth with a symbolic link (or a FIFO, a directory) in place of a key-store file',
    stage: Stage.CLI,
    setup: ctx => {
      trustRootSynthesized(ctx);
      const file = path.join(ctx.dir, '.mesh-keys/east/secret.istio-system.cacerts.yaml');
      fs.renameSync(file, path.join(ctx.dir, 'moved.yaml'));
      fs.symlinkSync(path.join(ctx.dir, 'moved.yaml'), file);
    },
    args: ['synth', '-f', 'mesh.yaml'],
    exitCode: INVALID,
    message: 'error: key store ".mesh-keys" is not private to this user, so nothing was written:\n'
      + '  .mesh-keys/east/secret.istio-system.cacerts.yaml is not a regular file: remove it\n'
      + 'synth failed: nothing was written',
  },
  {
    id: 'cli-synth-key-store-legacy-root',
    area: 'cli',
    title: 'synth with a key store of earlier versions (the root in root/)',
    stage: Stage.CLI,
    setup: ctx => { trustRootSynthesized(ctx); fs.renameSync(path.join(ctx.dir, '.mesh-keys/root-mesh1'), path.join(ctx.dir, '.mesh-keys/root')); },
    args: ['synth', '-f', 'mesh.yaml'],
    exitCode: INVALID,
    message: 'error: mesh.yaml:5:19 Mesh/mesh1: spec.trustRoot: the key store holds a root in .mesh-keys/root, the directory earlier versions used '
      + 'for the only mesh of a file, and no .mesh-keys/root-mesh1: roots are now kept by mesh ID. If .mesh-keys/root is the root of mesh "mesh1", '
      + 'move it explicitly: mv .mesh-keys/root .mesh-keys/root-mesh1 (nothing else changes; no key is made or re-issued)\n'
      + 'synth failed: 1 error in mesh.yaml; nothing was written',
  },
  {
    id: 'cli-synth-output-parent-is-file',
    area: 'cli',
    title: 'synth -o below a file',
    stage: Stage.CLI,
    setup: ctx => { meshFile(ctx); ctx.file('notes.txt', 'mine\n', 0o644); },
    args: ['synth', '-f', 'mesh.yaml', '-o', 'notes.txt/dist'],
    exitCode: INVALID,
    message: 'error: output directory "notes.txt/dist" cannot be created: notes.txt is a file, not a directory',
  },
  {
    id: 'cli-synth-file-errors',
    area: 'cli',
    title: 'synth of a mesh file with errors',
    stage: Stage.CLI,
    setup: ctx => ctx.file('mesh.yaml', MESH_FILE.replace('network: network1', 'netwrok: network1').replace('spec: {}', 'spec: {istio: {install: Helm}}'), 0o644),
    args: ['synth', '-f', 'mesh.yaml'],
    exitCode: INVALID,
    message: 'error: mesh.yaml:5:25 Mesh/mesh1: \'spec.istio.install\' ("Helm") must be one of sail, helm, istioctl (did you mean '
      + '"helm"?)\n'
      + 'error: mesh.yaml:12:3 Cluster/east: \'spec.netwrok\' ("network1") is not a field of \'spec\' (did you mean "network"?): '
      + 'expected one of mesh, network, role, primary, apiServer, kubeconfig, eastWestGateway, discoverySelectors, sampleApps, waypoints\n'
      + 'synth failed: 2 errors in mesh.yaml; nothing was written',
    fix: 'Every problem of the file is reported at once, in file order; the section "The mesh file" lists them.',
  },
  {
    id: 'cli-synth-token-file-beside-mesh-file',
    area: 'cli',
    title: 'synth of a mesh file in another directory whose token file is not beside it',
    stage: Stage.CLI,
    setup: ctx => {
      ctx.file('config/mesh.yaml', `${MESH_FILE}---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata: {name: west}
spec: {network: network1, apiServer: {server: "https://west.example.com:6443", caFile: ../ca.crt}}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: RemoteAccess
metadata: {name: istiod}
spec: {cluster: west, consumer: istio, consumerCluster: east, credentials: {tokenFile: west.jwt}}
`, 0o644);
      ctx.file('ca.crt', TEST_CA_PEM, 0o644);
      ctx.tokenFile('west.jwt');
    },
    args: ['synth', '-f', 'config/mesh.yaml'],
    exitCode: INVALID,
    message: 'error: config/mesh.yaml:22:88 RemoteAccess/istiod: \'spec.credentials.tokenFile\' ("west.jwt") must name a token file, relative to '
      + 'the mesh file\'s directory, but <cwd>/config/west.jwt does not exist\n'
      + 'synth failed: 1 error in config/mesh.yaml; nothing was written',
    fix: 'Paths in a mesh file are relative to the mesh file\'s directory, not to the current directory.',
  },
  {
    id: 'cli-synth-kubeconfig-beside-mesh-file',
    area: 'cli',
    title: 'synth of a mesh file in another directory whose kubeconfig is not beside it',
    stage: Stage.CLI,
    setup: ctx => {
      ctx.file('config/mesh.yaml', MESH_FILE.replace('  network: network1\n', '  kubeconfig: {file: kube.yaml}\n'), 0o644);
      ctx.kubeconfig(['server: https://east.example.com:6443'], 'kube.yaml');
    },
    args: ['synth', '-f', 'config/mesh.yaml'],
    exitCode: INVALID,
    message: 'error: config/mesh.yaml:12:22 Cluster/east: \'spec.kubeconfig.file\' ("kube.yaml") must name a kubeconfig file, relative to '
      + 'the mesh file\'s directory, but <cwd>/config/kube.yaml does not exist\n'
      + 'synth failed: 1 error in config/mesh.yaml; nothing was written',
    fix: 'Paths in a mesh file are relative to the mesh file\'s directory, not to the current directory.',
  },
  {
    id: 'cli-synth-file-too-large',
    area: 'cli',
    title: 'A mesh file larger than 16 MiB',
    stage: Stage.CLI,
    setup: ctx => ctx.file('mesh.yaml', '#'.repeat(16 * 1024 * 1024 + 1) + '\n', 0o644),
    args: ['synth', '-f', 'mesh.yaml'],
    exitCode: INVALID,
    message: 'error: cannot read mesh file "mesh.yaml": it is 16777218 bytes, more than a mesh file can be (16777216 bytes)',
    fix: 'A mesh file describes clusters, not workloads: even 1,000 clusters stay far below the limit. A file this large is usually the wrong file.',
  },
  {
    id: 'cli-synth-stdin-errors',
    area: 'cli',
    title: 'A mesh file on stdin (`-f -`) with errors',
    stage: Stage.CLI,
    args: ['synth', '-f', '-'],
    stdin: () => 'apiVersion: cdk8s-mesh.io/v1\nkind: Mesh\nmetadata: {name: m}\nspec: {}\n',
    exitCode: INVALID,
    message: 'error: <stdin>:1:13 document 1: \'apiVersion\' ("cdk8s-mesh.io/v1") is not a mesh-file apiVersion: expected cdk8s-mesh.io/v1alpha1 (or ristioctl.k8smgmt.io/v3 for a ristioctl file)\n'
      + 'synth failed: 1 error in <stdin>; nothing was written',
    fix: 'Messages name stdin `<stdin>`, with the line and column as for a file; relative paths in it resolve against the current directory.',
  },
  {
    id: 'cli-synth-stdin-too-large',
    area: 'cli',
    title: 'More than 16 MiB on stdin (`-f -`)',
    stage: Stage.CLI,
    args: ['synth', '-f', '-'],
    stdin: () => '#'.repeat(16 * 1024 * 1024 + 1),
    exitCode: INVALID,
    message: 'error: cannot read the mesh file from stdin: it is more than a mesh file can be (16777216 bytes)',
  },
  {
    id: 'cli-synth-key-store-locked',
    area: 'cli',
    title: 'The key store stays locked by another synth',
    stage: Stage.CLI,
    setup: ctx => { meshFile(ctx); ctx.heldLock('.mesh-keys/.lock'); },
    args: ['synth', '-f', 'mesh.yaml'],
    env: { CDK8S_MESH_LOCK_TIMEOUT: '0.2' },
    exitCode: 3,
    message: 'note: waiting for key store .mesh-keys: locked by pid <pid> on host <host> since 2026-01-01T00:00:00.000Z (lock file <cwd>/.mesh-keys/.lock)\n'
      + 'error: key store .mesh-keys is locked by another synth (pid <pid> on host <host> since 2026-01-01T00:00:00.000Z; lock file <cwd>/.mesh-keys/.lock): '
      + 'wait for it to finish and run again, or, if no synth runs on <host>, remove <cwd>/.mesh-keys/.lock',
    fix: 'Two synths of one key store run one after the other: the second waits up to `CDK8S_MESH_LOCK_TIMEOUT` seconds (default 120), then exits 3 and writes nothing. '
      + 'A lock whose owner is gone (same host, pid not running) is removed by the next synth, with a note.',
  },
  // ---- check ----
  {
    id: 'cli-check-directory-missing',
    area: 'cli',
    title: 'check of a directory that does not exist',
    stage: Stage.CLI,
    args: ['check', 'nowhere'],
    exitCode: INVALID,
    message: 'error: output directory "nowhere" does not exist: run cdk8s-mesh synth first, or name the directory to check',
  },
  {
    id: 'cli-check-not-directory',
    area: 'cli',
    title: 'check of a file',
    stage: Stage.CLI,
    setup: meshFile,
    args: ['check', 'mesh.yaml'],
    exitCode: INVALID,
    message: 'error: output directory "mesh.yaml" is not a directory',
  },
  {
    id: 'cli-check-at-not-date',
    area: 'cli',
    title: 'check --at that is not a date',
    stage: Stage.CLI,
    setup: synthesized,
    args: ['check', '--at', 'tomorrow'],
    exitCode: USAGE,
    message: 'error: --at "tomorrow" is not a date: give an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z',
  },
  {
    id: 'cli-check-warn-days-not-days',
    area: 'cli',
    title: 'check --warn-days that is not a number of days',
    stage: Stage.CLI,
    setup: synthesized,
    args: ['check', '--warn-days', '2w'],
    exitCode: USAGE,
    message: 'error: --warn-days "2w" is not a whole number of days from 1 to 3650: give how many days before expiry to warn, such as 30',
  },
  {
    id: 'cli-check-key-store-is-file',
    area: 'cli',
    title: 'check --key-store names a file',
    stage: Stage.CLI,
    setup: ctx => { synthesized(ctx); ctx.file('keys.txt', 'not a directory\n'); },
    args: ['check', '--key-store', 'keys.txt'],
    exitCode: INVALID,
    message: 'error: key store "keys.txt" exists and is not a directory: give the key store synth wrote with --key-store',
  },
  {
    id: 'cli-check-output-unknown',
    area: 'cli',
    title: 'check --output with a format it does not write',
    stage: Stage.CLI,
    setup: synthesized,
    args: ['check', '--output', 'yaml'],
    exitCode: USAGE,
    message: 'error: --output "yaml" is not a format: give text (the default) or json',
  },
  // ---- completion ----
  {
    id: 'cli-completion-unknown-shell',
    area: 'cli',
    title: 'completion for a shell it does not write for',
    stage: Stage.CLI,
    args: ['completion', 'fish'],
    exitCode: USAGE,
    message: 'error: completion: "fish" is not a shell this command writes for: give bash or zsh',
  },
  // ---- init ----
  {
    id: 'cli-init-file-exists',
    area: 'cli',
    title: 'init over an existing file',
    stage: Stage.CLI,
    setup: ctx => ctx.file('mesh.yaml', 'mine\n', 0o644),
    args: ['init'],
    exitCode: INVALID,
    message: 'error: "mesh.yaml" already exists: init never overwrites a file; remove it or name another one with -f',
  },
  {
    id: 'cli-init-directory-missing',
    area: 'cli',
    title: 'init -f into a directory that does not exist',
    stage: Stage.CLI,
    args: ['init', '-f', 'nowhere/mesh.yaml'],
    exitCode: INVALID,
    message: 'error: cannot write "nowhere/mesh.yaml": directory "nowhere" does not exist',
  },
  {
    id: 'cli-init-directory-is-file',
    area: 'cli',
    title: 'init -f below a file',
    stage: Stage.CLI,
    setup: ctx => ctx.file('notes.txt', 'mine\n', 0o644),
    args: ['init', '-f', 'notes.txt/mesh.yaml'],
    exitCode: INVALID,
    message: 'error: cannot write "notes.txt/mesh.yaml": "notes.txt" is not a directory',
  },
  // ---- graph and plan ----
  {
    id: 'cli-graph-svg-directory-missing',
    area: 'cli',
    title: 'graph --svg into a directory that does not exist',
    stage: Stage.CLI,
    setup: meshFile,
    args: ['graph', '-f', 'mesh.yaml', '--svg', 'nowhere/mesh.svg'],
    exitCode: INVALID,
    message: 'error: --svg: cannot write "nowhere/mesh.svg": directory "nowhere" does not exist',
    fix: 'Create the directory first, or write the picture into an existing one. The same holds for `--mermaid` and `--dot`; nothing is drawn before every path is checked.',
  },
  {
    id: 'cli-plan-mesh-file-error',
    area: 'cli',
    title: 'plan of a mesh file with an error',
    stage: Stage.CLI,
    setup: ctx => ctx.file('mesh.yaml', MESH_FILE.replace('network: network1', 'network: Net_1'), 0o644),
    args: ['plan', '-f', 'mesh.yaml'],
    exitCode: USAGE,
    message: 'error: mesh.yaml:12:12 Cluster/east: \'spec.network\' ("Net_1") must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)\n'
      + 'plan failed: 1 error in mesh.yaml; nothing was written',
    fix: 'The same errors as `synth`, all of them at once; `plan` exits with 2 on any error (0 and 1 say whether a synth would change anything).',
  },
  {
    id: 'cli-plan-outdir-not-ours',
    area: 'cli',
    title: 'plan against an output directory that cdk8s-mesh did not write',
    stage: Stage.CLI,
    setup: ctx => { meshFile(ctx); ctx.file('other/notes.txt', 'mine\n', 0o644); },
    args: ['plan', '-f', 'mesh.yaml', '-o', 'other'],
    exitCode: USAGE,
    message: 'error: outdir "other" is not empty and was not written by cdk8s-multicluster-mesh (no .cdk8s-mesh file): '
      + 'the writer replaces the whole outdir, so remove it or choose another outdir',
    fix: 'A synth would refuse it, so plan does too (exit code 2), and writes nothing. Give the directory a synth wrote, or an empty or missing one.',
  },
  {
    id: 'cli-plan-unknown-format',
    area: 'cli',
    title: 'plan --output-format that is not text or json',
    stage: Stage.CLI,
    setup: meshFile,
    args: ['plan', '-f', 'mesh.yaml', '--output-format', 'yaml'],
    exitCode: USAGE,
    message: 'error: --output-format "yaml" is not a format of plan: give text or json',
    fix: '`-o` is the output directory, as for `synth`; the format is `--output-format text|json` (or `--json`).',
  },
  // ---- synth of mesh files (the table test/cli/synth.test.ts had) ----
  {
    id: 'cli-synth-unknown-field-far-from-known',
    area: 'cli',
    title: 'synth of a file with an unknown field close to no known one',
    stage: Stage.CLI,
    setup: ctx => { ctx.file('mesh.yaml', 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh1\nspec:\n  istio:\n    install: helm\n---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: east\nspec:\n  replicas: 3\n', 0o644); },
    args: ['synth', '-f', 'mesh.yaml'],
    exitCode: 1,
    message: 'error: mesh.yaml:14:3 Cluster/east: \'spec.replicas\' (3) is not a field of \'spec\': expected one of mesh, network, role, primary, apiServer, kubeconfig, eastWestGateway, discoverySelectors, sampleApps, waypoints\nsynth failed: 1 error in mesh.yaml; nothing was written',
  },
  {
    id: 'cli-synth-key-store-empty',
    area: 'cli',
    title: 'synth --key-store with an empty value',
    stage: Stage.CLI,
    setup: ctx => { ctx.file('mesh.yaml', 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh1\nspec:\n  istio:\n    install: helm\n', 0o644); },
    args: ['synth', '-f', 'mesh.yaml', '--key-store', ''],
    exitCode: 2,
    message: 'error: --key-store is empty: give the key-store directory, or leave --key-store out for the default',
  },
  {
    id: 'cli-synth-file-empty-option',
    area: 'cli',
    title: 'synth -f with an empty value',
    stage: Stage.CLI,
    args: ['synth', '-f', ''],
    exitCode: 2,
    message: 'error: -f, --file is empty: give the mesh file',
  },
];
