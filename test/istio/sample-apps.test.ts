import * as path from 'path';
import { Testing } from 'cdk8s';
import { DataPlaneMode, IstioInstall, IstioVersion, Mesh, MeshApp, MeshCluster, MeshProvider, SampleApps, SelectorOperator, TrustRoot } from '../../src';
import { collectWarnings } from '../../src/output/_metadata';
import { expectValid, findObject, objectsOfKind, tempDir } from '../util';

function app() {
  return new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
}

/** The objects SampleApps adds (the cluster's control-plane objects left out). */
function samples(cluster: MeshCluster): any[] {
  return Testing.synth(cluster).filter(o => o.metadata?.namespace === 'sample' || o.metadata?.name === 'sample');
}

describe('SampleApps', () => {
  test('emits Istio\'s helloworld and curl samples (the default Istio 1.30) in namespace sample, labelled for injection', () => {
    // GIVEN
    const a = app();
    const east = new MeshCluster(a, 'east', { mesh: new Mesh(a, 'mesh1') });

    // WHEN
    const apps = new SampleApps(east, 'SampleApps');

    // THEN
    expect(apps.namespace).toEqual('sample');
    const objects = samples(east);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/curl', 'Deployment/helloworld-v1', 'Deployment/helloworld-v2',
      'Namespace/sample', 'Service/curl', 'Service/helloworld', 'ServiceAccount/curl',
    ]);
    expect(findObject(objects, 'Namespace', 'sample').metadata).toEqual({ name: 'sample', labels: { 'istio-injection': 'enabled' } });
    expect(findObject(objects, 'Service', 'helloworld')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'helloworld', namespace: 'sample', labels: { app: 'helloworld', service: 'helloworld' } },
      spec: { ports: [{ port: 5000, name: 'http' }], selector: { app: 'helloworld' } },
    });
    expect(findObject(objects, 'Deployment', 'helloworld-v2')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'helloworld-v2', namespace: 'sample', labels: { app: 'helloworld', version: 'v2' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'helloworld', version: 'v2' } },
        template: {
          metadata: { labels: { app: 'helloworld', version: 'v2' } },
          spec: {
            containers: [{
              name: 'helloworld',
              image: 'registry.istio.io/release/examples-helloworld-v2:1.0',
              resources: { requests: { cpu: '100m' } },
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 5000 }],
            }],
          },
        },
      },
    });
    expect(findObject(objects, 'ServiceAccount', 'curl').metadata).toEqual({ name: 'curl', namespace: 'sample' });
    expect(findObject(objects, 'Service', 'curl').spec).toEqual({ ports: [{ port: 80, name: 'http' }], selector: { app: 'curl' } });
    expect(findObject(objects, 'Deployment', 'curl')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'curl', namespace: 'sample' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'curl' } },
        template: {
          metadata: { labels: { app: 'curl' } },
          spec: {
            terminationGracePeriodSeconds: 0,
            serviceAccountName: 'curl',
            containers: [{
              name: 'curl',
              image: 'docker.io/curlimages/curl:8.16.0',
              command: ['/bin/sleep', 'infinity'],
              imagePullPolicy: 'IfNotPresent',
              volumeMounts: [{ mountPath: '/etc/curl/tls', name: 'secret-volume' }],
            }],
            volumes: [{ name: 'secret-volume', secret: { secretName: 'curl-secret', optional: true } }],
          },
        },
      },
    });
    expectValid(objects);
  });

  test('a revisioned control plane labels the namespace istio.io/rev; one helloworld version; another namespace', () => {
    // GIVEN
    const a = app();
    const east = new MeshCluster(a, 'east', { mesh: new Mesh(a, 'mesh1', { revision: 'canary' }) });

    // WHEN
    new SampleApps(east, 'SampleApps', { namespace: 'demo', helloworldVersions: ['v2'] });

    // THEN
    const objects = Testing.synth(east);
    expect(findObject(objects, 'Namespace', 'demo').metadata.labels).toEqual({ 'istio.io/rev': 'canary' });
    expect(objectsOfKind(objects, 'Deployment').map(d => d.metadata.name).sort()).toEqual(['curl', 'helloworld-v2']);
    expect(findObject(objects, 'Service', 'helloworld').metadata.namespace).toEqual('demo');
  });

  test('a Linkerd mesh annotates the namespace for injection', () => {
    const a = app();
    const mesh = new Mesh(a, 'l5d', { provider: MeshProvider.LINKERD });
    new TrustRoot(a, 'TrustRoot', { mesh });
    const east = new MeshCluster(a, 'east', { mesh });
    new SampleApps(east, 'SampleApps');
    expect(findObject(Testing.synth(east), 'Namespace', 'sample').metadata).toEqual({ name: 'sample', annotations: { 'linkerd.io/inject': 'enabled' } });
  });

  test.each([
    ['matchLabels', [{ matchLabels: { 'istio-discovery': 'enabled' } }], { 'istio-discovery': 'enabled', 'istio-injection': 'enabled' }],
    ['In (first value)', [{ matchExpressions: [{ key: 'env', operator: SelectorOperator.IN, values: ['prod', 'dev'] }] }],
      { 'env': 'prod', 'istio-injection': 'enabled' }],
    ['already matched by the namespace name', [
      { matchLabels: { 'kubernetes.io/metadata.name': 'sample' } },
      { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
    ], { 'istio-injection': 'enabled' }],
    ['second selector when the first cannot match', [
      { matchExpressions: [{ key: 'istio-injection', operator: SelectorOperator.DOES_NOT_EXIST }] },
      { matchLabels: { team: 'mesh' } },
    ], { 'istio-injection': 'enabled', 'team': 'mesh' }],
  ])('the namespace is labelled to match the cluster\'s discovery selectors: %s', (_name, selectors, labels) => {
    // GIVEN
    const a = app();
    const east = new MeshCluster(a, 'east', { mesh: new Mesh(a, 'mesh1'), discoverySelectors: selectors as any });

    // WHEN
    new SampleApps(east, 'SampleApps');

    // THEN
    expect(findObject(Testing.synth(east), 'Namespace', 'sample').metadata.labels).toEqual(labels);
    expect(collectWarnings(a)).toEqual([]);
  });

  test('a namespace that cannot match any discovery selector gets a warning', () => {
    // GIVEN
    const a = app();
    const east = new MeshCluster(a, 'east', {
      mesh: new Mesh(a, 'mesh1'),
      discoverySelectors: [{ matchExpressions: [{ key: 'istio-injection', operator: SelectorOperator.DOES_NOT_EXIST }] }],
    });

    // WHEN
    new SampleApps(east, 'SampleApps');

    // THEN
    expect(collectWarnings(a)).toEqual([
      '[east/SampleApps] namespace "sample" cannot be labelled to match any of cluster "east"\'s discovery selectors: istiod ignores it until you label it to match one',
    ]);
  });

  test('the client sample follows the Istio version: sleep before 1.24, curl from 1.24, docker.io image from 1.26', () => {
    // GIVEN
    const a = app();
    const cluster = (v: string) => new MeshCluster(a, `c${v.replace(/\./g, '')}`, {
      mesh: new Mesh(a, `m${v.replace(/\./g, '')}`, { istioVersion: IstioVersion.of(v), install: IstioInstall.helm() }),
    });
    const [c123, c124, c126] = ['1.23.6', '1.24.6', '1.26.8'].map(cluster);

    // WHEN
    for (const c of [c123, c124, c126]) { new SampleApps(c, 'SampleApps'); }

    // THEN
    const client = (c: MeshCluster) => objectsOfKind(samples(c), 'Deployment').filter(d => !d.metadata.name.startsWith('helloworld'))
      .map(d => [d.metadata.name, d.spec.template.spec.containers[0].image]);
    expect(client(c123)).toEqual([['sleep', 'curlimages/curl:8.16.0']]);
    expect(client(c124)).toEqual([['curl', 'curlimages/curl:8.16.0']]);
    expect(client(c126)).toEqual([['curl', 'docker.io/curlimages/curl:8.16.0']]);
  });
});

describe('SampleApps in an ambient mesh', () => {
  test('the namespace joins ambient mode instead of sidecar injection, and helloworld is global', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1', { dataPlaneMode: DataPlaneMode.AMBIENT, revision: 'canary' });
    const east = new MeshCluster(a, 'east', { mesh });

    // WHEN
    new SampleApps(east, 'SampleApps');

    // THEN
    const objects = samples(east);
    expect(findObject(objects, 'Namespace', 'sample').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(findObject(objects, 'Service', 'helloworld').metadata.labels).toEqual({ 'app': 'helloworld', 'service': 'helloworld', 'istio.io/global': 'true' });
    expect(findObject(objects, 'Service', 'curl').metadata.labels).toEqual({ app: 'curl', service: 'curl' });
  });
});
