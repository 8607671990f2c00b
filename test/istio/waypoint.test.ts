import * as path from 'path';
import { Testing } from 'cdk8s';
import { DataPlaneMode, Mesh, MeshApp, MeshCluster, Waypoint } from '../../src';
import { expectValid, findObject, tempDir } from '../util';

function ambientCluster() {
  const a = new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
  const mesh = new Mesh(a, 'mesh1', { dataPlaneMode: DataPlaneMode.AMBIENT });
  return new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
}

describe('Waypoint', () => {
  test('emits the istio-waypoint Gateway for services, its Service labelled global through spec.infrastructure', () => {
    // GIVEN
    const cluster = ambientCluster();

    // WHEN
    const waypoint = new Waypoint(cluster, 'Waypoint', { namespace: 'sample' });

    // THEN
    const gateway = findObject(Testing.synth(cluster), 'Gateway', 'waypoint', 'sample');
    expect(gateway).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'sample', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: {
        gatewayClassName: 'istio-waypoint',
        infrastructure: { labels: { 'istio.io/waypoint-for': 'service', 'istio.io/global': 'true' } },
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
    });
    expect(waypoint.name).toEqual('waypoint');
    expectValid([gateway]);
  });

  test('a local waypoint with its own name', () => {
    // GIVEN
    const cluster = ambientCluster();

    // WHEN
    new Waypoint(cluster, 'Waypoint', { namespace: 'apps', name: 'apps-waypoint', global: false });

    // THEN
    const gateway = findObject(Testing.synth(cluster), 'Gateway', 'apps-waypoint', 'apps');
    expect(gateway.spec.infrastructure).toBeUndefined();
  });
});
