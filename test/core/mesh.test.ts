import * as path from 'path';
import { Testing } from 'cdk8s';
import { DataPlaneMode, IstioInstall, IstioInstallMethod, IstioVersion, Mesh, MeshApp, MeshCluster, MeshProvider, TrustRoot } from '../../src';
import { readTree, tempDir } from '../util';

function app(outdir = path.join(tempDir(), 'dist')) {
  return new MeshApp({ outdir, keyStore: path.join(tempDir(), 'keys') });
}

describe('Mesh', () => {
  test('defaults: mesh ID from the construct id, Istio, the default version, Sail', () => {
    // GIVEN
    const a = app();

    // WHEN
    const mesh = new Mesh(a, 'mesh1');

    // THEN
    expect(mesh.meshId).toEqual('mesh1');
    expect(mesh.provider).toEqual(MeshProvider.ISTIO);
    expect(mesh.istioVersion.version).toEqual('1.30.3');
    expect(mesh.install.method).toEqual(IstioInstallMethod.SAIL);
    expect(mesh.revision).toBeUndefined();
    expect(mesh.istioNamespace).toEqual('istio-system');
    expect(mesh.clusters).toEqual([]);
  });

  test('a leading v in the version is dropped', () => {
    const mesh = new Mesh(app(), 'mesh1', { istioVersion: IstioVersion.of('v1.29.2') });
    expect(mesh.istioVersion.version).toEqual('1.29.2');
  });

  test('a version older than 1.22 is accepted with a warning, with Helm or istioctl', () => {
    // GIVEN
    const a = app();

    // WHEN
    const mesh = new Mesh(a, 'mesh1', { istioVersion: IstioVersion.of('1.18.0'), install: IstioInstall.istioctl() });

    // THEN
    expect(mesh.node.metadata.map(m => m.data)).toEqual([
      'Istio 1.18.0 is older than 1.22, the oldest release this library models: the output uses the closest API versions it knows '
      + '(networking.istio.io/v1beta1, global.multiCluster.enabled) and has not been checked against 1.18.0; upgrade to 1.22 or later when you can',
    ]);
  });

  test('a Linkerd mesh accepts clusters and emits no Istio control plane', () => {
    // GIVEN (a Linkerd mesh needs a TrustRoot)
    const a = app();
    const mesh = new Mesh(a, 'mesh1', { provider: MeshProvider.LINKERD });
    new TrustRoot(a, 'TrustRoot', { mesh });

    // WHEN
    const east = new MeshCluster(a, 'east', { mesh });

    // THEN
    expect(Testing.synth(east).filter(o => o.kind === 'Istio')).toEqual([]);
  });

  describe('bad input', () => {

    test('duplicate cluster names in a mesh fail the synth and write nothing', () => {
      // GIVEN
      const outdir = path.join(tempDir(), 'dist');
      const a = app(outdir);
      const mesh = new Mesh(a, 'mesh1');
      new MeshCluster(a, 'east', { mesh, network: 'network1' });
      new MeshCluster(a, 'east2', { mesh, clusterName: 'east', network: 'network1' });

      // THEN
      expect(() => a.synth()).toThrow(Error);
      expect(readTree(outdir)).toEqual({});
    });
  });
});

describe('Mesh data-plane mode', () => {
  test('sidecar by default, no global namespaces', () => {
    const mesh = new Mesh(app(), 'mesh1');
    expect(mesh.dataPlaneMode).toEqual(DataPlaneMode.SIDECAR);
    expect(mesh.globalNamespaces).toEqual([]);
  });

  test('ambient from Istio 1.27.0, the first release with ambient multicluster; global namespaces sorted, without repeats', () => {
    // GIVEN / WHEN
    const mesh = new Mesh(app(), 'mesh1', {
      dataPlaneMode: DataPlaneMode.AMBIENT, istioVersion: IstioVersion.of('1.27.0'), globalNamespaces: ['b', 'a', 'b'],
    });

    // THEN
    expect(mesh.dataPlaneMode).toEqual(DataPlaneMode.AMBIENT);
    expect(mesh.globalNamespaces).toEqual(['a', 'b']);
  });

  test('ambient on 1.26 is refused', () => {
    expect(() => new Mesh(app(), 'mesh1', { dataPlaneMode: DataPlaneMode.AMBIENT, istioVersion: IstioVersion.of('1.26.8') })).toThrow(/istioVersion/);
  });
});
