import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import {
  AccessConsumer, AccessScope, ApiServer, ControlPlaneRole, Credential, IstioVersion, KialiResourceNaming, Mesh, MeshApp, MeshCluster,
  MeshProvider, RemoteAccess, TrustRoot,
} from '../../src';
import { argoCdClusterSecretName, fnv32a } from '../../src/access/_remote-secrets';
import { collectWarnings } from '../../src/output/_metadata';
import { renderApp } from '../../src/output/_writer';
import { expectValid, findObject, objectsOfKind, parseYaml, readTree, tempDir, validateTree } from '../util';
import { filesContaining, testClientCertificate, testToken, writeTempFile } from '../util/credentials';

const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');
const TEST_CA_B64 = Buffer.from(TEST_CA_PEM).toString('base64');

function app(outdir = path.join(tempDir(), 'dist'), keyStore = path.join(tempDir(), 'keys')) {
  return new MeshApp({ outdir, keyStore });
}

function apiServer(name: string): ApiServer {
  return ApiServer.fromUrl(`https://${name}.example.com:6443`, { caData: TEST_CA_PEM });
}

/**
 * Two clusters of an Istio mesh, east (read) and west (consumer), with API-server
 * settings, on one network (so that the mesh needs no east-west gateway).
 */
function istioPair(a: MeshApp, meshProps: any = {}) {
  const mesh = new Mesh(a, 'mesh1', meshProps);
  const east = new MeshCluster(a, 'east', { mesh, network: NET, apiServer: apiServer('east') });
  const west = new MeshCluster(a, 'west', { mesh, network: NET, apiServer: apiServer('west') });
  return { mesh, east, west };
}

/**
 * Records an east-west gateway address on a primary (what EastWestGateway does),
 * so that its remotes validate.
 */
function withGatewayAddress(primary: MeshCluster, address: string): void {
  const gateway = Object.assign(new Construct(primary, 'TestGateway'), { network: primary.network, address });
  primary._addGateway(gateway);
}

/** Two clusters in no mesh. */
function plainPair(a: MeshApp) {
  const east = new MeshCluster(a, 'east', { apiServer: apiServer('east') });
  const west = new MeshCluster(a, 'west', { apiServer: apiServer('west') });
  return { east, west };
}

function tokenFile(token = testToken()): { token: string; file: string } {
  return { token, file: writeTempFile('reader.token', `${token}\n`) };
}

function keyStoreObjects(a: MeshApp, cluster: string): any[] {
  return a.synthKeyStoreFiles().filter(f => f.path.startsWith(`${cluster}/`) && f.path.endsWith('.yaml')).flatMap(f => parseYaml(f.content));
}

const R = ['get', 'list', 'watch'];
/** The one network of the test meshes. */
const NET = 'network1';

/** istio-reader-clusterrole rules of Istio master (reference/istio.md §4), with or without core configmaps. */
function expectedIstioRules(configmaps: boolean) {
  return [
    { apiGroups: ['config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io', 'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], resources: ['*'], verbs: R },
    { apiGroups: [''], resources: ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets', ...(configmaps ? ['configmaps'] : [])], verbs: R },
    { apiGroups: ['networking.istio.io'], resources: ['workloadentries'], verbs: ['get', 'watch', 'list'] },
    { apiGroups: ['networking.x-k8s.io', 'gateway.networking.k8s.io'], resources: ['gateways'], verbs: ['get', 'watch', 'list'] },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: R },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: R },
    { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceexports'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
    { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceimports'], verbs: R },
    { apiGroups: ['apps'], resources: ['replicasets'], verbs: R },
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}

const ISTIO_REMOTE_PROFILE_RULES = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update'] },
];

/** Kiali's viewer role rules: kiali-operator templates/kubernetes/role-viewer.yaml at v2.29.0 (one Gateway API rule). */
const KIALI_VIEWER_RULES = [
  { apiGroups: [''], resources: ['configmaps', 'pods/log'], verbs: R },
  { apiGroups: [''], resources: ['namespaces', 'pods', 'replicationcontrollers', 'services'], verbs: R },
  { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: R },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: R },
  { apiGroups: ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io', 'inference.networking.k8s.io'], resources: ['*'], verbs: R },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants', 'tcproutes', 'tlsroutes'], verbs: R },
  { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['list'] },
];

/** Kiali's full role rules: kiali-operator templates/kubernetes/role.yaml at v2.29.0 (three Gateway API rules, no udproutes). */
const KIALI_FULL_RULES = [
  { apiGroups: [''], resources: ['configmaps', 'pods/log'], verbs: R },
  { apiGroups: [''], resources: ['namespaces', 'pods', 'replicationcontrollers', 'services'], verbs: [...R, 'patch'] },
  { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: [...R, 'patch'] },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: [...R, 'patch'] },
  { apiGroups: ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io', 'inference.networking.k8s.io'], resources: ['*'], verbs: [...R, 'create', 'delete', 'patch'] },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways', 'grpcroutes', 'httproutes', 'referencegrants'], verbs: [...R, 'create', 'delete', 'patch'] },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['tcproutes', 'tlsroutes'], verbs: [...R, 'delete', 'patch'] },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['gatewayclasses'], verbs: R },
  { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['list'] },
];

const KIALI_LABELS = { 'app': 'kiali', 'app.kubernetes.io/instance': 'kiali', 'app.kubernetes.io/name': 'kiali', 'app.kubernetes.io/part-of': 'kiali' };

