/**
 * Output order does not depend on the locale (issue #16): the compiled library
 * synthesizes one app in child processes under several LANG / LC_ALL values, and
 * every file and the kustomization are byte-identical.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempDir } from '../util';

const LIB = path.join(__dirname, '..', '..', 'lib');
/** Names whose order differs between locales: Danish sorts "aa" after "z", Czech "ch" after "h", Lithuanian "y" with "i". */
const NAMES = ['aa-x', 'b', 'ch-y', 'h-z', 'i-b', 'y-a', 'z'];
const LOCALES = ['C', 'en_US.UTF-8', 'da_DK.UTF-8', 'cs_CZ.UTF-8', 'lt_LT.UTF-8'];

const SCRIPT = `
const { ApiObject } = require('cdk8s');
const { MeshApp, MeshCluster, Mesh } = require(${JSON.stringify(LIB)});
const [outdir, keyStore] = process.argv.slice(1);
const app = new MeshApp({ outdir, keyStore });
const mesh = new Mesh(app, 'mesh1');
for (const c of ${JSON.stringify(NAMES)}) {
  const cluster = new MeshCluster(app, c, { mesh, network: 'n1' });
  for (const n of ${JSON.stringify(NAMES)}) {
    new ApiObject(cluster, 'cm-' + n, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: 'default' } });
  }
}
app.synth();
`;

function synthUnder(locale: string): Record<string, string> {
  const dir = tempDir('cdk8s-mesh-locale-');
  const r = spawnSync(process.execPath, ['-e', SCRIPT, path.join(dir, 'dist'), path.join(dir, 'keys')],
    { cwd: dir, encoding: 'utf-8', env: { ...process.env, LANG: locale, LC_ALL: locale, NODE_PATH: path.join(__dirname, '..', '..', 'node_modules') } });
  expect([r.status, r.stderr]).toEqual([0, '']);
  return readTree(path.join(dir, 'dist'));
}

test('every file and kustomization is the same under C, en_US, da_DK, cs_CZ and lt_LT', () => {
  // GIVEN
  if (!fs.existsSync(path.join(LIB, 'index.js'))) { throw new Error(`${LIB} does not exist: compile first (npx projen compile)`); }

  // WHEN
  const trees = LOCALES.map(synthUnder);

  // THEN
  const reference = trees[0];
  expect(reference['aa-x/kustomization.yaml']).toContain('  - configmap.default.aa-x.yaml\n  - configmap.default.b.yaml\n'
    + '  - configmap.default.ch-y.yaml\n  - configmap.default.h-z.yaml\n  - configmap.default.i-b.yaml\n  - configmap.default.y-a.yaml\n'
    + '  - configmap.default.z.yaml\n');
  trees.forEach((t, i) => expect([LOCALES[i], t]).toEqual([LOCALES[i], reference]));
});
