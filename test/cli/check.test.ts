import { randomBytes, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { tempDir } from '../util';
import { cacertsSecret, HAVE_OPENSSL, linkerdIssuerSecret, makeIntermediate, makeRoot } from './pki';
import { cdk8sMesh } from './run';

const MESH_FILE = `apiVersion: cdk8s-mesh.io/v1alpha1
kind: Mesh
metadata:
  name: mesh1
spec: {}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: east
spec:
  network: net1
  sampleApps: true
  eastWestGateway: {}
---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: Cluster
metadata:
  name: west
spec:
  network: net2
  eastWestGateway: {}
`;

/** A directory with a synthesized tree in dist/ (and no key store yet). */
function synthesized(): string {
  const dir = tempDir('cdk8s-mesh-check-');
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH_FILE);
  const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);
  if (r.code !== 0) { throw new Error(r.stderr); }
  return dir;
}

function write(dir: string, file: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text, { mode });
}

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

/** A JWT-shaped token, made at test time (not a real credential). */
function fakeToken(): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', kid: 'test' }))}.${b64url(JSON.stringify({ sub: 'system:serviceaccount:istio-system:istio-reader-service-account' }))}.${b64url(randomBytes(64))}`;
}

/** An istioctl-style remote secret in `consumer` for `cluster`. */
function remoteSecret(cluster: string, user: Record<string, string> = { token: fakeToken() }): string {
  const kubeconfig = YAML.stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'current-context': cluster,
    'clusters': [{ name: cluster, cluster: { server: `https://${cluster}.example.com:6443` } }],
    'contexts': [{ name: cluster, context: { cluster, user: cluster } }],
    'users': [{ name: cluster, user }],
  });
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `istio-remote-secret-${cluster}`, namespace: 'istio-system', labels: { 'istio/multiCluster': 'true' }, annotations: { 'networking.istio.io/cluster': cluster } },
    stringData: { [cluster]: kubeconfig },
  });
}

function lines(stdout: string): string[] {
  return stdout.split('\n');
}

