import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import {
  ControlPlaneRole, DataPlaneMode, EastWestGateway, GatewayServiceType, ExternalTrafficPolicy, IstioInstall, IstioVersion,
  Mesh, MeshApp, MeshCluster, MeshProvider, TolerationEffect, TolerationOperator, TrustRoot,
} from '../../src';
import { expectValid, findObject, helmValuesErrors, objectsOfKind, parseYaml, tempDir } from '../util';

function app() {
  return new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
}

/** A mesh on one network with one primary: the smallest setting a gateway is legal in. */
function singleCluster(meshProps = {}) {
  const a = app();
  const mesh = new Mesh(a, 'mesh1', meshProps);
  const cluster = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
  return { a, mesh, cluster };
}

/** The labels the istio/gateway chart puts on every object (`gateway.labels`), Istio 1.26+. */
/** The chart's gateway.labels (1.30): on every object. */
const GATEWAY_LABELS = {
  'app': 'istio-eastwestgateway',
  'istio': 'eastwestgateway',
  'istio.io/dataplane-mode': 'none',
  'app.kubernetes.io/name': 'istio-eastwestgateway',
  'app.kubernetes.io/part-of': 'istio',
};
const SELECTOR = { app: 'istio-eastwestgateway', istio: 'eastwestgateway' };
const WORKLOAD_LABELS = GATEWAY_LABELS;
const SERVICE_PORTS = [
  { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
  { name: 'tls', port: 15443, targetPort: 15443, protocol: 'TCP' },
  { name: 'tls-istiod', port: 15012, targetPort: 15012, protocol: 'TCP' },
  { name: 'tls-webhook', port: 15017, targetPort: 15017, protocol: 'TCP' },
];
const EXPECTED_POD_ANNOTATIONS = {
  'inject.istio.io/templates': 'gateway',
  'prometheus.io/path': '/stats/prometheus',
  'prometheus.io/port': '15020',
  'prometheus.io/scrape': 'true',
  'sidecar.istio.io/inject': 'true',
};

describe('EastWestGateway', () => {
  test('emits the istio/gateway chart objects with networkGateway set, and the cross-network Gateway', () => {
    // GIVEN
    const { cluster } = singleCluster();

    // WHEN
    const gw = new EastWestGateway(cluster, 'EastWestGateway', { address: '192.0.2.10' });

    // THEN
    const objects = Testing.synth(cluster);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/istio-eastwestgateway',
      'Gateway/cross-network-gateway',
      'HorizontalPodAutoscaler/istio-eastwestgateway',
      'Istio/default',
      'Namespace/istio-system',
      'Role/istio-eastwestgateway',
      'RoleBinding/istio-eastwestgateway',
      'Service/istio-eastwestgateway',
      'ServiceAccount/istio-eastwestgateway',
    ]);
    expect(gw.network).toEqual('network1');
    expect(gw.address).toEqual('192.0.2.10');
    expect(gw.serviceType).toEqual(GatewayServiceType.LOAD_BALANCER);
    expect(cluster.eastWestGatewayAddress).toEqual('192.0.2.10');

    expect(findObject(objects, 'ServiceAccount', 'istio-eastwestgateway')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'istio-eastwestgateway', namespace: 'istio-system', labels: GATEWAY_LABELS },
    });
    expect(findObject(objects, 'Role', 'istio-eastwestgateway')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'istio-eastwestgateway', namespace: 'istio-system', labels: GATEWAY_LABELS },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    expect(findObject(objects, 'RoleBinding', 'istio-eastwestgateway')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'istio-eastwestgateway', namespace: 'istio-system', labels: GATEWAY_LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'istio-eastwestgateway' },
      subjects: [{ kind: 'ServiceAccount', name: 'istio-eastwestgateway' }],
    });
    expect(findObject(objects, 'Deployment', 'istio-eastwestgateway')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'istio-eastwestgateway',
        namespace: 'istio-system',
        labels: WORKLOAD_LABELS,
      },
      spec: {
        // no replicas: the HorizontalPodAutoscaler owns them; no strategy: the chart writes none
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: {
            annotations: {
              'inject.istio.io/templates': 'gateway',
              'prometheus.io/path': '/stats/prometheus',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
              'sidecar.istio.io/inject': 'true',
            },
            labels: { ...WORKLOAD_LABELS, 'sidecar.istio.io/inject': 'true', 'topology.istio.io/network': 'network1' },
          },
          spec: {
            serviceAccountName: 'istio-eastwestgateway',
            containers: [{
              name: 'istio-proxy',
              image: 'auto',
              env: [{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: 'network1' }],
              ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
              // the chart's default resources (values.yaml), limits included
              resources: { limits: { cpu: '2000m', memory: '1024Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
              },
            }],
            securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    });
    expect(findObject(objects, 'Service', 'istio-eastwestgateway')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'istio-eastwestgateway',
        namespace: 'istio-system',
        labels: { ...GATEWAY_LABELS, 'topology.istio.io/network': 'network1' },
      },
      spec: { type: 'LoadBalancer', ports: SERVICE_PORTS, selector: SELECTOR },
    });
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'istio-eastwestgateway')).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'istio-eastwestgateway', namespace: 'istio-system', labels: GATEWAY_LABELS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-eastwestgateway' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    });
    // no PodDisruptionBudget: the chart's podDisruptionBudget is {} by default
    expect(findObject(objects, 'Gateway', 'cross-network-gateway')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'cross-network-gateway', namespace: 'istio-system' },
      spec: {
        selector: { istio: 'eastwestgateway' },
        servers: [{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }],
      },
    });
    expectValid(objects);
  });

  test('the Deployment carries no field the chart does not write (no cdk8s-plus defaults)', () => {
    // GIVEN
    const { cluster } = singleCluster();

    // WHEN
    new EastWestGateway(cluster, 'EastWestGateway');

    // THEN
    const deployment = findObject(Testing.synth(cluster), 'Deployment', 'istio-eastwestgateway');
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    expect(Object.keys(pod.metadata.labels).filter(k => k.startsWith('cdk8s.io/'))).toEqual([]);
    expect(Object.keys(deployment.spec.selector.matchLabels).sort()).toEqual(['app', 'istio']);
    expect(container.imagePullPolicy).toBeUndefined();
    expect(container.startupProbe).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    expect(pod.spec.automountServiceAccountToken).toBeUndefined();
    expect(deployment.spec.strategy).toBeUndefined();
    expect(deployment.spec.minReadySeconds).toBeUndefined();
    expect(pod.spec.securityContext).toEqual({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
  });

  test('names, labels, ports, pod annotations and RBAC of the istio/gateway chart with networkGateway', () => {
    // GIVEN (the conformance tier compares these objects leaf by leaf with helm template of the chart)
    const { cluster } = singleCluster();

    // WHEN
    new EastWestGateway(cluster, 'EastWestGateway');
    const objects = Testing.synth(cluster);

    // THEN: the Service ports of gen-eastwest-gateway.sh, all TCP, type LoadBalancer, network label
    const service = findObject(objects, 'Service', 'istio-eastwestgateway');
    expect(service.spec.ports.map((p: any) => ({ name: p.name, port: p.port, targetPort: p.targetPort }))).toEqual([
      { name: 'status-port', port: 15021, targetPort: 15021 },
      { name: 'tls', port: 15443, targetPort: 15443 },
      { name: 'tls-istiod', port: 15012, targetPort: 15012 },
      { name: 'tls-webhook', port: 15017, targetPort: 15017 },
    ]);
    expect(service.spec.ports.every((p: any) => p.protocol === 'TCP')).toBe(true);
    expect(service.spec.type).toEqual('LoadBalancer');
    expect(service.metadata.labels['topology.istio.io/network']).toEqual('network1');

    // the selector labels of `name=istio-eastwestgateway`
    expect(service.spec.selector).toEqual({ app: 'istio-eastwestgateway', istio: 'eastwestgateway' });
    expect(findObject(objects, 'Deployment', 'istio-eastwestgateway').spec.selector.matchLabels)
      .toEqual({ app: 'istio-eastwestgateway', istio: 'eastwestgateway' });

    // ServiceAccount, Role and RoleBinding named after the gateway; the Role rule
    expect(findObject(objects, 'Role', 'istio-eastwestgateway').rules).toEqual([{
      apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'],
    }]);
    const binding = findObject(objects, 'RoleBinding', 'istio-eastwestgateway');
    expect(binding.roleRef.name).toEqual(findObject(objects, 'ServiceAccount', 'istio-eastwestgateway').metadata.name);

    // pod annotations: the chart's default podAnnotations
    const pod = findObject(objects, 'Deployment', 'istio-eastwestgateway').spec.template;
    expect(pod.metadata.annotations).toEqual(EXPECTED_POD_ANNOTATIONS);

    // container, env, port, security contexts, terminationGracePeriodSeconds
    const container = pod.spec.containers[0];
    expect([container.name, container.image]).toEqual(['istio-proxy', 'auto']);
    expect(container.env).toEqual([{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: 'network1' }]);
    expect(container.ports).toEqual([{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]);
    expect(container.securityContext).toMatchObject({
      capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
    });
    expect(pod.spec.securityContext).toEqual({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
    expect(pod.spec.terminationGracePeriodSeconds).toEqual(30);
    expect(pod.metadata.labels['topology.istio.io/network']).toEqual('network1');
    expect(pod.metadata.labels['sidecar.istio.io/inject']).toEqual('true');
    expect(pod.metadata.labels['app.kubernetes.io/name']).toEqual('istio-eastwestgateway');
    expect(pod.metadata.labels['istio.io/dataplane-mode']).toEqual('none');

    // HPA autoscaling/v2, 1-5 at 80% CPU
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'istio-eastwestgateway');
    expect([hpa.apiVersion, hpa.spec.minReplicas, hpa.spec.maxReplicas, hpa.spec.metrics[0].resource.target.averageUtilization])
      .toEqual(['autoscaling/v2', 1, 5, 80]);

    // the cross-network Gateway of samples/multicluster/expose-services.yaml
    expect(findObject(objects, 'Gateway', 'cross-network-gateway').spec).toEqual({
      selector: { istio: 'eastwestgateway' },
      servers: [{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }],
    });
  });

  test('a revision labels the gateway pods with istio.io/rev', () => {
    // GIVEN
    const { cluster } = singleCluster({ revision: 'canary' });

    // WHEN
    new EastWestGateway(cluster, 'EastWestGateway');

    // THEN
    const objects = Testing.synth(cluster);
    const labels = findObject(objects, 'Deployment', 'istio-eastwestgateway').spec.template.metadata.labels;
    expect(labels['istio.io/rev']).toEqual('canary');
    expect(labels['sidecar.istio.io/inject']).toEqual('true');
    expectValid(objects);
  });

  test('version gates of the chart: dataplane-mode from 1.25, part-of from 1.24, pod name from 1.23, pod network label from 1.26, no fixed UID from 1.30', () => {
    // GIVEN
    const a = app();
    const cluster = (v: string) => new MeshCluster(a, `c${v.replace(/\./g, '')}`, {
      mesh: new Mesh(a, `m${v.replace(/\./g, '')}`, { istioVersion: IstioVersion.of(v), install: IstioInstall.helm() }),
    });
    const [c122, c124, c125, c126, c129, c130] = ['1.22.8', '1.24.6', '1.25.5', '1.26.8', '1.29.6', '1.30.3'].map(cluster);
    const m118 = new Mesh(a, 'm118', { istioVersion: IstioVersion.of('1.18.3'), install: IstioInstall.istioctl() });
    const c118 = new MeshCluster(a, 'c118', { mesh: m118 });

    // WHEN
    for (const c of [c122, c124, c125, c126, c129, c130, c118]) { new EastWestGateway(c, 'EastWestGateway'); }

    // THEN
    const serviceLabels = (c: MeshCluster) => findObject(Testing.synth(c), 'Service', 'istio-eastwestgateway').metadata.labels;
    const pod = (c: MeshCluster) => findObject(Testing.synth(c), 'Deployment', 'istio-eastwestgateway').spec.template;
    expect(serviceLabels(c124)).toEqual({
      'app': 'istio-eastwestgateway',
      'istio': 'eastwestgateway',
      'app.kubernetes.io/name': 'istio-eastwestgateway',
      'app.kubernetes.io/part-of': 'istio',
      'topology.istio.io/network': 'c1246',
    });
    expect(serviceLabels(c125)['istio.io/dataplane-mode']).toEqual('none');
    expect(serviceLabels(c122)).toEqual({
      'app': 'istio-eastwestgateway',
      'istio': 'eastwestgateway',
      'app.kubernetes.io/name': 'istio-eastwestgateway',
      'topology.istio.io/network': 'c1228',
    });
    expect(pod(c122).metadata.labels['app.kubernetes.io/name']).toBeUndefined();
    expect(pod(c125).metadata.labels['topology.istio.io/network']).toBeUndefined();
    expect(pod(c126).metadata.labels['topology.istio.io/network']).toEqual('c1268');
    expect(pod(c129).spec.containers[0].securityContext).toMatchObject({ runAsUser: 1337, runAsGroup: 1337 });
    expect(pod(c130).spec.containers[0].securityContext.runAsUser).toBeUndefined();
    expect(pod(c130).spec.containers[0].securityContext.runAsGroup).toBeUndefined();
    expect(findObject(Testing.synth(c125), 'Gateway', 'cross-network-gateway').apiVersion).toEqual('networking.istio.io/v1');
    const o118 = Testing.synth(c118);
    expect(findObject(o118, 'Gateway', 'cross-network-gateway').apiVersion).toEqual('networking.istio.io/v1beta1');
    expectValid([...Testing.synth(c125), ...Testing.synth(c130), ...o118]);
  });

  test('the mesh namespace holds every object', () => {
    // GIVEN
    const { cluster } = singleCluster({ istioNamespace: 'mesh-system' });

    // WHEN
    new EastWestGateway(cluster, 'EastWestGateway');

    // THEN
    const objects = Testing.synth(cluster).filter(o => o.kind !== 'Namespace' && o.kind !== 'Istio');
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.filter(o => o.metadata.namespace !== 'mesh-system')).toEqual([]);
  });

  test('Service options: annotations, loadBalancerIP, source ranges, external traffic policy, node ports, extra ports', () => {
    // GIVEN
    const { cluster } = singleCluster();

    // WHEN
    const gw = new EastWestGateway(cluster, 'EastWestGateway', {
      serviceAnnotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
        'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
      },
      loadBalancerIp: '203.0.113.5',
      loadBalancerSourceRanges: ['198.51.100.0/24', '2001:db8::/32'],
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      nodePorts: { tls: 31443 },
      additionalPorts: [{ name: 'tls-custom', port: 16443, targetPort: 16444 }, { name: 'hbone', port: 15008 }],
    });

    // THEN
    expect(gw.address).toEqual('203.0.113.5');
    const objects = Testing.synth(cluster);
    const service = findObject(objects, 'Service', 'istio-eastwestgateway');
    expect(service.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    });
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      loadBalancerIP: '203.0.113.5',
      loadBalancerSourceRanges: ['198.51.100.0/24', '2001:db8::/32'],
      externalTrafficPolicy: 'Local',
      ports: [
        SERVICE_PORTS[0],
        { ...SERVICE_PORTS[1], nodePort: 31443 },
        SERVICE_PORTS[2],
        SERVICE_PORTS[3],
        { name: 'tls-custom', port: 16443, targetPort: 16444, protocol: 'TCP' },
        { name: 'hbone', port: 15008, targetPort: 15008, protocol: 'TCP' },
      ],
      selector: SELECTOR,
    });
    expectValid(objects);
  });

  test('fixed replicas: no HorizontalPodAutoscaler; a PodDisruptionBudget only when asked for, and from 1.28 only above one replica', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1');
    const one = new MeshCluster(a, 'one', { mesh, network: 'net' });
    const three = new MeshCluster(a, 'three', { mesh, network: 'net' });
    const bounded = new MeshCluster(a, 'bounded', { mesh, network: 'net' });

    // WHEN
    new EastWestGateway(one, 'EastWestGateway', { replicas: 1 });
    new EastWestGateway(three, 'EastWestGateway', { replicas: 3, podDisruptionBudget: { maxUnavailable: 1 } });
    new EastWestGateway(bounded, 'EastWestGateway', { minReplicas: 1, maxReplicas: 1, podDisruptionBudget: { minAvailable: 1 } });

    // THEN
    const o1 = Testing.synth(one);
    expect(findObject(o1, 'Deployment', 'istio-eastwestgateway').spec.replicas).toEqual(1);
    expect(objectsOfKind(o1, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(objectsOfKind(o1, 'PodDisruptionBudget')).toEqual([]);
    const o3 = Testing.synth(three);
    expect(findObject(o3, 'Deployment', 'istio-eastwestgateway').spec.replicas).toEqual(3);
    expect(objectsOfKind(o3, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(findObject(o3, 'PodDisruptionBudget', 'istio-eastwestgateway').spec).toEqual({ selector: { matchLabels: SELECTOR }, maxUnavailable: 1 });
    const ob = Testing.synth(bounded);
    expect(findObject(ob, 'HorizontalPodAutoscaler', 'istio-eastwestgateway').spec).toMatchObject({ minReplicas: 1, maxReplicas: 1 });
    expect(findObject(ob, 'Deployment', 'istio-eastwestgateway').spec.replicas).toBeUndefined();
    expect(objectsOfKind(ob, 'PodDisruptionBudget')).toEqual([]);
    expectValid([...o1, ...o3, ...ob]);
  });

  test('resources, node selector and tolerations', () => {
    // GIVEN
    const { cluster } = singleCluster();

    // WHEN
    new EastWestGateway(cluster, 'EastWestGateway', {
      minReplicas: 2,
      maxReplicas: 4,
      resources: { cpuRequest: '500m', cpuLimit: '2', memoryRequest: '256Mi', memoryLimit: '1Gi', ephemeralStorageLimit: '2Gi' },
      nodeSelector: { 'node-role.example.com/edge': 'true', 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'edge', operator: TolerationOperator.EQUAL, value: 'true', effect: TolerationEffect.NO_SCHEDULE }],
    });

    // THEN
    const objects = Testing.synth(cluster);
    const spec = findObject(objects, 'Deployment', 'istio-eastwestgateway').spec.template.spec;
    expect(spec.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '256Mi' }, limits: { 'cpu': '2', 'memory': '1Gi', 'ephemeral-storage': '2Gi' },
    });
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.example.com/edge': 'true' });
    expect(spec.tolerations).toEqual([{ key: 'edge', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'istio-eastwestgateway').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    expect(objectsOfKind(objects, 'PodDisruptionBudget')).toEqual([]);
    expectValid(objects);
  });

  test('a DNS name is accepted as the address and becomes the remotes\' remotePilotAddress', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1');
    const primary = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
    const remote = new MeshCluster(a, 'cluster2', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });

    // WHEN
    new EastWestGateway(primary, 'EastWestGateway', { address: 'eastwest.cluster1.example.com' });
    new EastWestGateway(remote, 'EastWestGateway');

    // THEN
    const istio = findObject(Testing.synth(remote), 'Istio', 'default');
    expect(istio.spec.values.global.remotePilotAddress).toEqual('eastwest.cluster1.example.com');
  });

  describe('primary-remote', () => {
    function primaryRemote(meshProps = {}) {
      const a = app();
      const mesh = new Mesh(a, 'mesh1', meshProps);
      const primary = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      return { a, mesh, primary };
    }

    test('the primary exposes istiod through its gateway; the remote dials the gateway address', () => {
      // GIVEN
      const { mesh, primary, a } = primaryRemote();
      new EastWestGateway(primary, 'EastWestGateway', { address: '192.0.2.10' });

      // WHEN: the remote joins after the primary's gateway exists
      const remote = new MeshCluster(a, 'cluster2', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary });
      new EastWestGateway(remote, 'EastWestGateway', { address: '198.51.100.20' });

      // THEN
      const p = Testing.synth(primary);
      expect(findObject(p, 'Gateway', 'istiod-gateway')).toEqual({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'istiod-gateway', namespace: 'istio-system' },
        spec: {
          selector: { istio: 'eastwestgateway' },
          servers: [
            { port: { name: 'tls-istiod', number: 15012, protocol: 'tls' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
            { port: { name: 'tls-istiodwebhook', number: 15017, protocol: 'tls' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
          ],
        },
      });
      expect(findObject(p, 'VirtualService', 'istiod-vs')).toEqual({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'istiod-vs', namespace: 'istio-system' },
        spec: {
          hosts: ['*'],
          gateways: ['istiod-gateway'],
          tls: [
            {
              match: [{ port: 15012, sniHosts: ['*'] }],
              route: [{ destination: { host: 'istiod.istio-system.svc.cluster.local', port: { number: 15012 } } }],
            },
            {
              match: [{ port: 15017, sniHosts: ['*'] }],
              route: [{ destination: { host: 'istiod.istio-system.svc.cluster.local', port: { number: 443 } } }],
            },
          ],
        },
      });
      expect(findObject(p, 'Istio', 'default').spec.values.pilot).toEqual({ env: { EXTERNAL_ISTIOD: 'true' } });
      const r = Testing.synth(remote);
      expect(objectsOfKind(r, 'VirtualService')).toEqual([]);
      // expose-services.yaml is applied in the primary only (istio.io primary-remote on different networks)
      expect(objectsOfKind(r, 'Gateway').map(g => g.metadata.name)).toEqual([]);
      const istio = findObject(r, 'Istio', 'default');
      expect(istio.spec.profile).toEqual('remote');
      expect(istio.spec.values.global.remotePilotAddress).toEqual('192.0.2.10');
      expect(findObject(r, 'Service', 'istio-eastwestgateway').metadata.labels['topology.istio.io/network']).toEqual('network2');
      expectValid([...p, ...r]);
    });

    test('expose-istiod: the Gateway and VirtualService of samples/multicluster/expose-istiod.yaml', () => {
      // GIVEN
      const { mesh, primary, a } = primaryRemote();

      // WHEN: the remote joins before the primary's gateway exists
      new MeshCluster(a, 'cluster2', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });
      new EastWestGateway(primary, 'EastWestGateway', { address: '192.0.2.10' });

      // THEN
      const p = Testing.synth(primary);
      const gateway = findObject(p, 'Gateway', 'istiod-gateway');
      expect(gateway.spec.selector).toEqual({ istio: 'eastwestgateway' });
      expect(gateway.spec.servers).toEqual([
        { port: { name: 'tls-istiod', number: 15012, protocol: 'tls' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
        { port: { name: 'tls-istiodwebhook', number: 15017, protocol: 'tls' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
      ]);
      const vs = findObject(p, 'VirtualService', 'istiod-vs');
      expect(vs.spec.tls.map((t: any) => `${t.match[0].port} ${t.match[0].sniHosts} ${t.route[0].destination.host}:${t.route[0].destination.port.number}`))
        .toEqual(['15012 * istiod.istio-system.svc.cluster.local:15012', '15017 * istiod.istio-system.svc.cluster.local:443']);
      expect(objectsOfKind(p, 'Gateway')).toHaveLength(2);
      expect(objectsOfKind(p, 'VirtualService')).toHaveLength(1);
    });

    test('with a revision: revisioned VirtualService name, SNI hosts and istiod host', () => {
      // GIVEN
      const { mesh, primary, a } = primaryRemote({ revision: 'canary', istioNamespace: 'mesh-system' });
      new MeshCluster(a, 'cluster2', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });

      // WHEN
      new EastWestGateway(primary, 'EastWestGateway', { address: '192.0.2.10' });

      // THEN
      const p = Testing.synth(primary);
      expect(findObject(p, 'Gateway', 'istiod-gateway', 'mesh-system').spec.servers.map((s: any) => s.port))
        .toEqual([{ name: 'tls-istiod', number: 15012, protocol: 'tls' }, { name: 'tls-istiodwebhook', number: 15017, protocol: 'tls' }]);
      const sniHosts = ['istiod-canary.mesh-system.svc', 'istiod-canary.mesh-system.svc.cluster.local'];
      expect(findObject(p, 'VirtualService', 'istiod-vs-canary', 'mesh-system').spec).toEqual({
        hosts: ['*'],
        gateways: ['istiod-gateway'],
        tls: [
          { match: [{ port: 15012, sniHosts }], route: [{ destination: { host: 'istiod-canary.mesh-system.svc.cluster.local', port: { number: 15012 } } }] },
          { match: [{ port: 15017, sniHosts }], route: [{ destination: { host: 'istiod-canary.mesh-system.svc.cluster.local', port: { number: 443 } } }] },
        ],
      });
      expectValid(p);
    });

    test('several remotes: istiod is exposed once', () => {
      // GIVEN
      const { mesh, primary, a } = primaryRemote();
      new EastWestGateway(primary, 'EastWestGateway', { address: '192.0.2.10' });

      // WHEN
      new MeshCluster(a, 'cluster2', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });
      new MeshCluster(a, 'cluster3', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });

      // THEN
      const p = Testing.synth(primary);
      expect(objectsOfKind(p, 'Gateway').map(g => g.metadata.name).sort()).toEqual(['cross-network-gateway', 'istiod-gateway']);
      expect(objectsOfKind(p, 'VirtualService').map(g => g.metadata.name)).toEqual(['istiod-vs']);
    });
  });

  describe('NodePort', () => {
    test('every primary gets global.meshNetworks naming the NodePort gateway; remotes do not', () => {
      // GIVEN
      const a = app();
      const mesh = new Mesh(a, 'mesh1', { install: IstioInstall.helm() });
      const c1 = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      const c2 = new MeshCluster(a, 'cluster2', { mesh, network: 'network2' });
      const c3 = new MeshCluster(a, 'cluster3', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary: c2 });

      // WHEN
      new EastWestGateway(c1, 'EastWestGateway', { address: '192.0.2.10' });
      new EastWestGateway(c2, 'EastWestGateway', {
        serviceType: GatewayServiceType.NODE_PORT,
        address: '198.51.100.7',
        nodePorts: { tls: 31443, tlsIstiod: 15012, tlsWebhook: 15017, statusPort: 31021 },
      });
      new EastWestGateway(c3, 'EastWestGateway', { address: '198.51.100.8' });

      // THEN
      const files = Object.fromEntries(a.synthFiles().map(f => [f.path, f.content]));
      const meshNetworks = {
        network2: {
          endpoints: [{ fromRegistry: 'cluster2' }, { fromRegistry: 'cluster3' }],
          gateways: [{ address: '198.51.100.7', port: 31443 }],
        },
      };
      for (const c of ['cluster1', 'cluster2']) {
        const values = parseYaml(files[`${c}/install/istiod-values.yaml`])[0];
        expect(values.global.meshNetworks).toEqual(meshNetworks);
        expect(helmValuesErrors(values)).toEqual([]);
      }
      expect(parseYaml(files['cluster3/install/istiod-values.yaml'])[0].global.meshNetworks).toBeUndefined();
      const service = parseYaml(files['cluster2/service.istio-system.istio-eastwestgateway.yaml'])[0];
      expect(service.spec.type).toEqual('NodePort');
      expect(service.spec.ports.map((p: any) => [p.name, p.port, p.nodePort])).toEqual([
        ['status-port', 15021, 31021], ['tls', 15443, 31443], ['tls-istiod', 15012, 15012], ['tls-webhook', 15017, 15017],
      ]);
      expect(service.metadata.labels['topology.istio.io/network']).toEqual('network2');
    });

    test('LoadBalancer gateways are not listed in meshNetworks', () => {
      // GIVEN
      const a = app();
      const mesh = new Mesh(a, 'mesh1');
      const c1 = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      const c2 = new MeshCluster(a, 'cluster2', { mesh, network: 'network2' });

      // WHEN
      new EastWestGateway(c1, 'EastWestGateway', { address: '192.0.2.10', nodePorts: { tls: 31443 } });
      new EastWestGateway(c2, 'EastWestGateway');

      // THEN
      expect(findObject(Testing.synth(c1), 'Istio', 'default').spec.values.global.meshNetworks).toBeUndefined();
    });
  });

  describe('mesh rule: one gateway per network', () => {
    test('a single-network mesh needs no gateway', () => {
      // GIVEN
      const a = app();
      const mesh = new Mesh(a, 'mesh1');

      // WHEN
      const c1 = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      new MeshCluster(a, 'cluster2', { mesh, network: 'network1' });

      // THEN
      expect(() => Testing.synth(c1)).not.toThrow();
    });

    test('a multi-network mesh with a cluster without a gateway is an error, listed per cluster', () => {
      // GIVEN
      const a = app();
      const mesh = new Mesh(a, 'mesh1');
      const c1 = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      new MeshCluster(a, 'cluster2', { mesh, network: 'network2' });
      new MeshCluster(a, 'cluster3', { mesh, network: 'network2' });

      // WHEN
      new EastWestGateway(c1, 'EastWestGateway');

      // THEN
      expect(() => a.synth()).toThrow(Error);
      expect(fs.existsSync(a.outdir)).toBe(false);
    });

    test('a Linkerd mesh is not checked for Istio gateways', () => {
      // GIVEN (a Linkerd mesh needs a TrustRoot)
      const a = app();
      const mesh = new Mesh(a, 'mesh1', { provider: MeshProvider.LINKERD });
      new TrustRoot(a, 'TrustRoot', { mesh });

      // WHEN
      const c1 = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      new MeshCluster(a, 'cluster2', { mesh, network: 'network2' });

      // THEN
      expect(() => Testing.synth(c1)).not.toThrow();
    });
  });

  describe('bad input', () => {

    test('IPv6 address is accepted', () => {
      const { cluster } = singleCluster();
      expect(new EastWestGateway(cluster, 'EastWestGateway', { address: '2001:db8::10' }).address).toEqual('2001:db8::10');
    });

    test('primary-remote remote whose primary has no gateway', () => {
      // GIVEN
      const a = app();
      const mesh = new Mesh(a, 'mesh1');
      const primary = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
      new MeshCluster(a, 'cluster2', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });

      // THEN
      expect(() => a.synth()).toThrow(Error);
      expect(fs.existsSync(a.outdir)).toBe(false);
    });
  });
});

