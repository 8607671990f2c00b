import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempDir } from '../util';
import { cdk8sMesh, printed } from './run';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const names = fs.readdirSync(EXAMPLES).filter(d => fs.existsSync(path.join(EXAMPLES, d, 'main.ts'))).sort();

/** `line:col` of the document of `kind` in a mesh file (its first line after the comments). */
function documentOf(meshFile: string, kind: string): string {
  const lines = fs.readFileSync(meshFile, 'utf-8').split('\n');
  const i = lines.indexOf(`kind: ${kind}`);
  if (i < 1 || !lines[i - 1].startsWith('apiVersion:')) { throw new Error(`no ${kind} document in ${meshFile}`); }
  return `${i}:1`;
}

/** `line:col` (1-based) of `sub` inside the first line holding `text` in a mesh file. */
function locationOf(meshFile: string, text: string, sub: string): string {
  const lines = fs.readFileSync(meshFile, 'utf-8').split('\n');
  const i = lines.findIndex(l => l.includes(text));
  if (i < 0) { throw new Error(`"${text}" not in ${meshFile}`); }
  return `${i + 1}:${lines[i].indexOf(text) + text.indexOf(sub) + 1}`;
}

/** `line:col` of the document named `name` in a mesh file (its apiVersion line). */
function documentOfName(meshFile: string, name: string): string {
  const lines = fs.readFileSync(meshFile, 'utf-8').split('\n');
  const i = lines.indexOf(`  name: ${name}`);
  const start = lines.slice(0, i).map((l, j) => (l.startsWith('apiVersion:') ? j : -1)).filter(j => j >= 0).pop();
  if (i < 0 || start === undefined) { throw new Error(`no document named ${name} in ${meshFile}`); }
  return `${start + 1}:1`;
}