describe('cdk8s-mesh check', () => {
  test('a freshly synthesized tree passes, with warnings for what the mesh lacks', () => {
    // GIVEN
    const dir = synthesized();

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    expect(r.stdout).toEqual([
      'output tree',
      '-----------',
      '✓ dist was written by cdk8s-mesh synth (2 clusters: east, west)',
      // The sample apps (7 objects) in east; the east-west gateway (8 objects) in both.
      '✓ east: kustomization.yaml lists exactly its 16 manifests',
      '✓ west: kustomization.yaml lists exactly its 9 manifests',
      '',
      'schemas',
      '-------',
      '✓ east: 16 objects valid against their upstream schemas',
      '✓ west: 9 objects valid against their upstream schemas',
      '',
      'mesh identity',
      '-------------',
      '✓ east: mesh "mesh1", network "net1" agree across Istio/default, Namespace istio-system, 2 gateway objects',
      '✓ west: mesh "mesh1", network "net2" agree across Istio/default, Namespace istio-system, 2 gateway objects',
      '✓ mesh "mesh1": east (primary, net1), west (primary, net2) on 2 networks',
      '',
      'remote secrets',
      '--------------',
      '‼ mesh "mesh1": no remote secrets (key store .mesh-keys does not exist): without them each istiod sees only its own cluster\'s endpoints',
      '    give check the key store synth wrote (--key-store), or set endpointDiscovery: full on the Mesh (every cluster needs apiServer or kubeconfig)',
      '',
      'certificates',
      '------------',
      '‼ mesh "mesh1": no cacerts for east, west (key store .mesh-keys does not exist)',
      '    each istiod then signs with its own self-signed root and cross-cluster mTLS fails; add a trust root to the mesh',
      '',
      'namespaces',
      '----------',
      // The gateway's Role and RoleBinding, in istio-system.
      '✓ east: 2 Roles and RoleBindings in declared namespaces',
      '✓ west: 2 Roles and RoleBindings in declared namespaces',
      '',
      'private material',
      '----------------',
      '✓ no private keys or tokens in dist (28 files scanned)',
      '',
      'rbac audit',
      '----------',
      '✓ east: no superuser grant, no wildcard verb, every binding names a role of the tree or of the install',
      '✓ west: no superuser grant, no wildcard verb, every binding names a role of the tree or of the install',
      '',
      'Status check results are ✓ (2 warnings)',
      '',
    ].join('\n'));
    expect(r.stderr).toEqual('');
    expect(r.code).toEqual(0);
  });

  test('Argo CD credentials that are pending are ‼ with their commands, like Istio\'s and Kiali\'s', () => {
    // GIVEN Argo CD in east and Linkerd's mirror in west reading the other cluster, without credentials
    const dir = tempDir('cdk8s-mesh-check-');
    const server = (name: string) => `  apiServer: {server: "https://${name}.example.com:6443", caFile: ca.crt}\n`;
    fs.copyFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), path.join(dir, 'ca.crt'));
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH_FILE.replace('  eastWestGateway: {}\n', '  eastWestGateway: {}\n' + server('east'))
      .replace(/(name: west\nspec:\n  network: net2\n  eastWestGateway: \{\}\n)/, `$1${server('west')}`)
      + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: RemoteAccess\nmetadata: {name: argocd}\nspec: {cluster: west, consumer: argocd, consumerCluster: east}\n');
    const synth = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);
    expect(synth.code).toEqual(0);

    // WHEN
    const r = cdk8sMesh(dir, ['check', '--output', 'json']);

    // THEN
    const group = JSON.parse(r.stdout).groups.find((g: any) => g.name === 'remote access');
    expect(group.results).toEqual([{
      status: 'warn',
      message: 'east: Argo CD\'s Secret for west is pending: no credential was given (argocd/cluster-west.example.com-846598707)',
      details: [
        'run (umask 077; kubectl --context=west -n kube-system create token argocd-manager --duration=8760h > .mesh-keys/west/argocd-manager.token)',
        'give that token as west\'s credential, synthesize again, and apply .mesh-keys/east/secret.argocd.cluster-west.example.com-846598707.yaml to east',
      ],
    }]);
    expect(cdk8sMesh(dir, ['check', '--strict']).code).toEqual(1);
  });

  test('what an interrupted synth left (a committed key-store transaction, a staged tree beside dist) is ‼, and check changes nothing', () => {
    // GIVEN a tree, and what a synth killed after its commit point leaves
    const dir = synthesized();
    write(dir, '.mesh-keys/.transaction/journal.json', '[]\n', 0o600);
    fs.mkdirSync(path.join(dir, '.dist.staging-0123abcd'));

    // WHEN
    const r = cdk8sMesh(dir, ['check', '--output', 'json']);

    // THEN
    const tree = JSON.parse(r.stdout).groups.find((g: any) => g.name === 'output tree').results.filter((x: any) => x.status === 'warn');
    expect(tree).toEqual([
      {
        status: 'warn',
        message: 'key store .mesh-keys holds the committed update of an interrupted synth (.transaction/)',
        details: ['some of its files may still be the old ones: run cdk8s-mesh synth again (it completes the update) before applying anything from the key store'],
      },
      {
        status: 'warn',
        message: 'dist has 1 directory of an interrupted synth beside it: .dist.staging-0123abcd',
        details: ['run cdk8s-mesh synth again: it recovers the tree (the complete new one, else the old one) and removes them'],
      },
    ]);
    expect(fs.existsSync(path.join(dir, '.mesh-keys', '.transaction', 'journal.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.dist.staging-0123abcd'))).toBe(true);
  });

  test('--output json: one document with every result, the counts and the status', () => {
    // GIVEN
    const dir = synthesized();

    // WHEN
    const r = cdk8sMesh(dir, ['check', '--output', 'json']);

    // THEN
    expect(r.stderr).toEqual('');
    expect(r.code).toEqual(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['version', 'status', 'strict', 'passed', 'counts', 'groups']);
    expect([doc.version, doc.status, doc.strict, doc.passed]).toEqual([1, 'warn', false, true]);
    expect(doc.counts).toEqual({ ok: 13, warn: 2, fail: 0 });
    expect(doc.groups.map((g: any) => g.name)).toEqual(['output tree', 'schemas', 'mesh identity', 'remote secrets', 'certificates', 'namespaces', 'private material', 'rbac audit']);
    expect(doc.groups.find((g: any) => g.name === 'certificates').results).toEqual([{
      status: 'warn',
      message: 'mesh "mesh1": no cacerts for east, west (key store .mesh-keys does not exist)',
      details: ['each istiod then signs with its own self-signed root and cross-cluster mTLS fails; add a trust root to the mesh'],
    }]);
  });

  test('--strict: warnings fail (exit 1), in text and in JSON', () => {
    // GIVEN a tree whose check has warnings and no failure
    const dir = synthesized();

    // WHEN
    const text = cdk8sMesh(dir, ['check', '--strict']);
    const json = cdk8sMesh(dir, ['check', '--strict', '--output', 'json']);

    // THEN
    expect(text.code).toEqual(1);
    expect(text.stdout.split('\n').slice(-2)).toEqual(['Status check results are ✗ (2 warnings; --strict: warnings fail)', '']);
    expect(json.code).toEqual(1);
    expect([JSON.parse(json.stdout).status, JSON.parse(json.stdout).passed]).toEqual(['warn', false]);
  });

  test('kustomization that does not list exactly the manifests, a file that is not YAML', () => {
    // GIVEN
    const dir = synthesized();
    fs.rmSync(path.join(dir, 'dist', 'east', 'service.sample.curl.yaml'));
    write(dir, 'dist/east/extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: sample}\n');
    write(dir, 'dist/west/broken.yaml', 'a: [\n');

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ 1 file of dist is not valid YAML');
    expect(out).toContain('    west/broken.yaml: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(out).toContain('✗ east: kustomization.yaml does not list exactly the cluster\'s manifests');
    expect(out).toContain('    not listed: extra.yaml');
    expect(out).toContain('    listed but missing: service.sample.curl.yaml');
    expect(out).toContain('    not listed: broken.yaml');
    expect(out[out.length - 2]).toEqual('Status check results are ✗ (3 failures, 2 warnings)');
    expect(r.code).toEqual(1);
  });

  test('RBAC audit: a planted cluster-admin binding fails; wildcard verbs, unknown roles and cluster-wide Secret reads are listed; kustomization patches fail', () => {
    // GIVEN a synthesized tree with hand-added grants and a patch in west's kustomization
    const dir = synthesized();
    const planted = [
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: planted}\n'
        + 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: x, namespace: sample}]\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: greedy}\n'
        + 'rules: [{apiGroups: [""], resources: [secrets], verbs: ["*"]}]\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: stray, namespace: sample}\n'
        + 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: somebody-elses}\nsubjects: [{kind: ServiceAccount, name: x, namespace: sample}]\n',
    ];
    const names = ['clusterrolebinding.planted.yaml', 'clusterrole.greedy.yaml', 'rolebinding.sample.stray.yaml'];
    names.forEach((f, i) => write(dir, `dist/east/${f}`, planted[i]));
    const kustomization = path.join(dir, 'dist', 'east', 'kustomization.yaml');
    fs.writeFileSync(kustomization, fs.readFileSync(kustomization, 'utf-8').replace('resources:\n', `resources:\n${names.map(n => `  - ${n}\n`).join('')}`));
    const westKustomization = path.join(dir, 'dist', 'west', 'kustomization.yaml');
    fs.appendFileSync(westKustomization, 'patches:\n  - path: more.yaml\n');

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ east: 1 superuser grant');
    expect(out).toContain('    ClusterRoleBinding planted binds the built-in ClusterRole cluster-admin: no consumer needs it; grant the rules it uses instead');
    expect(out).toContain('    ClusterRole greedy allows every verb (*) on secrets: expected only for Argo CD\'s manager role and custom consumers that acknowledged wildcards');
    expect(out).toContain('    ClusterRole greedy reads Secrets in every namespace: expected only for Argo CD\'s manager role');
    expect(out).toContain('    RoleBinding sample/stray binds ClusterRole somebody-elses, which this tree does not define: review what it grants');
    expect(out).toContain('✓ west: no superuser grant, no wildcard verb, every binding names a role of the tree or of the install');
    expect(out).toContain('✗ west: kustomization.yaml sets patches: these change the applied objects outside the reviewed manifests');
    expect(r.code).toEqual(1);
  });

  test('objects invalid against their upstream schema, and kinds nothing knows, fail', () => {
    // GIVEN
    const dir = synthesized();
    const file = path.join(dir, 'dist', 'east', 'deployment.sample.curl.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('serviceAccountName: curl', 'serviceAccountName: 42'));
    const istio = path.join(dir, 'dist', 'west', 'istio.default.yaml');
    fs.writeFileSync(istio, fs.readFileSync(istio, 'utf-8').replace('namespace: istio-system', 'namespace: istio-system\n  profil: remote'));
    write(dir, 'dist/west/widget.example.com.w.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    const k = path.join(dir, 'dist', 'west', 'kustomization.yaml');
    fs.writeFileSync(k, fs.readFileSync(k, 'utf-8') + '  - widget.example.com.w.yaml\n');

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ east: 1 schema error in 16 objects');
    expect(out).toContain('    deployment.sample.curl.yaml Deployment/curl: /spec/template/spec/serviceAccountName: must be string');
    expect(out).toContain('✗ west: 2 schema errors in 10 objects');
    expect(out).toContain('    istio.default.yaml Istio/default: /spec: unknown field "profil"');
    expect(out).toContain('    widget.example.com.w.yaml Widget/w: unknown kind example.com/v1 Widget: no upstream schema to validate it against');
    expect(r.code).toEqual(1);
  });

  test('GitOps delivery objects are validated against the Argo CD and Flux CRD schemas; _delivery is not taken for a cluster', () => {
    // GIVEN: a tree with a Flux delivery (a GitRepository, its own Kustomization and three per cluster), one Kustomization field misspelt
    const dir = tempDir('cdk8s-mesh-check-');
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH_FILE
      + '---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Delivery\nmetadata:\n  name: gitops\n'
      + 'spec:\n  flux: {repoUrl: "https://git.example.com/mesh.git", managementCluster: east, kubeConfigSecrets: {west: west-kubeconfig}}\n');
    const synth = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']);
    expect(synth.stdout).toContain('GitOps delivery dist/_delivery/flux/: ');
    const clean = cdk8sMesh(dir, ['check']);
    const kustomization = path.join(dir, 'dist', '_delivery', 'flux', 'kustomization.flux-system.mesh-west-manifests.yaml');
    fs.writeFileSync(kustomization, fs.readFileSync(kustomization, 'utf-8').replace('  prune: true', '  prune: true\n  wiat: true'));

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const before = lines(clean.stdout);
    expect(before.filter(l => l.includes('_delivery'))).toEqual(['✓ _delivery: 8 objects valid against the Argo CD and Flux CRD schemas']);
    const out = lines(r.stdout);
    expect(out).toContain('✗ _delivery: 1 schema error in 8 objects');
    expect(out).toContain('    _delivery/flux/kustomization.flux-system.mesh-west-manifests.yaml Kustomization/mesh-west-manifests: /spec: unknown field "wiat"');
    expect(r.code).toEqual(1);
  });

  test('discovery selectors that do not select the control-plane namespace fail', () => {
    // GIVEN a mesh whose clusters watch only namespaces labelled istio-discovery=enabled
    const dir = tempDir('cdk8s-mesh-check-');
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH_FILE.replace(/  network: (net[12])\n/g,
      '  network: $1\n  discoverySelectors:\n    - matchLabels: {istio-discovery: enabled}\n'));
    expect(cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml']).code).toEqual(0);
    const before = lines(cdk8sMesh(dir, ['check']).stdout);
    const ns = path.join(dir, 'dist', 'west', 'namespace.istio-system.yaml');
    fs.writeFileSync(ns, fs.readFileSync(ns, 'utf-8').replace('istio-discovery: enabled', 'istio-discovery: disabled'));

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    expect(before).toContain('✓ west: Namespace istio-system matches the discovery selectors');
    const out = lines(r.stdout);
    expect(out).toContain('✓ east: Namespace istio-system matches the discovery selectors');
    expect(out.find(l => l.startsWith('✗ west: Namespace istio-system'))).toEqual(
      '✗ west: Namespace istio-system (labels {"istio-discovery":"disabled","topology.istio.io/network":"net2"}) matches none of the discovery selectors of '
      + 'Istio/default: istiod would not see its own east-west gateway and cross-network traffic fails; label it {"istio-discovery":"enabled"}');
    expect(r.code).toEqual(1);
  });

  test('a network label that disagrees with the control plane fails mesh identity', () => {
    // GIVEN
    const dir = synthesized();
    const ns = path.join(dir, 'dist', 'west', 'namespace.istio-system.yaml');
    fs.writeFileSync(ns, fs.readFileSync(ns, 'utf-8').replace('topology.istio.io/network: net2', 'topology.istio.io/network: net1'));
    const service = path.join(dir, 'dist', 'west', 'service.istio-system.istio-eastwestgateway.yaml');
    fs.writeFileSync(service, fs.readFileSync(service, 'utf-8').replace('topology.istio.io/network: net2', 'topology.istio.io/network: net3'));

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ west: mesh ID, cluster name and network disagree');
    expect(out).toContain('    Namespace istio-system has topology.istio.io/network="net1", but the control plane\'s network is "net2"');
    expect(out).toContain('    Service istio-system/istio-eastwestgateway has topology.istio.io/network="net3", but the control plane\'s network is "net2"');
    expect(r.code).toEqual(1);
  });

  test('private keys and tokens in the output tree fail, without printing them', () => {
    // GIVEN
    const dir = synthesized();
    const token = fakeToken();
    write(dir, 'dist/east/install/notes.txt', `-----BEGIN PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n-----END PRIVATE KEY-----\n`);
    write(dir, 'dist/west/secret.istio-system.leak.yaml', YAML.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'leak', namespace: 'istio-system' },
      data: { kubeconfig: Buffer.from(`users:\n- user:\n    token: ${token}\n`).toString('base64') },
    }));

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ 2 files of dist hold private material');
    expect(out).toContain('    east/install/notes.txt: PEM private key');
    expect(out).toContain('    west/secret.istio-system.leak.yaml: base64-encoded token');
    expect(r.stdout).not.toContain(token);
    expect(r.stdout).not.toContain(Buffer.from(token).toString('base64').slice(0, 20));
    expect(r.code).toEqual(1);
  });

  test('a key store inside the output tree fails; loose key file permissions fail', () => {
    // GIVEN
    const dir = synthesized();
    write(dir, 'keys/.gitignore', '*\n');
    write(dir, 'keys/root/root-key.pem', `-----BEGIN EC PRIVATE KEY-----\n${randomBytes(32).toString('base64')}\n-----END EC PRIVATE KEY-----\n`, 0o644);

    // WHEN
    const inside = cdk8sMesh(dir, ['check', 'dist', '--key-store', 'dist/keys']);
    const loose = cdk8sMesh(dir, ['check', 'dist', '--key-store', 'keys']);

    // THEN
    expect(lines(inside.stdout)).toContain('✗ key store dist/keys is inside the output tree dist (or contains it): the output tree is reviewed and committed');
    expect(inside.code).toEqual(1);
    expect(lines(loose.stdout)).toContain('✓ key store keys is outside the output tree');
    expect(lines(loose.stdout)).toContain('✗ 1 key store file with private material is readable by others');
    expect(lines(loose.stdout)).toContain('    root/root-key.pem: mode 0644');
    // A key store without remote secrets: endpoint discovery is off.
    expect(lines(loose.stdout)).toContain('‼ mesh "mesh1": no remote secrets: endpoint discovery is off, so each istiod sees only its own cluster\'s endpoints');
    expect(loose.code).toEqual(1);
  });

  (HAVE_OPENSSL ? describe : describe.skip)('certificates (test CAs made with openssl at test time)', () => {
    test('cacerts chains verify, keys match, one root per mesh; expiry is counted in days', () => {
      // GIVEN
      const dir = synthesized();
      const root = makeRoot();
      write(dir, '.mesh-keys/.gitignore', '*\n');
      write(dir, '.mesh-keys/east/secret.istio-system.cacerts.yaml', cacertsSecret(makeIntermediate(root, 'Intermediate CA', 365), root), 0o600);
      write(dir, '.mesh-keys/west/secret.istio-system.cacerts.yaml', cacertsSecret(makeIntermediate(root, 'Intermediate CA', 20), root), 0o600);

      // WHEN
      const r = cdk8sMesh(dir, ['check']);

      // THEN
      const out = lines(r.stdout);
      expect(out).toContain('✓ east: cacerts (east/secret.istio-system.cacerts.yaml): chain verifies, key matches; the intermediate expires in 364 days, the root expires in 3649 days');
      expect(out).toContain('‼ west: cacerts (west/secret.istio-system.cacerts.yaml): chain verifies, key matches; the intermediate expires in 19 days, the root expires in 3649 days');
      expect(out).toContain('    renew the intermediate: cdk8s-mesh synth (with the same key store .mesh-keys) re-issues it in the last third of its validity');
      expect(out).toContain('    then deliver the new cacerts: apply west/secret.istio-system.cacerts.yaml from the key store, '
        + 'or commit the re-synthesized tree when secretDelivery encrypts it');
      expect(out).toContain('✓ mesh "mesh1": 2 clusters share one root');
      expect(out).toContain('✓ key store .mesh-keys is outside the output tree');
      expect(r.code).toEqual(0);
    });

    test('a key that does not match and an intermediate from another root fail', () => {
      // GIVEN
      const dir = synthesized();
      const root = makeRoot();
      const other = makeRoot('Other Root');
      const east = makeIntermediate(root);
      write(dir, '.mesh-keys/east/secret.istio-system.cacerts.yaml', cacertsSecret(east, root, { key: makeIntermediate(root).key }), 0o600);
      write(dir, '.mesh-keys/west/secret.istio-system.cacerts.yaml', cacertsSecret(makeIntermediate(other), root), 0o600);

      // WHEN
      const r = cdk8sMesh(dir, ['check']);

      // THEN
      const out = lines(r.stdout);
      expect(out).toContain('✗ east: cacerts (east/secret.istio-system.cacerts.yaml): the CA does not verify');
      expect(out).toContain('    the private key does not match the certificate');
      expect(out).toContain('✗ west: cacerts (west/secret.istio-system.cacerts.yaml): the CA does not verify');
      expect(out).toContain('    "O=Test, CN=Intermediate CA" is not signed by the root "O=Test, CN=Root CA" or by a certificate of the chain');
      expect(r.code).toEqual(1);
    });

    test('clusters of one mesh with different roots fail', () => {
      // GIVEN
      const dir = synthesized();
      const root = makeRoot();
      const other = makeRoot('Other Root');
      write(dir, '.mesh-keys/east/secret.istio-system.cacerts.yaml', cacertsSecret(makeIntermediate(root), root), 0o600);
      write(dir, '.mesh-keys/west/secret.istio-system.cacerts.yaml', cacertsSecret(makeIntermediate(other), other), 0o600);

      // WHEN
      const r = cdk8sMesh(dir, ['check']);

      // THEN
      const out = lines(r.stdout);
      expect(out).toContain('✗ mesh "mesh1": clusters use different roots: cross-cluster mTLS fails');
      expect(out.filter(l => /^ {4}(east|west): root "O=Test, CN=(Root CA|Other Root)" \(SHA-256 [0-9A-F:]{23}…\)$/.test(l))).toHaveLength(2);
      expect(r.code).toEqual(1);
    });

    test('a Linkerd identity issuer must be an ECDSA P-256 CA that chains to the trust anchor', () => {
      // GIVEN
      const dir = synthesized();
      const anchor = makeRoot('root.linkerd.cluster.local');
      write(dir, '.mesh-keys/east/secret.linkerd.linkerd-identity-issuer.yaml', linkerdIssuerSecret(makeIntermediate(anchor, 'identity.linkerd.cluster.local'), anchor), 0o600);
      write(dir, '.mesh-keys/west/secret.linkerd.linkerd-identity-issuer.yaml',
        linkerdIssuerSecret(makeIntermediate(anchor, 'identity.linkerd.cluster.local', 365, true), anchor), 0o600);

      // WHEN
      const r = cdk8sMesh(dir, ['check']);

      // THEN
      const out = lines(r.stdout);
      expect(out).toContain('✓ east: linkerd-identity-issuer (east/secret.linkerd.linkerd-identity-issuer.yaml): chain verifies, key matches; '
        + 'the intermediate expires in 364 days, the root expires in 3649 days');
      expect(out).toContain('✗ west: linkerd-identity-issuer (west/secret.linkerd.linkerd-identity-issuer.yaml): the CA does not verify');
      expect(out).toContain('    the issuer key is not ECDSA P-256, which Linkerd requires');
      expect(r.code).toEqual(1);
    });

    test('an intermediate that expired fails', () => {
      // GIVEN
      const dir = synthesized();
      const root = makeRoot();
      write(dir, '.mesh-keys/east/secret.istio-system.cacerts.yaml', cacertsSecret(makeIntermediate(root, 'Intermediate CA', 10), root), 0o600);

      // WHEN
      const r = cdk8sMesh(dir, ['check', '--at', new Date(Date.now() + 30 * 86400000).toISOString()]);

      // THEN
      expect(lines(r.stdout).find(l => l.startsWith('✗ east: cacerts'))).toMatch(
        /^✗ east: cacerts \(east\/secret\.istio-system\.cacerts\.yaml\): chain verifies, key matches; the intermediate expired on \d{4}-\d\d-\d\dT[\d:.]+Z, the root expires in 3619 days$/);
      expect(r.code).toEqual(1);
    });
  });

  test('remote-secret tokens: an expired one fails and one expiring within 30 days warns, with the renewal, never the token', () => {
    // GIVEN tokens whose exp is 2 days ago (west's Secret in east) and in 10 days (east's Secret in west)
    const dir = synthesized();
    const token = (days: number) => `${b64url(JSON.stringify({ alg: 'RS256' }))}.${b64url(JSON.stringify({
      sub: 'system:serviceaccount:istio-system:istio-reader-service-account', exp: Math.floor(Date.now() / 1000) + days * 86400,
    }))}.${b64url(randomBytes(64))}`;
    write(dir, '.mesh-keys/east/secret.istio-system.istio-remote-secret-west.yaml', remoteSecret('west', { token: token(-2) }), 0o600);
    write(dir, '.mesh-keys/west/secret.istio-system.istio-remote-secret-east.yaml', remoteSecret('east', { token: token(10.5) }), 0o600);

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    const expired = out.findIndex(l => /^✗ east: istio-remote-secret-west: its token for west expired on \d{4}-\d\d-\d\d: istiod in east no longer reads west$/.test(l));
    expect(expired).toBeGreaterThan(-1);
    expect(out[expired + 1]).toEqual('    create a new token in west: (umask 077; kubectl --context=west -n istio-system create token istio-reader-service-account --duration=8760h > .mesh-keys/west/istio-reader-service-account.token)');
    expect(out.some(l => /^‼ west: istio-remote-secret-east: its token for east expires in 10 days \(\d{4}-\d\d-\d\d\)$/.test(l))).toBe(true);
    expect(r.stdout).not.toMatch(/eyJ/);
    expect(r.code).toEqual(1);
  });

  test('remote secrets: a primary missing one fails; their shape is checked', () => {
    // GIVEN
    const dir = synthesized();
    write(dir, '.mesh-keys/east/secret.istio-system.istio-remote-secret-west.yaml', remoteSecret('west'), 0o600);

    // WHEN
    const one = cdk8sMesh(dir, ['check']);
    write(dir, '.mesh-keys/west/secret.istio-system.istio-remote-secret-east.yaml', remoteSecret('east', { tokenFile: '/var/run/token' }), 0o600);
    const both = cdk8sMesh(dir, ['check']);

    // THEN
    expect(lines(one.stdout)).toContain('✓ east: reads west');
    expect(lines(one.stdout)).toContain('✗ west: no remote secret for east');
    expect(lines(one.stdout)).toContain('    east: istiod in west does not see its endpoints');
    expect(one.code).toEqual(1);
    expect(lines(both.stdout)).toContain('✗ west: 2 remote secret problems');
    expect(lines(both.stdout)).toContain('    istio-remote-secret-east: the user of "east" uses tokenFile: istiod rejects file paths in remote kubeconfigs');
    expect(lines(both.stdout)).toContain('    istio-remote-secret-east: the user of "east" has no credential (token, client-key-data, exec or auth-provider)');
    expect(both.stdout).not.toMatch(/eyJ/);
  });

  test('remote secrets: pending ones (recorded by synth in the key store) are warnings with their commands; a record whose Secret exists is done', () => {
    // GIVEN: east's Secret for west is pending (and west has no API server yet); west's for east was pending and is now built
    const dir = synthesized();
    const record = (consumer: string, read: string, needsApiServer: boolean) => YAML.stringify({
      secret: `istio-system/istio-remote-secret-${read}`,
      cluster: read,
      consumerCluster: consumer,
      needsApiServer,
      tokenCommand: `kubectl --context=${read} -n istio-system create token istio-reader-service-account --duration=8760h`,
      tokenFile: `${read}/istio-reader-service-account.token`,
      file: `${consumer}/secret.istio-system.istio-remote-secret-${read}.yaml`,
    });
    write(dir, 'keys/.gitignore', '*\n');
    write(dir, 'keys/east/secret.istio-system.istio-remote-secret-west.yaml.pending', record('east', 'west', true));
    write(dir, 'keys/west/secret.istio-system.istio-remote-secret-east.yaml.pending', record('west', 'east', false));
    write(dir, 'keys/west/secret.istio-system.istio-remote-secret-east.yaml', remoteSecret('east'), 0o600);

    // WHEN
    const r = cdk8sMesh(dir, ['check', 'dist', '--key-store', 'keys/']);

    // THEN
    const out = lines(r.stdout);
    const group = out.slice(out.indexOf('remote secrets'), out.indexOf('certificates') - 1);
    expect(group).toEqual([
      'remote secrets',
      '--------------',
      '‼ east: remote secret for west is pending: no credential was given (istio-system/istio-remote-secret-west)',
      '    give cluster west its API server (apiServer or kubeconfig), then',
      '    run (umask 077; kubectl --context=west -n istio-system create token istio-reader-service-account --duration=8760h > keys/west/istio-reader-service-account.token)',
      '    give that token as west\'s credential, synthesize again, and apply keys/east/secret.istio-system.istio-remote-secret-west.yaml to east',
      '✓ west: reads east',
    ]);
    expect(r.code).toEqual(0);
  });

  test('Linkerd chart values are checked against the charts\' keys', () => {
    // GIVEN
    const dir = synthesized();
    write(dir, 'dist/east/install/linkerd-multicluster-values.yaml',
      YAML.stringify({ controllers: [{ link: { ref: { name: 'west' } }, logLevel: 'verbose' }], gatewayy: { enabled: true } }));

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ east: 2 schema errors in 16 objects and 1 install file');
    expect(out).toContain('    install/linkerd-multicluster-values.yaml: /: unknown field "gatewayy"');
    expect(out).toContain('    install/linkerd-multicluster-values.yaml: /controllers/0/logLevel: must be one of "error", "warn", "info", "debug", "trace"');
    expect(r.code).toEqual(1);
  });

  test('Linkerd links: a Link without a controller, a legacy controller beside a chart one, a controller without a Link', () => {
    // GIVEN
    const dir = synthesized();
    const link = (name: string) => YAML.stringify({
      apiVersion: 'multicluster.linkerd.io/v1alpha3',
      kind: 'Link',
      metadata: { name, namespace: 'linkerd-multicluster' },
      spec: { targetClusterName: name, clusterCredentialsSecret: `cluster-credentials-${name}` },
    });
    write(dir, 'dist/east/link.linkerd-multicluster.west.yaml', link('west'));
    write(dir, 'dist/east/link.linkerd-multicluster.north.yaml', link('north'));
    write(dir, 'dist/east/deployment.linkerd-multicluster.linkerd-service-mirror-west.yaml', YAML.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'linkerd-service-mirror-west', namespace: 'linkerd-multicluster', labels: { 'component': 'service-mirror', 'mirror.linkerd.io/cluster-name': 'west' } },
      spec: { selector: { matchLabels: { component: 'linkerd-service-mirror' } }, template: { metadata: { labels: { component: 'linkerd-service-mirror' } }, spec: { containers: [{ name: 'service-mirror', image: 'cr.l5d.io/linkerd/controller:stable-2.14.0' }] } } },
    }));
    write(dir, 'dist/east/install/linkerd-multicluster-values.yaml', YAML.stringify({ controllers: [{ link: { ref: { name: 'west' } } }, { link: { ref: { name: 'south' } } }] }));
    const k = path.join(dir, 'dist', 'east', 'kustomization.yaml');
    fs.writeFileSync(k, fs.readFileSync(k, 'utf-8')
      + '  - link.linkerd-multicluster.west.yaml\n  - link.linkerd-multicluster.north.yaml\n  - deployment.linkerd-multicluster.linkerd-service-mirror-west.yaml\n');

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ east: Link west');
    expect(out).toContain('    a legacy controller (Deployment linkerd-service-mirror-west) and a chart-managed one (install/linkerd-multicluster-values.yaml controllers[]) '
      + 'fight over Lease service-mirror-write-west; remove the legacy one: linkerd mc unlink --cluster-name west --only-controller | kubectl delete -f -');
    expect(out).toContain('✗ east: Link north');
    expect(out).toContain("    no service mirror controller: add { link: { ref: { name: north } } } to the linkerd-multicluster values' controllers, or render its manifests");
    expect(out).toContain('‼ east: install/linkerd-multicluster-values.yaml controllers[] names link "south", which has no Link in this cluster: the controller waits for it');
    expect(out).toContain('✓ east: 19 objects and 1 install file valid against their upstream schemas');
    expect(r.code).toEqual(1);
  });

  test('a tree with no cluster, or a cluster without a kustomization, fails', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-check-');
    write(dir, 'empty/.cdk8s-mesh', 'marker\n');
    write(dir, 'odd/east/namespace.istio-system.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n');
    write(dir, 'odd/west/kustomization.yaml', 'resources: []\n');

    // WHEN
    const empty = cdk8sMesh(dir, ['check', 'empty']);
    const odd = cdk8sMesh(dir, ['check', 'odd']);

    // THEN
    expect(lines(empty.stdout)).toContain('✗ empty has no cluster directories');
    expect(empty.code).toEqual(1);
    const out = lines(odd.stdout);
    expect(out).toContain('‼ odd has no .cdk8s-mesh marker: it was not written by cdk8s-mesh synth, or was copied without it');
    expect(out).toContain('✗ east: no kustomization.yaml');
    expect(out).toContain('✗ west: kustomization.yaml is not a Kustomization with a resources list');
    expect(out).toContain('‼ east: no Istio control-plane configuration found (Sail Istio resource, istiod values or IstioOperator file)');
    expect(odd.code).toEqual(1);
  });

  test('a control plane whose cluster name differs from its directory, without its namespace, fails', () => {
    // GIVEN
    const dir = synthesized();
    const istio = path.join(dir, 'dist', 'west', 'istio.default.yaml');
    fs.writeFileSync(istio, fs.readFileSync(istio, 'utf-8').replace('clusterName: west', 'clusterName: west2').replace('      network: net2\n', ''));
    fs.rmSync(path.join(dir, 'dist', 'west', 'namespace.istio-system.yaml'));
    const k = path.join(dir, 'dist', 'west', 'kustomization.yaml');
    fs.writeFileSync(k, fs.readFileSync(k, 'utf-8').replace('  - namespace.istio-system.yaml\n', ''));

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ west: mesh ID, cluster name and network disagree');
    expect(out).toContain('    Istio/default sets no network (global.network)');
    expect(out).toContain('    cluster name "west2" differs from the directory name "west"');
    expect(out).toContain('    no Namespace istio-system in the tree: its topology.istio.io/network label cannot be set');
    expect(r.code).toEqual(1);
  });

  test('Linkerd links: a Link named differently from its target, a legacy-only controller', () => {
    // GIVEN
    const dir = synthesized();
    write(dir, 'dist/east/link.linkerd-multicluster.west.yaml', YAML.stringify({
      apiVersion: 'multicluster.linkerd.io/v1alpha3',
      kind: 'Link',
      metadata: { name: 'west', namespace: 'linkerd-multicluster' },
      spec: { targetClusterName: 'west-cluster' },
    }));
    write(dir, 'dist/west/link.linkerd-multicluster.east.yaml', YAML.stringify({
      apiVersion: 'multicluster.linkerd.io/v1alpha3',
      kind: 'Link',
      metadata: { name: 'east', namespace: 'linkerd-multicluster' },
      spec: { targetClusterName: 'east' },
    }));
    write(dir, 'dist/west/deployment.linkerd-multicluster.linkerd-service-mirror-east.yaml', YAML.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'linkerd-service-mirror-east', namespace: 'linkerd-multicluster' },
      spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'service-mirror', image: 'x' }] } } },
    }));
    write(dir, 'dist/east/install/linkerd-multicluster-values.yaml', YAML.stringify({ controllers: [{ link: { ref: { name: 'west' } } }] }));

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('✗ east: Link west');
    expect(out).toContain('    spec.targetClusterName is "west-cluster": the controller finds its Link by name and linkerd mc check by targetClusterName; keep both "west"');
    expect(out).toContain('‼ west: Link east uses the legacy controller Deployment linkerd-service-mirror-east');
    expect(out).toContain('    migrate to a chart-managed controller (Linkerd 2.18+): add it to controllers, then remove the legacy one with linkerd mc unlink --only-controller');
  });

  test('namespace-scoped access in a namespace no manifest declares is a warning', () => {
    // GIVEN
    const dir = synthesized();
    write(dir, 'dist/west/role.bookinfo.kiali-viewer.yaml', YAML.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'kiali-viewer', namespace: 'bookinfo' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    }));
    const k = path.join(dir, 'dist', 'west', 'kustomization.yaml');
    fs.writeFileSync(k, fs.readFileSync(k, 'utf-8') + '  - role.bookinfo.kiali-viewer.yaml\n');

    // WHEN
    const r = cdk8sMesh(dir, ['check']);

    // THEN
    const out = lines(r.stdout);
    expect(out).toContain('‼ west: access in 1 namespace no manifest declares: bookinfo');
    expect(out).toContain('    Role bookinfo/kiali-viewer');
    expect(out).toContain('    they may not exist yet: these objects fail to apply until the namespaces are created');
    expect(r.code).toEqual(0);
  });

  test.each([
    [['check', 'nowhere'], 1, 'error: output directory "nowhere" does not exist: run cdk8s-mesh synth first, or name the directory to check\n'],
    [['check', 'mesh.yaml'], 1, 'error: output directory "mesh.yaml" is not a directory\n'],
    [['check', '--at', 'tomorrow'], 2, 'error: --at "tomorrow" is not a date: give an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z\n'],
    [['check', 'a', 'b'], 2, "error: too many arguments for 'check'. Expected 1 argument but got 2.\n(run with --help for usage)\n"],
    [['check', ''], 2, 'error: the output directory argument is empty: give the directory to check, or leave it out for the default (dist)\n'],
    [['check', '--key-store', ''], 2, 'error: --key-store is empty: give the key store synth wrote, or leave --key-store out for the default\n'],
    [['check', '--key-store', 'mesh.yaml'], 1, 'error: key store "mesh.yaml" exists and is not a directory: give the key store synth wrote with --key-store\n'],
  ])('usage and input errors: %j', (args, code, stderr) => {
    const dir = synthesized();
    const r = cdk8sMesh(dir, args as string[]);
    expect(r.stderr).toEqual(stderr);
    expect(r.stdout).toEqual('');
    expect(r.code).toEqual(code);
  });
});

