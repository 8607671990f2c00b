/**
 * src/istio/version.ts: IstioVersion, the parsed version (API versions it
 * decides) and the releases the Sail Operator CRD serves. The messages for a
 * refused version are in the bad-input catalogue (cases/mesh.ts).
 */
import { IstioVersion } from '../../src';
import { olderVersionWarning, parseIstioVersion, sailServedRanges, sailServes, sailZtunnelServes } from '../../src/istio/version';

describe('IstioVersion', () => {
  test('of() keeps the version; DEFAULT is 1.30.3', () => {
    expect(IstioVersion.of('1.24.3').version).toEqual('1.24.3');
    expect(`${IstioVersion.of('1.31.0-beta.1')}`).toEqual('1.31.0-beta.1');
    expect(IstioVersion.DEFAULT.version).toEqual('1.30.3');
  });

  test('a release parses into its numbers and the networking API version it uses', () => {
    expect(parseIstioVersion('1.30.3')).toEqual({
      version: '1.30.3', major: 1, minor: 30, patch: 3, olderThanModelled: false, networkingApiVersion: 'networking.istio.io/v1',
    });
    expect(parseIstioVersion('1.31.0-beta.1')).toMatchObject({ minor: 31, patch: 0, olderThanModelled: false });
    expect(parseIstioVersion('v1.24.3')).toMatchObject({ version: 'v1.24.3', minor: 24, patch: 3 });
  });

  test('releases older than 1.22 are accepted with v1beta1 networking objects and flagged for a warning', () => {
    expect(parseIstioVersion('1.21.6')).toMatchObject({ olderThanModelled: true, networkingApiVersion: 'networking.istio.io/v1beta1' });
    expect(parseIstioVersion('1.22.0')).toMatchObject({ olderThanModelled: false, networkingApiVersion: 'networking.istio.io/v1' });
    expect(olderVersionWarning('1.21.6')).toMatch(/^Istio 1\.21\.6 is older than 1\.22/);
  });

  test.each([['1.24'], ['1.24.x'], ['1.32.0'], ['2.0.0']])('%s is refused: a problem, not a version', (version) => {
    // THEN parse returns the problem (its text: the catalogue) instead of a parsed version
    expect(typeof parseIstioVersion(version)).toEqual('string');
  });

  test('the Sail Operator serves the versions of its CRD only, folded into ranges per minor release', () => {
    // GIVEN the default and a release the CRD lacks
    expect(sailServes(IstioVersion.DEFAULT.version)).toBe(true);
    expect(sailServes('1.22.3')).toBe(false);
    // THEN the ranges start at the oldest served release, one per minor, in order, with the pre-release last
    const ranges = sailServedRanges();
    expect(ranges.startsWith('1.21.6, 1.22.5-1.22.8, ')).toBe(true);
    expect(ranges.endsWith(' and the pre-release 1.31.0-beta.1')).toBe(true);
    const minors = ranges.replace(/ and the pre-release .*$/, '').split(', ').map(r => Number(r.split('.')[1]));
    expect(minors).toEqual([...minors].sort((a, b) => a - b));
    expect(new Set(minors).size).toEqual(minors.length);
  });

  test('ambient with Sail needs the ZTunnel CRD to accept the version', () => {
    expect(sailZtunnelServes(IstioVersion.DEFAULT.version)).toBe(true);
    expect(sailZtunnelServes('1.20.0')).toBe(false);
  });
});
