import * as fs from 'fs';
import * as path from 'path';
import { MeshApp, MeshAppProps } from '../src';
import { findObject, loadCluster, objectsOfKind, readTree, tempDir, validateTree } from './util';
import { collectWarnings } from '../src/output/_metadata';

const EXAMPLES = path.join(__dirname, '..', 'examples');

function buildExample(name: string, props: MeshAppProps): MeshApp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join(EXAMPLES, name, 'main.ts'));
  return build(props);
}

/** Synthesizes an example into fresh temporary directories. */
function synthExample(name: string) {
  const outdir = path.join(tempDir(), 'dist');
  const keyStore = path.join(tempDir(), 'keys');
  buildExample(name, { outdir, keyStore }).synth();
  return { outdir, keyStore };
}

describe('examples', () => {
  test('every example is covered here', () => {
    const examples = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();
    expect(examples).toEqual(['ambient-multi-network', 'gitops', 'gitops-flux', 'linkerd', 'multi-primary', 'primary-remote']);
  });

  test.each(['ambient-multi-network', 'gitops', 'gitops-flux', 'linkerd', 'multi-primary', 'primary-remote'])('%s: valid output, and a second synth changes no byte', (name) => {
    // GIVEN
    const { outdir, keyStore } = synthExample(name);
    const first = { out: readTree(outdir), keys: readTree(keyStore) };

    // WHEN
    buildExample(name, { outdir, keyStore }).synth();

    // THEN
    expect(validateTree(outdir)).toBeGreaterThan(0);
    expect(Object.keys(first.out).length).toBeGreaterThan(0);
    expect(readTree(outdir)).toEqual(first.out);
    expect(readTree(keyStore)).toEqual(first.keys);
  });

  test('ambient-multi-network: ambient istiod, IstioCNI and ZTunnel, an HBONE east-west Gateway per cluster, global helloworld', () => {
    // GIVEN / WHEN
    const { outdir } = synthExample('ambient-multi-network');

    // THEN
    expect(fs.readdirSync(outdir).filter(d => !d.startsWith('.')).sort()).toEqual(['cluster1', 'cluster2']);
    for (const [cluster, network] of [['cluster1', 'network1'], ['cluster2', 'network2']]) {
      const { objects } = loadCluster(path.join(outdir, cluster));
      const istio = findObject(objects, 'Istio', 'default');
      expect(istio.spec.profile).toEqual('ambient');
      expect(istio.spec.values.pilot).toEqual({ env: { AMBIENT_ENABLE_MULTI_NETWORK: 'true' }, trustedZtunnelNamespace: 'ztunnel' });
      expect(findObject(objects, 'ZTunnel', 'default').spec.values).toEqual({ ztunnel: { multiCluster: { clusterName: cluster }, network } });
      expect(findObject(objects, 'IstioCNI', 'default').spec.profile).toEqual('ambient');
      const gateway = findObject(objects, 'Gateway', 'istio-eastwestgateway', 'istio-system');
      expect(gateway.metadata.labels).toEqual({ 'topology.istio.io/network': network });
      expect(gateway.spec.listeners.map((l: any) => `${l.name}:${l.port}/${l.protocol}`)).toEqual(['mesh:15008/HBONE']);
      expect(objects.filter(o => o.kind === 'Deployment' && o.metadata.namespace === 'istio-system')).toEqual([]);
      expect(findObject(objects, 'Service', 'helloworld', 'sample').metadata.labels['istio.io/global']).toEqual('true');
      expect(findObject(objects, 'Namespace', 'sample').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
      expect(findObject(objects, 'Gateway', 'waypoint', 'sample').spec.gatewayClassName).toEqual('istio-waypoint');
    }
  });

  test('multi-primary: one east-west gateway per cluster, labelled with its network', () => {
    // GIVEN / WHEN
    const { outdir } = synthExample('multi-primary');

    // THEN
    expect(fs.readdirSync(outdir).filter(d => !d.startsWith('.')).sort()).toEqual(['cluster1', 'cluster2']);
    for (const [cluster, network] of [['cluster1', 'network1'], ['cluster2', 'network2']]) {
      const { objects } = loadCluster(path.join(outdir, cluster));
      // The example's discovery selectors watch namespaces labelled istio-discovery=enabled: istio-system is labelled to match.
      expect(findObject(objects, 'Namespace', 'istio-system').metadata.labels).toEqual({ 'istio-discovery': 'enabled', 'topology.istio.io/network': network });
      const istio = findObject(objects, 'Istio', 'default');
      expect(istio.spec.values.global).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: cluster }, network });
      expect(istio.spec.values.pilot).toBeUndefined();
      const service = findObject(objects, 'Service', 'istio-eastwestgateway', 'istio-system');
      expect(service.metadata.labels['topology.istio.io/network']).toEqual(network);
      expect(service.spec.type).toEqual('LoadBalancer');
      expect(service.spec.ports.map((p: any) => p.port)).toEqual([15021, 15443, 15012, 15017]);
      const deployment = findObject(objects, 'Deployment', 'istio-eastwestgateway', 'istio-system');
      expect(deployment.spec.template.spec.containers[0].env).toEqual([{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: network }]);
      expect(findObject(objects, 'Gateway', 'cross-network-gateway', 'istio-system').spec.servers[0].tls).toEqual({ mode: 'AUTO_PASSTHROUGH' });
      expect(objectsOfKind(objects, 'VirtualService')).toEqual([]);
    }
  });

  test('primary-remote: the primary exposes istiod, the remote dials its gateway address', () => {
    // GIVEN / WHEN
    const { outdir } = synthExample('primary-remote');

    // THEN
    const primary = loadCluster(path.join(outdir, 'cluster1')).objects;
    expect(findObject(primary, 'Istio', 'default').spec.values.pilot).toEqual({ env: { EXTERNAL_ISTIOD: 'true' } });
    expect(findObject(primary, 'Gateway', 'istiod-gateway', 'istio-system').spec.servers.map((s: any) => s.port.number)).toEqual([15012, 15017]);
    expect(findObject(primary, 'VirtualService', 'istiod-vs', 'istio-system').spec.tls.map((t: any) => t.route[0].destination))
      .toEqual([
        { host: 'istiod.istio-system.svc.cluster.local', port: { number: 15012 } },
        { host: 'istiod.istio-system.svc.cluster.local', port: { number: 443 } },
      ]);
    expect(findObject(primary, 'Gateway', 'cross-network-gateway', 'istio-system')).toBeDefined();

    const remote = loadCluster(path.join(outdir, 'cluster2')).objects;
    expect(findObject(remote, 'Namespace', 'istio-system').metadata).toEqual({
      name: 'istio-system',
      labels: { 'topology.istio.io/network': 'network2' },
      annotations: { 'topology.istio.io/controlPlaneClusters': 'cluster1' },
    });
    const istio = findObject(remote, 'Istio', 'default');
    expect(istio.spec.profile).toEqual('remote');
    expect(istio.spec.values.global.remotePilotAddress).toEqual('192.0.2.10');
    expect(istio.spec.values.istiodRemote).toEqual({ injectionPath: '/inject/cluster/cluster2/net/network2' });
    expect(findObject(remote, 'Service', 'istio-eastwestgateway', 'istio-system').metadata.labels['topology.istio.io/network']).toEqual('network2');
    // expose-services.yaml is applied in the primary only: istiod reads Istio config from its config cluster.
    expect(objectsOfKind(remote, 'Gateway')).toEqual([]);
    expect(objectsOfKind(remote, 'VirtualService')).toEqual([]);
  });

  test('linkerd: links both ways between east and west, a one-way manifests-mode link from north; no key or token in the output', () => {
    // GIVEN / WHEN
    const outdir = path.join(tempDir(), 'dist');
    const keyStore = path.join(tempDir(), 'keys');
    const app = buildExample('linkerd', { outdir, keyStore });
    app.synth();

    // THEN each source's Link is named after its target, and its controller is in the values or in the manifests
    const links: Record<string, string[]> = {};
    const controllers: Record<string, string[]> = {};
    for (const c of ['east', 'west', 'north']) {
      const { objects, install } = loadCluster(path.join(outdir, c));
      links[c] = objectsOfKind(objects, 'Link').map(l => `${l.metadata.name}=${l.spec.targetClusterName}`);
      controllers[c] = [
        ...install['linkerd-multicluster-values.yaml'][0].controllers.map((e: any) => `chart:${e.link.ref.name}`),
        ...objectsOfKind(objects, 'Deployment').map(dep => `manifests:${dep.metadata.name}`),
      ];
    }
    expect(links).toEqual({ east: ['west=west'], west: ['east=east'], north: ['east=east'] });
    expect(controllers).toEqual({ east: ['chart:west'], west: ['chart:east'], north: ['manifests:controller-east'] });
    const north = loadCluster(path.join(outdir, 'north')).objects;
    expect(findObject(north, 'Link', 'east').spec.excludedLabels).toEqual(['argocd.argoproj.io/instance']);
    expect(findObject(north, 'Link', 'east').spec.gatewayAddress).toEqual('192.0.2.10');
    // the gateways of the two targets are on; north is nobody's target
    const gateways = ['east', 'west', 'north'].map(c => loadCluster(path.join(outdir, c)).install['linkerd-multicluster-values.yaml'][0].gateway.enabled);
    expect(gateways).toEqual([true, true, false]);

    // THEN no credential was given: three pending warnings, no Secret anywhere, no key in the output tree
    expect(collectWarnings(app).map(w => w.slice(0, w.indexOf(' are pending')))).toEqual([
      '[east-mirrors-west] Secret linkerd-multicluster/cluster-credentials-west and Secret linkerd/cluster-credentials-west in cluster "east" (the credentials of Link "west", for cluster "west")',
      '[west-mirrors-east] Secret linkerd-multicluster/cluster-credentials-east and Secret linkerd/cluster-credentials-east in cluster "west" (the credentials of Link "east", for cluster "east")',
      '[north-mirrors-east] Secret linkerd-multicluster/cluster-credentials-east and Secret linkerd/cluster-credentials-east in cluster "north" (the credentials of Link "east", for cluster "east")',
    ]);
    const tree = readTree(outdir);
    expect(Object.keys(tree).filter(f => /secret/i.test(f))).toEqual([]);
    expect(Object.keys(tree).filter(f => tree[f].includes('PRIVATE KEY'))).toEqual([]);
    // no credentials Secret, only the records of the pending ones (no credential in them)
    expect(Object.keys(readTree(keyStore)).filter(f => f.includes('cluster-credentials'))).toEqual([
      'east/secret.linkerd-multicluster.cluster-credentials-west.yaml.pending',
      'north/secret.linkerd-multicluster.cluster-credentials-east.yaml.pending',
      'west/secret.linkerd-multicluster.cluster-credentials-east.yaml.pending',
    ]);
  });
});
