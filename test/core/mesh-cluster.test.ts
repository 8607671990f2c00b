import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ApiServer, ControlPlaneRole, IstioInstall, IstioVersion, Mesh, MeshApp, MeshCluster, SelectorOperator } from '../../src';
import { expectValid, findObject, tempDir } from '../util';

function app() {
  return new MeshApp({ outdir: path.join(tempDir(), 'dist'), keyStore: path.join(tempDir(), 'keys') });
}

describe('MeshCluster', () => {
  test('a primary gets the istio-system Namespace labelled with its network and a Sail Istio resource', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1');

    // WHEN
    const east = new MeshCluster(a, 'east', { mesh, network: 'network1' });

    // THEN
    const objects = Testing.synth(east);
    expect(objects).toHaveLength(2);
    const ns = findObject(objects, 'Namespace', 'istio-system');
    expect(ns.metadata).toEqual({ name: 'istio-system', labels: { 'topology.istio.io/network': 'network1' } });
    const istio = findObject(objects, 'Istio', 'default');
    expect(istio.apiVersion).toEqual('sailoperator.io/v1');
    expect(istio.spec).toEqual({
      version: 'v1.30.3',
      namespace: 'istio-system',
      values: {
        global: { meshID: 'mesh1', multiCluster: { clusterName: 'east' }, network: 'network1' },
      },
    });
    expectValid(objects);
  });

  test('cluster name and network default to the construct id', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1');

    // WHEN
    const west = new MeshCluster(a, 'west', { mesh });

    // THEN
    expect(west.clusterName).toEqual('west');
    expect(west.network).toEqual('west');
    expect(west.role).toEqual(ControlPlaneRole.PRIMARY);
    expect(west.mesh).toBe(mesh);
    expect(mesh.clusters).toEqual([west]);
  });

  test('discovery selectors are rendered into meshConfig in canonical form', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1');

    // WHEN
    const east = new MeshCluster(a, 'east', {
      mesh,
      discoverySelectors: [
        { matchLabels: { 'istio-discovery': 'enabled', 'env': 'prod' } },
        { matchExpressions: [{ key: 'team', operator: SelectorOperator.IN, values: ['a', 'b'] }, { key: 'legacy', operator: SelectorOperator.DOES_NOT_EXIST }] },
      ],
    });

    // THEN
    const istio = findObject(Testing.synth(east), 'Istio', 'default');
    expect(istio.spec.values.meshConfig).toEqual({
      discoverySelectors: [
        { matchLabels: { 'env': 'prod', 'istio-discovery': 'enabled' } },
        { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }, { key: 'legacy', operator: 'DoesNotExist' }] },
      ],
    });
    expectValid(Testing.synth(east));
  });

  test('global.multiCluster carries only the cluster name (multiCluster.enabled is read by no template of any version)', () => {
    // GIVEN
    const a = app();
    const old = new Mesh(a, 'old', { istioVersion: IstioVersion.of('1.26.8') });
    const current = new Mesh(a, 'current', { istioVersion: IstioVersion.of('1.27.0') });

    // WHEN
    const c1 = new MeshCluster(a, 'c1', { mesh: old });
    const c2 = new MeshCluster(a, 'c2', { mesh: current });

    // THEN
    expect(findObject(Testing.synth(c1), 'Istio', 'default').spec.values.global.multiCluster).toEqual({ clusterName: 'c1' });
    expect(findObject(Testing.synth(c2), 'Istio', 'default').spec.values.global.multiCluster).toEqual({ clusterName: 'c2' });
  });

  test('a cluster can join with mesh.addCluster()', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1', { install: IstioInstall.helm() });
    const east = new MeshCluster(a, 'east');
    expect(Testing.synth(east)).toEqual([]);

    // WHEN
    mesh.addCluster(east);

    // THEN
    expect(east.mesh).toBe(mesh);
    expect(findObject(Testing.synth(east), 'Namespace', 'istio-system')).toBeDefined();
  });

  test('the API server is read from a kubeconfig context, with a CA file relative to the kubeconfig', () => {
    // GIVEN
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'certs'));
    fs.writeFileSync(path.join(dir, 'certs', 'ca.crt'), TEST_CA_PEM);
    fs.writeFileSync(path.join(dir, 'kubeconfig.yaml'), [
      'apiVersion: v1', 'kind: Config', 'current-context: east',
      'clusters:', '- name: east-cluster', '  cluster:', '    server: https://east.example.com:6443', '    certificate-authority: certs/ca.crt',
      'contexts:', '- name: east', '  context: {cluster: east-cluster, user: admin}',
      'users:', '- name: admin', '  user: {token: not-read}',
    ].join('\n'));

    // WHEN
    const east = new MeshCluster(app(), 'east', { apiServer: ApiServer.fromKubeconfig(path.join(dir, 'kubeconfig.yaml')) });

    // THEN
    expect(east.apiServerEndpoint).toEqual({
      server: 'https://east.example.com:6443',
      caPem: TEST_CA_PEM,
      insecureSkipTlsVerify: false,
      tlsServerName: undefined,
      source: `kubeconfig ${path.join(dir, 'kubeconfig.yaml')} context east`,
    });
  });
});

/** A self-signed CA certificate (public, no key): test-only fixture for kubeconfig parsing. */
export const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');
