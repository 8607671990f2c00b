import { goDuration, parseGoDurationSeconds } from '../../src/core/_duration';

describe('durations: whole seconds in the API, Go duration strings in the output and the mesh file', () => {
  test.each([
    [0, '0s'], [3, '3s'], [59, '59s'], [60, '1m'], [90, '1m30s'], [600, '10m'], [3600, '1h'], [3601, '1h1s'], [5400, '1h30m'], [90000, '25h'],
  ])('goDuration(%d) is %s', (seconds, text) => {
    // GIVEN a number of seconds WHEN written THEN the shortest Go duration
    expect(goDuration(seconds)).toEqual(text);
  });

  test.each([
    ['1h', 3600], ['10m', 600], ['1m30s', 90], ['1h30m', 5400], ['90m', 5400], ['0', 0], ['0s', 0], ['1.5m', 90], ['1500ms', undefined],
    ['2000ms', 2], ['1.5s', undefined], ['1 hour', undefined], ['10', undefined], ['', undefined], ['-1h', undefined], ['1h ', undefined],
  ])('parseGoDurationSeconds(%j) is %j', (text, seconds) => {
    // GIVEN a mesh-file duration WHEN read THEN its whole seconds, or undefined
    expect(parseGoDurationSeconds(text)).toEqual(seconds);
  });

  test('every written duration reads back as the same seconds', () => {
    // GIVEN numbers of seconds WHEN written and read back THEN unchanged
    for (const s of [0, 1, 59, 61, 3599, 3600, 86400, 123457]) {
      expect(parseGoDurationSeconds(goDuration(s))).toEqual(s);
    }
  });
});
