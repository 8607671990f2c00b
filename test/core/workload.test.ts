import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import {
  ApiServer, ComputeResources, ControllerMode, EastWestGateway, GatewayServiceType, LinkerdMulticluster, Mesh, MeshApp, MeshCluster, MeshProvider,
  ServiceMirrorLink, Toleration, TolerationEffect, TolerationOperator, TrustRoot,
} from '../../src';
import { expectValid, findObject, loadCluster, tempDir } from '../util';

const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

/** One value of each shared type, used by every construct below. */
const TOLERATIONS: Toleration[] = [
  { key: 'dedicated', value: 'mesh', effect: TolerationEffect.NO_SCHEDULE },
  { key: 'edge', operator: TolerationOperator.EXISTS },
  { operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_EXECUTE, tolerationSeconds: 60 },
];
const RESOURCES: ComputeResources = {
  cpuRequest: '250m', cpuLimit: '1', memoryRequest: '128Mi', memoryLimit: '1Gi', ephemeralStorageRequest: '500M', ephemeralStorageLimit: '2Gi',
};

/** What Kubernetes gets for them, in every construct: the operator always written, quantities as given. */
const K8S_TOLERATIONS = [
  { key: 'dedicated', operator: 'Equal', value: 'mesh', effect: 'NoSchedule' },
  { key: 'edge', operator: 'Exists' },
  { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
];
const K8S_RESOURCES = {
  limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '2Gi' },
  requests: { 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '500M' },
};

/** A Linkerd mesh east/west whose east has a known gateway address. */
function linkerdEastWest() {
  const d = tempDir();
  const dirs = { outdir: path.join(d, 'dist'), keyStore: path.join(d, 'keys') };
  const app = new MeshApp(dirs);
  const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
  new TrustRoot(app, 'TrustRoot', { mesh });
  const [east, west] = ['east', 'west'].map(c => new MeshCluster(app, c, {
    mesh, apiServer: ApiServer.fromUrl(`https://${c}.example.com:6443`, { caData: TEST_CA_PEM }),
  }));
  return { app, east, west, dirs };
}

describe('the shared workload vocabulary', () => {
  test('Toleration and ComputeResources render the same Kubernetes fields on the Istio east-west gateway', () => {
    // GIVEN
    const app = new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
    const cluster = new MeshCluster(app, 'cluster1', { mesh: new Mesh(app, 'mesh1'), network: 'network1' });

    // WHEN
    new EastWestGateway(cluster, 'EastWestGateway', { tolerations: TOLERATIONS, resources: RESOURCES });

    // THEN
    const objects = Testing.synth(cluster);
    const pod = findObject(objects, 'Deployment', 'istio-eastwestgateway').spec.template.spec;
    expect(pod.tolerations).toEqual(K8S_TOLERATIONS);
    expect(pod.containers[0].resources).toEqual(K8S_RESOURCES);
    expectValid(objects);
  });

  test('... on a Linkerd link controller rendered as manifests', () => {
    // GIVEN
    const { app, east, west, dirs } = linkerdEastWest();
    new LinkerdMulticluster(east, 'Multicluster', { gatewayAddresses: ['203.0.113.10'] });

    // WHEN
    new ServiceMirrorLink(app, 'west-east', {
      source: west, target: east, controllerMode: ControllerMode.MANIFESTS, controller: { tolerations: TOLERATIONS, resources: RESOURCES },
    });
    app.synth();

    // THEN
    const objects = loadCluster(path.join(dirs.outdir, 'west')).objects;
    const pod = findObject(objects, 'Deployment', 'controller-east', 'linkerd-multicluster').spec.template.spec;
    expect(pod.tolerations).toEqual(K8S_TOLERATIONS);
    expect(pod.containers[0].resources).toEqual(K8S_RESOURCES);
    expectValid(objects);
  });

  test('... in the linkerd-multicluster chart values (controllerDefaults and a controllers[] entry)', () => {
    // GIVEN
    const { app, east, west, dirs } = linkerdEastWest();
    new LinkerdMulticluster(west, 'Multicluster', { controllerDefaults: { tolerations: TOLERATIONS } });
    new LinkerdMulticluster(east, 'Multicluster', { gatewayAddresses: ['203.0.113.10'] });

    // WHEN
    new ServiceMirrorLink(app, 'west-east', { source: west, target: east, controller: { resources: RESOURCES } });
    app.synth();

    // THEN
    const values = loadCluster(path.join(dirs.outdir, 'west')).install['linkerd-multicluster-values.yaml'][0];
    expect(values.controllerDefaults.tolerations).toEqual(K8S_TOLERATIONS);
    expect(values.controllers).toHaveLength(1);
    expect(values.controllers[0].resources).toEqual(K8S_RESOURCES);
  });

  test('a ComputeResources that sets only requests renders no limits', () => {
    // GIVEN
    const app = new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
    const cluster = new MeshCluster(app, 'cluster1', { mesh: new Mesh(app, 'mesh1'), network: 'network1' });

    // WHEN
    new EastWestGateway(cluster, 'EastWestGateway', { resources: { cpuRequest: '0.5', memoryRequest: '256Mi' } });

    // THEN
    const pod = findObject(Testing.synth(cluster), 'Deployment', 'istio-eastwestgateway').spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '0.5', memory: '256Mi' } });
  });

  test('GatewayServiceType is the Service type of both gateways', () => {
    // GIVEN
    const istio = new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
    const cluster = new MeshCluster(istio, 'cluster1', { mesh: new Mesh(istio, 'mesh1'), network: 'network1' });
    const { east } = linkerdEastWest();

    // WHEN
    const gateway = new EastWestGateway(cluster, 'EastWestGateway', {
      serviceType: GatewayServiceType.NODE_PORT, address: '192.0.2.10', nodePorts: { tls: 31443 },
    });
    const multicluster = new LinkerdMulticluster(east, 'Multicluster', {
      gatewayServiceType: GatewayServiceType.NODE_PORT, gatewayNodePort: 30143, gatewayProbeNodePort: 30191,
    });

    // THEN
    expect(findObject(Testing.synth(cluster), 'Service', 'istio-eastwestgateway').spec.type).toEqual('NodePort');
    expect([gateway.serviceType, multicluster.gatewayServiceType]).toEqual([GatewayServiceType.NODE_PORT, GatewayServiceType.NODE_PORT]);
    expect(Object.values(GatewayServiceType)).toEqual(['LoadBalancer', 'NodePort']);
  });
});
