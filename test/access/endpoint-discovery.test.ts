import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { ApiServer, ControlPlaneRole, Credential, Mesh, MeshApp, MeshCluster } from '../../src';
import { renderApp } from '../../src/output/_writer';
import { expectValid, parseYaml, readTree, tempDir, validateTree } from '../util';
import { filesContaining, testToken, writeTempFile } from '../util/credentials';

const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

function app(outdir = path.join(tempDir(), 'dist'), keyStore = path.join(tempDir(), 'keys')) {
  return new MeshApp({ outdir, keyStore });
}

/** A cluster with API-server settings, on the one network of the test meshes (no east-west gateway needed). */
function cluster(a: MeshApp, name: string, props: any = {}) {
  return new MeshCluster(a, name, { network: 'network1', apiServer: ApiServer.fromUrl(`https://${name}.example.com:6443`, { caData: TEST_CA_PEM }), ...props });
}

function withGatewayAddress(primary: MeshCluster, address: string): void {
  primary._addGateway(Object.assign(new Construct(primary, 'TestGateway'), { network: primary.network, address }));
}

/** `<read> -> <consumer>` for every RemoteAccess of the discovery. */
function pairs(accesses: { cluster: { clusterName: string }; consumerCluster: { clusterName: string } }[]): string[] {
  return accesses.map(x => `${x.cluster.clusterName} -> ${x.consumerCluster.clusterName}`).sort();
}

/** Secret names per cluster in the key store. */
function keyStoreSecrets(keyStore: string): string[] {
  return Object.keys(readTree(keyStore)).filter(f => f.endsWith('.yaml')).sort();
}

