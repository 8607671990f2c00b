import { execFileSync } from 'child_process';
import * as path from 'path';
import {
  AccessConsumer, AccessScope, ApiServer, ControlPlaneRole, Credential, KialiResourceNaming, MeshCluster, RemoteAccess, RemoteAccessProps,
} from '../../../src';
import { testToken } from '../../util/credentials';
import { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { DNS_LABEL, istioMesh, istioPair, NETWORK } from './_shared';

/** `new RemoteAccess(east, id, { consumerCluster: west, ...props })` in the Istio pair. */
function access(id: string, props: Partial<RemoteAccessProps>): (ctx: CaseContext) => void {
  return ctx => {
    const { east, west } = istioPair(ctx);
    new RemoteAccess(east, id, { consumer: AccessConsumer.istio(), consumerCluster: west, ...props });
  };
}

const WILDCARD = 'contains the wildcard "*", which also grants whatever the API server adds later: list what the consumer needs, or set allowWildcards: true to accept it';
const NOT_JWT = 'the token file does not hold a JWT-shaped ServiceAccount token (three base64url parts separated by dots, the first a JSON header); its content is not shown';

export const REMOTE_ACCESS_CASES: BadInputCase[] = [
  {
    id: 'remote-access-scope-not-cluster',
    area: 'remote-access',
    title: 'The RemoteAccess is not added to the cluster being read',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      new RemoteAccess(app, 'Loose', { consumer: AccessConsumer.istio(), consumerCluster: new MeshCluster(app, 'west') });
    },
    message: "Loose: 'scope' (\"\") must be the MeshCluster being read (or a construct inside it): new RemoteAccess(cluster, id, props)",
  },
  {
    id: 'remote-access-consumer-not-consumer',
    area: 'remote-access',
    title: 'consumer is not an AccessConsumer',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: 'istio' as any }),
    message: "east/Reader: 'consumer' (\"istio\") must be an AccessConsumer: AccessConsumer.istio(), .kiali(), .linkerdServiceMirror(), .argoCd() or .custom(rules)",
  },
  {
    id: 'remote-access-consumer-cluster-not-cluster',
    area: 'remote-access',
    title: 'consumerCluster is not a MeshCluster',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumerCluster: { clusterName: 'west' } as any }),
    message: "east/Reader: 'consumerCluster' (\"west\") must be a MeshCluster of this app: the cluster the consumer runs in",
  },
  {
    id: 'remote-access-consumer-cluster-is-read-cluster',
    area: 'remote-access',
    title: 'The consumer cluster is the cluster being read',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { east } = istioPair(ctx);
      new RemoteAccess(east, 'Kiali', { consumer: AccessConsumer.kiali(), consumerCluster: east });
    },
    message: "east/Kiali: 'consumerCluster' (\"east\") is the cluster being read: a RemoteAccess gives a tool in another cluster access to this one "
      + '(a tool reads its own cluster with its in-cluster ServiceAccount)',
  },
  {
    id: 'remote-access-istiod-in-remote',
    area: 'remote-access',
    title: 'istiod of a primary-remote remote as the consumer',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      const primary = new MeshCluster(app, 'primary', { mesh, network: NETWORK });
      const remote = new MeshCluster(app, 'remote', { mesh, network: NETWORK, role: ControlPlaneRole.REMOTE, primary });
      const other = new MeshCluster(app, 'other', { mesh, network: NETWORK });
      new RemoteAccess(other, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: remote });
    },
    message: "other/Istiod: 'consumerCluster' (\"remote\") is a primary-remote remote: it runs no istiod to read remote secrets; give its primary (\"primary\")",
  },
  {
    id: 'remote-access-scope-not-scope',
    area: 'remote-access',
    title: 'scope is not an AccessScope',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { scope: ['shop'] as any }),
    message: "east/Reader: 'scope' ([\"shop\"]) must be AccessScope.cluster() or AccessScope.namespaces([...])",
  },
  {
    id: 'remote-access-namespaces-empty',
    area: 'remote-access',
    title: 'Namespace scope with no namespaces',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali(), scope: AccessScope.namespaces([]) }),
    message: "east/Kiali: 'scope.namespaces' ([]) must list at least one namespace: AccessScope.namespaces() grants access only in the namespaces it names; "
      + 'use AccessScope.cluster() for every namespace',
  },
  {
    id: 'remote-access-namespaces-duplicate',
    area: 'remote-access',
    title: 'Namespace scope that lists a namespace twice',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali(), scope: AccessScope.namespaces(['shop', 'bookinfo', 'shop']) }),
    message: "east/Kiali: 'scope.namespaces[2]' (\"shop\") is listed twice: list each namespace once",
  },
  {
    id: 'remote-access-namespaces-bad-name',
    area: 'remote-access',
    title: 'Namespace scope with a name that is not a namespace name',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali(), scope: AccessScope.namespaces(['Book_Info']) }),
    message: `east/Kiali: 'scope.namespaces[0]' ("Book_Info") must be a namespace name: ${DNS_LABEL}`,
  },
  {
    id: 'remote-access-istio-namespace-scope',
    area: 'remote-access',
    title: 'istiod with namespace scope',
    stage: Stage.CONSTRUCT,
    run: access('Istiod', { scope: AccessScope.namespaces(['shop']) }),
    message: "east/Istiod: 'scope' (\"AccessScope.namespaces([\\\"shop\\\"])\") cannot be used with AccessConsumer.istio(): istiod lists and watches Services, Pods, "
      + 'EndpointSlices, Namespaces and Nodes across the whole cluster and filters them itself; use AccessScope.cluster() and limit what istiod reads with discoverySelectors',
  },
  {
    id: 'remote-access-linkerd-namespace-scope',
    area: 'remote-access',
    title: "Linkerd's service mirror with namespace scope",
    stage: Stage.CONSTRUCT,
    run: access('Mirror', { consumer: AccessConsumer.linkerdServiceMirror(), scope: AccessScope.namespaces(['shop']) }),
    message: "east/Mirror: 'scope' (\"AccessScope.namespaces([\\\"shop\\\"])\") cannot be used with AccessConsumer.linkerdServiceMirror(): the service mirror watches Services "
      + "and Endpoints in every namespace of the target cluster; use AccessScope.cluster() and choose what is mirrored with the link's selectors",
  },
  {
    id: 'remote-access-namespace-not-dns-label',
    area: 'remote-access',
    title: 'The ServiceAccount namespace is not a namespace name',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali(), namespace: 'Istio_System' }),
    message: `east/Kiali: 'namespace' ("Istio_System") must be a namespace name: ${DNS_LABEL}`,
  },
  {
    id: 'remote-access-consumer-namespace-not-dns-label',
    area: 'remote-access',
    title: 'The consumer namespace is not a namespace name',
    stage: Stage.CONSTRUCT,
    run: access('Argo', { consumer: AccessConsumer.argoCd(), consumerNamespace: 'Argo CD' }),
    message: `east/Argo: 'consumerNamespace' ("Argo CD") must be a namespace name: ${DNS_LABEL}`,
  },
  {
    id: 'remote-access-kiali-instance-name-too-long',
    area: 'remote-access',
    title: 'A Kiali instance name longer than 40 characters',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali({ instanceName: 'k'.repeat(41) }) }),
    message: `east/Kiali: 'consumer.instanceName' ("${'k'.repeat(41)}") must be a DNS-1123 label of at most 40 characters (Kiali appends suffixes such as '-service-account')`,
  },
  {
    id: 'remote-access-kiali-naming',
    area: 'remote-access',
    title: 'A Kiali naming that is not a KialiResourceNaming',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali({ naming: 'helm' as KialiResourceNaming }) }),
    message: "east/Kiali: 'consumer.naming' (\"helm\") must be one of operator, helm-chart",
  },
  {
    id: 'remote-access-kiali-version',
    area: 'remote-access',
    title: 'A Kiali version the library does not know',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali({ version: 'v2.30.0' }) }),
    message: "east/Kiali: 'consumer.version' (\"v2.30.0\") must be a Kiali release from v2.10.0 to v2.29.x (such as \"v2.29.0\"): "
      + 'the RBAC rules differ between releases and are known for these; for a newer Kiali give the newest known release and compare the roles with its chart',
  },
  {
    id: 'remote-access-kiali-version-not-a-release',
    area: 'remote-access',
    title: 'A Kiali version that is not a release number',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali({ version: 'latest' }) }),
    message: "east/Kiali: 'consumer.version' (\"latest\") must be a Kiali release from v2.10.0 to v2.29.x (such as \"v2.29.0\"): "
      + 'the RBAC rules differ between releases and are known for these; for a newer Kiali give the newest known release and compare the roles with its chart',
  },
  {
    id: 'remote-access-kiali-namespace-scope-remote',
    area: 'remote-access',
    title: 'Namespace scope for a Kiali that reads the cluster remotely',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali({ version: 'v2.22.0' }), scope: AccessScope.namespaces(['bookinfo']) }),
    message: "east/Kiali: 'scope' (\"AccessScope.namespaces([\\\"bookinfo\\\"])\") cannot be used with AccessConsumer.kiali() (Kiali v2.22.0) on a cluster Kiali reads remotely: "
      + "Kiali limits only its home cluster's cache to the accessible namespaces; every remote cluster's cache lists and watches cluster-wide (kiali/kiali cmd/server.go), "
      + 'and mesh discovery lists control planes cluster-wide ("Multi-cluster is not supported without cluster wide access", istio/discovery.go), '
      + 'so with Roles only those calls are Forbidden. Use AccessScope.cluster() (the viewer role is read-only) and choose what Kiali shows '
      + 'with its deployment.discovery_selectors',
  },
  {
    id: 'remote-access-kiali-consumer-namespace',
    area: 'remote-access',
    title: 'A consumer namespace that does not hold Kiali',
    stage: Stage.CONSTRUCT,
    run: access('Kiali', { consumer: AccessConsumer.kiali(), consumerNamespace: 'argocd' }),
    message: "east/Kiali: 'consumerNamespace' (\"argocd\") must be the namespace Kiali runs in (deployment.namespace of its Kiali CR, the kiali-server chart's release namespace): "
      + 'Kiali mounts remote cluster Secrets from its own namespace only, and argocd is Argo CD\'s namespace; leave it unset for istio-system',
  },
  {
    id: 'remote-access-linkerd-trust-domain',
    area: 'remote-access',
    title: 'A Linkerd trust domain that is not a DNS domain',
    stage: Stage.CONSTRUCT,
    run: access('Mirror', { consumer: AccessConsumer.linkerdServiceMirror({ trustDomain: 'Cluster_Local' }) }),
    message: "east/Mirror: 'consumer.trustDomain' (\"Cluster_Local\") must be a DNS domain such as \"cluster.local\"",
  },
  {
    id: 'remote-access-custom-no-rules',
    area: 'remote-access',
    title: 'A custom consumer without rules',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: AccessConsumer.custom([]) }),
    message: "east/Reader: 'consumer.rules' ([]) must list at least one PolicyRule",
  },
  {
    id: 'remote-access-custom-no-verbs',
    area: 'remote-access',
    title: 'A custom rule without verbs',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['pods'], verbs: [] }]) }),
    message: "east/Reader: 'consumer.rules[0].verbs' ([]) must list at least one verb, such as get, list or watch",
  },
  {
    id: 'remote-access-custom-resources-without-groups',
    area: 'remote-access',
    title: 'A custom rule with resources and no API groups',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: AccessConsumer.custom([{ resources: ['pods'], verbs: ['get'] }]) }),
    message: "east/Reader: 'consumer.rules[0].apiGroups' (undefined) must list the API groups of the resources (\"\" for the core group)",
  },
  {
    id: 'remote-access-custom-resources-and-urls',
    area: 'remote-access',
    title: 'A custom rule with both resources and non-resource URLs',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['pods'], nonResourceUrls: ['/healthz'], verbs: ['get'] }]) }),
    message: "east/Reader: 'consumer.rules[0]' ({\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"nonResourceUrls\":[\"/healthz\"],\"verbs\":[\"get\"]}) "
      + 'must give either resources (with apiGroups) or nonResourceUrls',
  },
  {
    id: 'remote-access-custom-wildcard-verb',
    area: 'remote-access',
    title: 'A custom rule with a wildcard verb',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }]) }),
    message: `east/Reader: 'consumer.rules[0].verbs' (["*"]) ${WILDCARD}`,
  },
  {
    id: 'remote-access-custom-wildcard-resource',
    area: 'remote-access',
    title: 'A custom rule with a wildcard resource',
    stage: Stage.CONSTRUCT,
    run: access('Reader', {
      consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['services'], verbs: ['get'] }, { apiGroups: ['apps'], resources: ['deployments/*'], verbs: ['get'] }]),
    }),
    message: `east/Reader: 'consumer.rules[1].resources' (["deployments/*"]) ${WILDCARD}`,
  },
  {
    id: 'remote-access-custom-urls-in-namespace-scope',
    area: 'remote-access',
    title: 'A custom rule with non-resource URLs in namespace scope',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: AccessConsumer.custom([{ nonResourceUrls: ['/healthz'], verbs: ['get'] }]), scope: AccessScope.namespaces(['apps']) }),
    message: "east/Reader: 'consumer.rules[0].nonResourceUrls' ([\"/healthz\"]) are only allowed in cluster scope: "
      + 'a Role in a namespace cannot grant non-resource URLs (use AccessScope.cluster() or clusterScopedRules)',
  },
  {
    id: 'remote-access-custom-service-account-too-long',
    area: 'remote-access',
    title: 'A custom ServiceAccount name longer than 55 characters',
    stage: Stage.CONSTRUCT,
    run: access('Reader', { consumer: AccessConsumer.custom([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], { serviceAccountName: 'r'.repeat(56) }) }),
    message: `east/Reader: 'consumer.serviceAccountName' ("${'r'.repeat(56)}") must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, `
      + 'at most 55 characters, so that its derived names stay valid)',
  },
  {
    id: 'remote-access-service-account-conflict',
    area: 'remote-access',
    title: 'Two RemoteAccess objects create one ServiceAccount with different rules',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { east, west } = istioPair(ctx);
      new RemoteAccess(east, 'KialiView', { consumer: AccessConsumer.kiali(), consumerCluster: west });
      new RemoteAccess(east, 'KialiFull', { consumer: AccessConsumer.kiali({ viewOnly: false }), consumerCluster: west });
    },
    message: "east/KialiFull: 'consumer' (\"istio-system/kiali-service-account\") creates ServiceAccount istio-system/kiali-service-account in cluster \"east\" "
      + 'with other rules, names or namespaces than east/KialiView does: one ServiceAccount has one set of rules; '
      + 'give the same consumer and scope, or another ServiceAccount (instanceName, serviceAccountName or namespace)',
  },
  {
    id: 'remote-access-api-server-without-ca',
    area: 'remote-access',
    title: 'The cluster being read has an API server without a CA',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      const east = new MeshCluster(app, 'east', { apiServer: ApiServer.fromUrl('https://east.example.com:6443') });
      new RemoteAccess(east, 'Istiod', { consumer: AccessConsumer.istio(), consumerCluster: new MeshCluster(app, 'west') });
    },
    message: "east/Istiod: 'cluster.apiServer' (\"https://east.example.com:6443\") of cluster \"east\" has no CA certificate, so the consumer could not verify the API server: "
      + 'give caData or caFile in ApiServer.fromUrl() (or certificate-authority-data in the kubeconfig), '
      + 'or set insecureSkipTlsVerify: true to accept an unverified server (labs only)',
  },
  {
    id: 'remote-access-credential-without-api-server',
    area: 'remote-access',
    title: 'A credential for a cluster without API-server settings',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.tokenFile(); },
    run: ctx => {
      const app = ctx.app();
      new RemoteAccess(new MeshCluster(app, 'east'), 'Istiod', {
        consumer: AccessConsumer.istio(), consumerCluster: new MeshCluster(app, 'west'), credential: Credential.fromTokenFile('reader.token'),
      });
    },
    message: "east/Istiod: 'credential' (\"token file reader.token\") cannot be used: cluster \"east\" has no apiServer, so its server and CA are unknown: "
      + 'set apiServer: ApiServer.fromUrl(...) or ApiServer.fromKubeconfig(...) on it',
  },
  {
    id: 'remote-access-credential-not-credential',
    area: 'remote-access',
    title: 'credential is not a Credential',
    stage: Stage.CONSTRUCT,
    run: access('Istiod', { credential: 'reader.token' as any }),
    message: "east/Istiod: 'credential' (\"reader.token\") must be a Credential: Credential.fromTokenFile(), .fromEnv() or .fromClientCertificate()",
  },
  {
    id: 'remote-access-token-file-missing',
    area: 'remote-access',
    title: 'The token file does not exist',
    stage: Stage.CONSTRUCT,
    run: access('Istiod', { credential: Credential.fromTokenFile('missing.token') }),
    message: "east/Istiod: 'credential' (\"missing.token\") must name a readable token file, but <cwd>/missing.token does not exist",
  },
  {
    id: 'remote-access-token-file-world-readable',
    area: 'remote-access',
    title: 'The token file is readable by others',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('loose.token', `${testToken()}\n`, 0o644); },
    run: access('Istiod', { credential: Credential.fromTokenFile('loose.token') }),
    message: "east/Istiod: 'credential' (\"loose.token\") must name a readable token file, but <cwd>/loose.token is readable by others (mode 0644): run chmod 600 <cwd>/loose.token",
  },
  {
    id: 'remote-access-token-file-fifo',
    area: 'remote-access',
    title: 'The token file is a FIFO (reading it would block the synth forever)',
    stage: Stage.CONSTRUCT,
    setup: ctx => { execFileSync('mkfifo', ['-m', '600', path.join(ctx.dir, 'pipe.token')]); },
    run: access('Istiod', { credential: Credential.fromTokenFile('pipe.token') }),
    message: "east/Istiod: 'credential' (\"pipe.token\") must name a readable token file, but <cwd>/pipe.token is a FIFO, not a regular file",
  },
  {
    id: 'remote-access-token-file-too-large',
    area: 'remote-access',
    title: 'The token file is larger than any token (64 KiB)',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('huge.token', 'a'.repeat(64 * 1024 + 1)); },
    run: access('Istiod', { credential: Credential.fromTokenFile('huge.token') }),
    message: "east/Istiod: 'credential' (\"huge.token\") must name a readable token file, but <cwd>/huge.token is 65537 bytes, more than a token file can be (65536 bytes)",
  },
  {
    id: 'remote-access-token-file-empty',
    area: 'remote-access',
    title: 'The token file is empty',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('empty.token', '\n'); },
    run: access('Istiod', { credential: Credential.fromTokenFile('empty.token') }),
    message: "east/Istiod: 'credential' (\"empty.token\") the token file is empty: it must hold a ServiceAccount token",
  },
  {
    id: 'remote-access-token-file-not-jwt',
    area: 'remote-access',
    title: 'The token file does not hold a token (its content is never shown)',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('bad.token', 'not-a-jwt-secret-value'); },
    run: access('Istiod', { credential: Credential.fromTokenFile('bad.token') }),
    message: `east/Istiod: 'credential' ("bad.token") ${NOT_JWT}`,
  },
  {
    id: 'remote-access-token-env-unset',
    area: 'remote-access',
    title: 'The token environment variable is not set',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      delete process.env.CDK8S_MESH_TEST_UNSET_TOKEN;
      access('Istiod', { credential: Credential.fromEnv('CDK8S_MESH_TEST_UNSET_TOKEN') })(ctx);
    },
    message: "east/Istiod: 'credential' (\"$CDK8S_MESH_TEST_UNSET_TOKEN\") must name an environment variable holding a ServiceAccount token, "
      + 'but CDK8S_MESH_TEST_UNSET_TOKEN is not set',
  },
  {
    id: 'remote-access-client-key-mismatch',
    area: 'remote-access',
    title: 'The client key does not belong to the client certificate',
    stage: Stage.CONSTRUCT,
    setup: ctx => {
      ctx.clientCertificateFiles('one');
      ctx.clientCertificateFiles('two');
    },
    run: access('Istiod', { credential: Credential.fromClientCertificate({ certificateFile: 'one.crt', keyFile: 'two.key' }) }),
    message: "east/Istiod: 'credential.certificateFile' (\"one.crt\") holds a private key that does not belong to the client certificate",
  },
  {
    id: 'remote-access-client-certificate-files-and-kubeconfig',
    area: 'remote-access',
    title: 'A client certificate given both as files and as a kubeconfig user',
    stage: Stage.CONSTRUCT,
    run: access('Istiod', { credential: Credential.fromClientCertificate({ certificateFile: 'one.crt', keyFile: 'one.key', kubeconfig: 'kubeconfig.yaml' }) }),
    message: "east/Istiod: 'credential.kubeconfig' (\"kubeconfig.yaml\") and certificateFile/keyFile are both set: "
      + 'give the client certificate once, as two PEM files or as a kubeconfig user',
  },
  {
    id: 'remote-access-client-certificate-key-file-missing',
    area: 'remote-access',
    title: 'A client certificate without its key file',
    stage: Stage.CONSTRUCT,
    run: access('Istiod', { credential: Credential.fromClientCertificate({ certificateFile: 'one.crt' }) }),
    message: "east/Istiod: 'credential' ({\"certificateFile\":\"one.crt\"}) must give certificateFile and keyFile (PEM files), or kubeconfig",
  },
  {
    id: 'remote-access-kubeconfig-user-without-certificate',
    area: 'remote-access',
    title: 'The kubeconfig user has no client certificate',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.kubeconfig(['server: https://east:6443']); },
    run: access('Istiod', { credential: Credential.fromClientCertificate({ kubeconfig: 'kubeconfig.yaml' }) }),
    message: "east/Istiod: 'credential.context' (\"east\") has user \"admin\" in kubeconfig \"kubeconfig.yaml\", which has no client certificate and key "
      + '(client-certificate-data and client-key-data, or client-certificate and client-key)',
  },
];
