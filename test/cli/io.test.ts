import { Io, Progress } from '../../src/cli/io';

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
