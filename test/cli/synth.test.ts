import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { sailServedRanges } from '../../src/istio/version';
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

  describe('bad input: exact message, exit code 1 or 2, nothing written', () => {
    const cases: { name: string; file?: string; args?: string[]; setup?: (dir: string) => void; code: number; stderr: string }[] = [
      {
        name: 'empty file',
        file: '',
        code: 1,
        stderr: 'error: mesh.yaml: the file is empty: a mesh file holds YAML documents with apiVersion, kind, metadata.name and spec (run "cdk8s-mesh init" for a commented starter file)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'file with only comments',
        file: '# nothing yet\n---\n',
        code: 1,
        stderr: 'error: mesh.yaml: the file is empty: a mesh file holds YAML documents with apiVersion, kind, metadata.name and spec (run "cdk8s-mesh init" for a commented starter file)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'not YAML (tab indentation)',
        file: 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\n\tmetadata: {}\n',
        code: 1,
        stderr: 'error: mesh.yaml:3:1: not valid YAML: Tabs are not allowed as indentation\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'not a YAML map (plain text)',
        file: 'this is not a mesh\n',
        code: 1,
        stderr: 'error: mesh.yaml:1:1 document 1: ("this is not a mesh") is a string, not a mesh-file document: expected a map with apiVersion, kind, metadata and spec\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'unknown apiVersion',
        file: 'apiVersion: cdk8s-mesh.io/v1alpha2\nkind: Mesh\nmetadata: {name: m}\nspec: {}\n',
        code: 1,
        stderr: 'error: mesh.yaml:1:13 document 1: \'apiVersion\' ("cdk8s-mesh.io/v1alpha2") is not a mesh-file apiVersion: expected cdk8s-mesh.io/v1alpha1 '
          + '(or ristioctl.k8smgmt.io/v3 for a ristioctl file) (did you mean "cdk8s-mesh.io/v1alpha1"?)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'unknown kind',
        file: 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Clustre\nmetadata: {name: east}\nspec: {}\n',
        code: 1,
        stderr: 'error: mesh.yaml:2:7 document 1: \'kind\' ("Clustre") is not a kind of cdk8s-mesh.io/v1alpha1: expected one of Mesh, Cluster, RemoteAccess, ServiceMirrorLink, Delivery (did you mean "Cluster"?)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'missing metadata.name',
        file: MESH + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Cluster\nmetadata: {}\nspec: {}\n',
        code: 1,
        stderr: "error: mesh.yaml:11:11 Cluster (document 2): 'metadata.name' (undefined) is required: the cluster name (global.multiCluster.clusterName), unique in the file; also the name of its output directory\n"
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'duplicate names',
        file: MESH + cluster('east', '  network: a\n') + cluster('east', '  network: a\n'),
        code: 1,
        stderr: 'error: mesh.yaml:19:9 Cluster/east: \'metadata.name\' ("east") is already the name of the Cluster at mesh.yaml:12:9: Cluster names must be unique in a file\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'reference to an undeclared mesh',
        file: MESH + cluster('east', '  mesh: mesh2\n'),
        code: 1,
        stderr: 'error: mesh.yaml:14:9 Cluster/east: \'spec.mesh\' ("mesh2") names a mesh this file does not declare (meshes: mesh1)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'reference to an undeclared cluster',
        file: MESH + cluster('west', '  role: remote\n  primary: east\n'),
        code: 1,
        stderr: 'error: mesh.yaml:15:12 Cluster/west: \'spec.primary\' ("east") names a cluster this file does not declare (clusters: west)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'string for a number',
        file: MESH + cluster('east', '  eastWestGateway:\n    replicas: "2"\n'),
        code: 1,
        stderr: 'error: mesh.yaml:15:15 Cluster/east: \'spec.eastWestGateway.replicas\' ("2") must be a whole number, not a string (write 2 without quotes)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'list for a map',
        file: MESH + cluster('east', '  discoverySelectors:\n    - matchLabels: [istio-discovery]\n'),
        code: 1,
        stderr: 'error: mesh.yaml:15:20 Cluster/east: \'spec.discoverySelectors[0].matchLabels\' (["istio-discovery"]) must be a map (key: value), not a list\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'number for a version string',
        file: MESH.replace('    install: helm\n', '    version: 1.30\n'),
        code: 1,
        stderr: 'error: mesh.yaml:7:14 Mesh/mesh1: \'spec.istio.version\' (1.3) must be a string, not a number (quote it: "1.3")\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'unknown field close to a known one',
        file: MESH + cluster('east', '  netwrok: n1\n'),
        code: 1,
        stderr: 'error: mesh.yaml:14:3 Cluster/east: \'spec.netwrok\' ("n1") is not a field of \'spec\' (did you mean "network"?): '
          + 'expected one of mesh, network, role, primary, apiServer, kubeconfig, eastWestGateway, discoverySelectors, sampleApps, waypoints\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'unknown field far from any known one',
        file: MESH + cluster('east', '  replicas: 3\n'),
        code: 1,
        stderr: 'error: mesh.yaml:14:3 Cluster/east: \'spec.replicas\' (3) is not a field of \'spec\': '
          + 'expected one of mesh, network, role, primary, apiServer, kubeconfig, eastWestGateway, discoverySelectors, sampleApps, waypoints\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'mixed ristioctl and native documents describing the same cluster',
        file: MESH + cluster('east', '  mesh: mesh1\n') + [
          '---',
          'apiVersion: ristioctl.k8smgmt.io/v3', 'kind: Certificate', 'metadata: {name: certs}', 'spec: {meshID: rmesh}',
          '---',
          'apiVersion: ristioctl.k8smgmt.io/v3', 'kind: Cluster', 'metadata:', '  name: east',
          'spec: {kubeconfigFile: kube.yaml, meshID: rmesh}', '',
        ].join('\n'),
        setup: dir => fs.writeFileSync(path.join(dir, 'kube.yaml'), kubeconfig(['east'])),
        code: 1,
        stderr: 'error: mesh.yaml:24:9 Cluster/east: \'metadata.name\' ("east") is also described by the Cluster at mesh.yaml:12:9: '
          + 'a cluster is described once, either in the native format (cdk8s-mesh.io/v1alpha1) or in the ristioctl format (ristioctl.k8smgmt.io/v3), not both\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'a Linkerd mesh without a trust root',
        file: MESH.replace('  istio:\n    install: helm\n', '  provider: linkerd\n') + cluster('east', '  network: n1\n') + cluster('west', '  network: n1\n')
          + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: ServiceMirrorLink\nmetadata: {name: l}\nspec: {source: east, target: west}\n',
        code: 1,
        stderr: 'error: mesh.yaml:6:3 Mesh/mesh1: \'spec.trustRoot\' (undefined) is required for provider linkerd: linked Linkerd clusters must share one trust anchor, '
          + 'and each needs an identity issuer signed by it (trustRoot: {} makes an ECDSA P-256 anchor and one issuer per cluster)\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'clusters on two networks without east-west gateways',
        file: MESH + cluster('east', '  network: n1\n') + cluster('west', '  network: n2\n'),
        code: 1,
        stderr: 'error: mesh.yaml:14:3 Cluster/east: \'spec.eastWestGateway\' (undefined) is required: mesh "mesh1" spans networks n1, n2, '
          + 'and clusters on different networks reach each other only through east-west gateways (eastWestGateway: {} emits one)\n'
          + 'error: mesh.yaml:21:3 Cluster/west: \'spec.eastWestGateway\' (undefined) is required: mesh "mesh1" spans networks n1, n2, '
          + 'and clusters on different networks reach each other only through east-west gateways (eastWestGateway: {} emits one)\n'
          + 'synth failed: 2 errors in mesh.yaml; nothing was written\n',
      },
      {
        name: 'a version the Sail Operator does not serve, with install: sail',
        file: 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh1\nspec:\n  istio:\n    version: "1.20.0"\n',
        code: 1,
        stderr: `error: mesh.yaml:7:14 Mesh/mesh1: 'spec.istio.version' ("1.20.0") is not served by the Sail Operator (install: sail, the default): its CRD accepts ${sailServedRanges()}; `
          + 'pick one of those, or set install: helm or install: istioctl\n'
          + 'synth failed: 1 error in mesh.yaml; nothing was written\n',
      },
      {
        name: 'output directory that is a file',
        file: MESH,
        args: ['synth', '-f', 'mesh.yaml', '-o', 'out.txt'],
        setup: dir => fs.writeFileSync(path.join(dir, 'out.txt'), 'not a directory\n'),
        code: 1,
        stderr: 'error: output directory "out.txt" exists and is not a directory: remove it or choose another one with -o\n',
      },
      {
        name: 'key store inside the output tree',
        file: MESH,
        args: ['synth', '-f', 'mesh.yaml', '-o', 'dist', '--key-store', 'dist/keys'],
        code: 2,
        stderr: 'error: --key-store "dist/keys" is inside the output directory "dist" or contains it: the output tree is reviewed and committed, '
          + 'and the key store holds private keys; choose a key store outside it\n',
      },
      {
        name: 'output directory not written by cdk8s-mesh',
        file: MESH,
        setup: dir => { fs.mkdirSync(path.join(dir, 'dist')); fs.writeFileSync(path.join(dir, 'dist', 'notes.txt'), 'mine\n'); },
        code: 1,
        stderr: 'error: outdir "dist" is not empty and was not written by cdk8s-multicluster-mesh (no .cdk8s-mesh file): '
          + 'the writer replaces the whole outdir, so remove it or choose another outdir\n',
      },
      {
        name: 'mesh file that is a directory',
        args: ['synth', '-f', 'conf'],
        setup: dir => fs.mkdirSync(path.join(dir, 'conf')),
        code: 1,
        stderr: 'error: cannot read mesh file "conf": it is not a file\n',
      },
      {
        name: 'key store that is a file',
        file: MESH,
        args: ['synth', '-f', 'mesh.yaml', '--key-store', 'keys.txt'],
        setup: dir => fs.writeFileSync(path.join(dir, 'keys.txt'), 'not a directory\n'),
        code: 1,
        stderr: 'error: key store "keys.txt" exists and is not a directory: remove it or choose another one with --key-store\n',
      },
      {
        name: 'output directory that is the current directory',
        file: MESH,
        args: ['synth', '-f', 'mesh.yaml', '-o', '.', '--key-store', '../keys'],
        code: 1,
        stderr: 'error: outdir "." is the current directory or one of its parents: the writer replaces the whole outdir, so give it a directory of its own such as "dist"\n',
      },
      {
        name: 'empty -o (an unset shell variable)',
        file: MESH,
        args: ['synth', '-f', 'mesh.yaml', '-o', ''],
        code: 2,
        stderr: 'error: -o, --output is empty: give the output directory, or leave -o out for the default (dist)\n',
      },
      {
        name: 'empty --key-store',
        file: MESH,
        args: ['synth', '-f', 'mesh.yaml', '--key-store', ''],
        code: 2,
        stderr: 'error: --key-store is empty: give the key-store directory, or leave --key-store out for the default\n',
      },
      {
        name: 'empty -f',
        args: ['synth', '-f', ''],
        code: 2,
        stderr: 'error: -f, --file is empty: give the mesh file\n',
      },
      {
        name: 'mesh file that does not exist',
        args: ['synth', '-f', 'nope.yaml'],
        code: 1,
        stderr: 'error: cannot read mesh file "nope.yaml": it does not exist\n',
      },
      {
        name: 'missing -f',
        args: ['synth'],
        code: 2,
        stderr: "error: required option '-f, --file <mesh.yaml>' not specified\n(run with --help for usage)\n",
      },
      {
        name: 'unknown option',
        file: MESH,
        args: ['synth', '-f', 'mesh.yaml', '--outdir', 'x'],
        code: 2,
        stderr: "error: unknown option '--outdir'\n(Did you mean --output?)\n(run with --help for usage)\n",
      },
      {
        name: 'unknown command',
        args: ['synthesize'],
        code: 2,
        stderr: "error: unknown command 'synthesize'\n(run with --help for usage)\n",
      },
    ];

    test.each(cases)('$name', c => {
      // GIVEN
      const dir = workdir(c.file !== undefined ? { 'mesh.yaml': c.file } : {});
      c.setup?.(dir);
      const before = listTree(dir);

      // WHEN
      const r = cdk8sMesh(dir, c.args ?? ['synth', '-f', 'mesh.yaml']);

      // THEN
      expect(r.stderr).toEqual(c.stderr);
      expect(r.stdout).toEqual('');
      expect(r.code).toEqual(c.code);
      expect(listTree(dir)).toEqual(before);
    });
  });

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
