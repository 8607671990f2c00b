import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { expectValid, findObject, loadCluster, parseYaml, readTree, tempDir, validateTree } from '../util';
import { cdk8sMesh, listTree, printed } from './run';
import { filesContaining, testToken } from '../util/credentials';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const TEST_CA_PEM = fs.readFileSync(path.join(FIXTURES, 'test-only-ca.crt'), 'utf-8');
/** ristioctl's documented example (issue #7), as published: comments, and a tab after `ristioctl-certs`. */
const EXAMPLE = fs.readFileSync(path.join(FIXTURES, 'ristioctl-example.yaml'), 'utf-8');

function demoKubeconfig(): string {
  const ca = Buffer.from(TEST_CA_PEM).toString('base64');
  return [
    'apiVersion: v1', 'kind: Config', 'current-context: cluster1', 'clusters:',
    ...['cluster1', 'cluster2'].flatMap(c => [`- name: ${c}`, '  cluster:', `    server: https://${c}.example.com:6443`, `    certificate-authority-data: ${ca}`]),
    'contexts:',
    ...['cluster1', 'cluster2'].flatMap(c => [`- name: ${c}`, `  context: {cluster: ${c}, user: ${c}-admin}`]),
    'users:',
    ...['cluster1', 'cluster2'].flatMap(c => [`- name: ${c}-admin`, '  user: {token: never-read}']),
    '',
  ].join('\n');
}

/** Every file of a cluster directory: the east-west gateway, the istioctl install file, the samples. */
const CLUSTER_FILES = [
  'deployment.istio-system.istio-eastwestgateway.yaml',
  'deployment.sample.helloworld-v1.yaml',
  'deployment.sample.helloworld-v2.yaml',
  'deployment.sample.sleep.yaml',
  'gateway.istio-system.cross-network-gateway.yaml',
  'horizontalpodautoscaler.istio-system.istio-eastwestgateway.yaml',
  'install/istio-operator.yaml',
  'kustomization.yaml',
  'namespace.istio-system.yaml',
  'namespace.sample.yaml',
  'poddisruptionbudget.istio-system.istio-eastwestgateway.yaml',
  // ristioctl installs with istioctl: the istio-ingress shape (Role istio-eastwestgateway-sds, ServiceAccount …-service-account).
  'role.istio-system.istio-eastwestgateway-sds.yaml',
  'rolebinding.istio-system.istio-eastwestgateway-sds.yaml',
  'service.istio-system.istio-eastwestgateway.yaml',
  'service.sample.helloworld.yaml',
  'service.sample.sleep.yaml',
  'serviceaccount.istio-system.istio-eastwestgateway-service-account.yaml',
  'serviceaccount.sample.sleep.yaml',
];

/** A directory holding the example as mesh.yaml and the kubeconfig it names. */
function exampleDir(): string {
  const dir = fs.realpathSync(tempDir('cdk8s-mesh-ristioctl-'));
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), EXAMPLE);
  fs.writeFileSync(path.join(dir, 'kubeconfig-istio-demo.yaml'), demoKubeconfig());
  return dir;
}

/** The endpoint-discovery warning for the remote secret of `read`, pending in `consumer`. */
function pendingWarning(dir: string, read: string, consumer: string): string {
  return `warning: mesh.yaml:1:1 Certificate/ristioctl-certs: endpoint discovery: Secret istio-system/istio-remote-secret-${read} is pending in ${consumer}: `
    + `no credential was given for cluster "${read}". Complete it: run (umask 077; kubectl --kubeconfig=${dir}/kubeconfig-istio-demo.yaml --context=${read} `
    + `-n istio-system create token istio-reader-service-account --duration=8760h > .mesh-keys/${read}/istio-reader-service-account.token) ; `
    + 'synthesize again (synth reads that token file as the cluster\'s credential for endpoint discovery), '
    + `and apply .mesh-keys/${consumer}/secret.istio-system.istio-remote-secret-${read}.yaml to cluster "${consumer}"`;
}

