import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { findObject, loadCluster, parseYaml, readTree, tempDir, validateTree } from '../util';
import { cdk8sMesh, listTree } from './run';
import { filesContaining, testToken } from '../util/credentials';

const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

const MESH = `apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata:
  name: mesh1
spec:
  istio:
    install: helm
`;

function cluster(name: string, spec: string): string {
  return `---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: ${name}
spec:
${spec}`;
}

function kubeconfig(clusters: string[]): string {
  const ca = Buffer.from(TEST_CA_PEM).toString('base64');
  return [
    'apiVersion: v1', 'kind: Config', `current-context: ${clusters[0]}`, 'clusters:',
    ...clusters.flatMap(c => [`- name: ${c}`, '  cluster:', `    server: https://${c}.example.com:6443`, `    certificate-authority-data: ${ca}`]),
    'contexts:',
    ...clusters.flatMap(c => [`- name: ${c}`, `  context: {cluster: ${c}, user: admin}`]),
    'users:', '- name: admin', '  user: {token: not-read}', '',
  ].join('\n');
}

/** A temp dir with the given files. */
function workdir(files: Record<string, string>): string {
  const dir = tempDir('cdk8s-mesh-cli-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text, { mode: /\.(jwt|token)$/.test(name) ? 0o600 : 0o644 });
  }
  return dir;
}

