/**
 * LinkerdMulticluster: the per-cluster settings of the linkerd-multicluster (and linkerd-crds) values, and
 * the version-aware values of the charts (installGatewayAPI, anti-affinity, the probe Service, the PDB,
 * remoteMirrorServiceAccount, credential rotation in chart mode).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ApiServer, ControllerMode, Credential, ExternalTrafficPolicy, GatewayServiceType, LinkerdMulticluster, LinkerdVersion, Mesh, MeshApp,
  MeshCluster, MeshProvider, ServiceMirrorLink, TrustRoot,
} from '../../src';
import { findObject, linkerdValuesErrors, loadCluster, objectsOfKind, tempDir } from '../util';
import { testToken, writeTempFile } from '../util/credentials';

const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

function mesh(version?: string) {
  const d = tempDir();
  const outdir = path.join(d, 'dist');
  const app = new MeshApp({ outdir, keyStore: path.join(d, 'keys') });
  const m = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD, ...(version ? { linkerdVersion: LinkerdVersion.of(version) } : {}) });
  new TrustRoot(app, 'TrustRoot', { mesh: m });
  const cluster = (name: string) => new MeshCluster(app, name, { mesh: m, apiServer: ApiServer.fromUrl(`https://${name}.example.com:6443`, { caData: TEST_CA_PEM }) });
  const values = (c: string, file: string) => loadCluster(path.join(outdir, c)).install[file][0];
  const objects = (c: string) => loadCluster(path.join(outdir, c)).objects;
  return { app, mesh: m, cluster, values, objects };
}

describe('LinkerdMulticluster', () => {
  test('gateway Service settings: annotations, loadBalancerClass, externalTrafficPolicy', () => {
    // GIVEN
    const { app, cluster, values } = mesh();
    const east = cluster('east');

    // WHEN
    new LinkerdMulticluster(east, 'Multicluster', {
      gatewayEnabled: true,
      gatewayServiceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing', 'a.example/b': 'c' },
      gatewayLoadBalancerClass: 'service.k8s.aws/nlb',
      gatewayExternalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
    });
    app.synth();

    // THEN
    const v = values('east', 'linkerd-multicluster-values.yaml');
    expect(v.gateway).toEqual({
      enabled: true,
      serviceType: 'LoadBalancer',
      port: 4143,
      probe: { port: 4191, seconds: 3 },
      serviceAnnotations: { 'a.example/b': 'c', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
      loadBalancerClass: 'service.k8s.aws/nlb',
      serviceExternalTrafficPolicy: 'Local',
    });
    expect(linkerdValuesErrors('linkerd-multicluster-values.yaml', v)).toEqual([]);
  });

  test.each([
    ['edge-25.4.4', true], ['edge-25.9.3', true], ['edge-25.9.4', false], ['edge-26.8.3', false],
  ])('installGatewayAPI is explicit: the chart default of %s (%s) unless set', (version, chartDefault) => {
    // GIVEN a cluster with defaults and one that sets the opposite
    const { app, cluster, values } = mesh(version);
    cluster('east');
    new LinkerdMulticluster(cluster('west'), 'Multicluster', { installGatewayApi: !chartDefault });

    // WHEN
    app.synth();

    // THEN
    expect(values('east', 'linkerd-crds-values.yaml')).toEqual({ installGatewayAPI: chartDefault });
    expect(values('west', 'linkerd-crds-values.yaml')).toEqual({ installGatewayAPI: !chartDefault });
  });

  test('remoteMirrorServiceAccount: the chart default (true) keeps link-gen links, false when a link owns the default name, as set otherwise', () => {
    // GIVEN east read by a link with the chart's own ServiceAccount name, west by a per-source one, north set off
    const { app, cluster, values } = mesh();
    const [east, west, north] = [cluster('east'), cluster('west'), cluster('north')];
    new LinkerdMulticluster(north, 'Multicluster', { remoteMirrorServiceAccount: false });
    new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, serviceAccountName: 'linkerd-service-mirror-remote-access-default' });
    new ServiceMirrorLink(app, 'east-west', { source: east, target: west, useGateway: false });

    // WHEN
    app.synth();

    // THEN
    expect(values('east', 'linkerd-multicluster-values.yaml').remoteMirrorServiceAccount).toBe(false);
    expect(values('west', 'linkerd-multicluster-values.yaml').remoteMirrorServiceAccount).toBe(true);
    expect(values('north', 'linkerd-multicluster-values.yaml').remoteMirrorServiceAccount).toBe(false);
  });

  test('remoteMirrorServiceAccount: true beside a link that emits the same ServiceAccount is an error', () => {
    const { app, cluster } = mesh();
    const [east, west] = [cluster('east'), cluster('west')];
    new LinkerdMulticluster(east, 'Multicluster', { remoteMirrorServiceAccount: true });
    new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, serviceAccountName: 'linkerd-service-mirror-remote-access-default' });
    expect(() => app.synth()).toThrow("east/Multicluster: 'remoteMirrorServiceAccount' (true) makes the linkerd-multicluster chart render ServiceAccount "
      + 'linkerd-service-mirror-remote-access-default, which west-east also emits (serviceAccountName): two owners, and helm install refuses objects '
      + 'it does not own; leave remoteMirrorServiceAccount unset (or false), or give the link its own serviceAccountName');
  });

  test('anti-affinity is refused where the chart cannot render it (edge-25.4.4 to edge-25.5.3), accepted from edge-25.5.4', () => {
    const old = mesh('edge-25.5.3');
    expect(() => new LinkerdMulticluster(old.cluster('east'), 'M', { controllerDefaults: { enablePodAntiAffinity: true } })).toThrow(
      "east/M: 'controllerDefaults.enablePodAntiAffinity' (true) cannot be used with Linkerd edge-25.5.3: the linkerd-multicluster chart of "
      + 'edge-25.4.4 to edge-25.5.3 fails to render it (helm install errors out; linkerd/linkerd2#14008, fixed in edge-25.5.4). '
      + 'Use linkerdVersion edge-25.5.4 or later, or leave enablePodAntiAffinity off');
    const [e, w] = [old.cluster('e'), old.cluster('w')];
    expect(() => new ServiceMirrorLink(old.app, 'w-e', { source: w, target: e, useGateway: false, controller: { enablePodAntiAffinity: true } }))
      .toThrow("w-e: 'controller.enablePodAntiAffinity' (true) cannot be used with Linkerd edge-25.5.3");
    // enablePodAntiAffinity: false renders on every release
    expect(() => new LinkerdMulticluster(old.cluster('n'), 'M', { controllerDefaults: { enablePodAntiAffinity: false } })).not.toThrow();
    const fixed = mesh('edge-25.5.4');
    expect(() => new LinkerdMulticluster(fixed.cluster('east'), 'M', { controllerDefaults: { enablePodAntiAffinity: true } })).not.toThrow();
  });

  test('manifests mode: a PDB only for the entry\'s own anti-affinity (the chart\'s pdb.yaml ignores controllerDefaults)', () => {
    // GIVEN west with anti-affinity in controllerDefaults, north with it on the link
    const { app, cluster, objects } = mesh();
    const [east, west, north] = [cluster('east'), cluster('west'), cluster('north')];
    new LinkerdMulticluster(west, 'M', { controllerDefaults: { enablePodAntiAffinity: true } });
    new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, controllerMode: ControllerMode.MANIFESTS });
    new ServiceMirrorLink(app, 'north-east', { source: north, target: east, useGateway: false, controllerMode: ControllerMode.MANIFESTS, controller: { enablePodAntiAffinity: true } });

    // WHEN
    app.synth();

    // THEN both Deployments have the anti-affinity; only north's entry gets a PDB
    expect(findObject(objects('west'), 'Deployment', 'controller-east', 'linkerd-multicluster').spec.template.spec.affinity).toBeDefined();
    expect(objectsOfKind(objects('west'), 'PodDisruptionBudget')).toEqual([]);
    expect(findObject(objects('north'), 'PodDisruptionBudget', 'controller-east', 'linkerd-multicluster').spec.maxUnavailable).toEqual(1);
  });

  test.each([['edge-25.5.3', undefined], ['edge-25.5.4', { 'linkerd.io/created-by': 'linkerd/helm edge-25.5.4' }]])(
    'manifests mode: the probe Service\'s created-by annotation follows the chart of %s', (version, annotations) => {
      const { app, cluster, objects } = mesh(version);
      const [east, west] = [cluster('east'), cluster('west')];
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, gatewayAddresses: ['192.0.2.10'], controllerMode: ControllerMode.MANIFESTS });
      app.synth();
      expect(findObject(objects('west'), 'Service', 'probe-east', 'linkerd-multicluster').metadata.annotations).toEqual(annotations);
    });

  test('chart-mode rotation: a new credential changes the controllers\' pod template (root podAnnotations), the same one does not', () => {
    // GIVEN the same link synthesized with token A, again with A, and with B
    const tokenA = writeTempFile('a.token', testToken());
    const tokenB = writeTempFile('b.token', testToken());
    const podAnnotations = (file: string | undefined) => {
      const { app, cluster, values } = mesh();
      const [east, west] = [cluster('east'), cluster('west')];
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, credential: file ? Credential.fromTokenFile(file) : undefined });
      app.synth();
      return values('west', 'linkerd-multicluster-values.yaml').podAnnotations;
    };

    // WHEN
    const a1 = podAnnotations(tokenA);
    const a2 = podAnnotations(tokenA);
    const b = podAnnotations(tokenB);

    // THEN
    expect(Object.keys(a1)).toEqual(['cdk8s-mesh.io/credentials-sha256']);
    expect(a1['cdk8s-mesh.io/credentials-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(a2).toEqual(a1);
    expect(b['cdk8s-mesh.io/credentials-sha256']).not.toEqual(a1['cdk8s-mesh.io/credentials-sha256']);
    // pending credentials: nothing to roll
    expect(podAnnotations(undefined)).toBeUndefined();
  });

  test('bad gateway Service settings', () => {
    const { cluster } = mesh();
    expect(() => new LinkerdMulticluster(cluster('a'), 'M', { gatewayServiceAnnotations: { 'mirror.linkerd.io/gateway-identity': 'x' } })).toThrow(
      "a/M: 'gatewayServiceAnnotations.mirror.linkerd.io/gateway-identity' (\"x\") is written by the linkerd-multicluster chart on linkerd-gateway itself");
    expect(() => new LinkerdMulticluster(cluster('b'), 'M', {
      gatewayServiceType: GatewayServiceType.NODE_PORT, gatewayNodePort: 30143, gatewayProbeNodePort: 30191, gatewayLoadBalancerClass: 'x/y',
    })).toThrow("b/M: 'gatewayLoadBalancerClass' (\"x/y\") is only used with GatewayServiceType.LOAD_BALANCER");
    expect(() => new LinkerdMulticluster(cluster('c'), 'M', { gatewayExternalTrafficPolicy: 'Nearest' as ExternalTrafficPolicy })).toThrow(
      "c/M: 'gatewayExternalTrafficPolicy' (\"Nearest\") must be one of Cluster, Local (ExternalTrafficPolicy)");
    expect(() => new LinkerdMulticluster(cluster('d'), 'M', { installGatewayApi: 'yes' as unknown as boolean })).toThrow(
      "d/M: 'installGatewayApi' (\"yes\") must be true or false");
  });
});
