import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import {
  ApiServer, ControllerMode, Credential, LinkerdLogFormat, LinkerdLogLevel, LinkerdMulticluster, LinkerdVersion, Mesh, MeshApp, MeshCluster,
  MeshProvider, SelectorOperator, ServiceMirrorLink, TolerationEffect, TrustRoot,
} from '../../src';
import { collectWarnings } from '../../src/output/_metadata';
import { expectValid, findObject, loadCluster, objectsOfKind, parseYaml, readTree, tempDir, validateTree } from '../util';
import { filesContaining, testToken, writeTempFile } from '../util/credentials';

const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

interface Dirs { readonly outdir: string; readonly keyStore: string }
function dirs(): Dirs {
  const d = tempDir();
  return { outdir: path.join(d, 'dist'), keyStore: path.join(d, 'keys') };
}

function apiServer(name: string): ApiServer {
  return ApiServer.fromUrl(`https://${name}.example.com:6443`, { caData: TEST_CA_PEM });
}

/** A Linkerd mesh with its TrustRoot and clusters (each with API-server settings). */
function linkerdMesh(clusters = ['east', 'west'], meshProps: any = {}, d: Dirs = dirs()) {
  const app = new MeshApp(d);
  const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD, ...meshProps });
  new TrustRoot(app, 'TrustRoot', { mesh });
  const cs = clusters.map(c => new MeshCluster(app, c, { mesh, apiServer: apiServer(c) }));
  return { app, mesh, clusters: cs, d };
}

/** east with a known gateway address, west as the source. */
function eastWest(meshProps: any = {}) {
  const m = linkerdMesh(['east', 'west'], meshProps);
  new LinkerdMulticluster(m.clusters[0], 'Multicluster', { gatewayAddresses: ['203.0.113.10'] });
  return { ...m, east: m.clusters[0], west: m.clusters[1] };
}

function cluster(d: Dirs, name: string) {
  return loadCluster(path.join(d.outdir, name));
}

function tokenFile(token = testToken()): { token: string; file: string } {
  return { token, file: writeTempFile('link.token', `${token}\n`) };
}

function keyStoreSecret(d: Dirs, file: string): any {
  return parseYaml(fs.readFileSync(path.join(d.keyStore, file), 'utf-8'))[0];
}

const SA = 'linkerd-service-mirror-remote-access-west';
const LINKERD_REMOTE_RULES = [
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'endpoints', 'services'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: ['policy.linkerd.io'], resources: ['servers'], verbs: ['list', 'get', 'watch'] },
  { apiGroups: [''], resources: ['configmaps'], resourceNames: ['linkerd-config'], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
];
const CONTROLLER_LABELS = { 'linkerd.io/extension': 'multicluster', 'component': 'controller', 'mirror.linkerd.io/cluster-name': 'east' };

