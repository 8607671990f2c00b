/**
 * The mesh file (src/mesh-file): every case writes `mesh.yaml` (and the files it
 * names) into the case directory, then runs `cdk8s-mesh synth -f mesh.yaml`
 * in-process (`synthCommand`, with the default output `dist` and key store
 * `.mesh-keys`). The message is what synth prints after `error: `, one line per
 * problem; the messages are those test/mesh-file/*.test.ts and
 * test/cli/synth.test.ts assert, at this file's positions.
 */
import { Io } from '../../../src/cli/io';
import { synthCommand } from '../../../src/cli/synth';
import { sailServedRanges } from '../../../src/istio/version';
import { TEST_CA_PEM } from '../context';
import { ApiCase, Stage } from '../types';
import { DNS_LABEL } from './_shared';

const NATIVE = 'apiVersion: cdk8s-mesh.io/v1alpha1';
const RISTIOCTL = 'apiVersion: ristioctl.k8smgmt.io/v3';

/** An Istio mesh with every default. */
const MESH = `${NATIVE}\nkind: Mesh\nmetadata:\n  name: mesh1\nspec: {}\n`;
/** A Linkerd mesh with its trust root. */
const LINKERD_MESH = `${NATIVE}\nkind: Mesh\nmetadata:\n  name: l5d\nspec: {provider: linkerd, trustRoot: {}}\n`;

/** A Git repository URL for Delivery documents. */
const GIT = 'https://git.example.com/platform/mesh.git';