/** What synth warns for each example (run in `cwd` with --key-store keys), and the ‼ lines of check. */
const EXPECTED: Record<string, { warnings: (meshFile: string, cwd: string) => string[]; checkWarnings: string[]; seedKeyStore?: boolean }> = {
  'ambient-multi-network': {
    seedKeyStore: true,
    warnings: (meshFile, _cwd) => [['cluster1', 'cluster2'], ['cluster2', 'cluster1']].map(([read, reader]) =>
      `warning: ${meshFile}:${locationOf(meshFile, 'endpointDiscovery: full', 'full')} `
      + `Mesh/mesh1: endpoint discovery: Secret istio-system/istio-remote-secret-${read} is pending in ${reader}: no credential was given for cluster "${read}". `
      + `Complete it: run (umask 077; kubectl --context=${read} -n istio-system create token istio-reader-service-account --duration=8760h > keys/${read}/istio-reader-service-account.token) ; `
      + 'synthesize again (synth reads that token file as the cluster\'s credential for endpoint discovery), '
      + `and apply keys/${reader}/secret.istio-system.istio-remote-secret-${read}.yaml to cluster "${reader}"`),
    checkWarnings: [
      '‼ cluster1: remote secret for cluster2 is pending: no credential was given (istio-system/istio-remote-secret-cluster2)',
      '‼ cluster2: remote secret for cluster1 is pending: no credential was given (istio-system/istio-remote-secret-cluster1)',
    ],
  },
  'gitops': {
    seedKeyStore: true,
    warnings: (meshFile, cwd) => [
      `warning: ${meshFile}:${documentOfName(meshFile, 'argocd')} RemoteAccess/argocd: Secret argocd/cluster-<host of cluster2>-<hash> in cluster "cluster1" `
        + '(credentials for cluster "cluster2") is pending: no credential was given. Complete it: give Cluster/cluster2 an apiServer or kubeconfig; '
        + 'run (umask 077; kubectl --context=cluster2 -n kube-system create token argocd-manager --duration=8760h > keys/cluster2/argocd-manager.token) ; '
        + `set spec.credentials.tokenFile: ${path.relative(path.dirname(meshFile), path.join(cwd, 'keys', 'cluster2', 'argocd-manager.token'))} `
        + '(relative to the mesh file) ; synthesize again, and apply keys/cluster1/secret.argocd.cluster-<host of cluster2>-<hash>.yaml to cluster "cluster1"',
      `warning: ${meshFile}:${documentOfName(meshFile, 'kiali')} RemoteAccess/kiali: Secret istio-system/kiali-remote-cluster-secret-cluster2 in cluster "cluster1" `
        + '(credentials for cluster "cluster2") is pending: no credential was given. Complete it: give Cluster/cluster2 an apiServer or kubeconfig; '
        + 'run (umask 077; kubectl --context=cluster2 -n istio-system create token kiali-service-account --duration=8760h > keys/cluster2/kiali-service-account.token) ; '
        + `set spec.credentials.tokenFile: ${path.relative(path.dirname(meshFile), path.join(cwd, 'keys', 'cluster2', 'kiali-service-account.token'))} `
        + '(relative to the mesh file) ; synthesize again, and apply keys/cluster1/secret.istio-system.kiali-remote-cluster-secret-cluster2.yaml to cluster "cluster1"',
    ],
    checkWarnings: [
      '‼ cluster1: 2 install files not checked: no schema is bundled for them',
      '‼ mesh "mesh1": no remote secrets: endpoint discovery is off, so each istiod sees only its own cluster\'s endpoints',
      '‼ cluster1: Kiali kiali\'s Secret for cluster2 is pending: no credential was given (istio-system/kiali-remote-cluster-secret-cluster2)',
      '‼ cluster1: Argo CD\'s Secret for cluster2 is pending: no credential was given (argocd/cluster-<host of cluster2>-<hash>)',
      // Argo CD's manager role is cluster-admin-like upstream (argocd cluster add): the audit lists it for review.
      '‼ cluster2: 3 RBAC grants to review',
    ],
  },
  'gitops-flux': {
    seedKeyStore: true,
    warnings: (meshFile, cwd) => [['east-mirrors-west', 'east', 'west'], ['west-mirrors-east', 'west', 'east']]
      .map(([link, source, target]) => `warning: ${meshFile}:${documentOfName(meshFile, link)} ServiceMirrorLink/${link}: `
        + `Secret linkerd-multicluster/cluster-credentials-${target} and Secret linkerd/cluster-credentials-${target} in cluster "${source}" `
        + `(the credentials of Link "${target}", for cluster "${target}") are pending: no credential was given. Complete them: `
        + `give Cluster/${target} an apiServer or kubeconfig; run (umask 077; kubectl --context=${target} -n linkerd-multicluster create token `
        + `linkerd-service-mirror-remote-access-${source} --duration=8760h > keys/${target}/linkerd-service-mirror-remote-access-${source}.token) ; `
        + `set spec.credentials.tokenFile: ${path.relative(path.dirname(meshFile), path.join(cwd, 'keys', target, `linkerd-service-mirror-remote-access-${source}.token`))} `
        + `(relative to the mesh file) ; synthesize again, and apply keys/${source}/secret.linkerd-multicluster.cluster-credentials-${target}.yaml `
        + `and keys/${source}/secret.linkerd.cluster-credentials-${target}.yaml to cluster "${source}"`),
    checkWarnings: [['east', 'west'], ['west', 'east']].map(([source, link]) =>
      `‼ ${source}: Link ${link} credentials are pending: no credential was given (linkerd-multicluster/cluster-credentials-${link}, linkerd/cluster-credentials-${link})`),
  },
  'linkerd': {
    seedKeyStore: true,
    warnings: (meshFile, cwd) => [['east-mirrors-west', 'east', 'west'], ['west-mirrors-east', 'west', 'east'], ['north-mirrors-east', 'north', 'east']]
      .map(([link, source, target]) => `warning: ${meshFile}:${documentOfName(meshFile, link)} ServiceMirrorLink/${link}: `
        + `Secret linkerd-multicluster/cluster-credentials-${target} and Secret linkerd/cluster-credentials-${target} in cluster "${source}" `
        + `(the credentials of Link "${target}", for cluster "${target}") are pending: no credential was given. Complete them: `
        + `give Cluster/${target} an apiServer or kubeconfig; run (umask 077; kubectl --context=${target} -n linkerd-multicluster create token `
        + `linkerd-service-mirror-remote-access-${source} --duration=8760h > keys/${target}/linkerd-service-mirror-remote-access-${source}.token) ; `
        + `set spec.credentials.tokenFile: ${path.relative(path.dirname(meshFile), path.join(cwd, 'keys', target, `linkerd-service-mirror-remote-access-${source}.token`))} `
        + `(relative to the mesh file) ; synthesize again, and apply keys/${source}/secret.linkerd-multicluster.cluster-credentials-${target}.yaml `
        + `and keys/${source}/secret.linkerd.cluster-credentials-${target}.yaml to cluster "${source}"`)
      .sort((a, b) => Number(a.split(':')[2]) - Number(b.split(':')[2])),
    // the example gives no credentials: check lists each pending link (recorded in the key store)
    checkWarnings: [['east', 'west'], ['north', 'east'], ['west', 'east']].map(([source, link]) =>
      `‼ ${source}: Link ${link} credentials are pending: no credential was given (linkerd-multicluster/cluster-credentials-${link}, linkerd/cluster-credentials-${link})`),
  },
  'multi-primary': {
    seedKeyStore: true,
    warnings: (meshFile, cwd) => [
      ...[['cluster1', 'cluster2'], ['cluster2', 'cluster1']].map(([read, reader]) => `warning: ${meshFile}:${locationOf(meshFile, 'endpointDiscovery: full', 'full')} `
        + `Mesh/mesh1: endpoint discovery: Secret istio-system/istio-remote-secret-${read} is pending in ${reader}: no credential was given for cluster "${read}". `
        + `Complete it: run (umask 077; kubectl --context=${read} -n istio-system create token istio-reader-service-account --duration=8760h > keys/${read}/istio-reader-service-account.token) ; `
        + 'synthesize again (synth reads that token file as the cluster\'s credential for endpoint discovery), '
        + `and apply keys/${reader}/secret.istio-system.istio-remote-secret-${read}.yaml to cluster "${reader}"`),
      `warning: ${meshFile}:${documentOf(meshFile, 'RemoteAccess')} RemoteAccess/kiali: Secret istio-system/kiali-remote-cluster-secret-cluster2 in cluster "cluster1" `
        + '(credentials for cluster "cluster2") is pending: no credential was given. Complete it: '
        + 'run (umask 077; kubectl --context=cluster2 -n istio-system create token kiali-service-account --duration=8760h > keys/cluster2/kiali-service-account.token) ; '
        + `set spec.credentials.tokenFile: ${path.relative(path.dirname(meshFile), path.join(cwd, 'keys', 'cluster2', 'kiali-service-account.token'))} `
        + '(relative to the mesh file) ; synthesize again, and apply keys/cluster1/secret.istio-system.kiali-remote-cluster-secret-cluster2.yaml to cluster "cluster1"',
    ],
    checkWarnings: [
      // The Kiali configuration (install/kiali-clustering.yaml, kiali-server-values.yaml): no Kiali schema is bundled.
      '‼ cluster1: 2 install files not checked: no schema is bundled for them',
      '‼ cluster1: remote secret for cluster2 is pending: no credential was given (istio-system/istio-remote-secret-cluster2)',
      '‼ cluster2: remote secret for cluster1 is pending: no credential was given (istio-system/istio-remote-secret-cluster1)',
      '‼ cluster1: Kiali kiali\'s Secret for cluster2 is pending: no credential was given (istio-system/kiali-remote-cluster-secret-cluster2)',
    ],
  },
  'primary-remote': {
    seedKeyStore: true,
    warnings: (meshFile, cwd) => [
      `warning: ${meshFile}:${documentOf(meshFile, 'RemoteAccess')} RemoteAccess/istiod: Secret istio-system/istio-remote-secret-cluster2 in cluster "cluster1" `
        + '(credentials for cluster "cluster2") is pending: no credential was given. Complete it: give Cluster/cluster2 an apiServer or kubeconfig; '
        + 'run (umask 077; kubectl --context=cluster2 -n istio-system create token istio-reader-service-account --duration=8760h > keys/cluster2/istio-reader-service-account.token) ; '
        + `set spec.credentials.tokenFile: ${path.relative(path.dirname(meshFile), path.join(cwd, 'keys', 'cluster2', 'istio-reader-service-account.token'))} `
        + '(relative to the mesh file) ; synthesize again, and apply keys/cluster1/secret.istio-system.istio-remote-secret-cluster2.yaml to cluster "cluster1"',
    ],
    checkWarnings: [
      '‼ cluster1: remote secret for cluster2 is pending: no credential was given (istio-system/istio-remote-secret-cluster2)',
    ],
  },
};