describe('ServiceMirrorLink', () => {
  describe('the Link, the chart controller and the target side', () => {
    test('defaults: a gateway link, as link-gen writes it; a controllers[] entry; remote access in the target', () => {
      // GIVEN
      const { app, east, west, d } = eastWest();

      // WHEN
      const link = new ServiceMirrorLink(app, 'west-east', { source: west, target: east });
      app.synth();

      // THEN the Link in the source, named after the target
      expect(link.linkName).toEqual('east');
      expect(link.controllerMode).toEqual(ControllerMode.CHART);
      expect(link.pending).toBe(true);
      expect(link.credentialsHash).toBeUndefined();
      const source = cluster(d, 'west');
      const l = findObject(source.objects, 'Link', 'east', 'linkerd-multicluster');
      expect(l).toEqual({
        apiVersion: 'multicluster.linkerd.io/v1alpha3',
        kind: 'Link',
        metadata: { name: 'east', namespace: 'linkerd-multicluster', annotations: { 'linkerd.io/created-by': 'linkerd/cli edge-26.8.3' } },
        spec: {
          targetClusterName: 'east',
          targetClusterDomain: 'cluster.local',
          targetClusterLinkerdNamespace: 'linkerd',
          clusterCredentialsSecret: 'cluster-credentials-east',
          gatewayAddress: '203.0.113.10',
          gatewayPort: '4143',
          gatewayIdentity: 'linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local',
          probeSpec: { path: '/ready', port: '4191', period: '3s' },
          selector: { matchLabels: { 'mirror.linkerd.io/exported': 'true' } },
          remoteDiscoverySelector: { matchLabels: { 'mirror.linkerd.io/exported': 'remote-discovery' } },
          federatedServiceSelector: { matchLabels: { 'mirror.linkerd.io/federated': 'member' } },
        },
      });

      // THEN the chart controller: Link name == targetClusterName == link.ref.name
      const values = source.install['linkerd-multicluster-values.yaml'][0];
      expect(values.controllers).toEqual([{ link: { ref: { name: 'east' } }, gateway: { enabled: true } }]);
      expect(values.controllers[0].link.ref.name).toEqual(l.metadata.name);
      expect(l.spec.targetClusterName).toEqual(l.metadata.name);
      expect(objectsOfKind(source.objects, 'Deployment')).toEqual([]);
      expect(objectsOfKind(source.objects, 'Secret')).toEqual([]);

      // THEN the target: the remote-access ServiceAccount and ClusterRole, the gateway on, the chart's own remote SA off
      const target = cluster(d, 'east');
      const extension = { 'linkerd.io/extension': 'multicluster' }; // linkerd mc uninstall selects by it
      expect(findObject(target.objects, 'ServiceAccount', SA).metadata).toEqual({ name: SA, namespace: 'linkerd-multicluster', labels: extension });
      expect(findObject(target.objects, 'ClusterRole', SA).metadata.labels).toEqual(extension);
      expect(findObject(target.objects, 'ClusterRoleBinding', SA).metadata.labels).toEqual(extension);
      expect(findObject(target.objects, 'ClusterRole', SA).rules).toEqual(LINKERD_REMOTE_RULES);
      expect(findObject(target.objects, 'ClusterRoleBinding', SA)).toMatchObject({
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: SA },
        subjects: [{ kind: 'ServiceAccount', name: SA, namespace: 'linkerd-multicluster' }],
      });
      expect(objectsOfKind(target.objects, 'Secret')).toEqual([]);
      const targetValues = target.install['linkerd-multicluster-values.yaml'][0];
      expect(targetValues.gateway).toEqual({ enabled: true, serviceType: 'LoadBalancer', port: 4143, probe: { port: 4191, seconds: 3 } });
      expect(targetValues.remoteMirrorServiceAccount).toBe(true); // link-gen links (if any) keep linkerd-service-mirror-remote-access-default
      expect(targetValues.controllers).toEqual([]);

      // THEN everything is valid, the Link against the CRD
      expect(validateTree(d.outdir)).toBeGreaterThan(0);
    });

    test('without a credential: a warning with the exact commands that complete the two Secrets', () => {
      // GIVEN
      const { app, east, west, d } = eastWest();

      // WHEN
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east });

      // THEN
      const k = d.keyStore;
      expect(collectWarnings(app)).toEqual([
        '[west-east] Secret linkerd-multicluster/cluster-credentials-east and Secret linkerd/cluster-credentials-east in cluster "west" '
        + '(the credentials of Link "east", for cluster "east") are pending: no credential was given. Complete them: '
        + `run (umask 077; kubectl --context=east -n linkerd-multicluster create token ${SA} --duration=8760h > ${k}/east/${SA}.token) ; `
        + `pass credential: Credential.fromTokenFile('${k}/east/${SA}.token') to this ServiceMirrorLink ; synthesize again, `
        + `and apply ${k}/west/secret.linkerd-multicluster.cluster-credentials-east.yaml and ${k}/west/secret.linkerd.cluster-credentials-east.yaml to cluster "west"`,
      ]);
    });

    test('without a credential: a pending record in the key store for check (no credential in it)', () => {
      // GIVEN
      const { app, east, west, d } = eastWest();

      // WHEN
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, linkName: 'east-prod' });
      app.synth();

      // THEN the record, paths relative to the key store
      const file = path.join(d.keyStore, 'west', 'secret.linkerd-multicluster.cluster-credentials-east-prod.yaml.pending');
      expect((fs.statSync(file).mode % 0o1000).toString(8)).toEqual('644'); // no credential in it: not owner-only
      expect(YAML.parse(fs.readFileSync(file, 'utf-8'))).toEqual({
        kind: 'linkerd-link-credentials',
        link: 'east-prod',
        secret: 'linkerd-multicluster/cluster-credentials-east-prod',
        secrets: ['linkerd-multicluster/cluster-credentials-east-prod', 'linkerd/cluster-credentials-east-prod'],
        cluster: 'east',
        consumerCluster: 'west',
        needsApiServer: false,
        tokenCommand: `kubectl --context=east -n linkerd-multicluster create token ${SA} --duration=8760h`,
        tokenFile: `east/${SA}.token`,
        file: 'west/secret.linkerd-multicluster.cluster-credentials-east-prod.yaml',
        files: ['west/secret.linkerd-multicluster.cluster-credentials-east-prod.yaml', 'west/secret.linkerd.cluster-credentials-east-prod.yaml'],
      });
    });

    test('with a credential: both cluster-credentials Secrets in the key store, their hash on the Link, no token in the output tree', () => {
      // GIVEN
      const { app, east, west, d } = eastWest();
      const { token, file } = tokenFile();

      // WHEN
      const link = new ServiceMirrorLink(app, 'west-east', { source: west, target: east, credential: Credential.fromTokenFile(file) });
      app.synth();

      // THEN the two Secrets, as link-gen writes them, only in the key store
      const mc = keyStoreSecret(d, 'west/secret.linkerd-multicluster.cluster-credentials-east.yaml');
      const dst = keyStoreSecret(d, 'west/secret.linkerd.cluster-credentials-east.yaml');
      expect(mc.metadata).toEqual({ name: 'cluster-credentials-east', namespace: 'linkerd-multicluster' });
      expect(dst.metadata).toEqual({
        name: 'cluster-credentials-east',
        namespace: 'linkerd',
        labels: { 'multicluster.linkerd.io/cluster-name': 'east' },
        annotations: { 'multicluster.linkerd.io/trust-domain': 'cluster.local', 'multicluster.linkerd.io/cluster-domain': 'cluster.local' },
      });
      for (const s of [mc, dst]) {
        expect(s.type).toEqual('mirror.linkerd.io/remote-kubeconfig');
        expect(Object.keys(s.data)).toEqual(['kubeconfig']);
      }
      expect(mc.data.kubeconfig).toEqual(dst.data.kubeconfig);
      expectValid([mc, dst]);
      const kubeconfigText = Buffer.from(mc.data.kubeconfig, 'base64').toString('utf-8');
      const kubeconfig = YAML.parse(kubeconfigText);
      expect(kubeconfig.clusters).toEqual([{
        name: 'east', cluster: { 'server': 'https://east.example.com:6443', 'certificate-authority-data': Buffer.from(TEST_CA_PEM).toString('base64') },
      }]);
      expect(kubeconfig.users).toEqual([{ name: SA, user: { token } }]);
      expect(kubeconfig['current-context']).toEqual('east');

      // THEN the Link carries the kubeconfig's SHA-256, never the credential
      const hash = createHash('sha256').update(kubeconfigText).digest('hex');
      expect(link.credentialsHash).toEqual(hash);
      expect(link.pending).toBe(false);
      const l = findObject(cluster(d, 'west').objects, 'Link', 'east');
      expect(l.metadata.annotations).toEqual({ 'linkerd.io/created-by': 'linkerd/cli edge-26.8.3', 'cdk8s-mesh.io/credentials-sha256': hash });
      expect(filesContaining(readTree(d.outdir), token)).toEqual([]);
      expect(Object.keys(readTree(d.outdir)).filter(f => f.includes('secret'))).toEqual([]);
      expect(collectWarnings(app)).toEqual([]);
      validateTree(d.outdir);
    });

    test('rotation: a new token changes the Link (the controller reloads on Link changes); the same token changes nothing', () => {
      // GIVEN a first synth
      const d = dirs();
      const synth = (file: string) => {
        const { app, clusters: [east, west] } = linkerdMesh(['east', 'west'], {}, d);
        new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, credential: Credential.fromTokenFile(file) });
        app.synth();
        return { out: readTree(d.outdir), hash: findObject(cluster(d, 'west').objects, 'Link', 'east').metadata.annotations['cdk8s-mesh.io/credentials-sha256'] };
      };
      const first = synth(tokenFile().file);

      // WHEN the token is rotated, and then synthesized twice
      const rotated = tokenFile().file;
      const second = synth(rotated);
      const third = synth(rotated);

      // THEN
      expect(second.hash).not.toEqual(first.hash);
      expect(third).toEqual(second);
    });

    test('a pod-to-pod link: no gateway fields, no selector; gateway off in the controller entry and in the target', () => {
      // GIVEN
      const { app, clusters: [east, west], d } = linkerdMesh();

      // WHEN
      const link = new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, excludedLabels: ['argocd.argoproj.io/instance'], excludedAnnotations: ['example.com/owner'] });
      app.synth();

      // THEN
      expect(link.useGateway).toBe(false);
      const l = findObject(cluster(d, 'west').objects, 'Link', 'east');
      expect(l.spec).toEqual({
        targetClusterName: 'east',
        targetClusterDomain: 'cluster.local',
        targetClusterLinkerdNamespace: 'linkerd',
        clusterCredentialsSecret: 'cluster-credentials-east',
        remoteDiscoverySelector: { matchLabels: { 'mirror.linkerd.io/exported': 'remote-discovery' } },
        federatedServiceSelector: { matchLabels: { 'mirror.linkerd.io/federated': 'member' } },
        excludedAnnotations: ['example.com/owner'],
        excludedLabels: ['argocd.argoproj.io/instance'],
      });
      expect(cluster(d, 'west').install['linkerd-multicluster-values.yaml'][0].controllers).toEqual([
        { link: { ref: { name: 'east' } }, gateway: { enabled: false } },
      ]);
      expect(cluster(d, 'east').install['linkerd-multicluster-values.yaml'][0].gateway).toEqual({ enabled: false });
      validateTree(d.outdir);
    });

    test('every option of the Link and of the chart controller', () => {
      // GIVEN
      const { app, clusters: [east, west], d } = linkerdMesh(['east', 'west'], { linkerdTrustDomain: 'mesh.example', linkerdClusterDomain: 'k8s.internal' });

      // WHEN
      new ServiceMirrorLink(app, 'west-east', {
        source: west,
        target: east,
        linkName: 'east-prod',
        serviceAccountName: 'mirror-west',
        tokenSecret: true,
        gatewayAddresses: ['198.51.100.20', 'gw.east.example'],
        gatewayPort: 443,
        gatewayIdentity: 'gw.linkerd-multicluster.serviceaccount.identity.linkerd.mesh.example',
        probePath: '/health',
        probePort: 8191,
        probePeriodSeconds: 10,
        probeTimeoutSeconds: 90,
        probeFailureThreshold: 5,
        selector: { matchExpressions: [{ key: 'mirror.linkerd.io/exported', operator: SelectorOperator.IN, values: ['true', 'yes'] }] },
        remoteDiscoverySelector: { matchLabels: { team: 'a' } },
        federatedServiceSelector: { matchExpressions: [{ key: 'federate', operator: SelectorOperator.EXISTS }] },
        controller: {
          replicas: 2,
          logLevel: LinkerdLogLevel.TRACE,
          logFormat: LinkerdLogFormat.JSON,
          retryLimit: 10,
          enableHeadlessServices: true,
          enablePprof: true,
          enablePodAntiAffinity: true,
          resources: { cpuLimit: '500m' },
          nodeSelector: { pool: 'system' },
          tolerations: [{ key: 'pool', value: 'system', effect: TolerationEffect.NO_SCHEDULE }],
        },
      });
      app.synth();

      // THEN Link name, targetClusterName and link.ref.name agree, and the credentials are named after the link
      const source = cluster(d, 'west');
      const l = findObject(source.objects, 'Link', 'east-prod', 'linkerd-multicluster');
      expect(l.spec).toEqual({
        targetClusterName: 'east-prod',
        targetClusterDomain: 'k8s.internal',
        targetClusterLinkerdNamespace: 'linkerd',
        clusterCredentialsSecret: 'cluster-credentials-east-prod',
        gatewayAddress: '198.51.100.20,gw.east.example',
        gatewayPort: '443',
        gatewayIdentity: 'gw.linkerd-multicluster.serviceaccount.identity.linkerd.mesh.example',
        probeSpec: { path: '/health', port: '8191', period: '10s', timeout: '90s', failureThreshold: '5' },
        selector: { matchExpressions: [{ key: 'mirror.linkerd.io/exported', operator: 'In', values: ['true', 'yes'] }] },
        remoteDiscoverySelector: { matchLabels: { team: 'a' } },
        federatedServiceSelector: { matchExpressions: [{ key: 'federate', operator: 'Exists' }] },
      });
      expect(source.install['linkerd-multicluster-values.yaml'][0].controllers).toEqual([{
        link: { ref: { name: 'east-prod' } },
        replicas: 2,
        logLevel: 'trace',
        logFormat: 'json',
        retryLimit: 10,
        enableHeadlessServices: true,
        enablePprof: true,
        enablePodAntiAffinity: true,
        resources: { limits: { cpu: '500m' } },
        nodeSelector: { pool: 'system' },
        tolerations: [{ key: 'pool', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
        gateway: { enabled: true },
      }]);

      // THEN the target: the chosen ServiceAccount and its token Secret (no token in it: the token controller fills it in)
      const target = cluster(d, 'east');
      expect(findObject(target.objects, 'ServiceAccount', 'mirror-west').metadata.namespace).toEqual('linkerd-multicluster');
      expect(findObject(target.objects, 'Secret', 'mirror-west-token', 'linkerd-multicluster')).toEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'mirror-west-token',
          namespace: 'linkerd-multicluster',
          annotations: { 'kubernetes.io/service-account.name': 'mirror-west' },
          labels: { 'linkerd.io/extension': 'multicluster' },
        },
        type: 'kubernetes.io/service-account-token',
      });
      validateTree(d.outdir);
    });

    test('three clusters: links in both directions and a one-way link share the target-side objects only per source', () => {
      // GIVEN
      const { app, clusters: [east, west, north], d } = linkerdMesh(['east', 'west', 'north']);
      for (const c of [east, west, north]) {
        new LinkerdMulticluster(c, 'Multicluster', { gatewayAddresses: [`gw.${c.clusterName}.example`] });
      }

      // WHEN
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east });
      new ServiceMirrorLink(app, 'east-west', { source: east, target: west });
      new ServiceMirrorLink(app, 'north-east', { source: north, target: east });
      app.synth();

      // THEN east is read by two sources, each with its own ServiceAccount
      const e = cluster(d, 'east').objects;
      expect(objectsOfKind(e, 'ServiceAccount').map(o => o.metadata.name).sort()).toEqual([
        'linkerd-service-mirror-remote-access-north', 'linkerd-service-mirror-remote-access-west',
      ]);
      expect(objectsOfKind(cluster(d, 'north').objects, 'ServiceAccount')).toEqual([]);
      expect(cluster(d, 'north').install['linkerd-multicluster-values.yaml'][0].gateway).toEqual({ enabled: false });
      expect(objectsOfKind(cluster(d, 'north').objects, 'Link').map(o => o.metadata.name)).toEqual(['east']);
      validateTree(d.outdir);
    });
  });

  describe('manifests mode', () => {
    test('renders what the chart renders for the entry, exactly', () => {
      // GIVEN
      const { app, east, west, d } = eastWest();
      const { file } = tokenFile();

      // WHEN
      const link = new ServiceMirrorLink(app, 'west-east', {
        source: west, target: east, controllerMode: ControllerMode.MANIFESTS, credential: Credential.fromTokenFile(file),
      });
      app.synth();

      // THEN no controllers[] entry
      const source = cluster(d, 'west');
      expect(source.install['linkerd-multicluster-values.yaml'][0].controllers).toEqual([]);
      const o = source.objects;

      // THEN ServiceAccount, ClusterRoleBinding, Role, RoleBinding (controller/rbac.yaml)
      expect(findObject(o, 'ServiceAccount', 'controller-east', 'linkerd-multicluster').metadata).toEqual({
        name: 'controller-east', namespace: 'linkerd-multicluster', labels: CONTROLLER_LABELS,
      });
      expect(findObject(o, 'ClusterRoleBinding', 'linkerd-multicluster-controller-access-local-resources-east')).toEqual({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'linkerd-multicluster-controller-access-local-resources-east', labels: CONTROLLER_LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'linkerd-multicluster-controller-access-local-resources' },
        subjects: [{ kind: 'ServiceAccount', name: 'controller-east', namespace: 'linkerd-multicluster' }],
      });
      expect(findObject(o, 'Role', 'controller-read-remote-creds-east', 'linkerd-multicluster')).toEqual({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'controller-read-remote-creds-east', namespace: 'linkerd-multicluster', labels: CONTROLLER_LABELS },
        rules: [
          { apiGroups: [''], resources: ['secrets'], resourceNames: ['cluster-credentials-east'], verbs: ['list', 'get', 'watch'] },
          { apiGroups: ['multicluster.linkerd.io'], resources: ['links'], verbs: ['list', 'get', 'watch'] },
          { apiGroups: ['multicluster.linkerd.io'], resources: ['links/status'], verbs: ['update', 'patch'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update', 'patch'] },
        ],
      });
      expect(findObject(o, 'RoleBinding', 'controller-read-remote-creds-east', 'linkerd-multicluster')).toMatchObject({
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'controller-read-remote-creds-east' },
        subjects: [{ kind: 'ServiceAccount', name: 'controller-east', namespace: 'linkerd-multicluster' }],
      });

      // THEN the shared ClusterRole (controller-clusterrole.yaml)
      expect(findObject(o, 'ClusterRole', 'linkerd-multicluster-controller-access-local-resources')).toEqual({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'linkerd-multicluster-controller-access-local-resources', labels: { 'linkerd.io/extension': 'multicluster', 'component': 'controller' } },
        rules: [
          { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['list', 'get', 'watch', 'create', 'delete', 'update'] },
          { apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'get', 'watch'] },
        ],
      });

      // THEN the Deployment (controller/deployment.yaml), with the credentials hash on the pod template
      const deployment = findObject(o, 'Deployment', 'controller-east', 'linkerd-multicluster');
      expect(deployment.metadata.labels).toEqual(CONTROLLER_LABELS);
      expect(deployment.spec).toEqual({
        replicas: 1,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { 'component': 'controller', 'mirror.linkerd.io/cluster-name': 'east' } },
        template: {
          metadata: {
            annotations: {
              'linkerd.io/inject': 'enabled',
              'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true',
              'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '0',
              'cdk8s-mesh.io/credentials-sha256': link.credentialsHash,
            },
            labels: CONTROLLER_LABELS,
          },
          spec: {
            automountServiceAccountToken: false,
            containers: [{
              args: [
                'service-mirror', '-log-level=info', '-log-format=plain', '-event-requeue-limit=3', '-namespace=linkerd-multicluster',
                '-enable-pprof=false', '-probe-service=probe-east', 'east',
              ],
              image: 'cr.l5d.io/linkerd/controller:edge-26.8.3',
              name: 'controller',
              ports: [{ containerPort: 9999, name: 'ctrl-admin' }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsGroup: 2103,
                runAsNonRoot: true,
                runAsUser: 2103,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access', readOnly: true }],
            }],
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            serviceAccountName: 'controller-east',
            volumes: [{
              name: 'kube-api-access',
              projected: {
                defaultMode: 420,
                sources: [
                  { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                  { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
                  { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
                ],
              },
            }],
          },
        },
      });
      expect(link.credentialsHash).toMatch(/^[0-9a-f]{64}$/);
      expect(findObject(o, 'Link', 'east').metadata.annotations['cdk8s-mesh.io/credentials-sha256']).toEqual(link.credentialsHash);

      // THEN the probe Service (controller/probe-svc.yaml); no PodDisruptionBudget without anti-affinity
      expect(findObject(o, 'Service', 'probe-east', 'linkerd-multicluster')).toEqual({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'probe-east',
          namespace: 'linkerd-multicluster',
          annotations: { 'linkerd.io/created-by': 'linkerd/helm edge-26.8.3' },
          labels: { 'linkerd.io/extension': 'multicluster', 'mirror.linkerd.io/mirrored-gateway': 'true', 'mirror.linkerd.io/cluster-name': 'east' },
        },
        spec: { ports: [{ name: 'mc-probe', port: 4191, protocol: 'TCP' }] },
      });
      expect(objectsOfKind(o, 'PodDisruptionBudget')).toEqual([]);
      validateTree(d.outdir);
    });

    test('anti-affinity, namespace creation, controllerDefaults, resources, an older release, two links: one shared ClusterRole', () => {
      // GIVEN a source with controllerDefaults and namespace creation, on edge-25.5.4 (port admin-http; the first release whose chart renders anti-affinity)
      const { app, clusters: [east, west, north], d } = linkerdMesh(['east', 'west', 'north'], { linkerdVersion: LinkerdVersion.of('edge-25.5.4') });
      new LinkerdMulticluster(west, 'Multicluster', {
        enableNamespaceCreation: true,
        controllerDefaults: { logFormat: LinkerdLogFormat.JSON, replicas: 3, nodeSelector: { pool: 'system' } },
      });

      // WHEN
      new ServiceMirrorLink(app, 'west-east', {
        source: west,
        target: east,
        useGateway: false,
        controllerMode: ControllerMode.MANIFESTS,
        controller: { enablePodAntiAffinity: true, enableHeadlessServices: true, replicas: 2, resources: { cpuRequest: '50m', memoryLimit: '128Mi' } },
      });
      new ServiceMirrorLink(app, 'west-north', { source: west, target: north, useGateway: false, controllerMode: ControllerMode.MANIFESTS });
      app.synth();

      // THEN one shared ClusterRole, with the create rule
      const o = cluster(d, 'west').objects;
      expect(objectsOfKind(o, 'ClusterRole').map(r => r.metadata.name)).toEqual(['linkerd-multicluster-controller-access-local-resources']);
      expect(objectsOfKind(o, 'ClusterRole')[0].rules[2]).toEqual({ apiGroups: [''], resources: ['namespaces'], verbs: ['create'] });

      // THEN the link's options over the defaults
      const deployment = findObject(o, 'Deployment', 'controller-east');
      expect(deployment.spec.replicas).toEqual(2);
      expect(deployment.spec.strategy).toEqual({ rollingUpdate: { maxUnavailable: 1 } });
      const pod = deployment.spec.template.spec;
      expect(pod.containers[0].args).toEqual([
        'service-mirror', '-log-level=info', '-log-format=json', '-event-requeue-limit=3', '-namespace=linkerd-multicluster',
        '-enable-headless-services', '-enable-namespace-creation', '-enable-pprof=false', '-probe-service=probe-east', 'east',
      ]);
      expect(pod.containers[0].image).toEqual('cr.l5d.io/linkerd/controller:edge-25.5.4');
      expect(pod.containers[0].ports).toEqual([{ containerPort: 9999, name: 'admin-http' }]);
      expect(pod.containers[0].resources).toEqual({ limits: { memory: '128Mi' }, requests: { cpu: '50m' } });
      expect(pod.nodeSelector).toEqual({ pool: 'system' });
      const term = { labelSelector: { matchExpressions: [{ key: 'mirror.linkerd.io/cluster-name', operator: 'In', values: ['east'] }] } };
      expect(pod.affinity).toEqual({
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { ...term, topologyKey: 'topology.kubernetes.io/zone' }, weight: 100 }],
          requiredDuringSchedulingIgnoredDuringExecution: [{ ...term, topologyKey: 'kubernetes.io/hostname' }],
        },
      });
      expect(pod.containers[0].args).not.toContain('-probe-service=probe-north');
      expect(findObject(o, 'PodDisruptionBudget', 'controller-east', 'linkerd-multicluster')).toEqual({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: {
          name: 'controller-east',
          namespace: 'linkerd-multicluster',
          labels: { component: 'controller' },
          annotations: { 'linkerd.io/created-by': 'linkerd/helm edge-25.5.4' },
        },
        spec: { maxUnavailable: 1, selector: { matchLabels: { 'component': 'controller', 'mirror.linkerd.io/cluster-name': 'east' } } },
      });
      // no probe Service without a gateway; the second link's Deployment gets only the defaults
      expect(objectsOfKind(o, 'Service')).toEqual([]);
      expect(findObject(o, 'Deployment', 'controller-north').spec.replicas).toEqual(3);
      expect(findObject(o, 'Deployment', 'controller-north').spec.template.metadata.annotations['cdk8s-mesh.io/credentials-sha256']).toBeUndefined();
      validateTree(d.outdir);
    });
  });

  describe('controller egress policy', () => {
    test('DNS, the local control plane and API server, the target API server and gateway', () => {
      // GIVEN a target whose API server and gateway have IP addresses
      const { app, mesh, d } = linkerdMesh([]);
      const east = new MeshCluster(app, 'east', { mesh, apiServer: ApiServer.fromUrl('https://192.0.2.50:6443', { caData: TEST_CA_PEM }) });
      const west = new MeshCluster(app, 'west', { mesh, apiServer: apiServer('west') });
      new LinkerdMulticluster(east, 'Multicluster', { gatewayAddresses: ['203.0.113.10', '2001:db8::10'] });

      // WHEN
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, controllerEgressPolicy: { localApiServerCidrs: ['10.96.0.1/32', '172.20.0.0/28'] } });
      app.synth();

      // THEN
      const policy = findObject(cluster(d, 'west').objects, 'NetworkPolicy', 'controller-east-egress', 'linkerd-multicluster');
      const tcp = (port: number) => ({ port, protocol: 'TCP' });
      expect(policy.metadata.labels).toEqual(CONTROLLER_LABELS);
      expect(policy.spec).toEqual({
        podSelector: { matchLabels: { 'component': 'controller', 'mirror.linkerd.io/cluster-name': 'east' } },
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ port: 53, protocol: 'UDP' }, tcp(53)],
          },
          { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'linkerd' } } }], ports: [tcp(8080), tcp(8086), tcp(8090)] },
          { to: [{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '172.20.0.0/28' } }] },
          { to: [{ ipBlock: { cidr: '192.0.2.50/32' } }], ports: [tcp(6443)] },
          { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }, { ipBlock: { cidr: '2001:db8::10/128' } }], ports: [tcp(4143), tcp(4191)] },
        ],
      });
      validateTree(d.outdir);
    });
  });

  describe('legacy controllers', () => {
    test('a link that keeps its legacy controller: Link and credentials only, and how to migrate', () => {
      // GIVEN
      const { app, east, west, d } = eastWest();

      // WHEN
      const link = new ServiceMirrorLink(app, 'west-east', { source: west, target: east, legacyController: true, credential: Credential.fromTokenFile(tokenFile().file) });
      app.synth();

      // THEN
      expect(link.controllerMode).toBeUndefined();
      const source = cluster(d, 'west');
      expect(source.install['linkerd-multicluster-values.yaml'][0].controllers).toEqual([]);
      expect(objectsOfKind(source.objects, 'Deployment')).toEqual([]);
      expect(findObject(source.objects, 'Link', 'east')).toBeDefined();
      expect(collectWarnings(app)).toEqual([
        '[west-east] Link "east" in cluster "west" keeps its legacy controller linkerd-service-mirror-east from linkerd mc link '
        + '(deprecated since Linkerd 2.18; linkerd mc check warns "using legacy service mirror controller"). To move it to the chart: '
        + 'run, against cluster "west": linkerd mc unlink --cluster-name east --only-controller | kubectl delete -f - ; then remove legacyController '
        + 'and synthesize again (the chart\'s controller-east takes over the Lease service-mirror-write-east)',
      ]);
    });
  });

  describe('bad input (nothing is written)', () => {

    test('a gateway link whose gateway address is unknown', () => {
      // GIVEN
      const { app, clusters: [east, west], d } = linkerdMesh();
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east });

      // WHEN / THEN
      expect(() => app.synth()).toThrow(Error);
      expect(fs.existsSync(d.outdir)).toBe(false);
      expect(fs.existsSync(d.keyStore)).toBe(false);
    });

    test('a gateway link to a cluster whose gateway is turned off', () => {
      const { app, clusters: [east, west], d } = linkerdMesh();
      new LinkerdMulticluster(east, 'Multicluster', { gatewayEnabled: false });
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, gatewayAddresses: ['203.0.113.10'] });
      expect(() => app.synth()).toThrow(Error);
      expect(fs.existsSync(d.outdir)).toBe(false);
    });

    test('an egress policy that cannot name the target API server or the gateway by IP', () => {
      const { app, east, west, d } = eastWest();
      expect(() => new ServiceMirrorLink(app, 'a', { source: west, target: east, controllerEgressPolicy: { localApiServerCidrs: ['10.0.0.1/32'] } })).toThrow(Error);
      expect(() => new ServiceMirrorLink(app, 'b', { source: west, target: east, controllerEgressPolicy: { localApiServerCidrs: ['10.0.0.1'] } })).toThrow(Error);
      new ServiceMirrorLink(app, 'c', {
        source: west,
        target: east,
        gatewayAddresses: ['gw.east.example'],
        controllerEgressPolicy: { localApiServerCidrs: ['10.0.0.1/32'], targetApiServerCidrs: ['192.0.2.50/32'] },
      });
      expect(() => app.synth()).toThrow(Error);
      expect(fs.existsSync(d.outdir)).toBe(false);
    });
  });
});