/** A native Cluster document. */
function cluster(name: string, spec: string): string {
  return `${NATIVE}\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
}

/** A native document of `kind` named `name` with a flow-style or block spec. */
function doc(kind: string, name: string, spec: string): string {
  return `${NATIVE}\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n${spec}`;
}

/** Joins YAML documents. */
function docs(...parts: string[]): string {
  return parts.join('---\n');
}

/** A kubeconfig with one context (and cluster) per name; the user token is never read. */
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

/** synth's streams: the process's own, so that the catalogue test sees any warning printed. */
const IO: Io = {
  interactive: false,
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

/** `cdk8s-mesh synth -f mesh.yaml`, in-process, in the case directory. */
function synth(): void {
  synthCommand({ file: 'mesh.yaml', output: 'dist', keyStore: '.mesh-keys' }, IO);
}

/** What a mesh-file case gives. */
interface MeshFileCase {
  readonly id: string;
  readonly title: string;
  /** The text of mesh.yaml. */
  readonly text: string;
  /** Other files beside it (relative path → content; `token` makes a JWT-shaped token file at that path). */
  readonly files?: Record<string, string>;
  readonly message: string;
  readonly fix?: string;
}

/** A token file's content, made when the case runs. */
const TOKEN = '<token>';

function meshFileCase(c: MeshFileCase): ApiCase {
  return {
    id: `mesh-file-${c.id}`,
    area: 'mesh-file',
    title: c.title,
    stage: Stage.MESH_FILE,
    setup: ctx => {
      ctx.file('mesh.yaml', c.text, 0o644);
      for (const [name, content] of Object.entries(c.files ?? {})) {
        // Token files owner-only, as the command of the pending warning writes them (umask 077).
        if (content === TOKEN) { ctx.tokenFile(name); } else { ctx.file(name, content, /\.(jwt|token)$/.test(name) ? 0o600 : 0o644); }
      }
    },
    run: synth,
    message: c.message,
    fix: c.fix,
  };
}

const API = (name: string) => `  apiServer: {server: "https://${name}.example.com:6443", caFile: ca.crt}\n`;

const CASES: MeshFileCase[] = [
  // ---- the file and its documents ----
  {
    id: 'empty',
    title: 'The file is empty, or holds only comments',
    text: '# nothing yet\n---\n',
    message: 'mesh.yaml: the file is empty: a mesh file holds YAML documents with apiVersion, kind, metadata.name and spec (run '
      + '"cdk8s-mesh init" for a commented starter file)',
  },
  {
    id: 'not-yaml',
    title: 'The file is not valid YAML (tab indentation)',
    text: 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\n\tmetadata: {}\n',
    message: 'mesh.yaml:3:1: not valid YAML: Tabs are not allowed as indentation',
  },
  {
    id: 'duplicate-key',
    title: 'A document repeats a key',
    text: `${NATIVE}\nkind: Mesh\nkind: Cluster\nmetadata: {name: m}\nspec: {}\n`,
    message: 'mesh.yaml:3:1: not valid YAML: Map keys must be unique',
  },
  {
    id: 'document-not-map',
    title: 'A document is not a map (plain text, a list)',
    text: 'this is not a mesh\n',
    message: 'mesh.yaml:1:1 document 1: ("this is not a mesh") is a string, not a mesh-file document: expected a map with apiVersion, '
      + 'kind, metadata and spec',
  },
  {
    id: 'api-version-missing',
    title: 'A document without apiVersion',
    text: docs(MESH, 'kind: Cluster\nmetadata: {name: east}\nspec: {network: n1}\n'),
    message: 'mesh.yaml:7:1 document 2: \'apiVersion\' (undefined) is required: cdk8s-mesh.io/v1alpha1 (or ristioctl.k8smgmt.io/v3 for '
      + 'a ristioctl file)',
  },
  {
    id: 'api-version-unknown',
    title: 'An apiVersion that is not a mesh-file apiVersion',
    text: docs(MESH, 'apiVersion: cdk8s-mesh.io/v1alpha2\nkind: Cluster\nmetadata: {name: east}\nspec: {network: n1}\n'),
    message: 'mesh.yaml:7:13 document 2: \'apiVersion\' ("cdk8s-mesh.io/v1alpha2") is not a mesh-file apiVersion: expected '
      + 'cdk8s-mesh.io/v1alpha1 (or ristioctl.k8smgmt.io/v3 for a ristioctl file) (did you mean "cdk8s-mesh.io/v1alpha1"?)',
  },
  {
    id: 'kind-unknown',
    title: 'A kind that is not a mesh-file kind',
    text: docs(MESH, `${NATIVE}\nkind: Clustre\nmetadata: {name: east}\nspec: {network: n1}\n`),
    message: 'mesh.yaml:8:7 document 2: \'kind\' ("Clustre") is not a kind of cdk8s-mesh.io/v1alpha1: expected one of Mesh, Cluster, '
      + 'RemoteAccess, ServiceMirrorLink, Delivery (did you mean "Cluster"?)',
  },
  {
    id: 'kind-of-other-api-version',
    title: 'A ristioctl kind under the native apiVersion',
    text: docs(MESH, `${NATIVE}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: mesh1}\n`),
    message: 'mesh.yaml:8:7 document 2: \'kind\' ("Certificate") is not a kind of cdk8s-mesh.io/v1alpha1: expected one of Mesh, '
      + 'Cluster, RemoteAccess, ServiceMirrorLink, Delivery',
    fix: 'ristioctl documents (Certificate, Cluster) use `apiVersion: ristioctl.k8smgmt.io/v3`.',
  },
  {
    id: 'metadata-name-missing',
    title: 'A document without metadata.name',
    text: docs(MESH, `${NATIVE}\nkind: Cluster\nmetadata: {}\nspec: {network: n1}\n`),
    message: 'mesh.yaml:9:11 Cluster (document 2): \'metadata.name\' (undefined) is required: the cluster name '
      + '(global.multiCluster.clusterName), unique in the file; also the name of its output directory',
  },
  {
    id: 'spec-missing',
    title: 'A document without spec',
    text: docs(MESH, `${NATIVE}\nkind: Cluster\nmetadata: {name: east}\n`),
    message: 'mesh.yaml:7:1 Cluster/east: \'spec\' (undefined) is required: the cluster settings (spec: {} for every default)',
  },
  {
    id: 'unknown-top-level-field',
    title: 'An unknown top-level field',
    text: docs(MESH, `${NATIVE}\nkind: Cluster\nmetadata: {name: east}\nspc: {network: n1}\n`),
    message: 'mesh.yaml:10:1 Cluster/east: \'spc\' ({"network":"n1"}) is not a field of a Cluster document (did you mean "spec"?): '
      + 'expected one of apiVersion, kind, metadata, spec',
  },
  {
    id: 'unknown-metadata-field',
    title: 'A metadata field other than name',
    text: docs(MESH, `${NATIVE}\nkind: Cluster\nmetadata: {name: east, labels: {team: a}}\nspec: {network: n1}\n`),
    message: 'mesh.yaml:9:24 Cluster/east: \'metadata.labels\' ({"team":"a"}) is not a field of \'metadata\': expected name',
  },
  {
    id: 'unknown-field',
    title: 'An unknown field in spec (a typo)',
    text: docs(MESH, cluster('east', '  netwrok: n1\n')),
    message: 'mesh.yaml:12:3 Cluster/east: \'spec.netwrok\' ("n1") is not a field of \'spec\' (did you mean "network"?): expected one of '
      + 'mesh, network, role, primary, apiServer, kubeconfig, eastWestGateway, discoverySelectors, sampleApps, waypoints',
  },
  {
    id: 'duplicate-names',
    title: 'Two documents of one kind with the same name',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:17:9 Cluster/east: \'metadata.name\' ("east") is already the name of the Cluster at mesh.yaml:10:9: Cluster '
      + 'names must be unique in a file',
  },
  // ---- types and values ----
  {
    id: 'string-for-number',
    title: 'A quoted number',
    text: docs(MESH, cluster('east', '  network: n1\n  eastWestGateway:\n    replicas: "2"\n')),
    message: 'mesh.yaml:14:15 Cluster/east: \'spec.eastWestGateway.replicas\' ("2") must be a whole number, not a string (write 2 '
      + 'without quotes)',
  },
  {
    id: 'number-for-string',
    title: 'An unquoted version (a number, not a string)',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata:\n  name: mesh1\nspec:\n  istio:\n    version: 1.30\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:7:14 Mesh/mesh1: \'spec.istio.version\' (1.3) must be a string, not a number (quote it: "1.3")',
  },
  {
    id: 'list-for-map',
    title: 'A list where a map is expected',
    text: docs(MESH, cluster('east', '  network: n1\n  discoverySelectors:\n    - matchLabels: [istio-discovery]\n')),
    message: 'mesh.yaml:14:20 Cluster/east: \'spec.discoverySelectors[0].matchLabels\' (["istio-discovery"]) must be a map (key: '
      + 'value), not a list',
  },
  {
    id: 'enum-wrong-case',
    title: 'A value of a fixed set in the wrong case',
    text: docs(MESH, cluster('east', '  network: n1\n  role: Primary\n')),
    message: 'mesh.yaml:13:9 Cluster/east: \'spec.role\' ("Primary") must be one of primary, remote (did you mean "primary"?)',
  },
  {
    id: 'empty-string',
    title: 'An empty string for a path',
    text: docs(MESH, cluster('east', '  network: n1\n  kubeconfig: {file: ""}\n')),
    message: 'mesh.yaml:13:22 Cluster/east: \'spec.kubeconfig.file\' ("") must not be empty',
  },
  {
    id: 'mesh-name-not-dns-label',
    title: 'A Mesh name (the mesh ID) that is not a DNS-1123 label',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: Mesh_1}\nspec: {}\n`, cluster('east', '  network: n1\n')),
    message: `mesh.yaml:3:18 Mesh/Mesh_1: 'metadata.name' ("Mesh_1") must be ${DNS_LABEL}`,
  },
  {
    id: 'network-not-dns-label',
    title: 'A Cluster network that is not a DNS-1123 label',
    text: docs(MESH, cluster('east', '  network: N1\n')),
    message: `mesh.yaml:12:12 Cluster/east: 'spec.network' ("N1") must be ${DNS_LABEL}`,
  },
  // ---- Mesh ----
  {
    id: 'istio-version-not-full',
    title: 'An Istio version that is not a full release version',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  istio: {version: "1.30", install: helm}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:20 Mesh/mesh1: \'spec.istio.version\' ("1.30") must be a full Istio release version such as "1.30.3" '
      + '(MAJOR.MINOR.PATCH, optionally with a pre-release suffix such as "-beta.1")',
  },
  {
    id: 'istio-version-unknown',
    title: 'An Istio version newer than the library models',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  istio: {version: "1.40.0", install: istioctl}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:20 Mesh/mesh1: \'spec.istio.version\' ("1.40.0") is not a known Istio release: this library models Istio 1.22 '
      + 'to 1.31',
  },
  {
    id: 'istio-version-not-served-by-sail',
    title: 'An Istio version the Sail Operator does not serve, with install: sail',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  istio:\n    version: "1.20.0"\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:6:14 Mesh/mesh1: \'spec.istio.version\' ("1.20.0") is not served by the Sail Operator (install: sail, the '
      + `default): its CRD accepts ${sailServedRanges()}; pick one of those, or set install: helm or install: istioctl`,
  },
  {
    id: 'istio-settings-on-linkerd-mesh',
    title: 'istio settings on a Linkerd mesh',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: l5d}\nspec:\n  provider: linkerd\n  trustRoot: {}\n  istio: {install: helm}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:7:10 Mesh/l5d: \'spec.istio\' ({"install":"helm"}) is only allowed with provider istio (this mesh\'s provider is '
      + 'linkerd)',
  },
  {
    id: 'linkerd-settings-on-istio-mesh',
    title: 'linkerd settings on an Istio mesh',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  linkerd: {version: edge-25.7.6}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:12 Mesh/mesh1: \'spec.linkerd\' ({"version":"edge-25.7.6"}) is only allowed with provider linkerd (this '
      + 'mesh\'s provider is istio)',
  },
  {
    id: 'linkerd-version-not-edge',
    title: 'A Linkerd version that is neither an edge release nor a stable name',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: l5d}\nspec:\n  provider: linkerd\n  trustRoot: {}\n  linkerd: {version: 25.7.6}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:7:22 Mesh/l5d: \'spec.linkerd.version\' ("25.7.6") must be a Linkerd edge release such as "edge-26.8.3" '
      + '(edge-YY.M.N), or a stable name that maps to one (2.18 = edge-25.4.4, 2.19 = edge-25.10.7, 2.20 = edge-26.6.3)',
  },
  {
    id: 'linkerd-version-too-old',
    title: 'A Linkerd version older than 2.18 (edge-25.4.4)',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: l5d}\nspec:\n  provider: linkerd\n  trustRoot: {}\n  linkerd: {version: edge-25.4.3}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:7:22 Mesh/l5d: \'spec.linkerd.version\' ("edge-25.4.3") is older than edge-25.4.4 (stable 2.18), the oldest '
      + 'release this library models: the linkerd-multicluster chart runs the link controllers from edge-25.3.3 (controllers[] values; '
      + 'linkerd mc link-gen from edge-25.3.4), and this library models stable 2.18 = edge-25.4.4 and later',
  },
  {
    id: 'linkerd-without-trust-root',
    title: 'A Linkerd mesh without trustRoot',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: l5d}\nspec: {provider: linkerd}\n`, cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n')),
    message: 'mesh.yaml:4:7 Mesh/l5d: \'spec.trustRoot\' (undefined) is required for provider linkerd: linked Linkerd clusters must '
      + 'share one trust anchor, and each needs an identity issuer signed by it (trustRoot: {} makes an ECDSA P-256 anchor and '
      + 'one issuer per cluster)',
  },
  {
    id: 'linkerd-rsa-trust-root',
    title: 'An RSA trust root for a Linkerd mesh',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: l5d}\nspec:\n  provider: linkerd\n  trustRoot: {algorithm: RSA_4096}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:6:26 Mesh/l5d: \'spec.trustRoot.algorithm\' ("RSA_4096") must be ECDSA_P256 for a Linkerd mesh: Linkerd\'s '
      + 'identity issuer must be an ECDSA P-256 certificate',
  },
  {
    id: 'trust-root-intermediate-outlives-root',
    title: 'A trust root whose intermediates would outlive it',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  trustRoot: {rootValidityDays: 30, intermediateValidityDays: 60}\n`,
      cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:63 Mesh/mesh1: \'spec.trustRoot.intermediateValidityDays\' (60) must be less than rootValidityDays (30): an '
      + 'intermediate must not outlive its root, and is renewed while the root is still valid',
  },
  {
    id: 'trust-root-root-shorter-than-default-intermediate',
    title: 'A root validity not longer than the default intermediate validity (365 days)',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  trustRoot: {rootValidityDays: 365}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:33 Mesh/mesh1: \'spec.trustRoot.rootValidityDays\' (365) must be more than intermediateValidityDays (365, the '
      + 'default): an intermediate must not outlive its root; set intermediateValidityDays below it',
  },
  {
    id: 'trust-root-validity-past-9999',
    title: 'A validity that ends after the year 9999',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  trustRoot: {rootValidityDays: 3000000}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:33 Mesh/mesh1: \'spec.trustRoot.rootValidityDays\' (3000000) would end the certificate\'s validity after '
      + '9999-12-31T23:59:59Z, the last date X.509 can encode (Go\'s x509 and OpenSSL refuse later ones): choose fewer days',
  },
  {
    id: 'trust-root-validity-zero',
    title: 'A validity of zero days',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  trustRoot: {rootValidityDays: 0}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:33 Mesh/mesh1: \'spec.trustRoot.rootValidityDays\' (0) must be at least 1',
  },
  {
    id: 'trust-root-organization-blank',
    title: 'A blank trust-root organization',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  trustRoot: {organization: "   "}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:5:29 Mesh/mesh1: \'spec.trustRoot.organization\' ("   ") must be a non-empty string of at most 64 characters',
  },
  {
    id: 'endpoint-discovery-without-api-server',
    title: 'endpointDiscovery: full, and a Cluster without an API server',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec: {endpointDiscovery: full}\n`, cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:11:3 Cluster/east: \'spec.apiServer\' (undefined) is required: mesh "mesh1" has endpointDiscovery: full, which '
      + 'needs every cluster\'s API server (give spec.apiServer or spec.kubeconfig)',
  },
  {
    id: 'endpoint-discovery-token-file-not-token',
    title: 'endpointDiscovery: full, and a reader token file in the key store that holds no token',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec: {endpointDiscovery: full}\n`,
      cluster('east', `  network: n1\n${API('east')}`), cluster('west', `  network: n1\n${API('west')}`)),
    files: { 'ca.crt': TEST_CA_PEM, '.mesh-keys/east/istio-reader-service-account.token': 'not a token\n' },
    message: 'mesh.yaml:1:1 Mesh/mesh1: endpoint discovery: the credential of cluster "east" (token file '
      + '.mesh-keys/east/istio-reader-service-account.token, written by the command of the pending-Secret warning): the token '
      + 'file does not hold a JWT-shaped ServiceAccount token (three base64url parts separated by dots, the first a JSON '
      + 'header); its content is not shown',
    fix: 'Write the token the pending-Secret warning\'s command prints into that file, or remove the file.',
  },
  // ---- Cluster ----
  {
    id: 'mesh-undeclared',
    title: 'A Cluster names a mesh the file does not declare',
    text: docs(MESH, cluster('east', '  mesh: mesh2\n  network: n1\n')),
    message: 'mesh.yaml:12:9 Cluster/east: \'spec.mesh\' ("mesh2") names a mesh this file does not declare (meshes: mesh1)',
  },
  {
    id: 'mesh-missing-several-meshes',
    title: 'A Cluster without spec.mesh in a file with several meshes',
    text: docs(MESH, MESH.replace('mesh1', 'mesh2'), cluster('east', '  network: n1\n')),
    message: 'mesh.yaml:18:3 Cluster/east: \'spec.mesh\' (undefined) is required when the file declares several meshes (mesh1, mesh2)',
  },
  {
    id: 'no-mesh',
    title: 'A Cluster and no Mesh',
    text: cluster('east', '  network: n1\n'),
    message: 'mesh.yaml:6:3 Cluster/east: \'spec.mesh\' (undefined) is required: the file declares no Mesh (add a Mesh document)',
  },
  {
    id: 'primary-undeclared',
    title: 'A remote names a primary the file does not declare',
    text: docs(MESH, cluster('west', '  network: n1\n  role: remote\n  primary: east\n')),
    message: 'mesh.yaml:14:12 Cluster/west: \'spec.primary\' ("east") names a cluster this file does not declare (clusters: west)',
  },
  {
    id: 'remote-without-primary',
    title: 'A remote without spec.primary',
    text: docs(MESH, cluster('west', '  network: n1\n  role: remote\n')),
    message: 'mesh.yaml:13:9 Cluster/west: \'spec.primary\' (undefined) must name the primary cluster that manages this remote (role is '
      + 'remote)',
  },
  {
    id: 'primary-on-primary',
    title: 'A primary that names a primary',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n  primary: east\n')),
    message: 'mesh.yaml:20:12 Cluster/west: \'spec.primary\' ("east") is only allowed with role: remote; a primary runs its own control '
      + 'plane',
  },
  {
    id: 'remote-own-primary',
    title: 'A remote that is its own primary',
    text: docs(MESH, cluster('west', '  network: n1\n  role: remote\n  primary: west\n')),
    message: 'mesh.yaml:14:12 Cluster/west: \'spec.primary\' ("west") must be another cluster: a remote cannot be its own primary',
  },
  {
    id: 'remote-of-remote',
    title: 'A remote whose primary is a remote',
    text: docs(MESH, cluster('east', '  network: n1\n  eastWestGateway: {address: 192.0.2.1}\n'), cluster('west', '  network: n1\n  role: remote\n  primary: east\n'),
      cluster('north', '  network: n1\n  role: remote\n  primary: west\n')),
    message: 'mesh.yaml:31:12 Cluster/north: \'spec.primary\' ("west") must be a primary cluster, but it is itself a remote: chains of '
      + 'remotes are not supported',
  },
  {
    id: 'remote-primary-without-gateway',
    title: 'A remote whose primary has no east-west gateway',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n  role: remote\n  primary: east\n')),
    message: 'mesh.yaml:21:12 Cluster/west: \'spec.primary\' ("east") has no east-west gateway, but a remote reaches its primary\'s '
      + 'istiod through it (global.remotePilotAddress): give Cluster/east an eastWestGateway with the address of its load '
      + 'balancer (an IP or DNS name)',
  },
  {
    id: 'remote-primary-gateway-without-address',
    title: 'A remote whose primary\'s east-west gateway has no address',
    text: docs(MESH, cluster('east', '  network: n1\n  eastWestGateway: {}\n'), cluster('west', '  network: n1\n  role: remote\n  primary: east\n')),
    message: 'mesh.yaml:15:1 Cluster/west: remote cluster "west" needs its primary\'s discovery address (global.remotePilotAddress), '
      + 'but the east-west gateway of primary "east" (east/EastWestGateway) has no address: set its \'address\' to the gateway\'s '
      + 'load balancer IP or DNS name',
  },
  {
    id: 'remote-primary-other-mesh',
    title: 'A remote whose primary is in another mesh',
    text: docs(MESH, MESH.replace('mesh1', 'mesh2'), cluster('east', '  mesh: mesh1\n  network: n1\n'),
      cluster('west', '  mesh: mesh2\n  network: n1\n  role: remote\n  primary: east\n')),
    message: 'mesh.yaml:29:12 Cluster/west: \'spec.primary\' ("east") is in mesh "mesh1": a remote\'s primary must be in the same mesh '
      + '("mesh2")',
  },
  {
    id: 'networks-without-gateways',
    title: 'Clusters on several networks without east-west gateways',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n  eastWestGateway: {enabled: false}\n')),
    message: 'mesh.yaml:12:3 Cluster/east: \'spec.eastWestGateway\' (undefined) is required: mesh "mesh1" spans networks n1, n2, and '
      + 'clusters on different networks reach each other only through east-west gateways (eastWestGateway: {} emits one)\n'
      + 'mesh.yaml:20:30 Cluster/west: \'spec.eastWestGateway.enabled\' (false) must be true: mesh "mesh1" spans networks n1, n2, '
      + 'and clusters on different networks reach each other only through east-west gateways',
  },
  {
    id: 'gateway-node-port',
    title: 'A NodePort east-west gateway',
    text: docs(MESH, cluster('east', '  network: n1\n  eastWestGateway: {serviceType: NodePort, address: 192.0.2.1}\n')),
    message: 'mesh.yaml:13:34 Cluster/east: \'spec.eastWestGateway.serviceType\' ("NodePort") is not supported in a mesh file: istiod '
      + 'cannot discover a NodePort gateway, so it is named in global.meshNetworks by its address and a fixed node port for '
      + '15443 (EastWestGateway nodePorts.tls), which the mesh file has no field for; use LoadBalancer, or describe this cluster '
      + 'in TypeScript',
  },
  {
    id: 'gateway-address-with-scheme',
    title: 'An east-west gateway address with a scheme',
    text: docs(MESH, cluster('east', '  network: n1\n  eastWestGateway: {address: "https://gw.example.com"}\n')),
    message: 'mesh.yaml:13:30 Cluster/east: \'spec.eastWestGateway.address\' ("https://gw.example.com") must be an IP address (IPv4 or '
      + 'IPv6) or a DNS name (a lowercase DNS-1123 subdomain such as eastwest.example.com), without scheme or port',
  },
  {
    id: 'api-server-and-kubeconfig',
    title: 'Both apiServer and kubeconfig',
    text: docs(MESH, cluster('east', '  network: n1\n  apiServer: {server: "https://e:6443"}\n  kubeconfig: {file: kc.yaml}\n')),
    message: 'mesh.yaml:14:15 Cluster/east: \'spec.kubeconfig\' ({"file":"kc.yaml"}) and spec.apiServer are both set: give the API '
      + 'server once, with one of them',
  },
  {
    id: 'ca-file-and-ca-data',
    title: 'Both caFile and caData',
    text: docs(MESH, cluster('east', '  network: n1\n  apiServer: {server: "https://e:6443", caFile: ca.crt, caData: abc}\n')),
    message: 'mesh.yaml:13:65 Cluster/east: \'spec.apiServer.caData\' ("<set>") and caFile are both set: give the CA once',
  },
  {
    id: 'api-server-not-https',
    title: 'An API server URL that is not https',
    text: docs(MESH, cluster('east', '  network: n1\n  apiServer: {server: "http://e:6443"}\n')),
    message: 'mesh.yaml:13:23 Cluster/east: \'spec.apiServer.server\' ("http://e:6443") must be an https:// URL of the Kubernetes API '
      + 'server, such as "https://10.0.0.1:6443"',
  },
  {
    id: 'ca-data-not-certificate',
    title: 'caData that is not a certificate',
    text: docs(MESH, cluster('east', '  network: n1\n  apiServer: {server: "https://e:6443", caData: bm90IGEgY2VydA==}\n')),
    message: 'mesh.yaml:13:14 Cluster/east: \'spec.apiServer.caData\' ("bm90IGEgY2VydA==") must hold a PEM-encoded X.509 certificate',
  },
  {
    id: 'ca-file-missing',
    title: 'A caFile that does not exist',
    text: docs(MESH, cluster('east', '  network: n1\n  apiServer: {server: "https://e:6443", caFile: certs/ca.crt}\n')),
    message: 'mesh.yaml:13:49 Cluster/east: \'spec.apiServer.caFile\' ("certs/ca.crt") must name a CA certificate file, relative to the '
      + 'mesh file\'s directory, but <cwd>/certs/ca.crt does not exist',
  },
  {
    id: 'kubeconfig-missing',
    title: 'A kubeconfig file that does not exist beside the mesh file',
    text: docs(MESH, cluster('east', '  network: n1\n  kubeconfig: {file: kube.yaml}\n')),
    message: 'mesh.yaml:13:22 Cluster/east: \'spec.kubeconfig.file\' ("kube.yaml") must name a kubeconfig file, relative to the mesh '
      + 'file\'s directory, but <cwd>/kube.yaml does not exist',
    fix: 'Relative paths in a mesh file resolve against the mesh file\'s directory, not the current directory.',
  },
  {
    id: 'kubeconfig-not-kubeconfig',
    title: 'A kubeconfig file that is not a kubeconfig',
    text: docs(MESH, cluster('east', '  network: n1\n  kubeconfig: {file: kc.yaml}\n')),
    files: { 'kc.yaml': 'just: text\n' },
    message: 'mesh.yaml:13:22 Cluster/east: \'spec.kubeconfig.file\' ("kc.yaml") must be a kubeconfig (YAML with contexts and clusters '
      + 'lists)',
  },
  {
    id: 'kubeconfig-context-missing',
    title: 'A kubeconfig context that the kubeconfig does not have',
    text: docs(MESH, cluster('east', '  network: n1\n  kubeconfig: {file: kc.yaml, context: nope}\n')),
    files: { 'kc.yaml': kubeconfig(['east', 'west']) },
    message: 'mesh.yaml:13:22 Cluster/east: \'spec.kubeconfig.context\' ("nope") is not a context of kubeconfig "kc.yaml" (contexts: '
      + 'east, west)',
  },
  {
    id: 'selector-bad-label-value',
    title: 'A discovery selector with an invalid label value',
    text: docs(MESH, cluster('east', '  network: n1\n  discoverySelectors:\n    - matchLabels: {team: "a b"}\n')),
    message: 'mesh.yaml:14:7 Cluster/east: \'spec.discoverySelectors[0].matchLabels.team\' ("a b") must be a valid label value (at most '
      + '63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit)',
  },
  {
    id: 'selector-in-without-values',
    title: 'A discovery selector expression In without values',
    text: docs(MESH, cluster('east', '  network: n1\n  discoverySelectors:\n    - matchExpressions: [{key: team, operator: In}]\n')),
    message: 'mesh.yaml:14:7 Cluster/east: \'spec.discoverySelectors[0].matchExpressions[0].values\' ([]) must list at least one value '
      + 'for operator In',
  },
  // ---- RemoteAccess ----
  {
    id: 'remote-access-without-consumer-cluster',
    title: 'A RemoteAccess without consumerCluster',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('RemoteAccess', 'r', '  cluster: east\n  consumer: kiali\n')),
    message: 'mesh.yaml:18:3 RemoteAccess/r: \'spec.consumerCluster\' (undefined) is required: the cluster the consumer runs in: where '
      + 'its remote-cluster Secret goes (to the key store, when a credential is given). Must differ from cluster',
  },
  {
    id: 'remote-access-undeclared-clusters',
    title: 'A RemoteAccess for clusters the file does not declare',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('RemoteAccess', 'r', '  cluster: nowhere\n  consumer: argocd\n  consumerCluster: elsewhere\n')),
    message: 'mesh.yaml:18:12 RemoteAccess/r: \'spec.cluster\' ("nowhere") names a cluster this file does not declare (clusters: east)\n'
      + 'mesh.yaml:20:20 RemoteAccess/r: \'spec.consumerCluster\' ("elsewhere") names a cluster this file does not declare '
      + '(clusters: east)',
  },
  {
    id: 'remote-access-consumer-cluster-is-cluster',
    title: 'A RemoteAccess whose consumer runs in the cluster it reads',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('RemoteAccess', 'r', '  cluster: east\n  consumer: kiali\n  consumerCluster: east\n')),
    message: 'mesh.yaml:20:20 RemoteAccess/r: \'spec.consumerCluster\' ("east") must differ from spec.cluster: a consumer reads another '
      + 'cluster',
  },
  {
    id: 'remote-access-namespaces-missing',
    title: 'A RemoteAccess with scope namespaces and no namespaces',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: kiali\n  consumerCluster: west\n  scope: namespaces\n')),
    message: 'mesh.yaml:28:10 RemoteAccess/r: \'spec.namespaces\' (undefined) must list the namespaces the consumer may read (scope is '
      + 'namespaces)',
  },
  {
    id: 'remote-access-namespaces-with-scope-cluster',
    title: 'A RemoteAccess with namespaces and scope cluster',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: kiali\n  consumerCluster: west\n  namespaces: [shop]\n')),
    message: 'mesh.yaml:28:15 RemoteAccess/r: \'spec.namespaces\' (["shop"]) is only allowed with scope: namespaces (the scope is '
      + 'cluster)',
  },
  {
    id: 'remote-access-namespaces-empty',
    title: 'A RemoteAccess with an empty namespaces list',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: kiali\n  consumerCluster: west\n  scope: namespaces\n  namespaces: []\n')),
    message: 'mesh.yaml:29:15 RemoteAccess/r: \'spec.namespaces\' ([]) must list at least 1 item',
  },
  {
    id: 'remote-access-namespaces-twice',
    title: 'A RemoteAccess that lists a namespace twice',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: kiali\n  consumerCluster: west\n  scope: namespaces\n  namespaces: [shop, shop]\n')),
    message: 'mesh.yaml:29:15 RemoteAccess/r: \'spec.namespaces\' (["shop","shop"]) must not list the same item twice',
  },
  {
    id: 'remote-access-istio-namespace-scope',
    title: 'A RemoteAccess for istio with scope namespaces',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: istio\n  consumerCluster: west\n  scope: namespaces\n  namespaces: [shop]\n')),
    message: 'mesh.yaml:28:10 RemoteAccess/r: \'spec.scope\' ("namespaces") cannot be used with consumer istio: istiod lists and '
      + 'watches Services, Pods, EndpointSlices, Namespaces and Nodes across the whole cluster and filters them itself; use '
      + 'scope: cluster, and limit what istiod reads with the Cluster\'s discoverySelectors',
  },
  {
    id: 'remote-access-linkerd-namespace-scope',
    title: 'A RemoteAccess for linkerd with scope namespaces',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: linkerd\n  consumerCluster: west\n  scope: namespaces\n  namespaces: [shop]\n')),
    message: 'mesh.yaml:28:10 RemoteAccess/r: \'spec.scope\' ("namespaces") cannot be used with consumer linkerd: the service mirror '
      + 'watches Services and Endpoints in every namespace of the target cluster; use scope: cluster, and choose what is '
      + 'mirrored with the link\'s selectors',
  },
  {
    id: 'remote-access-view-only-not-kiali',
    title: 'viewOnly for a consumer other than kiali',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: argocd\n  consumerCluster: west\n  viewOnly: true\n')),
    message: 'mesh.yaml:28:13 RemoteAccess/r: \'spec.viewOnly\' (true) applies to consumer kiali only (the consumer is argocd)',
  },
  {
    id: 'remote-access-token-file-missing',
    title: 'A RemoteAccess token file that does not exist',
    text: docs(MESH, cluster('east', `  network: n1\n${API('east')}`), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: istio\n  consumerCluster: west\n  credentials: {tokenFile: tokens/east.jwt}\n')),
    files: { 'ca.crt': TEST_CA_PEM },
    message: 'mesh.yaml:29:28 RemoteAccess/r: \'spec.credentials.tokenFile\' ("tokens/east.jwt") must name a token file, relative to '
      + 'the mesh file\'s directory, but <cwd>/tokens/east.jwt does not exist',
  },
  {
    id: 'remote-access-token-file-empty',
    title: 'A RemoteAccess token file that is empty',
    text: docs(MESH, cluster('east', `  network: n1\n${API('east')}`), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: istio\n  consumerCluster: west\n  credentials: {tokenFile: tokens/east.jwt}\n')),
    files: { 'ca.crt': TEST_CA_PEM, 'tokens/east.jwt': '' },
    message: 'mesh.yaml:29:28 RemoteAccess/r: \'spec.credentials.tokenFile\' ("tokens/east.jwt") the token file is empty: it must hold '
      + 'a ServiceAccount token',
  },
  {
    id: 'remote-access-credentials-without-api-server',
    title: 'RemoteAccess credentials for a cluster without an API server',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('RemoteAccess', 'r', '  cluster: east\n  consumer: istio\n  consumerCluster: west\n  credentials: {tokenFile: east.jwt}\n')),
    files: { 'east.jwt': TOKEN },
    message: 'mesh.yaml:28:16 RemoteAccess/r: \'spec.credentials\' ({"tokenFile":"east.jwt"}) cannot be used: Cluster/east has no API '
      + 'server, so the consumer\'s Secret cannot say where to connect: give that Cluster spec.apiServer or spec.kubeconfig',
  },
  {
    id: 'remote-access-istiod-in-remote',
    title: 'A RemoteAccess for istio whose consumer cluster is a remote',
    text: docs(MESH, cluster('north', '  network: n1\n  eastWestGateway: {address: 192.0.2.10}\n'), cluster('east', '  network: n1\n  role: remote\n  primary: north\n'),
      cluster('west', `  network: n1\n${API('west')}`),
      doc('RemoteAccess', 'r', '  cluster: west\n  consumer: istio\n  consumerCluster: east\n  credentials: {tokenFile: west.jwt}\n')),
    files: { 'ca.crt': TEST_CA_PEM, 'west.jwt': TOKEN },
    message: 'mesh.yaml:38:20 RemoteAccess/r: \'spec.consumerCluster\' ("east") is a primary-remote remote: it runs no istiod to read '
      + 'remote secrets; give its primary ("north")',
  },
  // ---- ServiceMirrorLink ----
  {
    id: 'link-in-istio-mesh',
    title: 'A ServiceMirrorLink in an Istio mesh',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'), doc('ServiceMirrorLink', 'l', '  source: east\n  target: west\n')),
    message: 'mesh.yaml:25:11 ServiceMirrorLink/l: \'spec.source\' ("east") is in mesh "mesh1", whose provider is istio: service-mirror '
      + 'links are for Linkerd meshes',
  },
  {
    id: 'link-to-self',
    title: 'A ServiceMirrorLink from a cluster to itself',
    text: docs(LINKERD_MESH, cluster('east', '  network: n1\n'), doc('ServiceMirrorLink', 'l', '  source: east\n  target: east\n')),
    message: 'mesh.yaml:19:11 ServiceMirrorLink/l: \'spec.target\' ("east") must differ from spec.source: a cluster does not link to '
      + 'itself',
  },
  {
    id: 'link-across-meshes',
    title: 'A ServiceMirrorLink across meshes',
    text: docs(LINKERD_MESH, LINKERD_MESH.replace('l5d', 'other'), cluster('east', '  mesh: l5d\n'), cluster('west', '  mesh: other\n'),
      doc('ServiceMirrorLink', 'l', '  source: east\n  target: west\n')),
    message: 'mesh.yaml:32:11 ServiceMirrorLink/l: \'spec.target\' ("west") is in mesh "other" and the source in mesh "l5d": a link '
      + 'connects clusters of one mesh',
  },
  {
    id: 'link-undeclared-cluster',
    title: 'A ServiceMirrorLink to a cluster the file does not declare',
    text: docs(LINKERD_MESH, cluster('east', '  network: n1\n'), doc('ServiceMirrorLink', 'l', '  source: east\n  target: west\n')),
    message: 'mesh.yaml:19:11 ServiceMirrorLink/l: \'spec.target\' ("west") names a cluster this file does not declare (clusters: east)',
  },
  {
    id: 'link-gateway-without-address',
    title: 'A ServiceMirrorLink gateway without an address',
    text: docs(LINKERD_MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n'),
      doc('ServiceMirrorLink', 'l', '  source: east\n  target: west\n  gateway: {port: 4143}\n')),
    message: 'mesh.yaml:27:12 ServiceMirrorLink/l: \'spec.gateway.address\' (undefined) is required when the link uses the gateway '
      + '(spec.gateway is set)',
  },
  {
    id: 'link-gateway-port-out-of-range',
    title: 'A ServiceMirrorLink gateway port out of range',
    text: docs(LINKERD_MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n'),
      doc('ServiceMirrorLink', 'l', '  source: east\n  target: west\n  gateway: {address: 192.0.2.1, port: 70000}\n')),
    message: 'mesh.yaml:27:39 ServiceMirrorLink/l: \'spec.gateway.port\' (70000) must be at most 65535',
  },
  {
    id: 'link-log-level',
    title: 'A ServiceMirrorLink controller log level that is not one of Linkerd\'s',
    text: docs(LINKERD_MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n'),
      doc('ServiceMirrorLink', 'l', '  source: east\n  target: west\n  controller: {logLevel: verbose}\n')),
    message: 'mesh.yaml:27:26 ServiceMirrorLink/l: \'spec.controller.logLevel\' ("verbose") must be one of error, warn, info, debug, '
      + 'trace',
  },
  {
    id: 'link-credentials-without-api-server',
    title: 'ServiceMirrorLink credentials for a target without an API server',
    text: docs(LINKERD_MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n2\n'),
      doc('ServiceMirrorLink', 'l', '  source: west\n  target: east\n  credentials: {tokenFile: east.token}\n')),
    files: { 'east.token': TOKEN },
    message: 'mesh.yaml:27:16 ServiceMirrorLink/l: \'spec.credentials\' ({"tokenFile":"east.token"}) cannot be used: Cluster/east has '
      + 'no API server, so the link\'s credentials cannot say where to connect: give that Cluster spec.apiServer or '
      + 'spec.kubeconfig',
  },
  // ---- ristioctl documents ----
  {
    id: 'ristioctl-and-native-cluster',
    title: 'One cluster described by a native and a ristioctl document',
    text: docs(MESH, cluster('east', '  mesh: mesh1\n  network: n1\n'), `${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: rmesh}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec: {kubeconfigFile: kc.yaml, meshID: rmesh}\n`),
    files: { 'kc.yaml': kubeconfig(['east']) },
    message: 'mesh.yaml:23:9 Cluster/east: \'metadata.name\' ("east") is also described by the Cluster at mesh.yaml:10:9: a cluster is '
      + 'described once, either in the native format (cdk8s-mesh.io/v1alpha1) or in the ristioctl format '
      + '(ristioctl.k8smgmt.io/v3), not both',
  },
  {
    id: 'ristioctl-and-native-mesh',
    title: 'One mesh described by a native Mesh and a ristioctl Certificate',
    text: docs(`${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: m1}\n`, `${NATIVE}\nkind: Mesh\nmetadata:\n  name: m1\nspec: {}\n`),
    message: 'mesh.yaml:9:9 Mesh/m1: \'metadata.name\' ("m1") is also described by the ristioctl Certificate at mesh.yaml:4:16: a mesh '
      + 'is described once, either in the native format (cdk8s-mesh.io/v1alpha1) or in the ristioctl format '
      + '(ristioctl.k8smgmt.io/v3), not both',
  },
  {
    id: 'ristioctl-cluster-joins-native-mesh',
    title: 'A ristioctl Cluster whose meshID is a native Mesh',
    text: docs(`${NATIVE}\nkind: Mesh\nmetadata:\n  name: m1\nspec: {}\n`, `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec: {kubeconfigFile: kc.yaml, meshID: m1}\n`),
    files: { 'kc.yaml': kubeconfig(['east']) },
    message: 'mesh.yaml:11:41 Cluster/east: \'spec.meshID\' ("m1") names the native Mesh at mesh.yaml:4:9: a ristioctl Cluster joins '
      + 'the mesh of a ristioctl Certificate; write this cluster as a native Cluster (cdk8s-mesh.io/v1alpha1) to join a native '
      + 'Mesh',
  },
  {
    id: 'ristioctl-mesh-id-without-certificate',
    title: 'A ristioctl Cluster whose meshID has no Certificate',
    text: docs(`${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: m1}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec: {kubeconfigFile: kc.yaml, meshID: m2}\n`),
    files: { 'kc.yaml': kubeconfig(['east']) },
    message: 'mesh.yaml:10:41 Cluster/east: \'spec.meshID\' ("m2") names a mesh no Certificate document of this file declares (meshIDs: '
      + 'm1): ristioctl needs one Certificate per mesh',
  },
  {
    id: 'ristioctl-two-certificates',
    title: 'Two ristioctl Certificates for one mesh',
    text: docs(`${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: m1}\n`, `${RISTIOCTL}\nkind: Certificate\nmetadata: {name: more}\nspec: {meshID: m1}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec: {kubeconfigFile: kc.yaml, meshID: m1}\n`),
    files: { 'kc.yaml': kubeconfig(['east']) },
    message: 'mesh.yaml:9:16 Certificate/more: \'spec.meshID\' ("m1") is also the meshID of the ristioctl Certificate at '
      + 'mesh.yaml:4:16: one Certificate per mesh',
  },
  {
    id: 'ristioctl-versions-differ',
    title: 'ristioctl Clusters of one mesh with different Istio versions',
    text: docs(`${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: m1}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec: {kubeconfigFile: kc.yaml, context: east, meshID: m1, version: "1.24.0"}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: west\nspec: {kubeconfigFile: kc.yaml, context: west, meshID: m1, version: "1.25.0"}\n`),
    files: { 'kc.yaml': kubeconfig(['east', 'west']) },
    message: 'mesh.yaml:16:69 Cluster/west: \'spec.version\' ("1.25.0") differs from "1.24.0" in Cluster/east (mesh.yaml:10:69): every '
      + 'cluster of mesh "m1" runs one Istio release',
  },
  {
    id: 'ristioctl-misspelt-field',
    title: 'A misspelt ristioctl field',
    text: docs(`${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: m1}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec:\n  kubeConfigFile: kc.yaml\n  meshID: m1\n`),
    files: { 'kc.yaml': kubeconfig(['east']) },
    message: 'mesh.yaml:11:3 Cluster/east: \'spec.kubeConfigFile\' ("kc.yaml") is not a field of \'spec\' (did you mean '
      + '"kubeconfigFile"?): expected one of kubeconfigFile, context, meshID, version, installHelloWorld',
  },
  {
    id: 'ristioctl-install-hello-world-not-boolean',
    title: 'A ristioctl installHelloWorld that is neither true nor false',
    text: docs(`${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: m1}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec: {kubeconfigFile: kc.yaml, meshID: m1, installHelloWorld: "yes"}\n`),
    files: { 'kc.yaml': kubeconfig(['east']) },
    message: 'mesh.yaml:10:64 Cluster/east: \'spec.installHelloWorld\' ("yes") must be true or false',
  },
  {
    id: 'ristioctl-validity-hours-zero',
    title: 'A ristioctl validityHours of zero',
    text: docs(`${RISTIOCTL}\nkind: Certificate\nmetadata: {name: certs}\nspec: {meshID: m1, validityHours: 0}\n`,
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: east\nspec: {kubeconfigFile: kc.yaml, meshID: m1}\n`),
    files: { 'kc.yaml': kubeconfig(['east']) },
    message: 'mesh.yaml:4:35 Certificate/certs: \'spec.validityHours\' (0) must be a whole number of hours of at least 1, such as 87600',
  },
  {
    id: 'delivery-two-engines',
    title: 'A Delivery with two engines at once',
    text: docs(MESH, cluster('east', '  network: n1\n'),
      doc('Delivery', 'gitops', `  argoCd: {repoUrl: '${GIT}'}\n  flux: {repoUrl: '${GIT}'}\n`)),
    message: 'mesh.yaml:19:9 Delivery/gitops: \'spec.flux\' ({"repoUrl":"https://git.example.com/platform/mesh.git"}) is not allowed beside spec.argoCd: '
      + 'one output tree is delivered by one engine; keep one of them',
  },
  {
    id: 'delivery-second-document',
    title: 'Two Delivery documents',
    text: docs(MESH, cluster('east', '  network: n1\n'),
      doc('Delivery', 'argo', `  argoCd: {repoUrl: '${GIT}'}\n`), doc('Delivery', 'flux', `  flux: {repoUrl: '${GIT}', managementCluster: east}\n`)),
    message: 'mesh.yaml:22:18 Delivery/flux: \'metadata.name\' ("flux") is a second Delivery document (the first is Delivery/argo): '
      + 'one output tree is delivered by one engine; remove one',
  },
  {
    id: 'delivery-no-engine',
    title: 'A Delivery without an engine',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('Delivery', 'gitops', '  {}\n')),
    message: 'mesh.yaml:18:3 Delivery/gitops: \'spec\' ({}) must set the engine: spec.argoCd or spec.flux',
  },
  {
    id: 'delivery-repo-url-not-a-url',
    title: 'A Delivery repository URL that is not a URL',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('Delivery', 'gitops', '  argoCd: {repoUrl: platform/mesh}\n')),
    message: 'mesh.yaml:18:21 Delivery/gitops: \'spec.argoCd.repoUrl\' ("platform/mesh") must be a Git repository URL: https://, http:// or '
      + 'ssh://host/path, or scp-like git@host:org/repo.git',
  },
  {
    id: 'delivery-path-outside-repo',
    title: 'A Delivery path prefix outside the repository',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('Delivery', 'gitops', `  flux: {repoUrl: '${GIT}', pathPrefix: /srv/dist}\n`)),
    message: 'mesh.yaml:18:76 Delivery/gitops: \'spec.flux.pathPrefix\' ("/srv/dist") must be a relative path inside the repository '
      + "(no leading '/', no '..', '/' as separator), for example 'dist' or 'clusters/prod'",
  },
  {
    id: 'delivery-flux-interval-not-duration',
    title: 'A Flux Delivery interval that is not a Go duration of whole seconds',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('Delivery', 'gitops', `  flux: {repoUrl: '${GIT}', interval: 10 minutes}\n`)),
    message: 'mesh.yaml:18:74 Delivery/gitops: \'spec.flux.interval\' ("10 minutes") must be a Go duration of whole seconds, '
      + 'such as "10m", "1h" or "90s", at least 1s',
  },
  {
    id: 'delivery-flux-cluster-unreachable',
    title: 'A Flux Delivery with no kubeconfig reference for a cluster',
    text: docs(MESH, cluster('east', '  network: n1\n'), cluster('west', '  network: n1\n'),
      doc('Delivery', 'gitops', `  flux: {repoUrl: '${GIT}', managementCluster: east}\n`)),
    message: 'mesh.yaml:21:1 Delivery/gitops: cluster "west" has no kubeconfig reference, so Flux cannot reach it: '
      + 'add \'spec.flux.kubeConfigSecrets.west\' (a Secret in namespace "flux-system" with the kubeconfig under key "value"), '
      + 'or set \'spec.flux.managementCluster\' to "west" if Flux runs there',
  },
  {
    id: 'delivery-argocd-cluster-unreachable',
    title: 'An Argo CD Delivery with no Argo CD cluster Secret for a cluster',
    text: docs(MESH, cluster('east', '  network: n1\n'), doc('Delivery', 'gitops', `  argoCd: {repoUrl: '${GIT}'}\n`)),
    message: 'mesh.yaml:14:1 Delivery/gitops: cluster "east" has no Argo CD cluster Secret, so Argo CD cannot reach it: '
      + 'add a RemoteAccess with consumer AccessConsumer.argoCd() from the cluster Argo CD runs in to it '
      + '(in a mesh file: a RemoteAccess document with consumer argocd)',
  },
  // ---- what test/mesh-file/parse.test.ts parses ----
  {
    id: 'document-is-list',
    title: 'A document that is a list, not a map',
    text: '- a\n- b\n',
    message: 'mesh.yaml:1:1 document 1: (["a","b"]) is a list, not a mesh-file document: expected a map with apiVersion, kind, metadata and spec',
  },
  {
    id: 'top-level-field-misspelt',
    title: 'A misspelt top-level field of a document (spc for spec)',
    text: 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata: {name: m}\nspec: {}\nspc: {}\n',
    message: 'mesh.yaml:5:1 Mesh/m: \'spc\' ({}) is not a field of a Mesh document (did you mean "spec"?): expected one of apiVersion, kind, metadata, spec',
  },
  {
    id: 'default-networks-without-gateways',
    title: 'Clusters on their default networks (their names) without east-west gateways',
    text: 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh1\nspec: {}\n---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: east\nspec:\n  sampleApps: false\n---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: west\nspec:\n  sampleApps: false\n',
    message: 'mesh.yaml:12:3 Cluster/east: \'spec.eastWestGateway\' (undefined) is required: mesh "mesh1" spans networks east, west, and clusters on different networks reach each other only through east-west gateways (eastWestGateway: {} emits one)\nmesh.yaml:19:3 Cluster/west: \'spec.eastWestGateway\' (undefined) is required: mesh "mesh1" spans networks east, west, and clusters on different networks reach each other only through east-west gateways (eastWestGateway: {} emits one)',
  },
  {
    id: 'mesh-name-twice',
    title: 'Two Mesh documents with one name',
    text: 'apiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh1\nspec: {}\n---\napiVersion: cdk8s-mesh.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh1\nspec: {}\n',
    message: 'mesh.yaml:10:9 Mesh/mesh1: \'metadata.name\' ("mesh1") is already the name of the Mesh at mesh.yaml:4:9: Mesh names must be unique in a file',
  },
];

export const MESH_FILE_CASES: ApiCase[] = CASES.map(meshFileCase);
