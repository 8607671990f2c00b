import { ALL_CASES, AREAS, BadInputCase, Stage } from './catalogue';
import { CaseContext, snapshotTree } from './context';
import { MESH_FILE_FORMAT, notOurError, PROP_FORMAT, VALIDATION_FORMAT } from './our-errors';
import { cdk8sMesh } from '../cli/run';

/** What running a case gave. */
interface Outcome {
  readonly error: unknown;
  readonly threw: boolean;
  readonly message: string;
  readonly before: Record<string, string>;
  readonly after: Record<string, string>;
  readonly stderr: string;
  /** Stage.CLI: the exit code and stdout of the binary. */
  readonly exitCode?: number | null;
  readonly stdout?: string;
}

/**
 * Runs one case in its own directory, capturing stderr (the setup's synths may
 * print warnings; the bad input must not print). A `Stage.CLI` case runs the
 * compiled binary with CDK8S_MESH_DEBUG set, so that an error the CLI does not
 * expect would print its stack trace (and fail the exact comparison).
 */
function runCase(c: BadInputCase): Outcome {
  const ctx = new CaseContext();
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: any) => { stderr += String(chunk); return true; }) as any;
  try {
    return ctx.within(() => {
      c.setup?.(ctx);
      stderr = '';
      const before = snapshotTree(ctx.dir);
      if (c.stage === Stage.CLI) {
        const r = cdk8sMesh(ctx.dir, [...c.args], { ...c.env, CDK8S_MESH_DEBUG: '1' }, c.stdin?.(ctx));
        const after = snapshotTree(ctx.dir);
        return { error: undefined, threw: r.code !== 0, message: ctx.normalize(r.stderr), before, after, stderr, exitCode: r.code, stdout: r.stdout };
      }
      let error: unknown;
      let threw = false;
      try {
        c.run(ctx);
      } catch (e) {
        threw = true;
        error = e;
      }
      const after = snapshotTree(ctx.dir);
      return { error, threw, message: error instanceof Error ? ctx.normalize(error.message) : String(error), before, after, stderr };
    });
  } finally {
    process.stderr.write = write;
    ctx.dispose();
  }
}

describe('bad-input catalogue', () => {
  test('ids are unique, kebab-case and start with their area; titles are unique', () => {
    const ids = ALL_CASES.map(c => c.id);
    expect(new Set(ids).size).toEqual(ids.length);
    for (const c of ALL_CASES) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.id.startsWith(`${c.area}-`)).toBe(true);
      expect(c.title).not.toMatch(/\.$/);
    }
    const titles = ALL_CASES.map(c => `${c.area}: ${c.title}`);
    expect(new Set(titles).size).toEqual(titles.length);
  });

  test('at least 60 cases, in every area, grouped by area in page order', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(60);
    const areas = Object.keys(AREAS);
    expect([...new Set(ALL_CASES.map(c => c.area))]).toEqual(areas);
    const order = ALL_CASES.map(c => areas.indexOf(c.area));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('messages are distinct: one case per distinct bad input', () => {
    const messages = ALL_CASES.map(c => c.message);
    expect(messages.filter((m, i) => messages.indexOf(m) !== i)).toEqual([]);
  });

  describe.each(Object.keys(AREAS))('%s', (area) => {
    test.each(ALL_CASES.filter(c => c.area === area).map(c => [c.id, c] as const))('%s', (_id, c) => {
      // GIVEN / WHEN
      const outcome = runCase(c);

      if (c.stage === Stage.CLI) {
        // THEN: the exact stderr (no stack trace), the exit code, nothing on stdout
        expect(outcome.message).toEqual(`${c.message}\n`);
        expect(outcome.message).not.toMatch(/^\s+at /m);
        expect(outcome.exitCode).toEqual(c.exitCode);
        expect(outcome.stdout).toEqual('');
      } else {
        // THEN: the exact message, from the library's own code, in one of its formats
        expect(outcome.threw).toBe(true);
        expect(notOurError(outcome.error)).toBeUndefined();
        expect(outcome.message).toEqual(c.message);
        if (c.stage === Stage.MESH_FILE) {
          // cdk8s-mesh synth exits 1 (invalid input)
          expect([(outcome.error as any).name, (outcome.error as any).exitCode]).toEqual(['CliError', 1]);
        }
        // AND: nothing printed
        expect(outcome.stderr).toEqual('');
      }
      // AND: nothing written (the outdir and key store of an earlier synth, if any, are as they were)
      expect(outcome.after).toEqual(outcome.before);
    });
  });
});

describe('our-errors', () => {
  test('accepts the library\'s formats, refuses TypeErrors and errors thrown outside src/', () => {
    // GIVEN
    const ours = (message: string) => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('../../src/core/_validation').fail('east', 'network', 'Net_1', message);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const typeError = (() => {
      try {
        (undefined as any).x.y = 1;
      } catch (e) {
        return e;
      }
      return undefined;
    })();

    // THEN
    expect(notOurError(ours('must be a DNS-1123 label'))).toBeUndefined();
    expect(notOurError(new Error('x'))).toMatch(/^thrown from .*bad-inputs\.test\.ts, outside the library's own code: x$/);
    expect(notOurError(typeError)).toMatch(/^a TypeError \(TypeError\), not one of Error, MeshFileError, CliError: /);
    expect(notOurError('text')).toEqual('not an Error: text');
    expect(PROP_FORMAT.test('mesh.yaml:12:12 Cluster/east: \'spec.network\' ("Net_1") must be a DNS-1123 label')).toBe(true);
    expect(VALIDATION_FORMAT.test('Validation failed with the following errors:\n  [mesh1] cluster name "east" is used twice')).toBe(true);
    expect(MESH_FILE_FORMAT.test('mesh.yaml: the file is empty: a mesh file holds YAML documents')).toBe(true);
    expect(MESH_FILE_FORMAT.test('mesh.yaml:3:1: not valid YAML: Tabs are not allowed as indentation')).toBe(true);
    expect(MESH_FILE_FORMAT.test('mesh.yaml:17:1 Cluster/west: remote cluster "west" needs its primary\'s discovery address')).toBe(true);
    expect(MESH_FILE_FORMAT.test('mesh.yaml:1:1 document 1: ("text") is a string, not a mesh-file document')).toBe(true);
    expect(MESH_FILE_FORMAT.test('Cannot read properties of undefined (reading \'x\')')).toBe(false);
  });
});
