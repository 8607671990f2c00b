/**
 * Exact error messages live in the bad-input catalogue only (issue #12): a
 * per-construct test asserts the behaviour of a bad input (it throws, nothing
 * is written, the exit code), and the catalogue case asserts its message. A
 * message spelled in two places drifts; the catalogue is where
 * docs/troubleshooting.md comes from.
 */
import { MessageAssertion, scanFile, scanTests } from '../util/message-assertions';

/** What the guard refuses outside test/bad-inputs. */
function refused(a: MessageAssertion): boolean {
  const throws = a.matcher === 'toThrow' || a.matcher === 'toThrowError';
  if (a.kind === 'text') return throws || a.text.length > 30;
  if (a.kind === 'regex') return a.text.replace(/\\.|[\^$.*+?()[\]{}|]/g, '').length > 30;
  // toThrow(message) with a message from a table: the table spells it
  return throws;
}

describe('exact messages only in the bad-input catalogue', () => {
  test('no test outside test/bad-inputs spells an error message', () => {
    // GIVEN every *.test.ts outside test/bad-inputs
    // WHEN scanning them for toThrow('...'), toThrow(`...`), long regexes and message/stderr strings
    const found = scanTests().filter(refused).map(a => `${a.file}:${a.line} ${a.matcher}(${JSON.stringify(a.text).slice(0, 80)})`);

    // THEN there is none: move the message to a case in test/bad-inputs/cases/<area>.ts and assert the behaviour
    // here (toThrow(Error), nothing written, the exit code); see test/bad-inputs/README.md
    expect(found).toEqual([]);
  });

  test('the scanner finds each form of message assertion', () => {
    // GIVEN a file with every form the guard refuses, and the forms it allows
    const found = scanFile('test/fixtures/message-assertions.ts.txt').filter(refused).map(a => [a.line, a.matcher, a.kind]);

    // THEN the refused forms are found, one per line, and the allowed ones are not
    expect(found).toEqual([
      [4, 'toThrow', 'text'],
      [5, 'toThrow', 'text'],
      [6, 'toThrow', 'text'],
      [7, 'toThrowError', 'text'],
      [8, 'toThrow', 'text'],
      [9, 'toThrow', 'regex'],
      [10, 'message.toEqual', 'text'],
      [11, 'stderr.toContain', 'text'],
      [12, 'toThrow', 'indirect'],
    ]);
  });
});
