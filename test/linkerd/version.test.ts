/**
 * src/linkerd/version.ts: LinkerdVersion and what each release decides (chart
 * versions, the controller's admin port name, the chart features). The messages
 * for a refused version are in the bad-input catalogue (cases/linkerd.ts).
 */
import { LinkerdVersion } from '../../src';
import { LINKERD_STABLE_EDGES, parseLinkerdVersion } from '../../src/linkerd/version';

describe('LinkerdVersion', () => {
  test('of() keeps the name it is given; DEFAULT is the newest edge release checked', () => {
    expect(LinkerdVersion.of('2.19').version).toEqual('2.19');
    expect(`${LinkerdVersion.of('edge-25.7.6')}`).toEqual('edge-25.7.6');
    expect(LinkerdVersion.DEFAULT.version).toEqual('edge-26.8.3');
    expect(parseLinkerdVersion(LinkerdVersion.DEFAULT.version)).toMatchObject({ version: 'edge-26.8.3', chartVersion: '2026.8.3' });
  });

  test('Linkerd versions: chart versions, the controller admin port name and the chart features of each release', () => {
    const v = (version: string, adminPort: string, from2554: boolean, gatewayApi: boolean) => ({
      version,
      chartVersion: `20${version.slice(5)}`,
      controllerAdminPortName: adminPort,
      antiAffinityRenders: from2554,
      probeServiceCreatedBy: from2554,
      chartInstallsGatewayApi: gatewayApi,
    });
    expect(parseLinkerdVersion('edge-25.4.4')).toEqual(v('edge-25.4.4', 'admin-http', false, true));
    expect(parseLinkerdVersion('edge-25.5.3')).toEqual(v('edge-25.5.3', 'admin-http', false, true));
    expect(parseLinkerdVersion('edge-25.5.4')).toEqual(v('edge-25.5.4', 'admin-http', true, true));
    expect(parseLinkerdVersion('edge-25.6.2')).toEqual(v('edge-25.6.2', 'admin-http', true, true));
    expect(parseLinkerdVersion('edge-25.6.3')).toEqual(v('edge-25.6.3', 'ctrl-admin', true, true));
    expect(parseLinkerdVersion('edge-25.9.3')).toEqual(v('edge-25.9.3', 'ctrl-admin', true, true));
    expect(parseLinkerdVersion('edge-25.9.4')).toEqual(v('edge-25.9.4', 'ctrl-admin', true, false));
    expect(parseLinkerdVersion('edge-25.10.7')).toEqual(v('edge-25.10.7', 'ctrl-admin', true, false));
  });

  test('stable names map to their edge releases (the version-2.X tags of linkerd/linkerd2)', () => {
    // GIVEN the names Linkerd's docs and tags give releases; THEN each is its edge release
    for (const name of ['2.18', '2.18.0', '2.18.7', 'version-2.18']) {
      expect(parseLinkerdVersion(name)).toMatchObject({ version: 'edge-25.4.4', chartVersion: '2025.4.4' });
    }
    expect(parseLinkerdVersion('2.19.0')).toMatchObject({ version: 'edge-25.10.7', chartVersion: '2025.10.7' });
    expect(parseLinkerdVersion('2.20')).toMatchObject({ version: 'edge-26.6.3', chartVersion: '2026.6.3' });
    // every known stable line is modelled
    for (const edge of Object.values(LINKERD_STABLE_EDGES)) {
      expect(typeof parseLinkerdVersion(edge)).toEqual('object');
    }
  });

  test.each([
    ['edge-25.4.3', 'older than the first modelled release'],
    ['2.17', 'a stable line older than 2.18'],
    ['2.21.0', 'a stable line whose edge release is not known'],
    ['edge-25.13.1', 'a month out of range'],
    ['25.7.6', 'not an edge release'],
    ['enterprise-2.18.2', 'a Buoyant Enterprise release'],
  ])('%s (%s) is refused: a problem, not a version', (version) => {
    // THEN parse returns the problem (its text: the catalogue) instead of a parsed version
    expect(typeof parseLinkerdVersion(version)).toEqual('string');
  });

  test('the boundaries: the first modelled release and the first month of a year are versions', () => {
    expect(parseLinkerdVersion('edge-25.4.4')).toMatchObject({ version: 'edge-25.4.4' });
    expect(parseLinkerdVersion('edge-26.1.2')).toMatchObject({ chartVersion: '2026.1.2' });
    expect(typeof parseLinkerdVersion('edge-26.0.1')).toEqual('string');
  });
});
