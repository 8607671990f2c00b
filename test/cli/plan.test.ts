/**
 * `cdk8s-mesh plan` and `cdk8s-mesh graph` through the compiled binary: exit
 * codes, the text and JSON of plan, the files graph writes, and that neither
 * writes the output tree or the key store, even on error. The exact messages
 * of bad input are in test/bad-inputs/cases/cli.ts.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../util';
import { cdk8sMesh } from './run';

const MESH = `apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata:
  name: mesh1
spec:
  trustRoot: {algorithm: ECDSA_P256}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: cluster1
spec:
  network: network1
  eastWestGateway: {address: 192.0.2.10}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: cluster2
spec:
  network: network1
  role: remote
  primary: cluster1
`;

/** Hash of every path, mode and content below `dir`. */
function hashTree(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      h.update(`${path.relative(dir, p)} ${st.mode} ${st.mtimeMs}\n`);
      if (e.isDirectory()) { walk(p); } else if (e.isFile()) { h.update(fs.readFileSync(p)); }
    }
  };
  walk(dir);
  return h.digest('hex');
}

function setup(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH);
  return dir;
}

describe('cdk8s-mesh plan', () => {
  test('exit 1 before the first synth, 0 after it, 1 after an edit; the directory is untouched by every plan', () => {
    // GIVEN a mesh file and no output yet
    const dir = setup();
    const before = hashTree(dir);
    // WHEN planned  THEN exit 1, every file listed as added, and nothing written
    const first = cdk8sMesh(dir, ['plan', '-f', 'mesh.yaml']);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^Plan for mesh\.yaml:\n {2}output tree dist\/: \d+ added, 0 changed, 0 removed\n/);
    expect(first.stdout).toContain('    + cluster1/kustomization.yaml\n');
    expect(first.stdout).toContain('    generate the root of mesh "mesh1" (until ');
    expect(first.stdout).toContain('    generate the intermediate CA of cluster "cluster2" (until ');
    expect(hashTree(dir)).toBe(before);
    // WHEN synthesized, then planned  THEN exit 0, "No changes"
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toBe(0);
    const synthed = [hashTree(path.join(dir, 'dist')), hashTree(path.join(dir, '.mesh-keys'))];
    const same = cdk8sMesh(dir, ['plan', '-f', 'mesh.yaml']);
    expect(same).toMatchObject({ code: 0, stdout: 'No changes: a synth of mesh.yaml would leave dist/ and .mesh-keys/ as they are.\n' });
    // WHEN the gateway address changes  THEN exit 1, with the diff of the remote's values
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH.replace('192.0.2.10', '192.0.2.20'));
    const edited = cdk8sMesh(dir, ['plan', '-f', 'mesh.yaml']);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('  key store .mesh-keys/ (names only): 0 added, 0 changed, 0 removed\n');
    expect(edited.stdout).toMatch(/^--- a\/cluster2\/.*\n\+\+\+ b\/cluster2\//m);
    expect(edited.stdout).toMatch(/^-.*192\.0\.2\.10$/m);
    expect(edited.stdout).toMatch(/^\+.*192\.0\.2\.20$/m);
    // AND no plan wrote into the output tree or the key store
    expect([hashTree(path.join(dir, 'dist')), hashTree(path.join(dir, '.mesh-keys'))]).toEqual(synthed);
  });

  test('--json prints the MeshPlan', () => {
    // GIVEN a synthesized mesh, then a third cluster
    const dir = setup();
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'mesh.yaml'), MESH.split('---\n')[2].replace(/cluster2/, 'cluster3').replace(/^/, '---\n'));
    // WHEN planned as JSON
    const r = cdk8sMesh(dir, ['plan', '-f', 'mesh.yaml', '--output-format', 'json']);
    // THEN exit 1 and one JSON document naming cluster3's files and its new intermediate
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ outdir: 'dist', keyStore: '.mesh-keys', changed: true });
    expect(plan.outputFiles.filter((f: any) => f.path.startsWith('cluster3/')).every((f: any) => f.change === 'added')).toBe(true);
    expect(plan.keyStoreFiles).toContainEqual({ path: 'cluster3/ca-cert.pem', change: 'added' });
    expect(plan.certificates).toEqual([expect.objectContaining({
      meshId: 'mesh1', cluster: 'cluster3', certificate: 'intermediate CA', action: 'generate', reason: 'missing: the key store holds none',
    })]);
    // AND --json is the same
    expect(JSON.parse(cdk8sMesh(dir, ['plan', '-f', 'mesh.yaml', '--json']).stdout).outputFiles).toEqual(plan.outputFiles);
  });

  test('an error exits 2 and writes nothing', () => {
    // GIVEN a synthesized mesh, then an error in the file
    const dir = setup();
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH.replace('network: network1', 'network: Net_1'));
    const before = hashTree(dir);
    // WHEN planned  THEN exit 2, nothing on stdout, and the directory as it was
    const r = cdk8sMesh(dir, ['plan', '-f', 'mesh.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(hashTree(dir)).toBe(before);
  });
});

describe('cdk8s-mesh graph', () => {
  test('writes the SVG, Mermaid and DOT files asked for, and nothing else', () => {
    // GIVEN a mesh file
    const dir = setup();
    // WHEN drawn
    const r = cdk8sMesh(dir, ['graph', '-f', 'mesh.yaml', '--svg', 'mesh.svg', '--mermaid', 'mesh.mmd', '--dot', 'mesh.dot']);
    // THEN the three files, and no output tree or key store
    expect(r).toMatchObject({ code: 0, stdout: 'Drew mesh.yaml (2 clusters): mesh.dot, mesh.mmd, mesh.svg\n' });
    expect(fs.readdirSync(dir).sort()).toEqual(['mesh.dot', 'mesh.mmd', 'mesh.svg', 'mesh.yaml']);
    expect(fs.readFileSync(path.join(dir, 'mesh.svg'), 'utf-8')).toContain('>remote of cluster1</text>');
    expect(fs.readFileSync(path.join(dir, 'mesh.mmd'), 'utf-8')).toMatch(/^flowchart TB\n/);
    expect(fs.readFileSync(path.join(dir, 'mesh.dot'), 'utf-8')).toMatch(/^digraph mesh \{\n/);
  });

  test('prints DOT when no file is asked for', () => {
    // GIVEN a mesh file  WHEN drawn without --svg, --mermaid or --dot  THEN DOT on stdout
    const r = cdk8sMesh(setup(), ['graph', '-f', 'mesh.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph mesh \{\n[\s\S]*"cluster:cluster2" -> "cluster:cluster1" \[label="managed by"/);
  });
});