describe('cdk8s-mesh synth', () => {
  test('writes one directory per cluster, with helm install files, east-west gateways and sample apps', () => {
    // GIVEN
    const dir = workdir({
      'mesh.yaml': MESH
        + cluster('east', '  mesh: mesh1\n  network: net-east\n  sampleApps: true\n  eastWestGateway: {replicas: 2}\n')
        + cluster('west', '  network: net-west\n  eastWestGateway: {address: gw.west.example.com}\n'),
    });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    expect(r.stderr).toEqual('');
    expect(r.stdout).toEqual('Synthesized mesh.yaml into dist/: east (14 manifests), west (8 manifests)\n');
    expect(r.code).toEqual(0);
    const gateway = [
      'deployment.istio-system.istio-eastwestgateway.yaml',
      'gateway.istio-system.cross-network-gateway.yaml',
      'role.istio-system.istio-eastwestgateway.yaml',
      'rolebinding.istio-system.istio-eastwestgateway.yaml',
      'service.istio-system.istio-eastwestgateway.yaml',
      'serviceaccount.istio-system.istio-eastwestgateway.yaml',
    ];
    expect(listTree(path.join(dir, 'dist'))).toEqual([
      '.cdk8s-mesh',
      ...[
        'deployment.sample.helloworld-v1.yaml',
        'deployment.sample.helloworld-v2.yaml',
        'deployment.sample.curl.yaml',
        'install/base-values.yaml',
        'install/istiod-values.yaml',
        'kustomization.yaml',
        'namespace.istio-system.yaml',
        'namespace.sample.yaml',
        'service.sample.helloworld.yaml',
        'service.sample.curl.yaml',
        'serviceaccount.sample.curl.yaml',
        ...gateway,
      ].sort().map(f => `east/${f}`),
      // Without replicas, the gateway is autoscaled.
      ...['install/base-values.yaml', 'install/istiod-values.yaml', 'kustomization.yaml', 'namespace.istio-system.yaml',
        'horizontalpodautoscaler.istio-system.istio-eastwestgateway.yaml', ...gateway].sort().map(f => `west/${f}`),
    ]);
    const east = loadCluster(path.join(dir, 'dist', 'east'));
    expect(findObject(east.objects, 'Namespace', 'istio-system').metadata.labels).toEqual({ 'topology.istio.io/network': 'net-east' });
    expect(findObject(east.objects, 'Namespace', 'sample').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(east.install['istiod-values.yaml'][0].global).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: 'east' }, network: 'net-east' });
    const west = loadCluster(path.join(dir, 'dist', 'west'));
    expect(west.install['istiod-values.yaml'][0].global.network).toEqual('net-west');
    expect(findObject(east.objects, 'Deployment', 'istio-eastwestgateway', 'istio-system').spec.replicas).toEqual(2);
    expect(findObject(west.objects, 'Service', 'istio-eastwestgateway', 'istio-system').metadata.labels['topology.istio.io/network']).toEqual('net-west');
    expect(validateTree(path.join(dir, 'dist'))).toEqual(26);
    expect(fs.existsSync(path.join(dir, '.mesh-keys'))).toBe(false);
  });

  test('-o and --key-store choose the directories; synthesizing twice gives identical output', () => {
    // GIVEN
    const dir = workdir({ 'mesh.yaml': MESH + cluster('east', '  sampleApps: true\n') });
    cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml', '-o', 'out/manifests', '--key-store', 'keys']);
    const first = readTree(path.join(dir, 'out', 'manifests'));

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '--file', 'mesh.yaml', '--output', 'out/manifests', '--key-store', 'keys']);

    // THEN
    expect(r.code).toEqual(0);
    expect(r.stdout).toEqual('Synthesized mesh.yaml into out/manifests/: east (8 manifests)\n');
    expect(readTree(path.join(dir, 'out', 'manifests'))).toEqual(first);
    expect(Object.keys(first)).toContain('east/kustomization.yaml');
  });

  test('-f - reads the mesh file from stdin and writes what the file writes', () => {
    // GIVEN the same mesh as a file and on stdin
    const text = MESH + cluster('east', '  sampleApps: true\n');
    const dir = workdir({ 'mesh.yaml': text });
    cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml', '-o', 'from-file', '--key-store', 'keys']);

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', '-', '-o', 'from-stdin', '--key-store', 'keys'], {}, text);

    // THEN
    expect(r.stderr).toEqual('');
    expect(r.stdout).toEqual('Synthesized <stdin> into from-stdin/: east (8 manifests)\n');
    expect(r.code).toEqual(0);
    expect(readTree(path.join(dir, 'from-stdin'))).toEqual(readTree(path.join(dir, 'from-file')));
  });

  test('relative paths in the mesh file resolve against its directory, not the current one', () => {
    // GIVEN: the kubeconfig, CA and token file beside the mesh file, run from another directory
    const token = testToken();
    const dir = workdir({
      'config/mesh.yaml': MESH
        + cluster('east', '  network: n1\n  kubeconfig:\n    file: kube/config.yaml\n    context: east\n')
        + cluster('west', '  network: n1\n  apiServer:\n    server: https://west.example.com:6443\n    caFile: west-ca.crt\n')
        + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: RemoteAccess\nmetadata: {name: istiod}\n'
        + 'spec: {cluster: west, consumer: istio, consumerCluster: east, credentials: {tokenFile: tokens/west.jwt}}\n',
      'config/kube/config.yaml': kubeconfig(['east']),
      'config/west-ca.crt': TEST_CA_PEM,
      'config/tokens/west.jwt': `${token}\n`,
    });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'config/mesh.yaml']);

    // THEN
    expect(r.stderr).toEqual('');
    expect(r.code).toEqual(0);
    // The token went into east's remote secret for west, in the key store only.
    expect(listTree(path.join(dir, '.mesh-keys'))).toEqual(['.gitignore', 'east/secret.istio-system.istio-remote-secret-west.yaml']);
    const secret = parseYaml(fs.readFileSync(path.join(dir, '.mesh-keys', 'east', 'secret.istio-system.istio-remote-secret-west.yaml'), 'utf-8'))[0];
    const config = YAML.parse(secret.stringData.west);
    expect(config.clusters).toEqual([{ name: 'west', cluster: { 'certificate-authority-data': Buffer.from(TEST_CA_PEM).toString('base64'), 'server': 'https://west.example.com:6443' } }]);
    expect(config.users).toEqual([{ name: 'west', user: { token } }]);
    expect(filesContaining(readTree(path.join(dir, 'dist')), token)).toEqual([]);
  });

  test('a token file named by a RemoteAccess but missing beside the mesh file is an error naming where it was looked for', () => {
    // GIVEN
    const dir = workdir({
      'config/mesh.yaml': MESH + cluster('east', '  network: n1\n')
        + cluster('west', '  network: n1\n  apiServer:\n    server: https://west.example.com:6443\n    caData: ' + Buffer.from(TEST_CA_PEM).toString('base64') + '\n')
        + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: RemoteAccess\nmetadata: {name: istiod}\n'
        + 'spec: {cluster: west, consumer: istio, consumerCluster: east, credentials: {tokenFile: west.jwt}}\n',
      'west.jwt': `${testToken()}\n`,
    });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'config/mesh.yaml']);

    // THEN
    // the message: cli-synth-token-file-beside-mesh-file in the bad-input catalogue; here, where it was looked for
    expect(r.stderr).toMatch(/^error: config\/mesh\.yaml:29:88 /);
    expect(r.stderr).toContain(path.join(fs.realpathSync(dir), 'config', 'west.jwt'));
    expect(r.code).toEqual(1);
  });

  test('a relative path that exists only beside the current directory is an error naming where it was looked for', () => {
    // GIVEN
    const dir = workdir({
      'config/mesh.yaml': MESH + cluster('east', '  kubeconfig:\n    file: kube.yaml\n'),
      'kube.yaml': kubeconfig(['east']),
    });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'config/mesh.yaml']);

    // THEN
    // the message: cli-synth-kubeconfig-beside-mesh-file; here, where it was looked for
    expect(r.stderr).toMatch(/^error: config\/mesh\.yaml:15:11 /);
    expect(r.stderr).toContain(path.join(fs.realpathSync(dir), 'config', 'kube.yaml'));
    expect(r.code).toEqual(1);
  });

  test('a kubeconfig without the named context is reported at the mesh-file field', () => {
    // GIVEN
    const dir = workdir({
      'mesh.yaml': MESH + cluster('east', '  kubeconfig:\n    file: kube.yaml\n    context: nope\n'),
      'kube.yaml': kubeconfig(['east', 'west']),
    });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    // the message: mesh-file-kubeconfig-context-missing; here, that it is reported at the field
    expect(r.stderr).toMatch(/^error: mesh\.yaml:15:11 /);
    expect(r.code).toEqual(1);
  });

  test('a failed synth leaves the previous output tree as it was', () => {
    // GIVEN
    const dir = workdir({ 'mesh.yaml': MESH + cluster('east', '  network: n1\n') });
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toEqual(0);
    const before = readTree(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH + cluster('east', '  network: N1\n'));

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    expect(r.code).toEqual(1);
    expect(r.stderr).toMatch(/^error: mesh\.yaml:14:12 /); // the message: mesh-file-network-not-dns-label
    expect(readTree(path.join(dir, 'dist'))).toEqual(before);
  });

  test('errors found while validating the construct tree name the mesh-file document', () => {
    // GIVEN: a remote whose primary's east-west gateway has no address
    const dir = workdir({
      'mesh.yaml': MESH + cluster('east', '  network: n1\n  eastWestGateway: {}\n') + cluster('west', '  network: n1\n  role: remote\n  primary: east\n'),
    });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    // the message: mesh-file-remote-primary-gateway-without-address; here, that the error names the document of the construct
    expect(r.stderr).toMatch(/^error: mesh\.yaml:17:1 /);
    expect(r.code).toEqual(1);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  // Bad mesh files and command lines (exact stderr, exit code, empty stdout, nothing written): the cli and
  // mesh-file cases of the bad-input catalogue (test/bad-inputs/cases/cli.ts, mesh-file.ts).

  test('errors of the file and errors of the constructs it asks for are reported in one run', () => {
    // GIVEN: a schema error in one cluster, and a trust root the TrustRoot construct refuses on the mesh
    const dir = workdir({ 'mesh.yaml': MESH.replace('spec:\n', 'spec:\n  trustRoot: {organization: "  "}\n') + cluster('east', '  network: Net1\n') });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    expect(r.stderr.split('\n')).toEqual([
      'error: mesh.yaml:6:29 Mesh/mesh1: \'spec.trustRoot.organization\' ("  ") must be a non-empty string of at most 64 characters',
      "error: mesh.yaml:15:12 Cluster/east: 'spec.network' (\"Net1\") must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
      'synth failed: 2 errors in mesh.yaml; nothing was written',
      '',
    ]);
    expect(r.code).toEqual(1);
    expect(listTree(dir)).toEqual(['mesh.yaml']);
  });

  test('a trust root is generated at the first synth and reused after: the key store changes no byte, the output tree holds no key', () => {
    // GIVEN
    const dir = workdir({ 'mesh.yaml': MESH.replace('spec:\n', 'spec:\n  trustRoot: {algorithm: ECDSA_P256}\n') + cluster('east', '  network: n1\n') });

    // WHEN
    const first = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml', '--key-store', 'keys']);
    const keys = readTree(path.join(dir, 'keys'));
    const second = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml', '--key-store', 'keys']);

    // THEN
    expect([first.code, first.stderr, first.stdout]).toEqual([0, '',
      'Synthesized mesh.yaml into dist/: east (1 manifest)\nKey store keys/: 7 files (private material: keep it out of git)\n']);
    expect(second.code).toEqual(0);
    expect(Object.keys(keys)).toEqual(['.gitignore', 'east/ca-cert.pem', 'east/ca-key.pem', 'east/cert-chain.pem', 'east/root-cert.pem',
      'east/secret.istio-system.cacerts.yaml', 'root-mesh1/root-cert.pem', 'root-mesh1/root-key.pem']);
    expect(readTree(path.join(dir, 'keys'))).toEqual(keys);
    expect(listTree(path.join(dir, 'dist'))).toEqual(['.cdk8s-mesh', 'east/install/base-values.yaml', 'east/install/istiod-values.yaml',
      'east/kustomization.yaml', 'east/namespace.istio-system.yaml']);
    expect(cdk8sMesh(dir, ['check', 'dist', '--key-store', 'keys']).stdout).toContain('✓ east: cacerts (east/secret.istio-system.cacerts.yaml): chain verifies, key matches; '
      + 'the intermediate expires in 364 days, the root expires in 3649 days');
  });

  test('every error of a file is reported at once, in file order', () => {
    // GIVEN
    const dir = workdir({
      'mesh.yaml': MESH.replace('install: helm', 'install: Helm')
        + cluster('east', '  netwrok: n1\n')
        + cluster('west', '  mesh: nomesh\n  role: remote\n')
        + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\n',
    });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    expect(r.stderr.split('\n')).toEqual([
      'error: mesh.yaml:7:14 Mesh/mesh1: \'spec.istio.install\' ("Helm") must be one of sail, helm, istioctl (did you mean "helm"?)',
      'error: mesh.yaml:14:3 Cluster/east: \'spec.netwrok\' ("n1") is not a field of \'spec\' (did you mean "network"?): '
        + 'expected one of mesh, network, role, primary, apiServer, kubeconfig, eastWestGateway, discoverySelectors, sampleApps, waypoints',
      'error: mesh.yaml:21:9 Cluster/west: \'spec.mesh\' ("nomesh") names a mesh this file does not declare (meshes: mesh1)',
      'error: mesh.yaml:22:9 Cluster/west: \'spec.primary\' (undefined) must name the primary cluster that manages this remote (role is remote)',
      "error: mesh.yaml:24:1 Mesh (document 4): 'metadata' (undefined) is required: the document's metadata",
      "error: mesh.yaml:24:1 Mesh (document 4): 'spec' (undefined) is required: the mesh settings (spec: {} for every default)",
      'synth failed: 6 errors in mesh.yaml; nothing was written',
      '',
    ]);
    expect(r.code).toEqual(1);
  });
});
