import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const docs = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
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

test('the README says how to install from a clone before a release', () => {
  expect(text('README.md')).toContain('npm install ../cdk8s-multicluster-mesh/cdk8s-multicluster-mesh-0.0.0.tgz');
});
