import { ALL_CASES, AREAS, BadInputCase } from './catalogue';
import { CaseContext, snapshotTree } from './context';
import { notOurError, PROP_FORMAT, VALIDATION_FORMAT } from './our-errors';

/** What running a case gave. */
interface Outcome {
  readonly error: unknown;
  readonly threw: boolean;
  readonly message: string;
  readonly before: Record<string, string>;
  readonly after: Record<string, string>;
  readonly stderr: string;
}

/** Runs one case in its own directory, capturing stderr (the setup's synths may print warnings; the bad input must not print). */
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

      // THEN: the exact message, from the library's own code, in one of its formats
      expect(outcome.threw).toBe(true);
      expect(notOurError(outcome.error)).toBeUndefined();
      expect(outcome.message).toEqual(c.message);
      // AND: nothing written (the outdir and key store of an earlier synth, if any, are as they were)
      expect(outcome.after).toEqual(outcome.before);
      // AND: nothing printed
      expect(outcome.stderr).toEqual('');
    });
  });
});

describe('our-errors', () => {
  test('accepts the library\'s formats, refuses TypeErrors and errors thrown outside src/', () => {
    // GIVEN
    const ours = (message: string) => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('../../src/_validation').fail('east', 'network', 'Net_1', message);
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
  });
});