/** The Linkerd multicluster chart's remote-access rules (reference/linkerd.md §4). */
const LINKERD_RULES = [
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'endpoints', 'services'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: ['policy.linkerd.io'], resources: ['servers'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: [''], resources: ['configmaps'], resourceNames: ['linkerd-config'], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
];

/** The kubeconfig every consumer Secret carries for east (reference/istio.md §4). */
function expectedKubeconfig(user: any, userName = 'east') {
  return {
    'apiVersion': 'v1',
    'clusters': [{ cluster: { 'certificate-authority-data': TEST_CA_B64, 'server': 'https://east.example.com:6443' }, name: 'east' }],
    'contexts': [{ context: { cluster: 'east', user: userName }, name: 'east' }],
    'current-context': 'east',
    'kind': 'Config',
    'users': [{ name: userName, user }],
  };
}

describe('RemoteAccess', () => {
  describe('AccessConsumer.istio()', () => {
    test('on a cluster outside an Istio mesh: istio-reader-service-account bound to istio-reader-clusterrole-istio-system', () => {
      // GIVEN
      const a = app();
      const { east, west } = plainPair(a);

      // WHEN
      const access = new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west });

      // THEN
      const objects = Testing.synth(east);
      expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ClusterRole/istio-reader-clusterrole-istio-system',
        'ClusterRoleBinding/istio-reader-clusterrole-istio-system',
        'ServiceAccount/istio-reader-service-account',
      ]);
      const labels = { 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader' };
      expect(findObject(objects, 'ServiceAccount', 'istio-reader-service-account').metadata)
        .toEqual({ name: 'istio-reader-service-account', namespace: 'istio-system', labels });
      const role = findObject(objects, 'ClusterRole', 'istio-reader-clusterrole-istio-system');
      expect(role.metadata.labels).toEqual(labels);
      expect(role.rules).toEqual(expectedIstioRules(true));
      expect(findObject(objects, 'ClusterRoleBinding', 'istio-reader-clusterrole-istio-system')).toEqual({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'istio-reader-clusterrole-istio-system', labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'istio-reader-clusterrole-istio-system' },
        subjects: [{ kind: 'ServiceAccount', name: 'istio-reader-service-account', namespace: 'istio-system' }],
      });
      expect(access.serviceAccountName).toEqual('istio-reader-service-account');
      expect(access.consumerSecretNames).toEqual(['istio-system/istio-remote-secret-east']);
      expectValid(objects);
    });

    test('on a cluster of an Istio mesh: no ServiceAccount or roles by default (the Istio install owns them)', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const before = Testing.synth(east);

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west });

      // THEN
      expect(Testing.synth(east)).toEqual(before);
    });

    test('the rule set follows the Istio version and revision: no core configmaps before 1.26', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a, { istioVersion: IstioVersion.of('1.24.6'), revision: 'canary' });

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, createServiceAccount: true });

      // THEN
      const objects = Testing.synth(east);
      const role = findObject(objects, 'ClusterRole', 'istio-reader-clusterrole-canary-istio-system');
      expect(role.rules).toEqual(expectedIstioRules(false));
      expect(findObject(objects, 'ClusterRoleBinding', 'istio-reader-clusterrole-canary-istio-system').roleRef.name)
        .toEqual('istio-reader-clusterrole-canary-istio-system');
      expectValid(objects);
    });

    test('Istio 1.26 is the first release whose reader role has core configmaps', () => {
      // GIVEN
      const a = app();
      const m = new Mesh(a, 'm', { istioVersion: IstioVersion.of('1.26.0'), install: undefined });
      const east = new MeshCluster(a, 'east', { mesh: m, network: NET });
      const west = new MeshCluster(a, 'west', { mesh: m, network: NET });

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, createServiceAccount: true });

      // THEN
      expect(findObject(Testing.synth(east), 'ClusterRole', 'istio-reader-clusterrole-istio-system').rules).toEqual(expectedIstioRules(true));
    });

    test('a primary-remote remote gets the remote profile\'s webhook and configmap rules; a primary does not', () => {
      // GIVEN
      const a = app();
      const mesh = new Mesh(a, 'mesh1');
      const primary = new MeshCluster(a, 'primary', { mesh, network: NET, apiServer: apiServer('primary') });
      withGatewayAddress(primary, '203.0.113.10');
      const remote = new MeshCluster(a, 'remote', { mesh, network: NET, role: ControlPlaneRole.REMOTE, primary, apiServer: apiServer('remote') });
      const other = new MeshCluster(a, 'other', { mesh, network: NET });

      // WHEN
      new RemoteAccess(remote, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: primary, createServiceAccount: true });
      new RemoteAccess(primary, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: other, createServiceAccount: true });

      // THEN
      expect(findObject(Testing.synth(remote), 'ClusterRole', 'istio-reader-clusterrole-istio-system').rules)
        .toEqual([...expectedIstioRules(true), ...ISTIO_REMOTE_PROFILE_RULES]);
      expect(findObject(Testing.synth(primary), 'ClusterRole', 'istio-reader-clusterrole-istio-system').rules)
        .toEqual(expectedIstioRules(true));
    });

    test('the printed commands are shell-quoted: a kubeconfig context named x$(…) cannot run code when pasted', () => {
      // GIVEN a cluster whose API server comes from a kubeconfig context with shell syntax in its name
      const a = app(path.join(tempDir(), 'dist'), path.join(tempDir(), 'keys'));
      const dir = tempDir();
      const kubeconfigFile = path.join(dir, 'kube config.yaml');
      fs.writeFileSync(kubeconfigFile, YAML.stringify({
        'apiVersion': 'v1',
        'kind': 'Config',
        'current-context': 'x$(touch pwned)',
        'clusters': [{ name: 'c', cluster: { 'server': 'https://east.example.com:6443', 'certificate-authority-data': TEST_CA_B64 } }],
        'contexts': [{ name: 'x$(touch pwned)', context: { cluster: 'c', user: 'u' } }],
        'users': [{ name: 'u', user: {} }],
      }));
      const mesh = new Mesh(a, 'mesh1');
      const east = new MeshCluster(a, 'east', { mesh, network: NET, apiServer: ApiServer.fromKubeconfig(kubeconfigFile) });
      const west = new MeshCluster(a, 'west', { mesh, network: NET, apiServer: apiServer('west') });

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west });

      // THEN
      const warning = collectWarnings(a).find(w => w.includes('create token'))!;
      expect(warning).toContain(`kubectl --kubeconfig='${kubeconfigFile}' --context='x$(touch pwned)' -n istio-system create token istio-reader-service-account --duration=8760h > `);
      expect(warning).not.toMatch(/--context=x\$\(/);
    });

    test('a token that expired, or expires within 30 days, draws a synth warning (never the token); a long-lived one none', () => {
      // GIVEN
      const a = app(path.join(tempDir(), 'dist'), path.join(tempDir(), 'keys'));
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, credential: Credential.fromTokenFile(tokenFile(testToken(-1)).file) });
      new RemoteAccess(west, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: east, credential: Credential.fromTokenFile(tokenFile(testToken(10.5)).file) });
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west, credential: Credential.fromTokenFile(tokenFile(testToken(400)).file) });

      // THEN
      const all = collectWarnings(a);
      expect(all.filter(w => /^\[east\/Istiod\] the token for cluster "east" expired on \d{4}-\d\d-\d\d: the Secret built from it is refused/.test(w))).toHaveLength(1);
      expect(all.filter(w => /^\[west\/Istiod\] the token for cluster "west" expires in 10 days \(\d{4}-\d\d-\d\d\)/.test(w))).toHaveLength(1);
      expect(all.filter(w => w.includes('Kiali') && w.includes('token for cluster'))).toEqual([]);
      expect(all.join('\n')).not.toMatch(/eyJ/);
    });

    test('MeshApp credentialWarningDays widens the synth warning window', () => {
      // GIVEN
      const a = new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys'), credentialWarningDays: 500 });
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west, credential: Credential.fromTokenFile(tokenFile(testToken(400.5)).file) });

      // THEN
      expect(collectWarnings(a).filter(w => /^\[east\/Kiali\] the token for cluster "east" expires in 400 days \(\d{4}-\d\d-\d\d\)/.test(w))).toHaveLength(1);
    });

    test('with a token file: istio-remote-secret-east in the consumer\'s key store, exactly as istioctl writes it, and no token in the output tree', () => {
      // GIVEN
      const outdir = path.join(tempDir(), 'dist');
      const keyStore = path.join(tempDir(), 'keys');
      const a = app(outdir, keyStore);
      const { east, west } = istioPair(a);
      const { token, file } = tokenFile();

      // WHEN
      const access = new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, credential: Credential.fromTokenFile(file) });
      a.synth();

      // THEN
      expect(access.pending).toBe(false);
      const secretFile = path.join(keyStore, 'west', 'secret.istio-system.istio-remote-secret-east.yaml');
      expect(fs.statSync(secretFile).mode.toString(8).slice(-3)).toEqual('600');
      const [secret] = parseYaml(fs.readFileSync(secretFile, 'utf-8'));
      expect(secret.metadata).toEqual({
        name: 'istio-remote-secret-east',
        namespace: 'istio-system',
        labels: { 'istio/multiCluster': 'true' },
        annotations: { 'networking.istio.io/cluster': 'east' },
      });
      expect(Object.keys(secret.stringData)).toEqual(['east']);
      expect(YAML.parse(secret.stringData.east)).toEqual(expectedKubeconfig({ token }));
      expectValid([secret]);
      const out = readTree(outdir);
      expect(Object.keys(out).filter(f => f.includes('istio-remote-secret'))).toEqual([]);
      expect(filesContaining(out, token)).toEqual([]);
      expect(validateTree(outdir)).toBeGreaterThan(0);
    });

    test('an explicit long-lived token Secret named as istioctl names it, in the output tree (it holds no token)', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, tokenSecret: true });

      // THEN
      const objects = Testing.synth(east);
      expect(findObject(objects, 'Secret', 'istio-reader-service-account-istio-remote-secret-token')).toEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'istio-reader-service-account-istio-remote-secret-token',
          namespace: 'istio-system',
          annotations: { 'kubernetes.io/service-account.name': 'istio-reader-service-account' },
          labels: { 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader' },
        },
        type: 'kubernetes.io/service-account-token',
      });
      expectValid(objects);
    });

    test('the token Secret is off by default', () => {
      const a = app();
      const { east, west } = plainPair(a);
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west });
      expect(objectsOfKind(Testing.synth(east), 'Secret')).toEqual([]);
    });

    test('a client certificate (authenticating proxy) goes inline into the kubeconfig user', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const { certificatePem, keyPem } = testClientCertificate();

      // WHEN
      new RemoteAccess(east, 'Istiod', {
        consumer: AccessConsumer.istio(),
        consumerCluster: west,
        credential: Credential.fromClientCertificate({
          certificateFile: writeTempFile('client.crt', certificatePem),
          keyFile: writeTempFile('client.key', keyPem),
        }),
      });

      // THEN
      const secret = findObject(keyStoreObjects(a, 'west'), 'Secret', 'istio-remote-secret-east');
      expect(YAML.parse(secret.stringData.east)).toEqual(expectedKubeconfig({
        'client-certificate-data': Buffer.from(certificatePem).toString('base64'),
        'client-key-data': Buffer.from(keyPem).toString('base64'),
      }));
      expect(filesContaining(Object.fromEntries(a.synthFiles().map(f => [f.path, f.content])), keyPem)).toEqual([]);
      expectValid(keyStoreObjects(a, 'west'));
    });

    test('a client certificate read from a kubeconfig user (as ristioctl does for Rafay ZTKA)', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const { certificatePem, keyPem } = testClientCertificate();
      const kubeconfig = writeTempFile('kubeconfig', YAML.stringify({
        'apiVersion': 'v1',
        'kind': 'Config',
        'current-context': 'east',
        'clusters': [{ name: 'east', cluster: { server: 'https://east.rafay.dev' } }],
        'contexts': [{ name: 'east', context: { cluster: 'east', user: 'me' } }],
        'users': [{ name: 'me', user: { 'client-certificate-data': Buffer.from(certificatePem).toString('base64'), 'client-key-data': Buffer.from(keyPem).toString('base64') } }],
      }));

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, credential: Credential.fromClientCertificate({ kubeconfig }) });

      // THEN
      const secret = findObject(keyStoreObjects(a, 'west'), 'Secret', 'istio-remote-secret-east');
      expect(YAML.parse(secret.stringData.east).users).toEqual([{
        name: 'east',
        user: { 'client-certificate-data': Buffer.from(certificatePem).toString('base64'), 'client-key-data': Buffer.from(keyPem).toString('base64') },
      }]);
      expectValid(keyStoreObjects(a, 'west'));
    });

    test('a token from an environment variable', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const token = testToken();
      process.env.TEST_EAST_READER_TOKEN = token;

      // WHEN
      try {
        new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, credential: Credential.fromEnv('TEST_EAST_READER_TOKEN') });
      } finally {
        delete process.env.TEST_EAST_READER_TOKEN;
      }

      // THEN
      const secret = findObject(keyStoreObjects(a, 'west'), 'Secret', 'istio-remote-secret-east');
      expect(YAML.parse(secret.stringData.east).users).toEqual([{ name: 'east', user: { token } }]);
      expectValid([secret]);
    });

    test('an API server with insecureSkipTlsVerify: no CA in the kubeconfig, and a warning', () => {
      // GIVEN
      const a = app();
      const east = new MeshCluster(a, 'east', { apiServer: ApiServer.fromUrl('https://10.0.0.1:6443', { insecureSkipTlsVerify: true }) });
      const west = new MeshCluster(a, 'west');
      const { file } = tokenFile();

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, credential: Credential.fromTokenFile(file) });

      // THEN
      const secret = findObject(keyStoreObjects(a, 'west'), 'Secret', 'istio-remote-secret-east');
      expect(YAML.parse(secret.stringData.east).clusters).toEqual([{ cluster: { 'insecure-skip-tls-verify': true, 'server': 'https://10.0.0.1:6443' }, name: 'east' }]);
      expect(warnings(a)).toEqual([
        '[east/Istiod] the credentials for cluster "east" skip TLS verification of its API server (insecureSkipTlsVerify): '
        + 'anyone on the path can impersonate the server and capture the token; give the CA instead outside labs',
      ]);
    });
  });

  describe('AccessConsumer.kiali()', () => {
    test('view-only by default: the operator\'s kiali-service-account bound to ClusterRole kiali-viewer by ClusterRoleBinding kiali', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west });

      // THEN
      const objects = Testing.synth(east).filter(o => o.kind !== 'Namespace' && o.kind !== 'Istio');
      expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ClusterRole/kiali-viewer', 'ClusterRoleBinding/kiali', 'ServiceAccount/kiali-service-account',
      ]);
      expect(findObject(objects, 'ServiceAccount', 'kiali-service-account').metadata).toEqual({ name: 'kiali-service-account', namespace: 'istio-system', labels: KIALI_LABELS });
      expect(findObject(objects, 'ClusterRole', 'kiali-viewer').rules).toEqual(KIALI_VIEWER_RULES);
      expect(findObject(objects, 'ClusterRoleBinding', 'kiali')).toEqual({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'kiali', labels: KIALI_LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kiali-viewer' },
        subjects: [{ kind: 'ServiceAccount', name: 'kiali-service-account', namespace: 'istio-system' }],
      });
      expectValid(objects);
    });

    test('viewOnly: false binds the full role kiali; instanceName and a given version label everything', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali({ viewOnly: false, instanceName: 'ops', version: 'v2.29.1' }), consumerCluster: west });

      // THEN
      const objects = Testing.synth(east);
      const labels = { 'app': 'kiali', 'app.kubernetes.io/instance': 'ops', 'app.kubernetes.io/name': 'kiali', 'app.kubernetes.io/part-of': 'kiali', 'app.kubernetes.io/version': 'v2.29.1', 'version': 'v2.29.1' };
      expect(findObject(objects, 'ClusterRole', 'ops').rules).toEqual(KIALI_FULL_RULES);
      expect(findObject(objects, 'ClusterRole', 'ops').metadata.labels).toEqual(labels);
      expect(findObject(objects, 'ClusterRoleBinding', 'ops').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ops' });
      expect(findObject(objects, 'ServiceAccount', 'ops-service-account').metadata.labels).toEqual(labels);
      expectValid(objects);
    });

    test('Helm-chart naming: ServiceAccount kiali, binding named like its role, token Secret named like the ServiceAccount (the script)', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali({ naming: KialiResourceNaming.HELM_CHART }), consumerCluster: west, tokenSecret: true });

      // THEN
      const objects = Testing.synth(east);
      expect(findObject(objects, 'ClusterRoleBinding', 'kiali-viewer').subjects).toEqual([{ kind: 'ServiceAccount', name: 'kiali', namespace: 'istio-system' }]);
      expect(findObject(objects, 'Secret', 'kiali').metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'kiali' });
      expect(findObject(objects, 'Secret', 'kiali').type).toEqual('kubernetes.io/service-account-token');
      expectValid(objects);
    });

    test('every remote the Kiali instance reads is registered in clustering.clusters of its Kiali CR and chart values (one Kiali reading two clusters)', () => {
      // GIVEN
      const outdir = path.join(tempDir(), 'dist');
      const a = app(outdir);
      const mesh = new Mesh(a, 'mesh1');
      const west = new MeshCluster(a, 'west', { mesh, network: NET });
      const north = new MeshCluster(a, 'north', { mesh, network: NET, apiServer: apiServer('north') });
      const east = new MeshCluster(a, 'east', { mesh, network: NET, apiServer: apiServer('east') });

      // WHEN
      new RemoteAccess(north, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west });
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west });
      a.synth();

      // THEN
      const clusters = [
        { name: 'east', secret_name: 'kiali-remote-cluster-secret-east' },
        { name: 'north', secret_name: 'kiali-remote-cluster-secret-north' },
      ];
      const cr = fs.readFileSync(path.join(outdir, 'west', 'install', 'kiali-clustering.yaml'), 'utf-8');
      expect(parseYaml(cr)).toEqual([{
        apiVersion: 'kiali.io/v1alpha1',
        kind: 'Kiali',
        metadata: { name: 'kiali', namespace: 'istio-system' },
        spec: { clustering: { clusters }, deployment: { cluster_wide_access: true } },
      }]);
      const values = fs.readFileSync(path.join(outdir, 'west', 'install', 'kiali-server-values.yaml'), 'utf-8');
      expect(parseYaml(values)).toEqual([{ clustering: { clusters }, deployment: { cluster_wide_access: true } }]);
      expect(`${cr}\n${values}`).not.toMatch(/restart/i);
      expect(Object.keys(readTree(outdir)).filter(f => f.includes('/install/kiali'))).toEqual(['west/install/kiali-clustering.yaml', 'west/install/kiali-server-values.yaml']);
      validateTree(outdir);
    });

    test('another Kiali instance or namespace gets its own files, with deployment.instance_name', () => {
      // GIVEN
      const outdir = path.join(tempDir(), 'dist');
      const a = app(outdir);
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali({ instanceName: 'ops' }), consumerCluster: west, consumerNamespace: 'kiali' });
      a.synth();

      // THEN
      const values = parseYaml(fs.readFileSync(path.join(outdir, 'west', 'install', 'kiali-ops-kiali-server-values.yaml'), 'utf-8'));
      expect(values).toEqual([{
        clustering: { clusters: [{ name: 'east', secret_name: 'kiali-remote-cluster-secret-east' }] },
        deployment: { cluster_wide_access: true, instance_name: 'ops' },
      }]);
      const cr = parseYaml(fs.readFileSync(path.join(outdir, 'west', 'install', 'kiali-ops-kiali-clustering.yaml'), 'utf-8'));
      expect(cr[0].metadata).toEqual({ name: 'ops', namespace: 'kiali' });
    });

    test('with a credential: kiali-remote-cluster-secret-east in Kiali\'s namespace of the consumer, as the script writes it', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const { token, file } = tokenFile();

      // WHEN
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west, credential: Credential.fromTokenFile(file) });

      // THEN
      const secret = findObject(keyStoreObjects(a, 'west'), 'Secret', 'kiali-remote-cluster-secret-east');
      expect(secret.metadata).toEqual({
        name: 'kiali-remote-cluster-secret-east',
        namespace: 'istio-system',
        labels: { 'kiali.io/multiCluster': 'true' },
        annotations: { 'kiali.io/cluster': 'east' },
      });
      expect(YAML.parse(secret.stringData.east)).toEqual(expectedKubeconfig({ token }));
      expectValid([secret]);
      expect(filesContaining(Object.fromEntries(a.synthFiles().map(f => [f.path, f.content])), token)).toEqual([]);
    });
  });

  describe('AccessConsumer.linkerdServiceMirror()', () => {
    test('the multicluster chart\'s remote-access ServiceAccount, ClusterRole and ClusterRoleBinding, and its <sa>-token Secret', () => {
      // GIVEN
      const a = app();
      const { east, west } = plainPair(a);

      // WHEN
      new RemoteAccess(east, 'Link', { consumer: AccessConsumer.linkerdServiceMirror(), consumerCluster: west, tokenSecret: true });

      // THEN
      const sa = 'linkerd-service-mirror-remote-access-default';
      const objects = Testing.synth(east);
      const labels = { 'linkerd.io/extension': 'multicluster' };
      expect(findObject(objects, 'ServiceAccount', sa).metadata).toEqual({ name: sa, namespace: 'linkerd-multicluster', labels });
      expect(findObject(objects, 'ClusterRole', sa).metadata.labels).toEqual(labels);
      expect(findObject(objects, 'ClusterRole', sa).rules).toEqual(LINKERD_RULES);
      expect(findObject(objects, 'ClusterRoleBinding', sa).subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: 'linkerd-multicluster' }]);
      expect(findObject(objects, 'Secret', `${sa}-token`).metadata).toEqual({
        name: `${sa}-token`, namespace: 'linkerd-multicluster', annotations: { 'kubernetes.io/service-account.name': sa }, labels,
      });
      expectValid(objects);
    });

    test('with a credential: both cluster-credentials-east Secrets, as link-gen writes them', () => {
      // GIVEN
      const a = app();
      const { east, west } = plainPair(a);
      const { token, file } = tokenFile();

      // WHEN
      new RemoteAccess(east, 'Link', {
        consumer: AccessConsumer.linkerdServiceMirror({ serviceAccountName: 'mirror-west', trustDomain: 'east.example' }),
        consumerCluster: west,
        credential: Credential.fromTokenFile(file),
      });

      // THEN
      const objects = keyStoreObjects(a, 'west');
      const link = findObject(objects, 'Secret', 'cluster-credentials-east', 'linkerd-multicluster');
      const destination = findObject(objects, 'Secret', 'cluster-credentials-east', 'linkerd');
      expect(link.metadata).toEqual({ name: 'cluster-credentials-east', namespace: 'linkerd-multicluster' });
      expect(link.type).toEqual('mirror.linkerd.io/remote-kubeconfig');
      expect(destination.metadata).toEqual({
        name: 'cluster-credentials-east',
        namespace: 'linkerd',
        labels: { 'multicluster.linkerd.io/cluster-name': 'east' },
        annotations: { 'multicluster.linkerd.io/trust-domain': 'east.example', 'multicluster.linkerd.io/cluster-domain': 'cluster.local' },
      });
      expect(destination.type).toEqual('mirror.linkerd.io/remote-kubeconfig');
      for (const s of [link, destination]) {
        expect(Object.keys(s.data)).toEqual(['kubeconfig']);
        expect(YAML.parse(Buffer.from(s.data.kubeconfig, 'base64').toString('utf-8'))).toEqual(expectedKubeconfig({ token }, 'mirror-west'));
      }
      expectValid(objects);
      expect(findObject(Testing.synth(east), 'ServiceAccount', 'mirror-west').metadata.namespace).toEqual('linkerd-multicluster');
    });
  });

  describe('AccessConsumer.argoCd()', () => {
    test('cluster scope: what argocd cluster add creates', () => {
      // GIVEN
      const a = app();
      const { east, west } = plainPair(a);

      // WHEN
      new RemoteAccess(east, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: west, tokenSecret: true });

      // THEN
      const objects = Testing.synth(east);
      expect(findObject(objects, 'ServiceAccount', 'argocd-manager').metadata).toEqual({ name: 'argocd-manager', namespace: 'kube-system' });
      expect(findObject(objects, 'ClusterRole', 'argocd-manager-role').rules).toEqual([
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ]);
      expect(findObject(objects, 'ClusterRoleBinding', 'argocd-manager-role-binding').roleRef.name).toEqual('argocd-manager-role');
      expect(findObject(objects, 'Secret', 'argocd-manager-long-lived-token').metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'argocd-manager' });
      expectValid(objects);
    });

    test('namespace scope: a Role and RoleBinding per namespace, and the cluster Secret lists the namespaces', () => {
      // GIVEN
      const a = app();
      const { east, west } = plainPair(a);
      const { token, file } = tokenFile();

      // WHEN
      new RemoteAccess(east, 'ArgoCd', {
        consumer: AccessConsumer.argoCd(),
        consumerCluster: west,
        scope: AccessScope.namespaces(['team-b', 'team-a']),
        credential: Credential.fromTokenFile(file),
      });

      // THEN
      const objects = Testing.synth(east);
      expect(objects.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
        'Role/team-a/argocd-manager-role', 'Role/team-b/argocd-manager-role',
        'RoleBinding/team-a/argocd-manager-role-binding', 'RoleBinding/team-b/argocd-manager-role-binding',
        'ServiceAccount/kube-system/argocd-manager',
      ]);
      expect(findObject(objects, 'Role', 'argocd-manager-role', 'team-a').rules).toEqual([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
      const name = argoCdClusterSecretName('https://east.example.com:6443');
      expect(name).toEqual(`cluster-east.example.com-${fnv32a('https://east.example.com:6443')}`);
      const secret = findObject(keyStoreObjects(a, 'west'), 'Secret', name);
      expect(secret.metadata).toEqual({ name, namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } });
      expect(secret.type).toEqual('Opaque');
      expect(secret.stringData).toEqual({
        name: 'east',
        server: 'https://east.example.com:6443',
        namespaces: 'team-a,team-b',
        config: JSON.stringify({ bearerToken: token, tlsClientConfig: { insecure: false, caData: TEST_CA_B64 } }),
      });
      expectValid([...objects, secret]);
    });

    test('the cluster Secret name is argocd\'s URIToSecretName: host without port, FNV-1a 32 of the URL', () => {
      // FNV-1a test vectors (32 bits): "" and "a", "foobar"
      expect(fnv32a('')).toEqual(0x811c9dc5);
      expect(fnv32a('a')).toEqual(0xe40c292c);
      expect(fnv32a('foobar')).toEqual(0xbf9cf968);
      expect(argoCdClusterSecretName('https://Kube.Example.com:443')).toEqual(`cluster-kube.example.com-${fnv32a('https://Kube.Example.com:443')}`);
      expect(argoCdClusterSecretName('https://[fe80::1]:6443')).toEqual(`cluster-fe80--1-${fnv32a('https://[fe80::1]:6443')}`);
    });
  });

  describe('AccessConsumer.custom()', () => {
    test('cluster scope: the rules under the ServiceAccount\'s name, and a kubeconfig Secret for the consumer', () => {
      // GIVEN
      const a = app();
      const { east, west } = plainPair(a);
      const { token, file } = tokenFile();

      // WHEN
      new RemoteAccess(east, 'Reader', {
        consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] }], { serviceAccountName: 'svc-reader' }),
        consumerCluster: west,
        namespace: 'observability',
        consumerNamespace: 'observability',
        credential: Credential.fromTokenFile(file),
      });

      // THEN
      const objects = Testing.synth(east);
      expect(findObject(objects, 'ClusterRole', 'svc-reader').rules).toEqual([{ apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] }]);
      expect(findObject(objects, 'ClusterRoleBinding', 'svc-reader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'svc-reader', namespace: 'observability' }]);
      const secret = findObject(keyStoreObjects(a, 'west'), 'Secret', 'svc-reader-east-kubeconfig', 'observability');
      expect(YAML.parse(secret.stringData.kubeconfig)).toEqual(expectedKubeconfig({ token }));
      expectValid(objects);
    });

    test('namespace scope: a Role per namespace plus the listed cluster-scoped rules in <sa>-cluster', () => {
      // GIVEN
      const a = app();
      const { east, west } = plainPair(a);

      // WHEN
      new RemoteAccess(east, 'Reader', {
        consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], {
          clusterScopedRules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
        }),
        consumerCluster: west,
        scope: AccessScope.namespaces(['apps']),
      });

      // THEN
      const objects = Testing.synth(east);
      expect(findObject(objects, 'Role', 'remote-access-reader', 'apps').rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
      expect(findObject(objects, 'ClusterRole', 'remote-access-reader-cluster').rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]);
      expect(findObject(objects, 'ClusterRoleBinding', 'remote-access-reader-cluster').roleRef.name).toEqual('remote-access-reader-cluster');
      expectValid(objects);
    });

    test('wildcards are accepted with allowWildcards', () => {
      const a = app();
      const { east, west } = plainPair(a);
      new RemoteAccess(east, 'Admin', { consumer: AccessConsumer.custom([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], { allowWildcards: true }), consumerCluster: west });
      const objects = Testing.synth(east);
      expect(findObject(objects, 'ClusterRole', 'remote-access-reader').rules).toEqual([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
      expectValid(objects);
    });
  });

  describe('shared ServiceAccounts', () => {
    test('a token Secret for a ServiceAccount made elsewhere, then the ServiceAccount itself from another RemoteAccess', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const north = new MeshCluster(a, 'north');

      // WHEN
      new RemoteAccess(east, 'IstiodWest', { consumer: AccessConsumer.istio(), consumerCluster: west, tokenSecret: true });
      new RemoteAccess(east, 'IstiodNorth', { consumer: AccessConsumer.istio(), consumerCluster: north, tokenSecret: true, createServiceAccount: true });

      // THEN
      const objects = Testing.synth(east);
      expect(objectsOfKind(objects, 'ServiceAccount').map(o => o.metadata.name)).toEqual(['istio-reader-service-account']);
      expect(objectsOfKind(objects, 'Secret').map(o => o.metadata.name)).toEqual(['istio-reader-service-account-istio-remote-secret-token']);
      expectValid(objects);
    });

    test('two RemoteAccess objects with the same ServiceAccount and rules create it once (two Kialis reading one cluster)', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const north = new MeshCluster(a, 'north');

      // WHEN
      new RemoteAccess(east, 'KialiWest', { consumer: AccessConsumer.kiali(), consumerCluster: west, tokenSecret: true });
      new RemoteAccess(east, 'KialiNorth', { consumer: AccessConsumer.kiali(), consumerCluster: north, tokenSecret: true });

      // THEN
      const objects = Testing.synth(east);
      expect(objectsOfKind(objects, 'ServiceAccount')).toHaveLength(1);
      expect(objectsOfKind(objects, 'ClusterRole')).toHaveLength(1);
      expect(objectsOfKind(objects, 'Secret')).toHaveLength(1);
      expect(() => a.synthFiles()).not.toThrow();
      expectValid(objects);
    });
  });

  describe('pending consumer Secrets', () => {
    test('without a credential the synth warns which Secret is pending and the exact command that completes it', () => {
      // GIVEN
      const keyStore = path.join(tempDir(), 'keys');
      const a = app(undefined, keyStore);
      const { east, west } = istioPair(a);

      // WHEN
      const access = new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west });

      // THEN
      expect(access.pending).toBe(true);
      expect(keyStoreObjects(a, 'west')).toEqual([]);
      expect(warnings(a)).toEqual([
        '[east/Kiali] Secret istio-system/kiali-remote-cluster-secret-east in cluster "west" (credentials for cluster "east") is pending: no credential was given. '
        + `Complete it: run (umask 077; kubectl --context=east -n istio-system create token kiali-service-account --duration=8760h > ${keyStore}/east/kiali-service-account.token) ; `
        + `pass credential: Credential.fromTokenFile('${keyStore}/east/kiali-service-account.token') ; `
        + `synthesize again, and apply ${keyStore}/west/secret.istio-system.kiali-remote-cluster-secret-east.yaml to cluster "west"`,
      ]);
    });

    test('with the token Secret, the command reads it; without API-server settings, the warning says so; kubeconfig contexts are used', () => {
      // GIVEN
      const keyStore = path.join(tempDir(), 'keys');
      const a = app(undefined, keyStore);
      const kubeconfig = writeTempFile('kubeconfig', YAML.stringify({
        'apiVersion': 'v1',
        'kind': 'Config',
        'current-context': 'admin@east',
        'clusters': [{ name: 'e', cluster: { 'server': 'https://east.example.com:6443', 'certificate-authority-data': TEST_CA_B64 } }],
        'contexts': [{ name: 'admin@east', context: { cluster: 'e', user: 'admin' } }],
        'users': [{ name: 'admin', user: {} }],
      }));
      const east = new MeshCluster(a, 'east', { apiServer: ApiServer.fromKubeconfig(kubeconfig) });
      const west = new MeshCluster(a, 'west');

      // WHEN
      new RemoteAccess(east, 'Link', { consumer: AccessConsumer.linkerdServiceMirror(), consumerCluster: west, tokenSecret: true });
      new RemoteAccess(west, 'Link', { consumer: AccessConsumer.linkerdServiceMirror(), consumerCluster: east });

      // THEN
      const sa = 'linkerd-service-mirror-remote-access-default';
      expect(warnings(a)).toEqual([
        '[east/Link] Secret linkerd-multicluster/cluster-credentials-east and Secret linkerd/cluster-credentials-east in cluster "west" (credentials for cluster "east") are pending: no credential was given. '
        + `Complete them: run (umask 077; kubectl --kubeconfig=${kubeconfig} --context=admin@east -n linkerd-multicluster get secret ${sa}-token -o jsonpath='{.data.token}' | base64 -d > ${keyStore}/east/${sa}.token) ; `
        + `pass credential: Credential.fromTokenFile('${keyStore}/east/${sa}.token') ; synthesize again, and apply `
        + `${keyStore}/west/secret.linkerd-multicluster.cluster-credentials-east.yaml and ${keyStore}/west/secret.linkerd.cluster-credentials-east.yaml to cluster "west"`,
        '[west/Link] Secret linkerd-multicluster/cluster-credentials-west and Secret linkerd/cluster-credentials-west in cluster "east" (credentials for cluster "west") are pending: no credential was given. '
        + 'Complete them: set apiServer on cluster "west"; '
        + `run (umask 077; kubectl --context=west -n linkerd-multicluster create token ${sa} --duration=8760h > ${keyStore}/west/${sa}.token) ; `
        + `pass credential: Credential.fromTokenFile('${keyStore}/west/${sa}.token') ; synthesize again, and apply `
        + `${keyStore}/east/secret.linkerd-multicluster.cluster-credentials-west.yaml and ${keyStore}/east/secret.linkerd.cluster-credentials-west.yaml to cluster "east"`,
      ]);
    });
  });

  describe('pending Istio and Kiali remote secrets are recorded in the key store (for cdk8s-mesh check)', () => {
    test('a record beside the file the Secret becomes: what it is, and the command that completes it, with paths relative to the key store', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);
      const north = new MeshCluster(a, 'north', { mesh: east.mesh as Mesh, network: NET });

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, tokenSecret: true });
      new RemoteAccess(north, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west });
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: west });

      // THEN: Kiali's record says whose it is (Istio's keep their shape)
      const files = a.synthKeyStoreFiles();
      expect(files.map(f => f.path)).toEqual([
        'west/secret.istio-system.istio-remote-secret-east.yaml.pending',
        'west/secret.istio-system.istio-remote-secret-north.yaml.pending',
        'west/secret.istio-system.kiali-remote-cluster-secret-east.yaml.pending',
      ]);
      expect(YAML.parse(files[2].content)).toEqual({
        consumer: 'kiali',
        secret: 'istio-system/kiali-remote-cluster-secret-east',
        cluster: 'east',
        consumerCluster: 'west',
        needsApiServer: false,
        tokenCommand: 'kubectl --context=east -n istio-system create token kiali-service-account --duration=8760h',
        tokenFile: 'east/kiali-service-account.token',
        file: 'west/secret.istio-system.kiali-remote-cluster-secret-east.yaml',
      });
      expect(files[0].content).toEqual([
        '# cdk8s-multicluster-mesh: this remote secret is pending (no credential was given); cdk8s-mesh check lists it.',
        '# It holds no credential. Paths are relative to the key store; written by every synth that still needs it.',
        'secret: istio-system/istio-remote-secret-east',
        'cluster: east',
        'consumerCluster: west',
        'needsApiServer: false',
        'tokenCommand: kubectl --context=east -n istio-system get secret istio-reader-service-account-istio-remote-secret-token -o jsonpath=\'{.data.token}\' | base64 -d',
        'tokenFile: east/istio-reader-service-account.token',
        'file: west/secret.istio-system.istio-remote-secret-east.yaml',
        '',
      ].join('\n'));
      expect(YAML.parse(files[1].content)).toEqual({
        secret: 'istio-system/istio-remote-secret-north',
        cluster: 'north',
        consumerCluster: 'west',
        needsApiServer: true,
        tokenCommand: 'kubectl --context=north -n istio-system create token istio-reader-service-account --duration=8760h',
        tokenFile: 'north/istio-reader-service-account.token',
        file: 'west/secret.istio-system.istio-remote-secret-north.yaml',
      });
    });

    test('two accesses for the same remote secret write one record', () => {
      // GIVEN
      const a = app();
      const { east, west } = istioPair(a);

      // WHEN
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west });
      new RemoteAccess(east, 'IstiodAgain', { consumer: AccessConsumer.istio(), consumerCluster: west });

      // THEN
      expect(a.synthKeyStoreFiles().map(f => f.path)).toEqual(['west/secret.istio-system.istio-remote-secret-east.yaml.pending']);
    });

    test('the synth that builds the Secret removes its record; keys, Secrets and other files stay', () => {
      // GIVEN: a pending remote secret synthesized once, and a file of the user's in the key store
      const outdir = path.join(tempDir(), 'dist');
      const keyStore = path.join(tempDir(), 'keys');
      const first = app(outdir, keyStore);
      const pair = istioPair(first);
      new RemoteAccess(pair.east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: pair.west });
      first.synth();
      const record = 'west/secret.istio-system.istio-remote-secret-east.yaml.pending';
      expect(Object.keys(readTree(keyStore))).toEqual(['.gitignore', record]);
      fs.writeFileSync(path.join(keyStore, 'west', 'notes.pending.txt'), 'mine\n');

      // WHEN: the same app with a credential
      const second = app(outdir, keyStore);
      const again = istioPair(second);
      new RemoteAccess(again.east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: again.west, credential: Credential.fromTokenFile(tokenFile().file) });
      second.synth();

      // THEN
      expect(Object.keys(readTree(keyStore))).toEqual(['.gitignore', 'west/notes.pending.txt', 'west/secret.istio-system.istio-remote-secret-east.yaml']);
    });
  });

  describe('namespace lifecycle', () => {
    function synthWith(outdir: string, keyStore: string, namespaces: string[], createNamespaces = false) {
      const a = app(outdir, keyStore);
      const { east, west } = istioPair(a);
      new RemoteAccess(east, 'ArgoCd', { consumer: AccessConsumer.argoCd(), consumerCluster: west, scope: AccessScope.namespaces(namespaces), createNamespaces });
      a.synth();
      return readTree(outdir);
    }

    test('removing a namespace removes only its Role and RoleBinding; re-adding restores them byte-identically', () => {
      // GIVEN
      const outdir = path.join(tempDir(), 'dist');
      const keyStore = path.join(tempDir(), 'keys');
      const first = synthWith(outdir, keyStore, ['bookinfo', 'shop']);

      // WHEN
      const removed = synthWith(outdir, keyStore, ['bookinfo']);
      const readded = synthWith(outdir, keyStore, ['shop', 'bookinfo']);

      // THEN
      const gone = Object.keys(first).filter(f => !(f in removed));
      expect(gone).toEqual(['east/role.shop.argocd-manager-role.yaml', 'east/rolebinding.shop.argocd-manager-role-binding.yaml']);
      expect(Object.keys(removed).filter(f => !(f in first))).toEqual([]);
      const changed = Object.keys(removed).filter(f => removed[f] !== first[f]);
      expect(changed).toEqual(['east/kustomization.yaml']);
      expect(objectsOfKind(Object.values(removed).flatMap(t => parseYaml(t)), 'Namespace').map(n => n.metadata.name)).toEqual(['istio-system', 'istio-system']);
      expect(readded).toEqual(first);
      validateTree(outdir);
    });

    test('Namespace objects for the listed namespaces only when createNamespaces is set', () => {
      // GIVEN
      const outdir = path.join(tempDir(), 'dist');
      const keyStore = path.join(tempDir(), 'keys');

      // WHEN
      const files = synthWith(outdir, keyStore, ['bookinfo', 'istio-system'], true);

      // THEN
      expect(Object.keys(files).filter(f => f.startsWith('east/namespace.'))).toEqual(['east/namespace.bookinfo.yaml', 'east/namespace.istio-system.yaml']);
      expect(parseYaml(files['east/namespace.bookinfo.yaml'])).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo' } }]);
      validateTree(outdir);
    });
  });

  describe('bad input (exact messages; nothing is written)', () => {
    function pair() {
      const outdir = path.join(tempDir(), 'dist');
      const a = app(outdir);
      return { a, outdir, ...istioPair(a) };
    }

    test('the consumer cluster is the cluster being read', () => {
      const { east, outdir } = pair();
      expect(() => new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: east })).toThrow(Error);
      expect(fs.existsSync(outdir)).toBe(false);
    });

    test('a token file that does not hold a JWT; the content is not shown', () => {
      const { east, west } = pair();
      const file = writeTempFile('bad.token', 'not-a-jwt-secret-value');
      let message = '';
      try {
        new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west, credential: Credential.fromTokenFile(file) });
      } catch (e: any) {
        message = e.message;
      }
      expect(message).toEqual(`east/Istiod: 'credential' (${JSON.stringify(file)}) the token file does not hold a JWT-shaped ServiceAccount token `
        + '(three base64url parts separated by dots, the first a JSON header); its content is not shown');
      expect(message).not.toContain('not-a-jwt-secret-value');
    });
  });

  test('the multi-primary example: Kiali access to cluster2 registered in cluster1\'s Kiali configuration, pending Secret, valid output', () => {
    // GIVEN
    const outdir = path.join(tempDir(), 'dist');
    const keyStore = path.join(tempDir(), 'keys');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require('../../examples/multi-primary/main');

    // WHEN
    const a: MeshApp = build({ outdir, keyStore });
    a.synth();

    // THEN
    const files = Object.keys(readTree(outdir));
    expect(files.filter(f => f.includes('kiali'))).toEqual([
      'cluster1/install/kiali-clustering.yaml',
      'cluster1/install/kiali-server-values.yaml',
      'cluster2/clusterrole.kiali-viewer.yaml',
      'cluster2/clusterrolebinding.kiali.yaml',
      'cluster2/serviceaccount.istio-system.kiali-service-account.yaml',
    ]);
    expect(parseYaml(readTree(outdir)['cluster1/install/kiali-clustering.yaml'])[0].spec.clustering)
      .toEqual({ clusters: [{ name: 'cluster2', secret_name: 'kiali-remote-cluster-secret-cluster2' }] });
    expect(warnings(a).filter(w => w.startsWith('[cluster2/Kiali] Secret istio-system/kiali-remote-cluster-secret-cluster2 in cluster "cluster1"'))).toHaveLength(1);
    expect(fs.existsSync(keyStore) ? Object.keys(readTree(keyStore)).filter(f => f.includes('kiali')) : [])
      .toEqual(['cluster1/secret.istio-system.kiali-remote-cluster-secret-cluster2.yaml.pending']);
    validateTree(outdir);
  });

  test('Linkerd meshes can use RemoteAccess too (no Istio install owns the reader)', () => {
    const a = app();
    const mesh = new Mesh(a, 'l5d', { provider: MeshProvider.LINKERD });
    new TrustRoot(a, 'TrustRoot', { mesh }); // a Linkerd mesh needs one
    const east = new MeshCluster(a, 'east', { mesh, network: NET, apiServer: apiServer('east') });
    const west = new MeshCluster(a, 'west', { mesh, network: NET });
    new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: west });
    expect(findObject(Testing.synth(east), 'ServiceAccount', 'istio-reader-service-account')).toBeDefined();
  });
});

/** The warnings the app prints when it synthesizes. */
function warnings(a: MeshApp): string[] {
  return renderApp(a).warnings;
}
