/**
 * The consumer-side Secrets that carry a credential for another cluster, in
 * the exact form each consumer reads (reference/istio.md §4, kiali.md §4 and
 * §7, linkerd.md §2). Every one of them carries a token or a private key, so
 * each is `markPrivate()`d: it goes to the key store, never to the output tree.
 *
 * Internal: `RemoteAccess` builds them, and so can `ServiceMirrorLink`
 * (`linkerdCredentialSecrets`).
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ApiServerEndpoint } from './api-server';
import type { ResolvedCredential } from './credential';
import { markPrivate } from '../output/_metadata';
import { SharedRender, SharedSecret } from '../output/_render-once';
import { stringifyYaml } from '../output/_yaml';

/** The label istiod selects remote secrets by. */
export const ISTIO_MULTICLUSTER_LABEL = 'istio/multiCluster';
/** The annotation that names the cluster of an Istio remote secret. */
export const ISTIO_CLUSTER_ANNOTATION = 'networking.istio.io/cluster';
/** The label Kiali autodetects remote cluster secrets by (`clustering.autodetect_secrets.label`). */
export const KIALI_MULTICLUSTER_LABEL = 'kiali.io/multiCluster';
/** The annotation that names the cluster of a Kiali remote secret. */
export const KIALI_CLUSTER_ANNOTATION = 'kiali.io/cluster';
/** The Secret type of Linkerd's link credentials. */
export const LINKERD_CREDENTIALS_TYPE = 'mirror.linkerd.io/remote-kubeconfig';
/** The label Argo CD finds cluster Secrets by. */
export const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** A kubeconfig with one cluster, context and user, as client-go reads it. */
export interface Kubeconfig {
  readonly 'apiVersion': 'v1';
  readonly 'clusters': { readonly cluster: { [key: string]: string | boolean }; readonly name: string }[];
  readonly 'contexts': { readonly context: { readonly cluster: string; readonly user: string }; readonly name: string }[];
  readonly 'current-context': string;
  readonly 'kind': 'Config';
  readonly 'users': { readonly name: string; readonly user: { [key: string]: string } }[];
}

/**
 * A kubeconfig with one cluster, one context and one user, the context named
 * after the cluster: the cluster entry from the API-server settings (CA data
 * inline, or `insecure-skip-tls-verify`), the user with an inline token or
 * inline client certificate and key; no exec plugin, no file paths (istiod
 * rejects those unless allow-listed).
 */
export function kubeconfig(clusterName: string, endpoint: ApiServerEndpoint, credential: ResolvedCredential,
  userName: string = clusterName): Kubeconfig {
  const cluster: { [key: string]: string | boolean } = endpoint.insecureSkipTlsVerify
    ? { 'insecure-skip-tls-verify': true, 'server': endpoint.server }
    : { 'certificate-authority-data': Buffer.from(endpoint.caPem ?? '', 'utf-8').toString('base64'), 'server': endpoint.server };
  if (endpoint.tlsServerName) {
    cluster['tls-server-name'] = endpoint.tlsServerName;
  }
  const user: { [key: string]: string } = credential.token !== undefined
    ? { token: credential.token }
    : {
      'client-certificate-data': Buffer.from(credential.certificatePem ?? '', 'utf-8').toString('base64'),
      'client-key-data': Buffer.from(credential.keyPem ?? '', 'utf-8').toString('base64'),
    };
  return {
    'apiVersion': 'v1',
    'clusters': [{ cluster, name: clusterName }],
    'contexts': [{ context: { cluster: clusterName, user: userName }, name: clusterName }],
    'current-context': clusterName,
    'kind': 'Config',
    'users': [{ name: userName, user }],
  };
}

/**
 * Renders a kubeconfig as YAML text. YAML 1.1 quoting, as client-go's YAML
 * parser reads `on`, `yes` and `y` as booleans.
 */
export function kubeconfigText(config: Kubeconfig): string {
  return stringifyYaml(config);
}

const RENDERED = new WeakMap<ApiServerEndpoint, WeakMap<ResolvedCredential, Map<string, string>>>();

/**
 * `kubeconfigText(kubeconfig(...))`, rendered once per cluster, endpoint,
 * credential and user: full-mesh endpoint discovery puts the same kubeconfig
 * into each of the N-1 consumers' copies of a cluster's remote secret. The
 * endpoint and the credential are compared by identity (a cluster resolves its
 * API server once, a `Credential` is read once).
 */
export function renderedKubeconfig(clusterName: string, endpoint: ApiServerEndpoint, credential: ResolvedCredential,
  userName: string = clusterName): string {
  let byCredential = RENDERED.get(endpoint);
  if (!byCredential) {
    byCredential = new WeakMap();
    RENDERED.set(endpoint, byCredential);
  }
  let byName = byCredential.get(credential);
  if (!byName) {
    byName = new Map();
    byCredential.set(credential, byName);
  }
  const key = `${clusterName}\n${userName}`;
  let text = byName.get(key);
  if (text === undefined) {
    text = kubeconfigText(kubeconfig(clusterName, endpoint, credential, userName));
    byName.set(key, text);
  }
  return text;
}

