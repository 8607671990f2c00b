import * as fs from 'fs';
import * as path from 'path';
import { STARTER_MESH_FILE } from '../../src/cli/init';
import { tempDir, validateTree } from '../util';
import { cdk8sMesh, listTree } from './run';

describe('cdk8s-mesh init', () => {
  test('writes a commented starter mesh file that synthesizes as is', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-init-');

    // WHEN
    const init = cdk8sMesh(dir, ['init']);
    const synth = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    expect(init.stdout).toEqual('Wrote mesh.yaml: edit it, then run cdk8s-mesh synth -f mesh.yaml\n');
    expect(init.stderr).toEqual('');
    expect(init.code).toEqual(0);
    expect(fs.readFileSync(path.join(dir, 'mesh.yaml'), 'utf-8')).toEqual(STARTER_MESH_FILE);
    expect(STARTER_MESH_FILE.split('\n').filter(l => l.includes('#')).length).toBeGreaterThan(20);
    expect(synth.stderr).toEqual('');
    // Each cluster: its namespace, its Istio resource, and its east-west gateway (8 objects);
    // the trust root (on in the starter) in the key store: the root, and per cluster its cacerts.
    expect(synth.stdout).toEqual('Synthesized mesh.yaml into dist/: cluster1 (9 manifests), cluster2 (9 manifests)\n'
      + 'Key store .mesh-keys/: 12 files (private material: keep it out of git)\n');
    expect(validateTree(path.join(dir, 'dist'))).toEqual(18);
    expect(listTree(path.join(dir, '.mesh-keys')).filter(f => f.endsWith('cacerts.yaml'))).toEqual([
      'cluster1/secret.istio-system.cacerts.yaml', 'cluster2/secret.istio-system.cacerts.yaml',
    ]);
  });

  test('check of the starter\'s synth: cacerts for every cluster, P-256; only endpoint discovery is left to the user', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-init-');
    cdk8sMesh(dir, ['init']);
    cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // WHEN
    const r = cdk8sMesh(dir, ['check', '--output', 'json']);

    // THEN
    const doc = JSON.parse(r.stdout);
    const warnings = doc.groups.flatMap((g: any) => g.results.filter((x: any) => x.status !== 'ok').map((x: any) => x.message));
    expect(warnings).toEqual(['mesh "mesh1": no remote secrets: endpoint discovery is off, so each istiod sees only its own cluster\'s endpoints']);
    expect(r.code).toEqual(0);
    expect(fs.readFileSync(path.join(dir, '.mesh-keys', 'root-mesh1', 'root-cert.pem'), 'utf-8')).toContain('BEGIN CERTIFICATE');
  });

  test('every commented-out field of the starter is a field of the format', () => {
    // GIVEN: the starter with its commented-out fields uncommented, in a file of its own directory
    const dir = tempDir('cdk8s-mesh-init-');
    const uncommented = STARTER_MESH_FILE.split('\n')
      .map(l => l.replace(/^(\s*)# (\s*[a-zA-Z-]+:)/, '$1$2').replace(/^(\s*)# (\s*- matchLabels:)/, '$1$2'))
      .map(l => l.replace(/^(\s*[a-zA-Z]+: [^#]*?)\s+#.*$/, '$1'))
      .filter(l => !l.startsWith('#'))
      .join('\n');
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), uncommented);

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN: no unknown field and no wrong type or value (other errors, such as both apiServer and kubeconfig, are expected)
    const errors = r.stderr.split('\n').filter(l => l.startsWith('error: '));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter(e => /is not a field|must be (a|an|one of|true) /.test(e))).toEqual([]);
    expect(uncommented).toContain('    algorithm: ECDSA_P256');
    expect(uncommented).toContain('    serviceType: LoadBalancer');
    expect(uncommented).toContain('    address: 203.0.113.10');
  });

  test('refuses to overwrite an existing file', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-init-');
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), 'mine\n');

    // WHEN
    const r = cdk8sMesh(dir, ['init']);

    // THEN
    expect(r.stderr).toMatch(/^error: /); // the message: cli-init-file-exists in the bad-input catalogue
    expect(r.code).toEqual(1);
    expect(fs.readFileSync(path.join(dir, 'mesh.yaml'), 'utf-8')).toEqual('mine\n');
  });

  test('-f names the file; a missing directory is an error', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-init-');

    // WHEN
    const ok = cdk8sMesh(dir, ['init', '-f', 'meshes.yaml']);
    const bad = cdk8sMesh(dir, ['init', '-f', 'nowhere/mesh.yaml']);

    // THEN
    expect(ok.code).toEqual(0);
    expect(listTree(dir)).toEqual(['meshes.yaml']);
    expect(bad.stderr).toMatch(/^error: /); // the message: cli-init-directory-missing
    expect(bad.code).toEqual(1);
  });

  test('-f below a file, or empty: an error, nothing written', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-init-');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');

    // WHEN
    const below = cdk8sMesh(dir, ['init', '-f', 'notes.txt/mesh.yaml']);
    const empty = cdk8sMesh(dir, ['init', '-f', '']);

    // THEN
    expect([below.stderr, below.code]).toEqual(['error: cannot write "notes.txt/mesh.yaml": "notes.txt" is not a directory\n', 1]);
    expect([empty.stderr, empty.code]).toEqual(['error: -f, --file is empty: give the file to write, or leave -f out for the default (mesh.yaml)\n', 2]);
    expect(listTree(dir)).toEqual(['notes.txt']);
  });
});

describe('cdk8s-mesh help and version', () => {
  test('--version prints the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
    const r = cdk8sMesh(tempDir(), ['--version']);
    expect(r.stdout).toEqual(`${version}\n`);
    expect(r.code).toEqual(0);
  });

  test.each([
    [[], ['Usage: cdk8s-mesh [options] [command]', 'synth [options]', 'check [options] [dist]', 'init [options]', 'completion <shell>', 'Exit codes:']],
    [['--help'], ['Usage: cdk8s-mesh [options] [command]', 'Exit codes:']],
    [['synth', '--help'], ['Usage: cdk8s-mesh synth [options]', '-f, --file <mesh.yaml>', '-o, --output <dir>', '(default: "dist")',
      '--key-store <dir>', '(default: ".mesh-keys")', 'cdk8s-mesh synth -f mesh.yaml -o dist --key-store .mesh-keys']],
    [['check', '--help'], ['Usage: cdk8s-mesh check [options] [dist]', '--key-store <dir>', '--at <date>', '--strict', '--output <format>', 'cdk8s-mesh check dist --key-store .mesh-keys']],
    [['completion', '--help'], ['Usage: cdk8s-mesh completion [options] <shell>', 'source <(cdk8s-mesh completion bash)']],
    [['init', '--help'], ['Usage: cdk8s-mesh init [options]', '-f, --file <mesh.yaml>', '(default: "mesh.yaml")']],
  ])('%j', (args, expected) => {
    // WHEN
    const r = cdk8sMesh(tempDir(), args as string[]);

    // THEN: help on stdout and exit 0, except with no command at all (stderr, usage error)
    const text = args.length === 0 ? r.stderr : r.stdout;
    for (const e of expected as string[]) {
      expect(text).toContain(e);
    }
    expect(r.code).toEqual(args.length === 0 ? 2 : 0);
  });
});
