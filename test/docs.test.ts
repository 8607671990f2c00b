import * as fs from 'fs';
import * as path from 'path';
import { recipeBlock } from '../scripts/recipe';

const root = path.join(__dirname, '..');
const docs = ['README.md', 'CONTRIBUTING.md', ...fs.readdirSync(path.join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
const text = (f: string) => fs.readFileSync(path.join(root, f), 'utf-8');

test('every npx line of README and docs names a package this project owns', () => {
  const offenders: string[] = [];
  for (const f of docs) {
    text(f).split('\n').forEach((line, i) => {
      if (/npx\s+cdk8s-mesh\b/.test(line)) {
        offenders.push(`${f}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  expect(offenders).toEqual([]);
  expect(text('README.md')).toContain('npx cdk8s-multicluster-mesh synth -f mesh.yaml');
});

test('the CLI answers to the package name too', () => {
  const pkg = JSON.parse(text('package.json'));
  expect(pkg.bin).toEqual({ 'cdk8s-mesh': 'lib/cli/main.js', 'cdk8s-multicluster-mesh': 'lib/cli/main.js' });
});

test('README and docs point at no file outside the repository', () => {
  const offenders = docs.filter(f => /\.\.\/shared\b/.test(text(f)));
  expect(offenders).toEqual([]);
});

test('the README says how to install from a clone before a release (the recipe CI runs: scripts/recipe.ts)', () => {
  // GIVEN the README's recipe blocks
  const readme = text('README.md');

  // THEN the clone block builds the tarball the app block installs, with pinned TypeScript 5 and ts-node
  expect(recipeBlock(readme, 'clone')).toContain('npx projen package:js   # → dist/js/cdk8s-multicluster-mesh-0.0.0.tgz');
  const app = recipeBlock(readme, 'app');
  expect(app).toContain('../cdk8s-multicluster-mesh/dist/js/cdk8s-multicluster-mesh-0.0.0.tgz');
  expect(app).toContain('typescript@~5.9.0 ts-node@^10.9.2');
  expect(JSON.parse(recipeBlock(readme, 'tsconfig.json')).compilerOptions.module).toEqual('commonjs');
  expect(recipeBlock(readme, 'cdk8s.yaml')).toEqual('language: typescript\napp: npx ts-node main.ts\n');
});

test('the README walkthrough is examples/multi-primary/main.ts, line for line', () => {
  // GIVEN the example's lines between its walkthrough markers, as a top-level program:
  // one indent less, and the CA files relative to the app directory (the recipe copies them there)
  const example = text('examples/multi-primary/main.ts');
  const region = example.slice(example.indexOf('// walkthrough: begin'), example.indexOf('  // walkthrough: end')).split('\n').slice(1, -1)
    .map(l => l.replace(/^ {2}/, '').replace(/path\.join\(__dirname, ('[^']+')\)/, '$1'));

  // WHEN the README's main.ts is read
  const readme = recipeBlock(text('README.md'), 'main.ts').split('\n');

  // THEN it is the imports, the MeshApp, exactly those lines, and app.synth()
  expect(readme).toEqual([
    "import { AccessConsumer, ApiServer, EastWestGateway, KeyAlgorithm, Mesh, MeshApp, MeshCluster, RemoteAccess, TrustRoot } from 'cdk8s-multicluster-mesh';",
    '',
    '// The output directory: $CDK8S_OUTDIR (set by `cdk8s synth`), else dist. The key store: .mesh-keys.',
    'const app = new MeshApp();',
    '',
    ...region,
    '',
    'app.synth();',
    '',
  ]);
  // AND its inputs are in the repository
  for (const ca of ['cluster1-api-ca.crt', 'cluster2-api-ca.crt']) {
    expect(fs.existsSync(path.join(root, 'examples', 'multi-primary', ca))).toBe(true);
  }
});
