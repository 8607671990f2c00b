import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { at, baseDir, docs, kubeconfig, loc, NATIVE, parse, problemsOf, TEST_CA_PEM, where } from './helpers';
import {
  AccessConsumerKind, DataPlaneMode, EastWestGateway, GatewayServiceType, EndpointDiscovery, KeyAlgorithm, Mesh, MeshCluster, RemoteAccess,
  SampleApps, TrustRoot,
} from '../../src';
import { buildMeshApp, constructError, READER_TOKEN_FILE } from '../../src/mesh-file/builder';
import { formatProblem } from '../../src/mesh-file/problems';
import { expectValid, findObject, parseYaml, tempDir } from '../util';
import { filesContaining, testToken } from '../util/credentials';

const MESH = `${NATIVE}\nkind: Mesh\nmetadata:\n  name: mesh1\nspec: {}\n`;

function cluster(name: string, spec: string): string {
  return `${NATIVE}\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
}

function build(text: string, dir = baseDir()) {
  const out = tempDir();
  return buildMeshApp(parse(text, dir), { outdir: path.join(out, 'dist'), keyStore: path.join(out, 'keys') });
}

describe('mesh-file builder', () => {
  test('builds a Mesh and its MeshClusters, remotes after their primary, and records which document built what', () => {
    // GIVEN
    const text = docs(MESH.replace('spec: {}', 'spec:\n  istio: {install: istioctl, revision: canary}'),
      cluster('west', '  network: n1\n  role: remote\n  primary: east\n'),
      cluster('east', '  network: n1\n  sampleApps: true\n  eastWestGateway: {address: 192.0.2.10}\n'));

    // WHEN
    const built = build(text);

    // THEN
    const mesh = built.app.node.findChild('mesh1') as Mesh;
    expect(mesh.revision).toEqual('canary');
    expect(mesh.clusters.map(c => c.clusterName)).toEqual(['east', 'west']);
    const west = built.app.node.findChild('west') as MeshCluster;
    expect(west.primary).toBe(built.app.node.findChild('east'));
    expect(built.app.node.findChild('east').node.tryFindChild('SampleApps')).toBeInstanceOf(SampleApps);
    expect([...built.origins.entries()].map(([p, o]) => [p, o.label])).toEqual([
      ['mesh1', 'Mesh/mesh1'], ['east', 'Cluster/east'], ['west', 'Cluster/west'],
    ]);
    expect(built.warnings).toEqual([]);
  });

  test('spec.istio.dataPlaneMode and globalNamespaces become the Mesh\'s ambient settings', () => {
    // GIVEN
    const text = docs(MESH.replace('spec: {}', 'spec:\n  istio: {dataPlaneMode: ambient, globalNamespaces: [sample]}'), cluster('east', '  network: n1\n'));

    // WHEN
    const built = build(text);

    // THEN
    const mesh = built.app.node.findChild('mesh1') as Mesh;
    expect(mesh.dataPlaneMode).toEqual(DataPlaneMode.AMBIENT);
    expect(mesh.globalNamespaces).toEqual(['sample']);
    expect(findObject(parseYaml(built.app.synthFiles().find(f => f.path === 'east/istio.default.yaml')!.content), 'Istio', 'default').spec.profile).toEqual('ambient');
  });

  test('a mesh and a cluster with the same name get distinct construct ids; the cluster keeps its directory name', () => {
    // GIVEN
    const text = docs(MESH.replace('mesh1', 'east'), cluster('east', '  network: n1\n'));

    // WHEN
    const built = build(text);

    // THEN
    const east = built.app.node.findChild('cluster-east') as MeshCluster;
    expect(east.clusterName).toEqual('east');
    expect((built.app.node.findChild('east') as Mesh).meshId).toEqual('east');
    expect(built.app.synthFiles().map(f => f.path)).toEqual(['east/istio.default.yaml', 'east/kustomization.yaml', 'east/namespace.istio-system.yaml']);
  });

  test('the cluster\'s API server is read from the kubeconfig the file names', () => {
    // GIVEN
    const dir = baseDir({ 'kc.yaml': kubeconfig(['east']) });

    // WHEN
    const built = build(docs(MESH, cluster('east', '  kubeconfig: {file: kc.yaml}\n')), dir);

    // THEN
    expect((built.app.node.findChild('east') as MeshCluster).apiServerEndpoint?.server).toEqual('https://east.example.com:6443');
  });

  test('eastWestGateway with enabled: false builds without a gateway', () => {
    const built = build(docs(MESH, cluster('east', '  eastWestGateway: {enabled: false, replicas: 2}\n')));
    expect(built.app.synthFiles().map(f => f.path)).toEqual(['east/istio.default.yaml', 'east/kustomization.yaml', 'east/namespace.istio-system.yaml']);
  });

  describe('TrustRoot (#3)', () => {
    test('spec.trustRoot builds the mesh\'s TrustRoot: a root and, per cluster, an intermediate and its cacerts Secret in the key store', () => {
      // GIVEN
      const text = docs(MESH.replace('spec: {}', 'spec:\n  trustRoot: {algorithm: ECDSA_P256, organization: Example, intermediateValidityDays: 30}'),
        cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'));

      // WHEN
      const built = build(text);

      // THEN
      const trustRoot = built.app.node.findChild('mesh1-trust-root') as TrustRoot;
      expect(trustRoot).toBeInstanceOf(TrustRoot);
      expect((built.app.node.findChild('mesh1') as Mesh).trustRoot).toBe(trustRoot);
      expect(trustRoot.algorithm).toEqual(KeyAlgorithm.ECDSA_P256);
      expect(trustRoot.intermediateValidityDays).toEqual(30);
      const keys = built.app.synthKeyStoreFiles();
      expect(keys.map(f => f.path)).toEqual([
        'east/ca-cert.pem', 'east/ca-key.pem', 'east/cert-chain.pem', 'east/root-cert.pem', 'east/secret.istio-system.cacerts.yaml',
        'root-mesh1/root-cert.pem', 'root-mesh1/root-key.pem',
        'west/ca-cert.pem', 'west/ca-key.pem', 'west/cert-chain.pem', 'west/root-cert.pem', 'west/secret.istio-system.cacerts.yaml',
      ]);
      const secret = parseYaml(keys.find(f => f.path === 'east/secret.istio-system.cacerts.yaml')!.content)[0];
      expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
      expect(Object.keys(secret.data).sort()).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
      expectValid([secret]);
      const ca = new X509Certificate(Buffer.from(secret.data['ca-cert.pem'], 'base64'));
      const root = new X509Certificate(keys.find(f => f.path === 'root-mesh1/root-cert.pem')!.content);
      expect(ca.subject).toEqual('O=Example\nCN=Intermediate CA\nL=east');
      expect(root.subject).toEqual('O=Example\nCN=Root CA');
      expect(ca.verify(root.publicKey)).toBe(true);
      expect(ca.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
      expect(Math.round((Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / 86400000)).toEqual(30);
      // No private material in the output tree.
      expect(built.app.synthFiles().map(f => f.path)).toEqual([
        'east/istio.default.yaml', 'east/kustomization.yaml', 'east/namespace.istio-system.yaml',
        'west/istio.default.yaml', 'west/kustomization.yaml', 'west/namespace.istio-system.yaml',
      ]);
    });

    test('two meshes with trust roots keep their roots in separate key-store directories', () => {
      // GIVEN
      const text = docs(MESH.replace('spec: {}', 'spec:\n  trustRoot: {algorithm: ECDSA_P256}'),
        MESH.replace('mesh1', 'mesh2').replace('spec: {}', 'spec:\n  trustRoot: {algorithm: ECDSA_P256}'),
        cluster('east', '  mesh: mesh1\n'), cluster('west', '  mesh: mesh2\n'));

      // WHEN
      const built = build(text);

      // THEN
      expect(built.app.synthKeyStoreFiles().map(f => f.path).filter(p => p.endsWith('root-key.pem'))).toEqual(['root-mesh1/root-key.pem', 'root-mesh2/root-key.pem']);
    });

    test('a TrustRoot error is reported at the mesh-file field', () => {
      // GIVEN
      const text = docs(MESH.replace('spec: {}', 'spec:\n  trustRoot: {organization: "   "}'), cluster('east', '  network: n1\n'));

      // WHEN
      const { errors } = problemsOf(() => build(text));

      // THEN
      expect(errors.map(where)).toEqual([`mesh.yaml:${at(text, '"   "')} Mesh/mesh1: 'spec.trustRoot.organization'`]);
    });
  });

  describe('EastWestGateway (#4)', () => {
    test('spec.eastWestGateway builds the cluster\'s EastWestGateway with its address and replicas', () => {
      // GIVEN
      const text = docs(MESH, cluster('east', '  network: n1\n  eastWestGateway: {address: 192.0.2.10, replicas: 2, podDisruptionBudget: {maxUnavailable: 1}}\n'),
        cluster('west', '  network: n2\n  eastWestGateway: {}\n'));

      // WHEN
      const built = build(text);

      // THEN
      const gateway = built.app.node.findChild('east').node.findChild('EastWestGateway') as EastWestGateway;
      expect(gateway).toBeInstanceOf(EastWestGateway);
      expect([gateway.address, gateway.network, gateway.serviceType]).toEqual(['192.0.2.10', 'n1', GatewayServiceType.LOAD_BALANCER]);
      const files = built.app.synthFiles();
      const gatewayFiles = ['deployment.istio-system.istio-eastwestgateway.yaml', 'gateway.istio-system.cross-network-gateway.yaml',
        'istio.default.yaml', 'kustomization.yaml', 'namespace.istio-system.yaml',
        'role.istio-system.istio-eastwestgateway.yaml', 'rolebinding.istio-system.istio-eastwestgateway.yaml',
        'service.istio-system.istio-eastwestgateway.yaml', 'serviceaccount.istio-system.istio-eastwestgateway.yaml'];
      expect(files.map(f => f.path)).toEqual([
        // With podDisruptionBudget (and two replicas): the chart's PDB.
        ...[...gatewayFiles, 'poddisruptionbudget.istio-system.istio-eastwestgateway.yaml'].sort().map(f => `east/${f}`),
        // Without replicas: autoscaled.
        ...[...gatewayFiles, 'horizontalpodautoscaler.istio-system.istio-eastwestgateway.yaml'].sort().map(f => `west/${f}`),
      ]);
      const east = files.filter(f => f.path.startsWith('east/') && !f.path.endsWith('kustomization.yaml')).flatMap(f => parseYaml(f.content));
      expect(findObject(east, 'Deployment', 'istio-eastwestgateway', 'istio-system').spec.replicas).toEqual(2);
      const service = findObject(east, 'Service', 'istio-eastwestgateway', 'istio-system');
      expect(service.spec.type).toEqual('LoadBalancer');
      expect(service.metadata.labels['topology.istio.io/network']).toEqual('n1');
      expect(findObject(east, 'Gateway', 'cross-network-gateway', 'istio-system').spec.servers[0].tls).toEqual({ mode: 'AUTO_PASSTHROUGH' });
      expectValid(east);
    });

    test('an EastWestGateway error is reported at the mesh-file field', () => {
      // GIVEN
      const text = docs(MESH, cluster('east', '  network: n1\n  eastWestGateway: {address: "https://gw.example.com"}\n'));

      // WHEN
      const { errors } = problemsOf(() => build(text));

      // THEN
      expect(errors.map(where)).toEqual([`mesh.yaml:${at(text, '"https://gw.example.com"')} Cluster/east: 'spec.eastWestGateway.address'`]);
    });
  });

  describe('endpoint discovery and RemoteAccess (#5)', () => {
    const API = (name: string) => `  apiServer: {server: "https://${name}.example.com:6443", caFile: ca.crt}\n  eastWestGateway: {}\n`;
    const FULL = docs(MESH.replace('spec: {}', 'spec:\n  endpointDiscovery: full'),
      cluster('east', `  network: n1\n${API('east')}`), cluster('west', `  network: n2\n${API('west')}`));

    test('endpointDiscovery: full reads every cluster from every primary; without credentials the remote secrets are pending, with the commands', () => {
      // GIVEN
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM });
      const out = tempDir();
      const keyStore = path.join(out, 'keys');

      // WHEN
      const built = buildMeshApp(parse(FULL, dir), { outdir: path.join(out, 'dist'), keyStore });

      // THEN
      const discovery = built.app.node.findChild('mesh1').node.findChild('EndpointDiscovery') as EndpointDiscovery;
      expect(discovery.accesses.map(a => `${a.cluster.clusterName} -> ${a.consumerCluster.clusterName}`)).toEqual(['east -> west', 'west -> east']);
      expect(discovery.accesses.every(a => a.pending)).toBe(true);
      expect([...built.replacedWarnings]).toEqual(['mesh1/EndpointDiscovery']);
      expect(built.warnings.map(formatProblem)).toEqual(['east', 'west'].map(read => {
        const consumer = read === 'east' ? 'west' : 'east';
        return `mesh.yaml:${at(FULL, 'full')} Mesh/mesh1: endpoint discovery: Secret istio-system/istio-remote-secret-${read} is pending in ${consumer}: `
          + `no credential was given for cluster "${read}". Complete it: run (umask 077; kubectl --context=${read} -n istio-system create token istio-reader-service-account `
          + `--duration=8760h > ${keyStore}/${read}/istio-reader-service-account.token) ; synthesize again (synth reads that token file as the cluster's credential `
          + `for endpoint discovery), and apply ${keyStore}/${consumer}/secret.istio-system.istio-remote-secret-${read}.yaml to cluster "${consumer}"`;
      }));
      // The reader ServiceAccount and its RBAC come with each cluster's Istio install: nothing of it in the tree.
      expect(built.app.synthFiles().filter(f => f.path.includes('istio-reader'))).toEqual([]);
      const records = built.app.synthKeyStoreFiles();
      expect(records.map(f => f.path)).toEqual([
        'east/secret.istio-system.istio-remote-secret-west.yaml.pending',
        'west/secret.istio-system.istio-remote-secret-east.yaml.pending',
      ]);
      expect(YAML.parse(records[0].content)).toEqual({
        secret: 'istio-system/istio-remote-secret-west',
        cluster: 'west',
        consumerCluster: 'east',
        needsApiServer: false,
        tokenCommand: 'kubectl --context=west -n istio-system create token istio-reader-service-account --duration=8760h',
        tokenFile: 'west/istio-reader-service-account.token',
        file: 'east/secret.istio-system.istio-remote-secret-west.yaml',
      });
    });

    test('the token file the pending warning names is read as the cluster\'s credential: its remote secret is built in every other primary', () => {
      // GIVEN
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM });
      const out = tempDir();
      const keyStore = path.join(out, 'keys');
      const token = testToken();
      fs.mkdirSync(path.join(keyStore, 'west'), { recursive: true });
      fs.writeFileSync(path.join(keyStore, 'west', READER_TOKEN_FILE), `${token}\n`, { mode: 0o600 });

      // WHEN
      const built = buildMeshApp(parse(FULL, dir), { outdir: path.join(out, 'dist'), keyStore });

      // THEN
      expect(built.warnings.map(formatProblem)).toEqual([expect.stringContaining('Secret istio-system/istio-remote-secret-east is pending in west')]);
      const keys = built.app.synthKeyStoreFiles();
      expect(keys.map(f => f.path)).toEqual(['east/secret.istio-system.istio-remote-secret-west.yaml', 'west/secret.istio-system.istio-remote-secret-east.yaml.pending']);
      const secret = parseYaml(keys[0].content)[0];
      expect(secret.metadata).toEqual({
        name: 'istio-remote-secret-west',
        namespace: 'istio-system',
        labels: { 'istio/multiCluster': 'true' },
        annotations: { 'networking.istio.io/cluster': 'west' },
      });
      const kubeconfigOf = YAML.parse(secret.stringData.west);
      expect(kubeconfigOf.clusters[0].cluster.server).toEqual('https://west.example.com:6443');
      expect(kubeconfigOf.users).toEqual([{ name: 'west', user: { token } }]);
      expectValid([secret]);
      expect(filesContaining(Object.fromEntries(built.app.synthFiles().map(f => [f.path, f.content])), token)).toEqual([]);
    });

    test('a token file in the key store that holds no token is an error at the mesh, naming the file (not its content)', () => {
      // GIVEN
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM });
      const out = tempDir();
      const keyStore = path.join(out, 'keys');
      fs.mkdirSync(path.join(keyStore, 'east'), { recursive: true });
      fs.writeFileSync(path.join(keyStore, 'east', READER_TOKEN_FILE), 'not a token\n', { mode: 0o600 });

      // WHEN
      const { errors } = problemsOf(() => buildMeshApp(parse(FULL, dir), { outdir: path.join(out, 'dist'), keyStore }));

      // THEN
      expect(errors.map(where)).toEqual(['mesh.yaml:1:1 Mesh/mesh1']);
      expect(errors[0]).toContain(`cluster "east" (token file ${keyStore}/east/${READER_TOKEN_FILE}, `);
    });

    test('a RemoteAccess document builds the RemoteAccess: RBAC in the cluster read, and the pending consumer Secret with the mesh-file way to complete it', () => {
      // GIVEN
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM });
      const text = docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n  apiServer: {server: "https://west.example.com:6443", caFile: ca.crt}\n'),
        `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: kiali}\nspec:\n  cluster: west\n  consumer: kiali\n  consumerCluster: east\n`);
      const out = tempDir();
      const keyStore = path.join(out, 'keys');

      // WHEN
      const built = buildMeshApp(parse(text, dir), { outdir: path.join(out, 'dist'), keyStore });

      // THEN
      const access = built.app.node.findChild('west').node.findChild('kiali') as RemoteAccess;
      expect([access.consumer.kind, access.consumerCluster.clusterName, access.namespaces, access.pending])
        .toEqual([AccessConsumerKind.KIALI, 'east', [], true]);
      expect(built.origins.get('west/kiali')?.label).toEqual('RemoteAccess/kiali');
      expect(built.warnings.map(formatProblem)).toEqual([
        `mesh.yaml:${loc(text, 'apiVersion', 3)} RemoteAccess/kiali: Secret istio-system/kiali-remote-cluster-secret-west in cluster "east" (credentials for cluster "west") `
          + 'is pending: no credential was given. Complete it: run (umask 077; kubectl --context=west -n istio-system create token kiali-service-account --duration=8760h '
          + `> ${keyStore}/west/kiali-service-account.token) ; set spec.credentials.tokenFile: ${path.relative(dir, keyStore)}/west/kiali-service-account.token `
          + `(relative to the mesh file) ; synthesize again, and apply ${keyStore}/east/secret.istio-system.kiali-remote-cluster-secret-west.yaml to cluster "east"`,
      ]);
      const files = built.app.synthFiles();
      expect(files.map(f => f.path).filter(p => p.startsWith('west/') && /kiali/.test(p))).toEqual([
        'west/clusterrole.kiali-viewer.yaml', 'west/clusterrolebinding.kiali.yaml',
        'west/serviceaccount.istio-system.kiali-service-account.yaml',
      ]);
      expect(files.map(f => f.path).filter(p => p.startsWith('east/install/'))).toEqual(['east/install/kiali-clustering.yaml', 'east/install/kiali-server-values.yaml']);
      // The pending Kiali Secret is recorded for cdk8s-mesh check.
      expect(built.app.synthKeyStoreFiles().map(f => f.path)).toEqual(['east/secret.istio-system.kiali-remote-cluster-secret-west.yaml.pending']);
    });

    test('a RemoteAccess document with credentials.tokenFile builds the consumer Secret in the key store', () => {
      // GIVEN
      const token = testToken();
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM, 'tokens/west.jwt': `${token}\n` });
      const text = docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n  apiServer: {server: "https://west.example.com:6443", caFile: ca.crt}\n'),
        `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: istiod}\nspec:\n  cluster: west\n  consumer: istio\n  consumerCluster: east\n  credentials: {tokenFile: tokens/west.jwt}\n`);

      // WHEN
      const built = build(text, dir);

      // THEN
      expect(built.warnings).toEqual([]);
      const keys = built.app.synthKeyStoreFiles();
      expect(keys.map(f => f.path)).toEqual(['east/secret.istio-system.istio-remote-secret-west.yaml']);
      expect(YAML.parse(parseYaml(keys[0].content)[0].stringData.west).users).toEqual([{ name: 'west', user: { token } }]);
    });

    test.each<{ name: string; files: Record<string, string>; spec: string; remote?: boolean; error: (t: string) => string }>([
      {
        name: 'a token file that holds no token',
        files: { 'tokens/west.jwt': '' },
        spec: '  consumer: istio\n  credentials: {tokenFile: tokens/west.jwt}\n',
        error: t => `mesh.yaml:${loc(t, 'tokens/west.jwt')} RemoteAccess/r: 'spec.credentials.tokenFile'`,
      },
      {
        name: 'istiod in a remote cluster',
        files: {},
        spec: '  consumer: istio\n',
        remote: true,
        error: t => `mesh.yaml:${at(t, 'consumerCluster: east', 'east')} RemoteAccess/r: 'spec.consumerCluster'`,
      },
    ])('a RemoteAccess error is reported at the mesh-file field: $name', c => {
      // GIVEN
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM, ...c.files });
      const text = docs(MESH, cluster('north', '  network: n1\n  eastWestGateway: {address: 192.0.2.10}\n'),
        cluster('east', c.remote ? '  network: n1\n  role: remote\n  primary: north\n' : '  network: n1\n'),
        cluster('west', '  network: n1\n  apiServer: {server: "https://west.example.com:6443", caFile: ca.crt}\n'),
        `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: r}\nspec:\n  cluster: west\n  consumerCluster: east\n${c.spec}`);

      // WHEN
      const { errors } = problemsOf(() => build(text, dir));

      // THEN
      expect(errors.map(where)).toEqual([c.error(text)]);
    });
  });

  describe('Linkerd (#6)', () => {
    test('a Linkerd mesh with a trust root and a ServiceMirrorLink builds the Linkerd constructs', () => {
      // GIVEN
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM });
      const text = docs(MESH.replace('spec: {}', 'spec: {provider: linkerd, linkerd: {version: edge-25.7.6}, trustRoot: {algorithm: ECDSA_P256}}'),
        cluster('east', '  network: n1\n  apiServer: {server: "https://east.example.com:6443", caFile: ca.crt}\n'),
        cluster('west', '  network: n2\n'),
        `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: west-mirrors-east}\nspec:\n  source: west\n  target: east\n`
          + '  controller: {mode: manifests, replicas: 2, logLevel: debug, logFormat: json, resources: {requests: {cpu: 10m}}}\n'
          + '  gateway: {address: "203.0.113.10, 203.0.113.11", port: 4143}\n');

      // WHEN
      const { app } = build(text, dir);

      // THEN
      const files = app.synthFiles();
      const link = parseYaml(files.find(f => f.path === 'west/link.linkerd-multicluster.east.yaml')!.content)[0];
      expect(link.spec.gatewayAddress).toEqual('203.0.113.10,203.0.113.11');
      expect(link.spec.gatewayPort).toEqual('4143');
      expect(link.spec.targetClusterName).toEqual('east');
      const deployment = parseYaml(files.find(f => f.path === 'west/deployment.linkerd-multicluster.controller-east.yaml')!.content)[0];
      expect(deployment.spec.replicas).toEqual(2);
      expect(deployment.spec.template.spec.containers[0].args.slice(0, 3)).toEqual(['service-mirror', '-log-level=debug', '-log-format=json']);
      expect(deployment.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '10m' } });
      expect(files.map(f => f.path)).toEqual(expect.arrayContaining([
        'east/install/linkerd-control-plane-values.yaml', 'west/install/linkerd-multicluster-values.yaml', 'west/namespace.linkerd.yaml',
      ]));
      expect(app.synthKeyStoreFiles().map(f => f.path)).toEqual(expect.arrayContaining([
        'east/secret.linkerd.linkerd-identity-issuer.yaml', 'west/secret.linkerd.linkerd-identity-issuer.yaml',
      ]));
    });

    test('a link with credentials.tokenFile puts both credential Secrets into the key store', () => {
      // GIVEN
      const dir = baseDir({ 'ca.crt': TEST_CA_PEM, 'east.token': testToken() });
      const text = docs(MESH.replace('spec: {}', 'spec: {provider: linkerd, trustRoot: {}}'),
        cluster('east', '  network: n1\n  apiServer: {server: "https://east.example.com:6443", caFile: ca.crt}\n'),
        cluster('west', '  network: n2\n'),
        `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: w}\nspec:\n  source: west\n  target: east\n  credentials: {tokenFile: east.token}\n`);

      // WHEN
      const { app, warnings } = build(text, dir);

      // THEN
      expect(warnings).toEqual([]);
      expect(app.synthKeyStoreFiles().map(f => f.path).filter(p => p.includes('cluster-credentials'))).toEqual([
        'west/secret.linkerd-multicluster.cluster-credentials-east.yaml',
        'west/secret.linkerd.cluster-credentials-east.yaml',
      ]);
      expect(app.synthFiles().map(f => f.content).join('')).not.toContain(fs.readFileSync(path.join(dir, 'east.token'), 'utf-8').trim());
    });

    test('link credentials for a target without an API server are an error at the field', () => {
      // GIVEN
      const dir = baseDir({ 'east.token': testToken() });
      const text = docs(MESH.replace('spec: {}', 'spec: {provider: linkerd, trustRoot: {}}'), cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n'),
        `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: w}\nspec:\n  source: west\n  target: east\n  credentials: {tokenFile: east.token}\n`);

      // WHEN
      const { errors } = problemsOf(() => build(text, dir));

      // THEN
      expect(errors.map(where)).toEqual([`mesh.yaml:${at(text, 'credentials: {tokenFile', '{tokenFile')} ServiceMirrorLink/w: 'spec.credentials'`]);
    });

    test.each([['25.7.6'], ['edge-25.4.3']])('a Linkerd version the Mesh refuses (%s) is reported at spec.linkerd.version', (version) => {
      // GIVEN
      const text = docs(MESH.replace('spec: {}', `spec:\n  provider: linkerd\n  trustRoot: {}\n  linkerd: {version: ${version}}`), cluster('east', '  network: n1\n'));

      // WHEN
      const { errors } = problemsOf(() => build(text));

      // THEN
      expect(errors.map(where)).toEqual([`mesh.yaml:${at(text, `version: ${version}`, version)} Mesh/mesh1: 'spec.linkerd.version'`]);
    });

    test('a Linkerd mesh without a trust root is an error at the mesh', () => {
      // GIVEN
      const text = docs(MESH.replace('spec: {}', 'spec: {provider: linkerd}'), cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n'),
        `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: west}\nspec: {source: east, target: west}\n`);

      // WHEN
      const { errors } = problemsOf(() => build(text));

      // THEN
      expect(errors.map(where)).toEqual([`mesh.yaml:${at(text, 'spec: {provider', '{provider')} Mesh/mesh1: 'spec.trustRoot'`]);
    });
  });

  test('an error thrown by a construct is rewritten to name the document that built it', () => {
    // GIVEN
    const model = parse(docs(MESH, cluster('east', '  network: n1\n')));
    const origin = model.clusters[0].origin;

    // WHEN
    const problem = constructError(origin, 'east', "east: 'network' (\"N1\") must be a DNS-1123 label");

    // THEN
    expect(formatProblem(problem)).toEqual("mesh.yaml:7:1 Cluster/east: 'network' (\"N1\") must be a DNS-1123 label");
  });
});