describe('cdk8s-mesh check: Kiali remote clusters', () => {
  const CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

  /** A JWT-shaped token expiring at `exp` (seconds), made at test time (not a real credential). */
  function tokenExpiring(exp: number): string {
    return `${b64url(JSON.stringify({ alg: 'RS256', kid: 'test' }))}.${b64url(JSON.stringify({ sub: 'system:serviceaccount:istio-system:kiali-service-account', exp }))}.${b64url(randomBytes(64))}`;
  }

  /** Kiali in west reads east; with a token file when `token` is given. */
  function kialiMesh(token?: string): string {
    const dir = tempDir('cdk8s-mesh-check-kiali-');
    fs.writeFileSync(path.join(dir, 'east-ca.crt'), CA);
    if (token !== undefined) { write(dir, 'kiali.token', `${token}\n`, 0o600); }
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), `${MESH_FILE.replace('  network: net1\n', '  network: net1\n  apiServer:\n    server: https://east.example.com:6443\n    caFile: east-ca.crt\n')}---
apiVersion: cdk8s-mesh.io/v1alpha1
kind: RemoteAccess
metadata:
  name: kiali
spec:
  cluster: east
  consumer: kiali
  consumerCluster: west
${token !== undefined ? '  credentials:\n    tokenFile: kiali.token\n' : ''}`);
    const r = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml', '--key-store', 'keys']);
    if (r.code !== 0) { throw new Error(r.stderr); }
    return dir;
  }

  function kialiGroup(dir: string): { group: string[]; code: number } {
    const r = cdk8sMesh(dir, ['check', 'dist', '--key-store', 'keys']);
    const out = lines(r.stdout);
    const start = out.indexOf('kiali remote clusters');
    return { group: start < 0 ? [] : out.slice(start, out.indexOf('', start)), code: r.code ?? -1 };
  }

  const SECRET_FILE = 'keys/west/secret.istio-system.kiali-remote-cluster-secret-east.yaml';
  const DAY = 24 * 3600;

  test('a pending Kiali Secret (recorded by synth) is a warning with the command that completes it', () => {
    // GIVEN
    const dir = kialiMesh();

    // WHEN
    const { group, code } = kialiGroup(dir);

    // THEN
    expect(group).toEqual([
      'kiali remote clusters',
      '---------------------',
      '‼ west: Kiali kiali\'s Secret for east is pending: no credential was given (istio-system/kiali-remote-cluster-secret-east)',
      '    run (umask 077; kubectl --context=east -n istio-system create token kiali-service-account --duration=8760h > keys/east/kiali-service-account.token)',
      '    give that token as the RemoteAccess credential, synthesize again, and apply keys/west/secret.istio-system.kiali-remote-cluster-secret-east.yaml to west',
    ]);
    expect(code).toEqual(0);
  });

  test('a present Secret naming the read cluster\'s API server and CA passes, with its token\'s days', () => {
    // GIVEN
    const dir = kialiMesh(tokenExpiring(Math.floor(Date.now() / 1000) + 100 * DAY + 3600));

    // WHEN
    const { group, code } = kialiGroup(dir);

    // THEN
    expect(group).toEqual([
      'kiali remote clusters',
      '---------------------',
      '✓ west: Kiali kiali reads east (istio-system/kiali-remote-cluster-secret-east), token valid for 100 days',
    ]);
    expect(code).toEqual(0);
  });

  test('the Kiali Secret removed from a synthesized tree\'s key store fails', () => {
    // GIVEN
    const dir = kialiMesh(tokenExpiring(Math.floor(Date.now() / 1000) + 100 * DAY));
    fs.rmSync(path.join(dir, SECRET_FILE));

    // WHEN
    const { group, code } = kialiGroup(dir);

    // THEN
    expect(group).toEqual([
      'kiali remote clusters',
      '---------------------',
      '✗ west: Kiali kiali\'s Secret for east is missing (istio-system/kiali-remote-cluster-secret-east, listed in install/kiali-clustering.yaml)',
      '    Kiali mounts it by name: without it Kiali does not read east',
      '    give check the key store synth wrote (--key-store), or synthesize again (with a credential, or for the pending record and its command)',
    ]);
    expect(code).toEqual(1);
  });

  test('another server or CA in the Secret\'s kubeconfig, and an expired token, fail; a token expiring within 30 days warns', () => {
    // GIVEN: the Secret edited to name another server and no CA, with an expired token
    const dir = kialiMesh(tokenExpiring(Math.floor(Date.now() / 1000) + 10 * DAY + 3600));
    const expiring = kialiGroup(dir);
    const secret = YAML.parse(fs.readFileSync(path.join(dir, SECRET_FILE), 'utf-8'));
    const kubeconfig = YAML.parse(secret.stringData.east);
    kubeconfig.clusters[0].cluster = { server: 'https://other.example.com:6443' };
    kubeconfig.users[0].user.token = tokenExpiring(Date.parse('2020-01-02T00:00:00Z') / 1000);
    secret.stringData.east = YAML.stringify(kubeconfig);
    write(dir, SECRET_FILE, YAML.stringify(secret), 0o600);

    // WHEN
    const broken = kialiGroup(dir);

    // THEN
    expect(expiring.group.slice(2)).toEqual([
      `‼ west: Kiali kiali reads east (istio-system/kiali-remote-cluster-secret-east): its token expires in 10 days (${new Date(Date.now() + 10 * DAY * 1000 + 3600 * 1000).toISOString().slice(0, 10)})`,
      '    create a new token, synthesize again and apply the Secret before then',
    ]);
    expect(expiring.code).toEqual(0);
    expect(broken.group.slice(2)).toEqual([
      '✗ west: Kiali kiali reads east (istio-system/kiali-remote-cluster-secret-east): 3 problems',
      '    its kubeconfig names server https://other.example.com:6443, but east\'s API server is https://east.example.com:6443',
      `    its kubeconfig's CA is missing, but east's API server CA is sha256 ${new X509Certificate(CA).fingerprint256}`,
      '    its token expired on 2020-01-02: create a new one, synthesize again and apply the Secret',
    ]);
    expect(broken.code).toEqual(1);
    expect(broken.group.join('\n')).not.toContain(kubeconfig.users[0].user.token);
  });
});
