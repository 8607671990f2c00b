/**
 * AccessConsumer.kiali(): the rules of each Kiali release, the scopes Kiali can use
 * on a cluster it reads remotely, the names a viewOnly flip keeps or changes, and
 * the objects a migration from the operator or the preparation script adopts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import {
  AccessConsumer, ApiServer, KialiResourceNaming, Mesh, MeshApp, MeshCluster, RemoteAccess,
} from '../../src';
import { findObject, readTree, tempDir } from '../util';

const CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');
const R = ['get', 'list', 'watch'];

function pair(outdir = path.join(tempDir(), 'dist')) {
  const a = new MeshApp({ outdir, keyStore: path.join(tempDir(), 'keys') });
  const mesh = new Mesh(a, 'mesh1');
  const east = new MeshCluster(a, 'east', { mesh, network: 'n1', apiServer: ApiServer.fromUrl('https://east.example.com:6443', { caData: CA }) });
  const west = new MeshCluster(a, 'west', { mesh, network: 'n1' });
  return { a, east, west, outdir };
}

function rulesOf(version: string | undefined, viewOnly: boolean, naming = KialiResourceNaming.OPERATOR, namespace?: string): unknown[] {
  const { east, west } = pair();
  new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali({ version, viewOnly, naming }), consumerCluster: west, namespace });
  const name = viewOnly ? 'kiali-viewer' : 'kiali';
  return findObject(Testing.synth(east), 'ClusterRole', name).rules;
}

describe('AccessConsumer.kiali(): rules per Kiali release', () => {
  test('before 2.28 (v2.22.0, operator templates): endpoints, the extensions group, post on pods/portforward, Gateway API in the networking rule, get/list/watch webhooks', () => {
    // WHEN
    const rules = rulesOf('v2.22.0', true);

    // THEN
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'endpoints', 'pods/log'], verbs: R },
      { apiGroups: [''], resources: ['namespaces', 'pods', 'replicationcontrollers', 'services'], verbs: R },
      { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create', 'post'] },
      { apiGroups: ['extensions', 'apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: R },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: R },
      { apiGroups: ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io', 'gateway.networking.k8s.io', 'inference.networking.k8s.io'], resources: ['*'], verbs: R },
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: R },
    ]);
  });

  test('the inference API group: none before 2.13, inference.networking.x-k8s.io from 2.13, inference.networking.k8s.io from 2.17', () => {
    // WHEN
    const groups = ['v2.12.0', 'v2.13.0', 'v2.16.2', 'v2.17.0'].map(v => (rulesOf(v, false)[5] as { apiGroups: string[] }).apiGroups.slice(5));

    // THEN
    expect(groups).toEqual([[], ['inference.networking.x-k8s.io'], ['inference.networking.x-k8s.io'], ['inference.networking.k8s.io']]);
  });

  test('from 2.28 the full role has three Gateway API rules and list-only webhooks (v2.28.0)', () => {
    // WHEN
    const rules = rulesOf('v2.28.0', false) as { apiGroups?: string[]; resources?: string[]; verbs: string[] }[];

    // THEN
    expect(rules.filter(r => r.apiGroups?.includes('gateway.networking.k8s.io'))).toEqual([
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways', 'grpcroutes', 'httproutes', 'referencegrants'], verbs: [...R, 'create', 'delete', 'patch'] },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['tcproutes', 'tlsroutes'], verbs: [...R, 'delete', 'patch'] },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['gatewayclasses'], verbs: R },
    ]);
    expect(rules[rules.length - 1]).toEqual({ apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['list'] });
  });

  test('the default release is v2.29.0: the viewer\'s one Gateway API rule, without version labels', () => {
    // GIVEN
    const { east, west } = pair();

    // WHEN
    new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west });

    // THEN
    const role = findObject(Testing.synth(east), 'ClusterRole', 'kiali-viewer');
    expect(role.rules).toEqual(rulesOf('v2.29.0', true));
    expect(role.rules[6]).toEqual({ apiGroups: ['gateway.networking.k8s.io'], resources: ['gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants', 'tcproutes', 'tlsroutes'], verbs: R });
    expect(role.metadata.labels.version).toBeUndefined();
  });

  test('Helm-chart naming follows the chart, which renders the OpenShift rules on every platform (project.openshift.io until 2.15), OAuthClient <instance>-<namespace>', () => {
    // WHEN
    const v215 = rulesOf('v2.15.0', true, KialiResourceNaming.HELM_CHART, 'kiali-ns') as { apiGroups?: string[] }[];
    const v229 = rulesOf('v2.29.0', false, KialiResourceNaming.HELM_CHART) as { apiGroups?: string[] }[];

    // THEN
    const openshift = (rules: { apiGroups?: string[] }[]) => rules.filter(r => r.apiGroups?.some(g => g.endsWith('openshift.io')));
    expect(openshift(v215)).toEqual([
      { apiGroups: ['apps.openshift.io'], resources: ['deploymentconfigs'], verbs: R },
      { apiGroups: ['project.openshift.io'], resources: ['projects'], verbs: ['get'] },
      { apiGroups: ['route.openshift.io'], resources: ['routes'], verbs: ['get'] },
      { apiGroups: ['oauth.openshift.io'], resources: ['oauthclients'], resourceNames: ['kiali-kiali-ns'], verbs: ['get'] },
    ]);
    expect(openshift(v229)).toEqual([
      { apiGroups: ['apps.openshift.io'], resources: ['deploymentconfigs'], verbs: [...R, 'patch'] },
      { apiGroups: ['route.openshift.io'], resources: ['routes'], verbs: ['get'] },
      { apiGroups: ['oauth.openshift.io'], resources: ['oauthclients'], resourceNames: ['kiali-istio-system'], verbs: ['get'] },
    ]);
    expect(openshift(rulesOf('v2.29.0', false) as { apiGroups?: string[] }[])).toEqual([]);
  });
});

describe('AccessConsumer.kiali(): a viewOnly flip', () => {
  function synthWith(outdir: string, naming: KialiResourceNaming, viewOnly: boolean): { [file: string]: string } {
    const { a, east, west } = pair(outdir);
    new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali({ naming, viewOnly }), consumerCluster: west });
    a.synth();
    return readTree(outdir);
  }

  test('operator naming keeps the binding kiali (the operator\'s name, adopted) and changes its immutable roleRef: delete it before applying (docs)', () => {
    // GIVEN
    const outdir = path.join(tempDir(), 'dist');
    const viewer = synthWith(outdir, KialiResourceNaming.OPERATOR, true);

    // WHEN
    const full = synthWith(outdir, KialiResourceNaming.OPERATOR, false);

    // THEN
    const file = 'east/clusterrolebinding.kiali.yaml';
    expect([file in viewer, file in full]).toEqual([true, true]);
    expect(viewer[file]).toContain('name: kiali-viewer\n');
    expect(full[file]).not.toContain('kiali-viewer');
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'remote-access.md'), 'utf-8');
    expect(docs).toContain('kubectl --context=<cluster read> delete clusterrolebinding kiali');
  });

  test('Helm-chart naming names the binding like its role: a flip is a new binding, and the old one leaves the tree (pruned by GitOps or kubectl apply --prune)', () => {
    // GIVEN
    const outdir = path.join(tempDir(), 'dist');
    const viewer = synthWith(outdir, KialiResourceNaming.HELM_CHART, true);

    // WHEN
    const full = synthWith(outdir, KialiResourceNaming.HELM_CHART, false);

    // THEN
    const bindings = (tree: { [file: string]: string }) => Object.keys(tree).filter(f => f.startsWith('east/clusterrolebinding.'));
    expect(bindings(viewer)).toEqual(['east/clusterrolebinding.kiali-viewer.yaml']);
    expect(bindings(full)).toEqual(['east/clusterrolebinding.kiali.yaml']);
  });
});

describe('AccessConsumer.kiali(): migration (what existing objects are adopted)', () => {
  function names(naming: KialiResourceNaming): string[] {
    const { east, west } = pair();
    new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali({ naming, version: 'v2.29.0' }), consumerCluster: west, tokenSecret: true });
    return Testing.synth(east).filter(o => o.kind !== 'Namespace' && o.kind !== 'Istio').map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
  }

  test('from a remote_cluster_resources_only Kiali CR: the operator\'s ServiceAccount, viewer ClusterRole and binding names', () => {
    expect(names(KialiResourceNaming.OPERATOR)).toEqual([
      'ClusterRole//kiali-viewer', 'ClusterRoleBinding//kiali',
      'Secret/istio-system/kiali-service-account', 'ServiceAccount/istio-system/kiali-service-account',
    ]);
  });

  test('from kiali-prepare-remote-cluster.sh: the chart\'s ServiceAccount kiali, binding kiali-viewer and token Secret kiali', () => {
    expect(names(KialiResourceNaming.HELM_CHART)).toEqual([
      'ClusterRole//kiali-viewer', 'ClusterRoleBinding//kiali-viewer',
      'Secret/istio-system/kiali', 'ServiceAccount/istio-system/kiali',
    ]);
  });
});
