import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempDir } from '../util';
import { cdk8sMesh } from './run';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const names = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();

describe('examples: the mesh file and the TypeScript app write the same tree', () => {
  test('every example app has a mesh file', () => {
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter(n => !fs.existsSync(path.join(EXAMPLES, n, 'mesh.yaml')))).toEqual([]);
  });

  test.each(names)('%s', name => {
    // GIVEN: the TypeScript example, synthesized
    const ts = tempDir('cdk8s-mesh-example-ts-');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join(EXAMPLES, name, 'main.ts'));
    build({ outdir: path.join(ts, 'dist'), keyStore: path.join(ts, 'keys') }).synth();

    // WHEN: the CLI synthesizes the example's mesh file
    const cli = tempDir('cdk8s-mesh-example-cli-');
    const r = cdk8sMesh(cli, ['synth', '-f', path.join(EXAMPLES, name, 'mesh.yaml'), '-o', 'dist', '--key-store', 'keys']);

    // THEN: byte for byte the same output tree and key store
    expect(r.stderr).toEqual('');
    expect(r.code).toEqual(0);
    const expected = readTree(path.join(ts, 'dist'));
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    expect(readTree(path.join(cli, 'dist'))).toEqual(expected);
    expect(readTree(path.join(cli, 'keys'))).toEqual(readTree(path.join(ts, 'keys')));
  });
});