describe('Mesh.enableEndpointDiscovery()', () => {
  test('every primary reads every other primary: N primaries, one call, N(N-1) remote secrets with a credential each', () => {
    // GIVEN
    const outdir = path.join(tempDir(), 'dist');
    const keyStore = path.join(tempDir(), 'keys');
    const a = app(outdir, keyStore);
    const mesh = new Mesh(a, 'mesh1');
    const names = ['c1', 'c2', 'c3', 'c4'];
    const tokens: Record<string, string> = {};
    const credentials: Record<string, Credential> = {};
    for (const n of names) {
      tokens[n] = testToken();
      credentials[n] = Credential.fromTokenFile(writeTempFile(`${n}.token`, tokens[n]));
    }

    // WHEN
    for (const n of names) { cluster(a, n, { mesh }); }
    const discovery = mesh.enableEndpointDiscovery({ credentials });
    a.synth();

    // THEN
    expect(discovery.accesses).toHaveLength(12);
    expect(keyStoreSecrets(keyStore)).toEqual(names.flatMap(consumer => names.filter(r => r !== consumer)
      .map(read => `${consumer}/secret.istio-system.istio-remote-secret-${read}.yaml`)).sort());
    const secret = parseYaml(fs.readFileSync(path.join(keyStore, 'c1', 'secret.istio-system.istio-remote-secret-c3.yaml'), 'utf-8'))[0];
    expect(secret.metadata).toEqual({
      name: 'istio-remote-secret-c3',
      namespace: 'istio-system',
      labels: { 'istio/multiCluster': 'true' },
      annotations: { 'networking.istio.io/cluster': 'c3' },
    });
    expect(YAML.parse(secret.stringData.c3).users).toEqual([{ name: 'c3', user: { token: tokens.c3 } }]);
    expectValid([secret]);
    const out = readTree(outdir);
    for (const n of names) {
      expect(filesContaining(out, tokens[n])).toEqual([]);
    }
    expect(renderApp(a).warnings).toEqual([]);
    validateTree(outdir);
  });

  test('clusters that join after the call are included, and the output does not depend on the order of joining', () => {
    // GIVEN
    const render = (order: string[]) => {
      const a = app();
      const mesh = new Mesh(a, 'mesh1');
      const byName: Record<string, MeshCluster> = {};
      const discovery = mesh.enableEndpointDiscovery();
      for (const n of order) { byName[n] = cluster(a, n, { mesh }); }
      return { a, discovery };
    };

    // WHEN
    const forward = render(['c1', 'c2', 'c3']);
    const backward = render(['c3', 'c2', 'c1']);

    // THEN
    expect(pairs(forward.discovery.accesses)).toEqual(['c1 -> c2', 'c1 -> c3', 'c2 -> c1', 'c2 -> c3', 'c3 -> c1', 'c3 -> c2']);
    expect(pairs(backward.discovery.accesses)).toEqual(pairs(forward.discovery.accesses));
    expect(forward.a.synthFiles()).toEqual(backward.a.synthFiles());
  });

  test('a remote is read by its primary (and by the other primaries); a remote reads nothing', () => {
    // GIVEN
    const a = app();
    const mesh = new Mesh(a, 'mesh1');
    const p1 = cluster(a, 'p1', { mesh });
    withGatewayAddress(p1, '203.0.113.10');
    const p2 = cluster(a, 'p2', { mesh });

    // WHEN
    const discovery = mesh.enableEndpointDiscovery();
    cluster(a, 'r1', { mesh, role: ControlPlaneRole.REMOTE, primary: p1 });

    // THEN
    expect(pairs(discovery.accesses)).toEqual(['p1 -> p2', 'p2 -> p1', 'r1 -> p1', 'r1 -> p2']);
    expect(p2.clusterName).toEqual('p2');
  });

  test('without credentials: one warning per cluster read, listing the pending Secrets and the command that completes them', () => {
    // GIVEN
    const keyStore = path.join(tempDir(), 'keys');
    const a = app(undefined, keyStore);
    const mesh = new Mesh(a, 'mesh1');
    for (const n of ['c1', 'c2', 'c3']) { cluster(a, n, { mesh }); }

    // WHEN
    mesh.enableEndpointDiscovery({ tokenSecrets: true });

    // THEN
    const warnings = renderApp(a).warnings;
    expect(warnings).toHaveLength(3);
    const sa = 'istio-reader-service-account';
    expect(warnings[0]).toEqual('[mesh1/EndpointDiscovery] endpoint discovery: Secret istio-system/istio-remote-secret-c1 is pending in 2 cluster(s) (c2, c3): '
      + 'no credential was given for cluster "c1". Complete them: '
      + `run (umask 077; kubectl --context=c1 -n istio-system get secret ${sa}-istio-remote-secret-token -o jsonpath='{.data.token}' | base64 -d > ${keyStore}/c1/${sa}.token) ; `
      + `pass credentials: { 'c1': Credential.fromTokenFile('${keyStore}/c1/${sa}.token') } to enableEndpointDiscovery() ; `
      + `synthesize again, and apply ${keyStore}/c2/secret.istio-system.istio-remote-secret-c1.yaml and ${keyStore}/c3/secret.istio-system.istio-remote-secret-c1.yaml to those clusters`);
  });

  test('tokenSecrets: each cluster gets istioctl\'s token Secret once, and no reader RBAC (the Istio install owns it)', () => {
    // GIVEN
    const outdir = path.join(tempDir(), 'dist');
    const a = app(outdir);
    const mesh = new Mesh(a, 'mesh1');
    for (const n of ['c1', 'c2', 'c3']) { cluster(a, n, { mesh }); }

    // WHEN
    mesh.enableEndpointDiscovery({ tokenSecrets: true });
    a.synth();

    // THEN
    const files = Object.keys(readTree(outdir)).filter(f => f.startsWith('c1/'));
    expect(files).toEqual([
      'c1/istio.default.yaml',
      'c1/kustomization.yaml',
      'c1/namespace.istio-system.yaml',
      'c1/secret.istio-system.istio-reader-service-account-istio-remote-secret-token.yaml',
    ]);
    validateTree(outdir);
  });
});
