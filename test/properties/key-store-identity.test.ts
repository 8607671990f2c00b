/**
 * Key material is addressed by the mesh ID (issue #16): adding or removing
 * another mesh of the file never changes a byte of an existing mesh's key store,
 * and a key store of earlier versions (`root/`) is migrated explicitly.
 *
 * Seeded and bounded for CI; PROPERTY_RUNS=200 (and PROPERTY_SEED=<n>) for a longer run.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { runs, seed } from './model';
import { buildMeshApp } from '../../src/mesh-file/builder';
import { parseMeshText } from '../../src/mesh-file/parse';
import { docs, NATIVE, problemsOf } from '../mesh-file/helpers';
import { readTree, tempDir } from '../util';

function meshDoc(name: string): string {
  return `${NATIVE}\nkind: Mesh\nmetadata:\n  name: ${name}\nspec:\n  istio: {install: helm}\n  trustRoot: {algorithm: ECDSA_P256}\n`;
}

function clusterDoc(name: string, mesh: string): string {
  return `${NATIVE}\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  mesh: ${mesh}\n  network: n1\n`;
}

/** mesh1 with cluster east, and each other mesh with one cluster `c-<mesh>`. */
function meshFile(others: string[]): string {
  return docs(meshDoc('mesh1'), clusterDoc('east', 'mesh1'), ...others.flatMap(m => [meshDoc(m), clusterDoc(`c-${m}`, m)]));
}

function synth(dir: string, text: string): void {
  const model = parseMeshText(text, 'mesh.yaml', { baseDir: dir });
  buildMeshApp(model, { outdir: path.join(dir, 'dist'), keyStore: path.join(dir, 'keys') }).app.synth();
}

/** The files of mesh1 in the key store: its root and its cluster's directory. */
function mesh1Files(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(path.join(dir, 'keys'))).filter(([f]) => f.startsWith('root-mesh1/') || f.startsWith('east/')));
}

const otherMeshName = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/).filter(n => n !== 'mesh1' && n !== 'east');

describe('key material is addressed by mesh ID', () => {
  test('adding or removing other meshes with a trust root never changes a byte of mesh1\'s key store', () => {
    fc.assert(fc.property(fc.uniqueArray(otherMeshName, { minLength: 1, maxLength: 2 }), fc.boolean(), (others, removeFirst) => {
      // GIVEN: mesh1 alone, synthesized
      const dir = tempDir('cdk8s-mesh-identity-');
      try {
        synth(dir, meshFile([]));
        const before = mesh1Files(dir);
        expect(Object.keys(before)).toEqual(['east/ca-cert.pem', 'east/ca-key.pem', 'east/cert-chain.pem', 'east/root-cert.pem',
          'east/secret.istio-system.cacerts.yaml', 'root-mesh1/root-cert.pem', 'root-mesh1/root-key.pem']);

        // WHEN: other meshes are added, then one or all removed
        synth(dir, meshFile(others));
        const withOthers = mesh1Files(dir);
        synth(dir, meshFile(removeFirst ? others.slice(1) : []));

        // THEN
        expect(withOthers).toEqual(before);
        expect(mesh1Files(dir)).toEqual(before);
        for (const m of others) {
          expect(fs.existsSync(path.join(dir, 'keys', `root-${m}`, 'root-key.pem'))).toBe(true);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }), { seed: seed(1616), numRuns: runs(8) });
  });

  test('a key store of earlier versions (root/) is refused with the mv that migrates it; after the mv, nothing is re-issued', () => {
    // GIVEN: a key store laid out as earlier versions did for a one-mesh file
    const dir = tempDir('cdk8s-mesh-identity-');
    synth(dir, meshFile([]));
    const keys = path.join(dir, 'keys');
    fs.renameSync(path.join(keys, 'root-mesh1'), path.join(keys, 'root'));
    const legacy = readTree(keys);
    const text = meshFile([]);

    // WHEN
    const problems = problemsOf(() => synth(dir, text));

    // THEN
    expect(problems.errors).toEqual([
      `mesh.yaml:7:14 Mesh/mesh1: spec.trustRoot: the key store holds a root in ${path.join(keys, 'root')}, the directory earlier versions used `
      + `for the only mesh of a file, and no ${path.join(keys, 'root-mesh1')}: roots are now kept by mesh ID. If ${path.join(keys, 'root')} is the root `
      + `of mesh "mesh1", move it explicitly: mv ${path.join(keys, 'root')} ${path.join(keys, 'root-mesh1')} (nothing else changes; no key is made or re-issued)`,
    ]);
    expect(readTree(keys)).toEqual(legacy);

    // AND WHEN: the user runs the mv
    fs.renameSync(path.join(keys, 'root'), path.join(keys, 'root-mesh1'));
    const moved = readTree(keys);
    synth(dir, text);

    // THEN: the same bytes
    expect(readTree(keys)).toEqual(moved);
  });
});