const SHARED = new WeakMap<ApiServerEndpoint, WeakMap<ResolvedCredential, Map<string, SharedRender>>>();

/**
 * The rendering shared by the consumer-side Secrets of one kind built from the
 * same endpoint, credential and `key` (which holds every other input of the
 * Secret: its cluster name and namespace): the N - 1 copies of a cluster's
 * remote secret render once (`output/_render-once.ts`).
 */
function sharedRender(kind: string, props: RemoteSecretProps, key: string = ''): SharedRender {
  let byCredential = SHARED.get(props.endpoint);
  if (!byCredential) {
    byCredential = new WeakMap();
    SHARED.set(props.endpoint, byCredential);
  }
  let byKey = byCredential.get(props.credential);
  if (!byKey) {
    byKey = new Map();
    byCredential.set(props.credential, byKey);
  }
  const k = `${kind}\n${props.clusterName}\n${props.namespace}\n${key}`;
  let shared = byKey.get(k);
  if (!shared) {
    shared = new SharedRender();
    byKey.set(k, shared);
  }
  return shared;
}

/** Props shared by the consumer-side Secrets. */
export interface RemoteSecretProps {
  /** The name of the cluster the credential reads. */
  readonly clusterName: string;
  /** How the consumer reaches that cluster's API server. */
  readonly endpoint: ApiServerEndpoint;
  /** The credential. */
  readonly credential: ResolvedCredential;
  /** The consumer's namespace (where the Secret goes). */
  readonly namespace: string;
}

/** The name `istioctl create-remote-secret` gives the remote secret of a cluster. */
export function istioRemoteSecretName(clusterName: string): string {
  return `istio-remote-secret-${clusterName}`;
}

/**
 * Istio's remote secret, as `istioctl create-remote-secret --name=<cluster>`
 * writes it: `istio-remote-secret-<cluster>`, label `istio/multiCluster: "true"`,
 * annotation `networking.istio.io/cluster`, key = cluster name.
 */
export function istioRemoteSecret(scope: Construct, id: string, props: RemoteSecretProps): ApiObject {
  return markPrivate(new SharedSecret(scope, id, sharedRender('istio', props), {
    metadata: {
      name: istioRemoteSecretName(props.clusterName),
      namespace: props.namespace,
      labels: { [ISTIO_MULTICLUSTER_LABEL]: 'true' },
      annotations: { [ISTIO_CLUSTER_ANNOTATION]: props.clusterName },
    },
    stringData: { [props.clusterName]: renderedKubeconfig(props.clusterName, props.endpoint, props.credential) },
  }));
}

/** The name `kiali-prepare-remote-cluster.sh` gives the remote cluster secret of a cluster. */
export function kialiRemoteSecretName(clusterName: string): string {
  return `kiali-remote-cluster-secret-${clusterName.toLowerCase().replace(/[^a-z0-9]/g, '-')}`;
}

/**
 * Kiali's remote cluster secret, as `kiali-prepare-remote-cluster.sh` writes
 * it: in Kiali's namespace, label `kiali.io/multiCluster: "true"`, annotation
 * `kiali.io/cluster`, key = cluster name (Kiali takes the cluster name from the
 * kubeconfig's only cluster entry).
 */
export function kialiRemoteSecret(scope: Construct, id: string, props: RemoteSecretProps): ApiObject {
  return markPrivate(new SharedSecret(scope, id, sharedRender('kiali', props), {
    metadata: {
      name: kialiRemoteSecretName(props.clusterName),
      namespace: props.namespace,
      labels: { [KIALI_MULTICLUSTER_LABEL]: 'true' },
      annotations: { [KIALI_CLUSTER_ANNOTATION]: props.clusterName },
    },
    stringData: { [props.clusterName]: renderedKubeconfig(props.clusterName, props.endpoint, props.credential) },
  }));
}

/** Props of Linkerd's two link credential Secrets. */
export interface LinkerdCredentialSecretsProps extends RemoteSecretProps {
  /** The ServiceAccount the token belongs to (the kubeconfig user is named after it, as `link-gen` does). */
  readonly serviceAccountName: string;
  /** The Linkerd control-plane namespace of the source cluster (the destination controller's copy). */
  readonly linkerdNamespace: string;
  /** The target's `identityTrustDomain`. */
  readonly trustDomain: string;
  /** The target's `clusterDomain`. */
  readonly clusterDomain: string;
}

/** The name `linkerd multicluster link-gen --cluster-name <target>` gives the credentials. */
export function linkerdCredentialsSecretName(targetClusterName: string): string {
  return `cluster-credentials-${targetClusterName}`;
}

/**
 * Linkerd's two link credential Secrets, as `linkerd multicluster link-gen`
 * writes them: `cluster-credentials-<target>`, type
 * `mirror.linkerd.io/remote-kubeconfig`, key `kubeconfig`, one in the
 * multicluster namespace (`props.namespace`, for the link controller) and one
 * in the Linkerd namespace labelled and annotated for the destination
 * controller. `ServiceMirrorLink` calls this for a link.
 */