describe('examples: the mesh file and the TypeScript app write the same tree', () => {
  test('every example app has a mesh file, and an expectation here', () => {
    expect(names).toEqual(Object.keys(EXPECTED).sort());
    expect(names.filter(n => !fs.existsSync(path.join(EXAMPLES, n, 'mesh.yaml')))).toEqual([]);
  });

  test.each(names)('%s', name => {
    // GIVEN: the TypeScript example, synthesized
    const ts = tempDir('cdk8s-mesh-example-ts-');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join(EXAMPLES, name, 'main.ts'));
    build({ outdir: path.join(ts, 'dist'), keyStore: path.join(ts, 'keys') }).synth();

    // WHEN: the CLI synthesizes the example's mesh file, and checks the result
    const cli = fs.realpathSync(tempDir('cdk8s-mesh-example-cli-'));
    const meshFile = path.join(EXAMPLES, name, 'mesh.yaml');
    // Keys are generated once: the CLI run starts from the TypeScript run's key store, and reuses it.
    if (EXPECTED[name].seedKeyStore) {
      fs.cpSync(path.join(ts, 'keys'), path.join(cli, 'keys'), { recursive: true });
    }
    const r = cdk8sMesh(cli, ['synth', '-f', meshFile, '-o', 'dist', '--key-store', 'keys']);
    const check = cdk8sMesh(cli, ['check', 'dist', '--key-store', 'keys']);

    // THEN: byte for byte the same output tree and key store
    expect(r.stderr.split('\n')).toEqual(printed([...EXPECTED[name].warnings(meshFile, cli), '']));
    expect(r.code).toEqual(0);
    const expected = readTree(path.join(ts, 'dist'));
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    expect(readTree(path.join(cli, 'dist'))).toEqual(expected);
    expect(readTree(path.join(cli, 'keys'))).toEqual(readTree(path.join(ts, 'keys')));
    // AND: check passes, with warnings only for what the example leaves out
    expect(check.stdout.split('\n').filter(l => /^[✓‼✗] /.test(l) && !l.startsWith('✓'))).toEqual(EXPECTED[name].checkWarnings);
    expect(check.code).toEqual(0);
  });
});