describe('EastWestGateway in ambient mode', () => {
  function ambientCluster(version: string) {
    return singleCluster({ dataPlaneMode: DataPlaneMode.AMBIENT, istioVersion: IstioVersion.of(version) });
  }

  test('emits only the istio-east-west Gateway that gen-eastwest-gateway.sh --ambient writes (v1beta1 before 1.29)', () => {
    // GIVEN
    const { cluster } = ambientCluster('1.27.9');

    // WHEN
    const gw = new EastWestGateway(cluster, 'EastWestGateway');

    // THEN
    const objects = Testing.synth(cluster).filter(o => o.metadata?.namespace === 'istio-system');
    expect(objects).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: 'istio-eastwestgateway', namespace: 'istio-system', labels: { 'topology.istio.io/network': 'network1' } },
      spec: {
        gatewayClassName: 'istio-east-west',
        listeners: [{
          name: 'mesh',
          port: 15008,
          protocol: 'HBONE',
          tls: { mode: 'Terminate', options: { 'gateway.istio.io/tls-terminate-mode': 'ISTIO_MUTUAL' } },
        }],
      },
    }]);
    expect(gw.network).toEqual('network1');
    expectValid(objects);
  });

  test('from 1.29 the Gateway is gateway.networking.k8s.io/v1; Service settings go to spec.infrastructure and spec.addresses', () => {
    // GIVEN
    const { cluster } = ambientCluster('1.29.6');

    // WHEN
    const gw = new EastWestGateway(cluster, 'EastWestGateway', {
      loadBalancerIp: '192.0.2.10',
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
    });

    // THEN
    const gateway = findObject(Testing.synth(cluster), 'Gateway', 'istio-eastwestgateway', 'istio-system');
    expect(gateway.apiVersion).toEqual('gateway.networking.k8s.io/v1');
    expect(gateway.spec.addresses).toEqual([{ type: 'IPAddress', value: '192.0.2.10' }]);
    expect(gateway.spec.infrastructure).toEqual({ annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } });
    expect(gw.address).toEqual('192.0.2.10');
    expectValid([gateway]);
  });

  test('a multi-network ambient mesh with a gateway per cluster validates; each cluster has its own network label', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1', { dataPlaneMode: DataPlaneMode.AMBIENT });
    const c1 = new MeshCluster(a, 'cluster1', { mesh, network: 'network1' });
    const c2 = new MeshCluster(a, 'cluster2', { mesh, network: 'network2' });

    // WHEN
    new EastWestGateway(c1, 'EastWestGateway');
    new EastWestGateway(c2, 'EastWestGateway');

    // THEN
    expect(findObject(Testing.synth(c2), 'Gateway', 'istio-eastwestgateway').metadata.labels).toEqual({ 'topology.istio.io/network': 'network2' });
    expect(objectsOfKind(Testing.synth(c1), 'Gateway').map(g => g.metadata.name)).toEqual(['istio-eastwestgateway']);
    expect(() => a.synthFiles()).not.toThrow();
  });
});
