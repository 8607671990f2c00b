import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempDir } from './util';

const root = path.join(__dirname, '..');
const cli = path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

function appRepo(): string {
  const dir = tempDir('cdk8s-app-');
  for (const f of ['cdk8s.yaml', 'main.js']) {
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'cdk8s-app', f), path.join(dir, f));
  }
  return dir;
}

function cdk8s(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', ...args], {
    cwd,
    encoding: 'utf-8',
    env: { ...process.env, LIBRARY: path.join(root, 'lib', 'index.js'), KEY_STORE: path.join(cwd, 'keys') },
  });
  return result;
}

describe('under the real cdk8s CLI (cdk8s-cli from npm)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(root, 'lib', 'index.js'))) {
      throw new Error('lib/ is missing: run `npx projen compile` first (npm test does)');
    }
  });

  test('`cdk8s synth` writes one directory per cluster into the output directory it passes', () => {
    // GIVEN
    const repo = appRepo();

    // WHEN
    const result = cdk8s(repo);

    // THEN
    expect(result.stderr).not.toContain('ERROR');
    expect(result.status).toEqual(0);
    expect(result.stdout).toContain('Synthesizing application\n  - dist/east/');
    const files = Object.keys(readTree(path.join(repo, 'dist')));
    for (const cluster of ['east', 'west']) {
      expect(files).toEqual(expect.arrayContaining([
        `${cluster}/kustomization.yaml`,
        `${cluster}/namespace.istio-system.yaml`,
        `${cluster}/istio.default.yaml`,
        `${cluster}/gateway.istio-system.cross-network-gateway.yaml`,
        `${cluster}/deployment.istio-system.istio-eastwestgateway.yaml`,
      ]));
    }
    expect(files.filter(f => !f.startsWith('east/') && !f.startsWith('west/'))).toEqual(['.cdk8s-mesh']);
  });

  test('`cdk8s synth --output` is honoured (CDK8S_OUTDIR)', () => {
    // GIVEN
    const repo = appRepo();

    // WHEN
    const result = cdk8s(repo, '--output', 'manifests');

    // THEN
    expect(result.status).toEqual(0);
    expect(fs.readdirSync(path.join(repo, 'manifests')).sort()).toEqual(['.cdk8s-mesh', 'east', 'west']);
    expect(fs.existsSync(path.join(repo, 'dist'))).toBe(false);
  });
});
