import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { MeshApp } from '../../src';
import { KeyStoreFile } from '../../src/output/_key-store-file';
import { markPrivate } from '../../src/output/_metadata';
import { planKeyStore, renderApp } from '../../src/output/_writer';
import { tempDir } from '../util';

function app(): MeshApp {
  const root = tempDir();
  return new MeshApp({ outdir: path.join(root, 'dist'), keyStore: path.join(root, 'keys') });
}

describe('renderApp ordering and checks', () => {
  test('files of one kind are ordered as String.prototype.localeCompare orders them ("_" before "-" before "." before digits)', () => {
    // GIVEN: names whose code-point order differs from localeCompare order
    const a = app();
    const chart = new Chart(a, 'c1');
    const names = ['a.b', 'a-b', 'a0', 'ab', 'a-1', 'a1', 'a.0', 'a--b', 'b'];
    for (const name of names) {
      new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'x_y' } });
    }
    new ApiObject(chart, 'underscore', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } });

    // WHEN
    const tree = renderApp(a);

    // THEN
    const files = tree.outdir.filter(f => f.path !== 'c1/kustomization.yaml').map(f => f.path.slice('c1/'.length));
    const expected = [...files].sort((x, y) => x.localeCompare(y));
    expect(files).toEqual(expected);
    expect(expected[0]).toEqual('configmap.x_y.a--b.yaml');
    const kustomization = YAML.parse(tree.outdir.find(f => f.path === 'c1/kustomization.yaml')!.content);
    expect(kustomization.resources).toEqual(expected);
  });

  test('key-store files are sorted the same way, and a path written twice is refused', () => {
    // GIVEN
    const a = app();
    const chart = new Chart(a, 'c1');
    markPrivate(new ApiObject(chart, 's', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' } }));
    new KeyStoreFile(a, 'Root', { path: 'root/ca.crt', content: 'x', mode: 0o644 });
    new KeyStoreFile(a, 'Dup', { path: 'c1/secret.ns.s.yaml', content: 'y', mode: 0o600 });

    // WHEN / THEN
    expect(() => renderApp(a)).toThrow(/written twice/);
  });

  test('key-store files come out sorted by path', () => {
    // GIVEN
    const a = app();
    for (const p of ['z/a', 'a_b/x', 'a-b/x', 'a/x']) {
      new KeyStoreFile(a, p, { path: p, content: p, mode: 0o600 });
    }

    // WHEN
    const paths = renderApp(a).keyStore.map(f => f.path);

    // THEN
    expect(paths).toEqual(['a_b/x', 'a-b/x', 'a/x', 'z/a'].sort((x, y) => x.localeCompare(y)));
    expect(paths).toEqual(['a_b/x', 'a-b/x', 'a/x', 'z/a']);
  });
});

describe('planKeyStore reads what is there without following or blocking', () => {
  const content = 'apiVersion: v1\nkind: Secret\n';

  test('a FIFO, a symbolic link and a directory in place of key-store files are problems, and nothing is read through them', () => {
    // GIVEN: a key store whose files were replaced (the FIFO would block a plain read forever)
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'c1'), { mode: 0o700 });
    fs.writeFileSync(path.join(root, '.gitignore'), '*\n');
    execFileSync('mkfifo', ['-m', '600', path.join(root, 'c1', 'fifo.yaml')]);
    const elsewhere = path.join(tempDir(), 'elsewhere.yaml');
    fs.writeFileSync(elsewhere, content, { mode: 0o600 });
    fs.symlinkSync(elsewhere, path.join(root, 'c1', 'link.yaml'));
    fs.mkdirSync(path.join(root, 'c1', 'dir.yaml'), { mode: 0o700 });
    const files = ['fifo.yaml', 'link.yaml', 'dir.yaml'].map(f => ({ path: `c1/${f}`, content, mode: 0o600 }));

    // WHEN
    const plan = planKeyStore(root, 'keys', files);

    // THEN: one problem per file, naming it; none is written over
    expect(plan.problems).toHaveLength(3);
    files.forEach((f, i) => expect(plan.problems[i]).toContain(path.join('keys', f.path)));
    expect(plan.writes).toEqual([]);
  });

  test('an unchanged file is not written; one with other content of the same size, or another size, is', () => {
    // GIVEN
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'c1'), { mode: 0o700 });
    fs.writeFileSync(path.join(root, '.gitignore'), '*\n');
    fs.writeFileSync(path.join(root, 'c1', 'same.yaml'), content, { mode: 0o600 });
    fs.writeFileSync(path.join(root, 'c1', 'flipped.yaml'), content.replace('Secret', 'Secreu'), { mode: 0o600 });
    fs.writeFileSync(path.join(root, 'c1', 'longer.yaml'), content + '#\n', { mode: 0o600 });

    // WHEN
    const plan = planKeyStore(root, 'keys', ['same', 'flipped', 'longer', 'new'].map(n => ({ path: `c1/${n}.yaml`, content, mode: 0o600 })));

    // THEN
    expect(plan.problems).toEqual([]);
    expect(plan.writes.map(w => w.path)).toEqual(['c1/flipped.yaml', 'c1/longer.yaml', 'c1/new.yaml']);
  });
});
