import * as fs from 'fs';
import * as path from 'path';
import { Io, Progress } from '../../src/cli/io';
import { run } from '../../src/cli/program';
import { tempDir } from '../util';

function fakeIo(interactive: boolean): Io & { err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return { err, out, interactive, stdout: s => out.push(s), stderr: s => err.push(s) };
}

describe('progress', () => {
  test('is shown on stderr when it is a terminal', () => {
    const io = fakeIo(true);
    new Progress(io).step('reading mesh.yaml');
    expect(io.err).toEqual(['reading mesh.yaml…\n']);
    expect(io.out).toEqual([]);
  });

  test('is quiet when stderr is not a terminal', () => {
    const io = fakeIo(false);
    new Progress(io).step('reading mesh.yaml');
    expect(io.err).toEqual([]);
  });
});

describe('key-generation progress', () => {
  const MESH = [
    'apiVersion: cdk8s-mesh.io/v1alpha1', 'kind: Mesh', 'metadata: {name: m}', 'spec:', '  trustRoot: {algorithm: RSA_2048}', '---',
    'apiVersion: cdk8s-mesh.io/v1alpha1', 'kind: Cluster', 'metadata: {name: east}', 'spec: {mesh: m, network: n1}', '',
  ].join('\n');

  /** stderr of a synth, with the temporary directory written <dir>. */
  function synth(interactive: boolean, quiet: boolean): string[] {
    const dir = tempDir('cdk8s-mesh-progress-');
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH);
    const io = fakeIo(interactive);
    const code = run(['synth', '-f', path.join(dir, 'mesh.yaml'), '-o', path.join(dir, 'dist'), '--key-store', path.join(dir, 'keys'),
      ...(quiet ? ['--quiet'] : [])], io);
    expect(code).toEqual(0);
    return io.err.map(e => e.split(dir).join('<dir>'));
  }

  test('a terminal sees what is generated, how many, and how far, on one rewritten line', () => {
    // WHEN a first synth makes the root and one intermediate (RSA-2048: 2 keys)
    const err = synth(true, false);

    // THEN
    const counts = err.filter(e => e.startsWith('\r'));
    expect(counts[0]).toEqual('\r  generating RSA-2048 keys: 0/2');
    expect(counts[counts.length - 1]).toEqual('\r  generating RSA-2048 keys: 2/2\n');
    expect(err.filter(e => !e.startsWith('\r'))).toEqual(['reading <dir>/mesh.yaml…\n', 'building 1 cluster…\n',
      'rendering manifests…\n', 'writing <dir>/dist…\n']);
  });

  test('--quiet, or a stderr that is not a terminal: nothing', () => {
    expect(synth(true, true)).toEqual([]);
    expect(synth(false, false)).toEqual([]);
  });
});