/** The warnings of the example that do not depend on the key store. */
const FILE_WARNINGS = [
  'warning: mesh.yaml:6:18 Certificate/ristioctl-certs: \'spec.validityHours\' (2190) gives the root 92 days (rounded up to whole days) and each cluster\'s '
    + 'intermediate 46 days: ristioctl gives both the same validity, but an intermediate must be renewable before its root expires',
  'warning: mesh.yaml:7:13 Certificate/ristioctl-certs: \'spec.password\' (false) is ignored, as ristioctl ignores it: '
    + 'private keys are never encrypted; they are written to the key store (--key-store) with mode 0600',
  'warning: mesh.yaml:8:14 Certificate/ristioctl-certs: \'spec.sanSuffix\' ("istio.io") is not used: certificates are named as Istio\'s tools/certs name them '
    + '(CN=Root CA; CN=Intermediate CA, L=<cluster>), not root.istio.io and <cluster>.istio.io; Istio does not read these names',
];

const OLD_VERSION_WARNING = 'warning: mesh.yaml:1:1 Certificate/ristioctl-certs: Istio 1.18.0 is older than 1.22, the oldest release this library models: '
  + 'the output uses the closest API versions it knows (networking.istio.io/v1beta1, global.multiCluster.enabled) '
  + 'and has not been checked against 1.18.0; upgrade to 1.22 or later when you can';

/** The check output of the synthesized example, for the remote secrets group's lines. */
function checkOutput(remoteSecrets: string[]): string {
  return [
    'output tree',
    '-----------',
    '✓ dist was written by cdk8s-mesh synth (2 clusters: cluster1, cluster2)',
    '✓ cluster1: kustomization.yaml lists exactly its 16 manifests',
    '✓ cluster2: kustomization.yaml lists exactly its 16 manifests',
    '',
    'schemas',
    '-------',
    '✓ cluster1: 16 objects and 1 install file valid against their upstream schemas',
    '✓ cluster2: 16 objects and 1 install file valid against their upstream schemas',
    '',
    'mesh identity',
    '-------------',
    '✓ cluster1: mesh "uswestmesh", network "network-cluster1" agree across install/istio-operator.yaml (IstioOperator), Namespace istio-system, 2 gateway objects',
    '✓ cluster2: mesh "uswestmesh", network "network-cluster2" agree across install/istio-operator.yaml (IstioOperator), Namespace istio-system, 2 gateway objects',
    '✓ mesh "uswestmesh": cluster1 (primary, network-cluster1), cluster2 (primary, network-cluster2) on 2 networks',
    '',
    'remote secrets',
    '--------------',
    ...remoteSecrets,
    '',
    'certificates',
    '------------',
    // The intermediates are valid 46 days and the root 92 (validityHours 2190); a few seconds have passed since they were issued.
    '✓ cluster1: cacerts (cluster1/secret.istio-system.cacerts.yaml): chain verifies, key matches; the intermediate expires in 45 days, the root expires in 91 days',
    '✓ cluster2: cacerts (cluster2/secret.istio-system.cacerts.yaml): chain verifies, key matches; the intermediate expires in 45 days, the root expires in 91 days',
    '✓ mesh "uswestmesh": 2 clusters share one root',
    '',
    'namespaces',
    '----------',
    '✓ cluster1: 2 Roles and RoleBindings in declared namespaces',
    '✓ cluster2: 2 Roles and RoleBindings in declared namespaces',
    '',
    'private material',
    '----------------',
    '✓ no private keys or tokens in dist (37 files scanned)',
    '✓ key store .mesh-keys is outside the output tree',
    '',
    'rbac audit',
    '----------',
    '✓ cluster1: no superuser grant, no wildcard verb, every binding names a role of the tree or of the install',
    '✓ cluster2: no superuser grant, no wildcard verb, every binding names a role of the tree or of the install',
    '',
  ].join('\n');
}

