import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { MeshApp } from '../../src';
import { KeyStoreFile } from '../../src/output/_key-store-file';
import { markPrivate } from '../../src/output/_metadata';
import { renderApp } from '../../src/output/_writer';
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
