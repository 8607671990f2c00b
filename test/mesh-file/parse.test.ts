import * as path from 'path';
import { at, baseDir, docs, kubeconfig, loc, NATIVE, parse, problemsOf, TEST_CA_PEM, where } from './helpers';
import { parseMeshFile } from '../../src/mesh-file/parse';

const MESH = `${NATIVE}
kind: Mesh
metadata:
  name: mesh1
spec: {}
`;

function cluster(name: string, spec: string): string {
  return `${NATIVE}\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
}

function strip(model: any): any {
  return JSON.parse(JSON.stringify(model, (k, v) => (k === 'origin' ? undefined : v)));
}

describe('mesh file: native documents', () => {
  test('every kind and field is read into the model, with defaults and paths resolved against the file\'s directory', () => {
    // GIVEN
    const dir = baseDir({ 'kube/config.yaml': kubeconfig(['east']), 'certs/west-ca.crt': TEST_CA_PEM, 'tokens/kiali': 'not read by the parser\n' });
    const text = docs(
      `${NATIVE}
kind: Mesh
metadata:
  name: mesh1
spec:
  provider: istio
  trustRoot:
    algorithm: ECDSA_P256
    rootValidityDays: 3650
    intermediateValidityDays: 365
    organization: Example
  istio:
    version: v1.29.1
    install: helm
    revision: canary
  endpointDiscovery: full
`,
      cluster('east', `  mesh: mesh1
  network: net1
  kubeconfig:
    file: kube/config.yaml
    context: east
  eastWestGateway:
    serviceType: LoadBalancer
    address: 203.0.113.10
    replicas: 2
  discoverySelectors:
    - matchLabels: {istio-discovery: enabled}
    - matchExpressions:
        - {key: team, operator: In, values: [a, b]}
  sampleApps: true
`),
      cluster('west', `  network: net1
  role: remote
  primary: east
  apiServer:
    server: https://west.example.com:6443
    caFile: certs/west-ca.crt
  eastWestGateway:
    enabled: false
`),
      `${NATIVE}
kind: RemoteAccess
metadata:
  name: kiali-reads-west
spec:
  cluster: west
  consumer: kiali
  consumerCluster: east
  consumerNamespace: istio-system
  scope: namespaces
  namespaces: [bookinfo, shop]
  viewOnly: true
  tokenSecret: true
  credentials:
    tokenFile: tokens/kiali
`,
    );

    // WHEN
    const model = parse(text, dir);

    // THEN
    expect(model.warnings).toEqual([]);
    expect(strip(model.meshes)).toEqual([{
      name: 'mesh1',
      provider: 'istio',
      trustRoot: { algorithm: 'ECDSA_P256', rootValidityDays: 3650, intermediateValidityDays: 365, organization: 'Example' },
      istio: { version: '1.29.1', install: 'helm', revision: 'canary' },
      endpointDiscovery: 'full',
    }]);
    expect(strip(model.clusters)).toEqual([
      {
        name: 'east',
        mesh: 'mesh1',
        network: 'net1',
        role: 'primary',
        apiServer: { kind: 'kubeconfig', file: path.join(dir, 'kube', 'config.yaml'), context: 'east' },
        eastWestGateway: { enabled: true, serviceType: 'LoadBalancer', address: '203.0.113.10', replicas: 2 },
        discoverySelectors: [
          { matchLabels: { 'istio-discovery': 'enabled' } },
          { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] },
        ],
        sampleApps: true,
      },
      {
        name: 'west',
        mesh: 'mesh1',
        network: 'net1',
        role: 'remote',
        primary: 'east',
        apiServer: { kind: 'url', server: 'https://west.example.com:6443', caFile: path.join(dir, 'certs', 'west-ca.crt') },
        eastWestGateway: { enabled: false },
        sampleApps: false,
      },
    ]);
    expect(strip(model.remoteAccess)).toEqual([{
      name: 'kiali-reads-west',
      cluster: 'west',
      consumer: 'kiali',
      consumerCluster: 'east',
      consumerNamespace: 'istio-system',
      scope: 'namespaces',
      namespaces: ['bookinfo', 'shop'],
      viewOnly: true,
      tokenSecret: true,
      tokenFile: path.join(dir, 'tokens', 'kiali'),
      tokenFileAsWritten: 'tokens/kiali',
    }]);
    expect(model.baseDir).toEqual(dir);
    expect(model.clusters[0].origin.label).toEqual('Cluster/east');
    expect(model.clusters[0].origin.position(['spec', 'network'])).toEqual({ line: 24, col: 12 });
    const p = model.clusters[1].origin.position(['spec', 'network']);
    expect(`${p.line}:${p.col}`).toEqual(loc(text, 'net1', 1));
  });

  test('a Linkerd mesh and a ServiceMirrorLink get the link-gen defaults', () => {
    // GIVEN
    const text = docs(
      `${NATIVE}\nkind: Mesh\nmetadata: {name: l5d}\nspec:\n  provider: linkerd\n  linkerd: {version: edge-25.4.4}\n  trustRoot: {}\n`,
      cluster('east', '  mesh: l5d\n'),
      cluster('west', '  mesh: l5d\n'),
      `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: west}\nspec:\n  source: east\n  target: west\n  gateway: {address: 198.51.100.7}\n`,
    );

    // WHEN
    const model = parse(text);

    // THEN
    expect(strip(model.meshes[0])).toEqual({
      name: 'l5d', provider: 'linkerd', trustRoot: {}, istio: { version: '1.30.3', install: 'sail' }, linkerd: { version: 'edge-25.4.4' }, endpointDiscovery: 'none',
    });
    expect(strip(model.links)).toEqual([{
      name: 'west',
      source: 'east',
      target: 'west',
      controller: { mode: 'chart' },
      gateway: { address: '198.51.100.7', port: 4143 },
    }]);
  });

  test('a Delivery document is read as its one engine and the options GitOpsDelivery takes', () => {
    // GIVEN
    const text = docs(MESH, cluster('east', '  network: n1\n'),
      `${NATIVE}\nkind: Delivery\nmetadata: {name: gitops}\nspec:\n  flux:\n    repoUrl: https://git.example.com/m.git\n`
      + '    managementCluster: east\n    kubeConfigSecrets: {west: west-kubeconfig}\n');

    // WHEN
    const model = parse(text);

    // THEN
    expect(strip(model.delivery)).toEqual({
      engine: 'flux',
      options: { repoUrl: 'https://git.example.com/m.git', managementCluster: 'east', kubeConfigSecrets: { west: 'west-kubeconfig' } },
    });
    expect(model.delivery!.origin.label).toEqual('Delivery/gitops');
    expect(parse(docs(MESH, cluster('east', '  network: n1\n'))).delivery).toBeUndefined();
  });

  test('a cluster without spec.mesh joins the only mesh of the file', () => {
    const model = parse(docs(MESH, cluster('east', '  network: n1\n')));
    expect(model.clusters[0].mesh).toEqual('mesh1');
  });

  test('parseMeshFile reads from disk and resolves paths against the file\'s directory', () => {
    // GIVEN
    const dir = baseDir({ 'sub/mesh.yaml': docs(MESH, cluster('east', '  kubeconfig: {file: kc.yaml}\n')), 'sub/kc.yaml': kubeconfig(['east']) });

    // WHEN
    const model = parseMeshFile(path.join(dir, 'sub', 'mesh.yaml'));

    // THEN
    expect(model.clusters[0].apiServer).toEqual({ kind: 'kubeconfig', file: path.join(dir, 'sub', 'kc.yaml'), context: undefined });
    expect(model.file).toEqual(path.join(dir, 'sub', 'mesh.yaml'));
  });

  test('a file with a Mesh and no Cluster gives a warning', () => {
    expect(parse(MESH).warnings.map(w => w.message)).toEqual(['declares no Cluster: nothing is synthesized']);
  });

  describe('bad input: where each problem is reported', () => {
    const cases: { name: string; text: string; files?: Record<string, string>; at: (text: string) => string[] }[] = [
      {
        name: 'YAML with a duplicate key',
        text: `${NATIVE}\nkind: Mesh\nkind: Cluster\nmetadata: {name: m}\nspec: {}\n`,
        at: () => ['mesh.yaml:3:1:'],
      },
      {
        name: 'a document that is a list',
        text: '- a\n- b\n',
        at: () => ['mesh.yaml:1:1 document 1'],
      },
      {
        name: 'apiVersion missing',
        text: 'kind: Mesh\nmetadata: {name: m}\nspec: {}\n',
        at: () => ['mesh.yaml:1:1 document 1: \'apiVersion\''],
      },
      {
        name: 'kind of the other apiVersion',
        text: `${NATIVE}\nkind: Certificate\nmetadata: {name: m}\nspec: {}\n`,
        at: t => [`mesh.yaml:${loc(t, 'Certificate')} document 1: 'kind'`],
      },
      {
        name: 'unknown top-level field',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec: {}\nspc: {}\n`,
        at: t => [`mesh.yaml:${loc(t, 'spc')} Mesh/m: 'spc'`],
      },
      {
        name: 'unknown metadata field',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m, labels: {a: b}}\nspec: {}\n`,
        at: t => [`mesh.yaml:${loc(t, 'labels')} Mesh/m: 'metadata.labels'`],
      },
      {
        name: 'enum value in the wrong case',
        text: docs(MESH, cluster('east', '  role: Primary\n')),
        at: t => [`mesh.yaml:${loc(t, 'Primary')} Cluster/east: 'spec.role'`],
      },
      {
        name: 'mesh ID that is not a DNS-1123 label',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: Mesh_1}\nspec: {}\n`,
        at: t => [`mesh.yaml:${loc(t, 'Mesh_1')} Mesh/Mesh_1: 'metadata.name'`],
      },
      {
        name: 'mesh ID that is not a DNS-1123 label, and a cluster without spec.mesh: only the Mesh is reported (the file does declare one)',
        text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: Mesh_1}\nspec: {}\n`, cluster('east', '  network: n1\n')),
        at: t => [`mesh.yaml:${loc(t, 'Mesh_1')} Mesh/Mesh_1: 'metadata.name'`],
      },
      {
        name: 'Istio version that is not a full release',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  istio: {version: "1.30", install: helm}\n`,
        at: t => [`mesh.yaml:${loc(t, '"1.30"')} Mesh/m: 'spec.istio.version'`],
      },
      {
        name: 'Istio version newer than modelled',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  istio: {version: "1.40.0", install: istioctl}\n`,
        at: t => [`mesh.yaml:${loc(t, '"1.40.0"')} Mesh/m: 'spec.istio.version'`],
      },
      {
        name: 'istio settings on a Linkerd mesh',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  provider: linkerd\n  trustRoot: {}\n  istio: {install: helm}\n`,
        at: t => [`mesh.yaml:${loc(t, '{install')} Mesh/m: 'spec.istio'`],
      },
      {
        name: 'linkerd settings on an Istio mesh',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  linkerd: {version: 2.18.0}\n`,
        at: t => [`mesh.yaml:${loc(t, '{version')} Mesh/m: 'spec.linkerd'`],
      },
      {
        name: 'RSA trust root for Linkerd',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  provider: linkerd\n  trustRoot: {algorithm: RSA_4096}\n`,
        at: t => [`mesh.yaml:${loc(t, 'RSA_4096')} Mesh/m: 'spec.trustRoot.algorithm'`],
      },
      {
        name: 'intermediate outliving the root',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  trustRoot: {rootValidityDays: 30, intermediateValidityDays: 60}\n`,
        at: t => [`mesh.yaml:${loc(t, '60')} Mesh/m: 'spec.trustRoot.intermediateValidityDays'`],
      },
      {
        name: 'intermediate as long as the default root',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  trustRoot: {intermediateValidityDays: 3650}\n`,
        at: t => [`mesh.yaml:${loc(t, '3650')} Mesh/m: 'spec.trustRoot.intermediateValidityDays'`],
      },
      {
        name: 'root shorter than the default intermediate',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  trustRoot: {rootValidityDays: 365}\n`,
        at: t => [`mesh.yaml:${loc(t, '365')} Mesh/m: 'spec.trustRoot.rootValidityDays'`],
      },
      {
        name: 'validity of zero days',
        text: `${NATIVE}\nkind: Mesh\nmetadata: {name: m}\nspec:\n  trustRoot: {rootValidityDays: 0}\n`,
        at: t => [`mesh.yaml:${loc(t, '0}')} Mesh/m: 'spec.trustRoot.rootValidityDays'`],
      },
      {
        name: 'spec.mesh missing with two meshes',
        text: docs(MESH, MESH.replace('mesh1', 'mesh2'), cluster('east', '  network: n1\n')),
        at: t => [`mesh.yaml:${loc(t, 'network: n1')} Cluster/east: 'spec.mesh'`],
      },
      {
        name: 'a cluster and no mesh',
        text: cluster('east', '  network: n1\n'),
        at: t => [`mesh.yaml:${loc(t, 'network: n1')} Cluster/east: 'spec.mesh'`],
      },
      {
        name: 'a primary that names a primary',
        text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n  primary: east\n')),
        at: t => [`mesh.yaml:${at(t, 'primary: east', 'east')} Cluster/west: 'spec.primary'`],
      },
      {
        name: 'a remote that is its own primary',
        text: docs(MESH, cluster('west', '  role: remote\n  primary: west\n')),
        at: t => [`mesh.yaml:${at(t, 'primary: west', 'west')} Cluster/west: 'spec.primary'`],
      },
      {
        name: 'a remote whose primary is a remote',
        text: docs(MESH, cluster('east', '  network: n1\n  eastWestGateway: {address: 192.0.2.1}\n'), cluster('west', '  network: n1\n  role: remote\n  primary: east\n'),
          cluster('north', '  network: n1\n  role: remote\n  primary: west\n')),
        at: t => [`mesh.yaml:${at(t, 'primary: west', 'west')} Cluster/north: 'spec.primary'`],
      },
      {
        name: 'a remote whose primary has no east-west gateway',
        text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n  role: remote\n  primary: east\n')),
        at: t => [`mesh.yaml:${at(t, 'primary: east', 'east')} Cluster/west: 'spec.primary'`],
      },
      {
        name: 'a remote whose primary is in another mesh',
        text: docs(MESH, MESH.replace('mesh1', 'mesh2'), cluster('east', '  mesh: mesh1\n'), cluster('west', '  mesh: mesh2\n  role: remote\n  primary: east\n')),
        at: t => [`mesh.yaml:${at(t, 'primary: east', 'east')} Cluster/west: 'spec.primary'`],
      },
      {
        name: 'apiServer and kubeconfig both',
        text: docs(MESH, cluster('east', '  apiServer: {server: "https://e:6443"}\n  kubeconfig: {file: kc.yaml}\n')),
        at: t => [`mesh.yaml:${loc(t, '{file')} Cluster/east: 'spec.kubeconfig'`],
      },
      {
        name: 'caFile and caData both',
        text: docs(MESH, cluster('east', '  apiServer: {server: "https://e:6443", caFile: ca.crt, caData: abc}\n')),
        at: t => [`mesh.yaml:${loc(t, 'abc')} Cluster/east: 'spec.apiServer.caData'`],
      },
      {
        name: 'API server URL that is not https',
        text: docs(MESH, cluster('east', '  apiServer: {server: "http://e:6443"}\n')),
        at: t => [`mesh.yaml:${loc(t, '"http://e:6443"')} Cluster/east: 'spec.apiServer.server'`],
      },
      {
        name: 'caData that is not a certificate',
        text: docs(MESH, cluster('east', '  apiServer: {server: "https://e:6443", caData: bm90IGEgY2VydA==}\n')),
        at: t => [`mesh.yaml:${loc(t, '{server')} Cluster/east: 'spec.apiServer.caData'`],
      },
      {
        name: 'caFile that does not exist',
        text: docs(MESH, cluster('east', '  apiServer: {server: "https://e:6443", caFile: certs/ca.crt}\n')),
        at: t => [`mesh.yaml:${loc(t, 'certs/ca.crt')} Cluster/east: 'spec.apiServer.caFile'`],
      },
      {
        name: 'kubeconfig that is not a kubeconfig',
        text: docs(MESH, cluster('east', '  kubeconfig: {file: kc.yaml}\n')),
        files: { 'kc.yaml': 'just: text\n' },
        at: t => [`mesh.yaml:${loc(t, 'kc.yaml')} Cluster/east: 'spec.kubeconfig.file'`],
      },
      {
        name: 'discovery selector with a bad label value',
        text: docs(MESH, cluster('east', '  discoverySelectors:\n    - matchLabels: {team: "a b"}\n')),
        at: t => [`mesh.yaml:${loc(t, 'matchLabels')} Cluster/east: 'spec.discoverySelectors[0].matchLabels.team'`],
      },
      {
        name: 'discovery selector In without values',
        text: docs(MESH, cluster('east', '  discoverySelectors:\n    - matchExpressions: [{key: team, operator: In}]\n')),
        at: t => [`mesh.yaml:${loc(t, 'matchExpressions')} Cluster/east: 'spec.discoverySelectors[0].matchExpressions[0].values'`],
      },
      {
        name: 'endpoint discovery without an API server',
        text: docs(MESH.replace('spec: {}', 'spec: {endpointDiscovery: full}'), cluster('east', '  network: n1\n')),
        at: t => [`mesh.yaml:${loc(t, 'network: n1')} Cluster/east: 'spec.apiServer'`],
      },
      {
        name: 'RemoteAccess scope namespaces without namespaces and for istio, viewOnly for istio, consumer cluster equal to the read one',
        text: docs(MESH, cluster('east', '  network: n1\n'),
          `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: r}\nspec:\n  cluster: east\n  consumer: istio\n  consumerCluster: east\n  scope: namespaces\n  viewOnly: false\n`),
        at: t => [
          `mesh.yaml:${at(t, 'consumerCluster: east', 'east')} RemoteAccess/r: 'spec.consumerCluster'`,
          `mesh.yaml:${loc(t, 'namespaces')} RemoteAccess/r: 'spec.namespaces'`,
          `mesh.yaml:${loc(t, 'namespaces')} RemoteAccess/r: 'spec.scope'`,
          `mesh.yaml:${loc(t, 'false')} RemoteAccess/r: 'spec.viewOnly'`,
        ],
      },
      {
        name: 'RemoteAccess namespaces with scope cluster, and an empty list',
        text: docs(MESH, cluster('east', '  network: n1\n'),
          `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: r}\nspec:\n  cluster: east\n  consumer: kiali\n  consumerCluster: west\n  namespaces: []\n`),
        at: t => [`mesh.yaml:${loc(t, '[]')} RemoteAccess/r: 'spec.namespaces'`],
      },
      {
        name: 'RemoteAccess for an undeclared cluster, token file missing',
        text: docs(MESH, `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: r}\nspec:\n  cluster: nowhere\n  consumer: argocd\n  consumerCluster: elsewhere\n  credentials: {tokenFile: t.jwt}\n`),
        at: t => [
          `mesh.yaml:${loc(t, 'nowhere')} RemoteAccess/r: 'spec.cluster'`,
          `mesh.yaml:${loc(t, 'elsewhere')} RemoteAccess/r: 'spec.consumerCluster'`,
          `mesh.yaml:${loc(t, 't.jwt')} RemoteAccess/r: 'spec.credentials.tokenFile'`,
        ],
      },
      {
        name: 'ServiceMirrorLink to itself, gateway without an address, in an Istio mesh',
        text: docs(MESH, cluster('east', '  network: n1\n'),
          `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: l}\nspec:\n  source: east\n  target: east\n  gateway: {port: 4143}\n  controller: {logLevel: verbose}\n`),
        at: t => [`mesh.yaml:${loc(t, 'verbose')} ServiceMirrorLink/l: 'spec.controller.logLevel'`],
      },
      {
        name: 'ServiceMirrorLink semantic errors',
        text: docs(MESH, cluster('east', '  network: n1\n'),
          `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: l}\nspec:\n  source: east\n  target: east\n  gateway: {port: 4143}\n`),
        at: t => [
          `mesh.yaml:${at(t, 'source: east', 'east')} ServiceMirrorLink/l: 'spec.source'`,
          `mesh.yaml:${at(t, 'target: east', 'east')} ServiceMirrorLink/l: 'spec.target'`,
          `mesh.yaml:${loc(t, '{port')} ServiceMirrorLink/l: 'spec.gateway.address'`,
        ],
      },
      {
        name: 'ServiceMirrorLink across meshes',
        text: docs(MESH, MESH.replace('mesh1', 'mesh2'), cluster('east', '  mesh: mesh1\n'), cluster('west', '  mesh: mesh2\n'),
          `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: l}\nspec:\n  source: east\n  target: west\n`),
        at: t => [`mesh.yaml:${at(t, 'target: west', 'west')} ServiceMirrorLink/l: 'spec.target'`],
      },
      {
        name: 'an empty string, a port out of range, a namespace listed twice',
        text: docs(MESH, cluster('east', '  kubeconfig: {file: ""}\n'),
          `${NATIVE}\nkind: ServiceMirrorLink\nmetadata: {name: l}\nspec: {source: east, target: west, gateway: {address: 192.0.2.1, port: 70000}}\n`,
          `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: r}\nspec: {cluster: east, consumer: kiali, consumerCluster: west, scope: namespaces, namespaces: [shop, shop]}\n`),
        at: t => [
          `mesh.yaml:${at(t, '""')} Cluster/east: 'spec.kubeconfig.file'`,
          `mesh.yaml:${at(t, '70000')} ServiceMirrorLink/l: 'spec.gateway.port'`,
          `mesh.yaml:${at(t, '[shop, shop]')} RemoteAccess/r: 'spec.namespaces'`,
        ],
      },
      {
        name: 'RemoteAccess without a consumer cluster',
        text: docs(MESH, cluster('east', '  network: n1\n'), `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: r}\nspec:\n  cluster: east\n  consumer: kiali\n`),
        at: t => [`mesh.yaml:${loc(t, 'cluster: east')} RemoteAccess/r: 'spec.consumerCluster'`],
      },
      {
        name: 'RemoteAccess for Linkerd in namespace scope, and a credential for a cluster without an API server',
        text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
          `${NATIVE}\nkind: RemoteAccess\nmetadata: {name: r}\nspec:\n  cluster: east\n  consumer: linkerd\n  consumerCluster: west\n  scope: namespaces\n  namespaces: [shop]\n`
          + '  credentials: {tokenFile: t.jwt}\n'),
        files: { 't.jwt': 'not read by the parser\n' },
        at: t => [
          `mesh.yaml:${loc(t, 'namespaces\n')} RemoteAccess/r: 'spec.scope'`,
          `mesh.yaml:${loc(t, '{tokenFile')} RemoteAccess/r: 'spec.credentials'`,
        ],
      },
      {
        name: 'clusters on two networks without east-west gateways',
        text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n  eastWestGateway: {enabled: false}\n'), cluster('north', '  network: n2\n  eastWestGateway: {}\n')),
        at: t => [
          `mesh.yaml:${loc(t, 'network: n1')} Cluster/east: 'spec.eastWestGateway'`,
          `mesh.yaml:${loc(t, 'false')} Cluster/west: 'spec.eastWestGateway.enabled'`,
        ],
      },
      {
        name: 'clusters on their default networks (their names) without east-west gateways',
        text: docs(MESH, cluster('east', '  sampleApps: false\n'), cluster('west', '  sampleApps: false\n')),
        at: t => [
          `mesh.yaml:${loc(t, 'sampleApps')} Cluster/east: 'spec.eastWestGateway'`,
          `mesh.yaml:${loc(t, 'sampleApps', 1)} Cluster/west: 'spec.eastWestGateway'`,
        ],
      },
      {
        name: 'a NodePort east-west gateway',
        text: docs(MESH, cluster('east', '  eastWestGateway: {serviceType: NodePort, address: 192.0.2.1}\n')),
        at: t => [`mesh.yaml:${loc(t, 'NodePort')} Cluster/east: 'spec.eastWestGateway.serviceType'`],
      },
      {
        name: 'duplicate Mesh names',
        text: docs(MESH, MESH),
        at: t => [`mesh.yaml:${loc(t, 'mesh1', 1)} Mesh/mesh1: 'metadata.name'`],
      },
    ];

    test.each(cases)('$name', c => {
      const dir = baseDir(c.files ?? {});
      const { errors } = problemsOf(() => parse(c.text, dir));
      // THEN each problem is reported at its place, on its document and field (the messages: cases/mesh-file.ts)
      expect(errors.map(where)).toEqual(c.at(c.text));
    });
  });
});