describe('mesh-file secretDelivery', () => {
  /** The age spec's example recipient (a public key). */
  const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

  test('sops: the app delivers every key-store Secret SOPS-encrypted, and a second Mesh with the same setting agrees', () => {
    // GIVEN
    const delivery = `spec:\n  trustRoot: {algorithm: ECDSA_P256}\n  secretDelivery: {sops: {ageRecipients: [${RECIPIENT}]}}`;
    const text = docs(MESH.replace('spec: {}', delivery), MESH.replace('mesh1', 'mesh2').replace('spec: {}', delivery),
      cluster('east', '  mesh: mesh1\n  network: n1\n'));

    // WHEN
    const built = build(text);

    // THEN
    expect(built.app.secretDelivery.mode).toEqual('sops');
    const sops = YAML.parse(built.app.synthFiles().find(f => f.path === 'east/secret.istio-system.cacerts.sops.yaml')!.content);
    expect(sops.sops.age.map((a: any) => a.recipient)).toEqual([RECIPIENT]);
  });

  test('externalSecrets: the store is managed outside the tree unless the file says otherwise', () => {
    // GIVEN
    const text = docs(MESH.replace('spec: {}', 'spec:\n  trustRoot: {algorithm: ECDSA_P256}\n  secretDelivery: {externalSecrets: {storeName: vault, storeKind: SecretStore}}'),
      cluster('east', '  network: n1\n'));

    // WHEN
    const files = build(text).app.synthFiles();

    // THEN
    const es = YAML.parse(files.find(f => f.path === 'east/externalsecret.istio-system.cacerts.yaml')!.content);
    expect(es.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'vault' });
    expect(es.spec.data.map((d: any) => d.remoteRef.key)).toEqual(['mesh/east/istio-system/cacerts', 'mesh/east/istio-system/cacerts',
      'mesh/east/istio-system/cacerts', 'mesh/east/istio-system/cacerts']);
    expect(es.spec.refreshInterval).toEqual('1h');
  });

  test('externalSecrets: the Go duration refreshInterval is read as whole seconds and written back in its shortest form', () => {
    // GIVEN
    const text = docs(MESH.replace('spec: {}', 'spec:\n  trustRoot: {algorithm: ECDSA_P256}\n  secretDelivery: {externalSecrets: {storeName: vault, refreshInterval: 90m}}'),
      cluster('east', '  network: n1\n'));

    // WHEN
    const files = build(text).app.synthFiles();

    // THEN
    const es = YAML.parse(files.find(f => f.path === 'east/externalsecret.istio-system.cacerts.yaml')!.content);
    expect(es.spec.refreshInterval).toEqual('1h30m');
  });
});

describe('mesh-file Delivery', () => {
  test('flux: the Go duration interval is read as whole seconds and written back in its shortest form', () => {
    // GIVEN
    const text = docs(MESH, cluster('east', '  network: n1\n'),
      `${NATIVE}\nkind: Delivery\nmetadata: {name: gitops}\nspec:\n  flux: {repoUrl: 'https://git.example.com/m.git', managementCluster: east, interval: 300s}\n`);

    // WHEN
    const files = build(text).app.synthFiles();

    // THEN
    const repo = YAML.parse(files.find(f => f.path === '_delivery/flux/gitrepository.flux-system.mesh.yaml')!.content);
    expect(repo.spec.interval).toEqual('5m');
  });
});