/** The ‼ line of check for the remote secret of `read`, pending in `consumer`. */
function pendingCheck(dir: string, read: string, consumer: string): string[] {
  return [
    `‼ ${consumer}: remote secret for ${read} is pending: no credential was given (istio-system/istio-remote-secret-${read})`,
    `    run (umask 077; kubectl --kubeconfig=${dir}/kubeconfig-istio-demo.yaml --context=${read} -n istio-system create token istio-reader-service-account --duration=8760h `
      + `> .mesh-keys/${read}/istio-reader-service-account.token)`,
    `    give that token as ${read}'s credential, synthesize again, and apply .mesh-keys/${consumer}/secret.istio-system.istio-remote-secret-${read}.yaml to ${consumer}`,
  ];
}

describe('ristioctl documented example', () => {
  test('the file as published synthesizes a multi-primary, multi-network mesh with ristioctl\'s conventions', () => {
    // GIVEN
    const dir = exampleDir();

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    expect(r.stderr.split('\n')).toEqual(printed([
      pendingWarning(dir, 'cluster1', 'cluster2'),
      pendingWarning(dir, 'cluster2', 'cluster1'),
      ...FILE_WARNINGS,
      OLD_VERSION_WARNING,
      '',
    ]));
    expect(r.stdout).toEqual('Synthesized mesh.yaml into dist/: cluster1 (16 manifests), cluster2 (16 manifests)\n'
      + 'Key store .mesh-keys/: 14 files (private material: keep it out of git)\n');
    expect(r.code).toEqual(0);
    expect(listTree(path.join(dir, 'dist'))).toEqual([
      '.cdk8s-mesh',
      ...CLUSTER_FILES.map(f => `cluster1/${f}`),
      ...CLUSTER_FILES.map(f => `cluster2/${f}`),
    ]);
    for (const name of ['cluster1', 'cluster2']) {
      const { objects, install } = loadCluster(path.join(dir, 'dist', name));
      // ristioctl's conventions: network-<cluster>, istioctl install, sample apps in namespace sample.
      expect(findObject(objects, 'Namespace', 'istio-system').metadata).toEqual({
        name: 'istio-system',
        labels: { 'topology.istio.io/network': `network-${name}` },
      });
      expect(install['istio-operator.yaml']).toEqual([{
        apiVersion: 'install.istio.io/v1alpha1',
        kind: 'IstioOperator',
        metadata: { name: 'control-plane', namespace: 'istio-system' },
        spec: {
          values: {
            global: { meshID: 'uswestmesh', multiCluster: { clusterName: name }, network: `network-${name}` },
          },
        },
      }]);
      // Every cluster has an east-west gateway (ristioctl's eastwest-gateway.yaml and expose-services.yaml), as plain manifests.
      const service = findObject(objects, 'Service', 'istio-eastwestgateway', 'istio-system');
      // The istio-ingress shape istioctl installs (ristioctl runs istioctl): its component labels, the network in the selector.
      expect(service.metadata.labels).toEqual({
        'app': 'istio-eastwestgateway',
        'istio': 'eastwestgateway',
        'topology.istio.io/network': `network-${name}`,
        'release': 'istio',
        'istio.io/rev': 'default',
        'install.operator.istio.io/owning-resource': 'unknown',
        'operator.istio.io/component': 'IngressGateways',
      });
      expect(service.spec.selector).toEqual({ 'app': 'istio-eastwestgateway', 'istio': 'eastwestgateway', 'topology.istio.io/network': `network-${name}` });
      expect(service.spec.type).toEqual('LoadBalancer');
      expect(service.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['status-port', 15021], ['tls', 15443], ['tls-istiod', 15012], ['tls-webhook', 15017]]);
      expect(findObject(objects, 'Deployment', 'istio-eastwestgateway', 'istio-system').spec.template.spec.containers[0].env)
        .toEqual([{ name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' }, { name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: `network-${name}` }]);
      const gateway = findObject(objects, 'Gateway', 'cross-network-gateway', 'istio-system');
      expect(gateway.apiVersion).toEqual('networking.istio.io/v1beta1');
      expect(gateway.spec).toEqual({
        selector: { istio: 'eastwestgateway' },
        servers: [{ hosts: ['*.local'], port: { name: 'tls', number: 15443, protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' } }],
      });
      expect(findObject(objects, 'Namespace', 'sample').metadata).toEqual({ name: 'sample', labels: { 'istio-injection': 'enabled' } });
      expect(findObject(objects, 'Deployment', 'helloworld-v1', 'sample').spec.template.spec.containers[0].image)
        .toEqual('docker.io/istio/examples-helloworld-v1:1.0'); // before Istio 1.30 (samples/helloworld/helloworld.yaml)
      expect(findObject(objects, 'Deployment', 'sleep', 'sample').spec.template.spec.serviceAccountName).toEqual('sleep');
      // Endpoint discovery reads with istio-reader-service-account, which istioctl install creates: no reader objects here.
      expect(objects.filter((o: any) => /istio-reader/.test(o.metadata?.name ?? ''))).toEqual([]);
    }
    expect(validateTree(path.join(dir, 'dist'))).toEqual(34);
    // No user credential was read from the kubeconfig.
    expect(filesContaining({ ...readTree(path.join(dir, 'dist')), ...readTree(path.join(dir, '.mesh-keys')) }, 'never-read')).toEqual([]);
  });

  test('the trust root: an RSA-2048 root and, per cluster, an intermediate valid half as long and its cacerts Secret, in the key store', () => {
    // GIVEN
    const dir = exampleDir();

    // WHEN
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toEqual(0);

    // THEN
    const keys = path.join(dir, '.mesh-keys');
    const perCluster = ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem', 'secret.istio-system.cacerts.yaml'];
    expect(listTree(keys)).toEqual([
      '.gitignore',
      ...perCluster.map(f => `cluster1/${f}`), 'cluster1/secret.istio-system.istio-remote-secret-cluster2.yaml.pending',
      ...perCluster.map(f => `cluster2/${f}`), 'cluster2/secret.istio-system.istio-remote-secret-cluster1.yaml.pending',
      'root-uswestmesh/root-cert.pem', 'root-uswestmesh/root-key.pem',
    ]);
    const root = new X509Certificate(fs.readFileSync(path.join(keys, 'root-uswestmesh', 'root-cert.pem')));
    expect(root.subject).toEqual('O=Istio\nCN=Root CA');
    expect(root.publicKey.asymmetricKeyDetails?.modulusLength).toEqual(2048);
    expect(Math.round((Date.parse(root.validTo) - Date.parse(root.validFrom)) / 86400000)).toEqual(92);
    for (const name of ['cluster1', 'cluster2']) {
      const secret = parseYaml(fs.readFileSync(path.join(keys, name, 'secret.istio-system.cacerts.yaml'), 'utf-8'))[0];
      expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
      expect(Object.keys(secret.data).sort()).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
      expectValid([secret]);
      const ca = new X509Certificate(Buffer.from(secret.data['ca-cert.pem'], 'base64'));
      expect(ca.subject).toEqual(`O=Istio\nCN=Intermediate CA\nL=${name}`);
      expect(ca.publicKey.asymmetricKeyDetails?.modulusLength).toEqual(2048);
      expect(ca.verify(root.publicKey)).toBe(true);
      expect(Math.round((Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / 86400000)).toEqual(46);
      expect(Buffer.from(secret.data['root-cert.pem'], 'base64').toString()).toEqual(root.toString());
      expect(fs.statSync(path.join(keys, name, 'ca-key.pem')).mode % 0o1000).toEqual(0o600);
    }
    expect(fs.statSync(path.join(keys, 'root-uswestmesh', 'root-key.pem')).mode % 0o1000).toEqual(0o600);
  });

  test('without the kubeconfig it names, the example fails for both clusters and writes nothing', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-ristioctl-');
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), EXAMPLE);
    const real = fs.realpathSync(dir);

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);

    // THEN
    expect(r.stderr.split('\n')).toEqual([
      ...printed(FILE_WARNINGS),
      `error: mesh.yaml:16:19 Cluster/cluster1: 'spec.kubeconfigFile' ("kubeconfig-istio-demo.yaml") must name a kubeconfig file, relative to the mesh file's directory, but ${real}/kubeconfig-istio-demo.yaml does not exist`,
      `error: mesh.yaml:27:19 Cluster/cluster2: 'spec.kubeconfigFile' ("kubeconfig-istio-demo.yaml") must name a kubeconfig file, relative to the mesh file's directory, but ${real}/kubeconfig-istio-demo.yaml does not exist`,
      'synth failed: 2 errors in mesh.yaml; nothing was written',
      '',
    ]);
    expect(r.code).toEqual(1);
    expect(listTree(dir)).toEqual(['mesh.yaml']);
  });

  test('check passes on the synthesized example: certificates verify, the remote secrets are listed as pending with their commands', () => {
    // GIVEN
    const dir = exampleDir();
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toEqual(0);

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    expect(r.stdout).toEqual(checkOutput([...pendingCheck(dir, 'cluster2', 'cluster1'), ...pendingCheck(dir, 'cluster1', 'cluster2')])
      + '\nStatus check results are ✓ (2 warnings)\n');
    expect(r.stderr).toEqual('');
    expect(r.code).toEqual(0);
  });

  test('running the command of a pending warning and synthesizing again builds that remote secret in the key store', () => {
    // GIVEN: the example synthesized once, then the token the warning's command writes for cluster2
    const dir = exampleDir();
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toEqual(0);
    const token = testToken();
    fs.writeFileSync(path.join(dir, '.mesh-keys', 'cluster2', 'istio-reader-service-account.token'), `${token}\n`, { mode: 0o600 });

    // WHEN
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);
    const check = cdk8sMesh(dir, ['check']);

    // THEN
    expect(r.stderr.split('\n')).toEqual(printed([pendingWarning(dir, 'cluster1', 'cluster2'), ...FILE_WARNINGS, OLD_VERSION_WARNING, '']));
    expect(r.code).toEqual(0);
    const keys = path.join(dir, '.mesh-keys');
    expect(listTree(keys).filter(f => /remote-secret|\.token$/.test(f))).toEqual([
      'cluster1/secret.istio-system.istio-remote-secret-cluster2.yaml',
      'cluster2/istio-reader-service-account.token',
      'cluster2/secret.istio-system.istio-remote-secret-cluster1.yaml.pending',
    ]);
    const secret = parseYaml(fs.readFileSync(path.join(keys, 'cluster1', 'secret.istio-system.istio-remote-secret-cluster2.yaml'), 'utf-8'))[0];
    expect(secret.metadata).toEqual({
      name: 'istio-remote-secret-cluster2',
      namespace: 'istio-system',
      labels: { 'istio/multiCluster': 'true' },
      annotations: { 'networking.istio.io/cluster': 'cluster2' },
    });
    const kubeconfig = YAML.parse(secret.stringData.cluster2);
    expect(kubeconfig.clusters[0].cluster.server).toEqual('https://cluster2.example.com:6443');
    expect(kubeconfig.users).toEqual([{ name: 'cluster2', user: { token } }]);
    expect(fs.statSync(path.join(keys, 'cluster1', 'secret.istio-system.istio-remote-secret-cluster2.yaml')).mode % 0o1000).toEqual(0o600);
    expect(filesContaining(readTree(path.join(dir, 'dist')), token)).toEqual([]);
    expect(r.stderr).not.toContain(token);
    expect(check.stdout).toEqual(checkOutput(['✓ cluster1: reads cluster2', ...pendingCheck(dir, 'cluster1', 'cluster2')])
      + '\nStatus check results are ✓ (1 warning)\n');
    expect(check.stdout).not.toContain(token);
    expect(check.code).toEqual(0);
  });
});