export function linkerdCredentialSecrets(scope: Construct, idPrefix: string, props: LinkerdCredentialSecretsProps): ApiObject[] {
  const name = linkerdCredentialsSecretName(props.clusterName);
  const kubeconfigB64 = Buffer.from(renderedKubeconfig(props.clusterName, props.endpoint, props.credential, props.serviceAccountName), 'utf-8').toString('base64');
  return [
    markPrivate(new k8s.KubeSecret(scope, `${idPrefix}LinkCredentials`, {
      metadata: { name, namespace: props.namespace },
      type: LINKERD_CREDENTIALS_TYPE,
      data: { kubeconfig: kubeconfigB64 },
    })),
    markPrivate(new k8s.KubeSecret(scope, `${idPrefix}DestinationCredentials`, {
      metadata: {
        name,
        namespace: props.linkerdNamespace,
        labels: { 'multicluster.linkerd.io/cluster-name': props.clusterName },
        annotations: {
          'multicluster.linkerd.io/trust-domain': props.trustDomain,
          'multicluster.linkerd.io/cluster-domain': props.clusterDomain,
        },
      },
      type: LINKERD_CREDENTIALS_TYPE,
      data: { kubeconfig: kubeconfigB64 },
    })),
  ];
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `s` (Go's `hash/fnv` New32a). */
/* eslint-disable no-bitwise */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf-8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
/* eslint-enable no-bitwise */

/** The server URL as Argo CD stores it (trailing slashes removed). */
export function argoCdServer(server: string): string {
  return server.replace(/\/+$/, '');
}

/**
 * The name `argocd cluster add` gives a cluster Secret: `cluster-<host>-<fnv32a(server)>`
 * (argoproj/argo-cd `util/db` URIToSecretName): the host without its port,
 * lower-cased; an IPv6 host without brackets and with `:` turned into `-`.
 */
export function argoCdClusterSecretName(server: string): string {
  const url = new URL(server);
  let host = url.host;
  if (host.startsWith('[')) {
    host = host.slice(1, host.indexOf(']')).replace(/:/g, '-');
  } else if (host.includes(':')) {
    host = host.slice(0, host.indexOf(':'));
  }
  return `cluster-${host.toLowerCase()}-${fnv32a(server)}`;
}

/** Props of Argo CD's cluster Secret. */
export interface ArgoCdClusterSecretProps extends RemoteSecretProps {
  /** The namespaces Argo CD may manage (namespace scope). */
  readonly namespaces: string[];
}

/** Argo CD's `config.tlsClientConfig` (argo-cd `declarative-setup.md`). */
interface ArgoCdTlsClientConfig {
  insecure: boolean;
  caData?: string;
  serverName?: string;
  certData?: string;
  keyData?: string;
}

/**
 * Argo CD's declarative cluster Secret (argo-cd `declarative-setup.md`): label
 * `argocd.argoproj.io/secret-type: cluster`, `name`, `server`, `config`
 * (bearer token or client certificate, and TLS settings), and `namespaces`
 * in namespace scope; named as `argocd cluster add` names it.
 */
export function argoCdClusterSecret(scope: Construct, id: string, props: ArgoCdClusterSecretProps): ApiObject {
  const server = argoCdServer(props.endpoint.server);
  const tls: ArgoCdTlsClientConfig = props.endpoint.insecureSkipTlsVerify
    ? { insecure: true }
    : { insecure: false, caData: Buffer.from(props.endpoint.caPem ?? '', 'utf-8').toString('base64') };
  if (props.endpoint.tlsServerName) {
    tls.serverName = props.endpoint.tlsServerName;
  }
  const config: { bearerToken?: string; tlsClientConfig?: ArgoCdTlsClientConfig } = {};
  if (props.credential.token !== undefined) {
    config.bearerToken = props.credential.token;
  } else {
    tls.certData = Buffer.from(props.credential.certificatePem ?? '', 'utf-8').toString('base64');
    tls.keyData = Buffer.from(props.credential.keyPem ?? '', 'utf-8').toString('base64');
  }
  config.tlsClientConfig = tls;
  const stringData: { [key: string]: string } = { name: props.clusterName, server, config: JSON.stringify(config) };
  if (props.namespaces.length > 0) {
    stringData.namespaces = props.namespaces.join(',');
  }
  return markPrivate(new k8s.KubeSecret(scope, id, {
    metadata: {
      name: argoCdClusterSecretName(server),
      namespace: props.namespace,
      labels: { [ARGOCD_SECRET_TYPE_LABEL]: 'cluster' },
    },
    type: 'Opaque',
    stringData,
  }));
}

/** A plain kubeconfig Secret (key `kubeconfig`), for custom consumers. */
export function kubeconfigSecret(scope: Construct, id: string, name: string, props: RemoteSecretProps): ApiObject {
  return markPrivate(new SharedSecret(scope, id, sharedRender('kubeconfig', props, name), {
    metadata: { name, namespace: props.namespace },
    type: 'Opaque',
    stringData: { kubeconfig: renderedKubeconfig(props.clusterName, props.endpoint, props.credential) },
  }));
}
