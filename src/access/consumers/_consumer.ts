/*
 * One remote-access consumer per file in this folder: each carries its own behaviour
 * (names, labels and RBAC rules in the cluster being read; its remote-cluster Secrets in
 * the consumer cluster). Adding a consumer is one file here and a factory on AccessConsumer.
 */
import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { MeshCluster } from '../../core/mesh-cluster';
import type { RbacRule } from '../_rbac-rules';
import type { RemoteSecretProps } from '../_remote-secrets';
import type { AccessConsumer } from '../access-consumer';

/** What the consumer needs in the cluster being read. @internal */
export interface ConsumerContext {
  /** The Istio namespace of the cluster being read (its mesh's). */
  readonly istioNamespace: string;
  /** The Istio revision of the cluster being read. */
  readonly istioRevision?: string;
  /** The Istio minor version of the cluster being read. */
  readonly istioMinor: number;
  /** True when the cluster being read is a primary-remote remote (the remote profile). */
  readonly remoteProfile: boolean;
  /** The ServiceAccount's namespace given to the RemoteAccess, if any. */
  readonly requestedNamespace?: string;
}

/** The names, labels and rules a consumer gets in the cluster being read. @internal */
export interface ConsumerPlan {
  readonly serviceAccountName: string;
  readonly defaultNamespace: string;
  readonly labels: { [key: string]: string };
  /** ClusterRole and ClusterRoleBinding names (cluster scope). */
  readonly clusterRoleName: string;
  readonly clusterRoleBindingName: string;
  /** Role and RoleBinding names (namespace scope). */
  readonly roleName: string;
  readonly roleBindingName: string;
  /** Rules of the ClusterRole (cluster scope). */
  readonly clusterRules: RbacRule[];
  /** Rules of each Role (namespace scope). */
  readonly namespaceRules: RbacRule[];
  /** Cluster-scoped rules kept in namespace scope, and the ClusterRole name that holds them. */
  readonly namespaceModeClusterRules: RbacRule[];
  readonly namespaceModeClusterRoleName: string;
  /** True when the ServiceAccount's own namespace always gets a Role in namespace scope (Kiali's). */
  readonly includeOwnNamespace: boolean;
  /** Why namespace scope is refused, when it is. */
  readonly namespaceScopeRefusal?: string;
  /** The explicit long-lived token Secret's name. */
  readonly tokenSecretName: string;
}

/** What one kind of consumer gets and reads. @internal */
export interface ConsumerBehaviour {
  /**
   * When set, a pending remote-cluster Secret is recorded in the key store for `cdk8s-mesh check`,
   * with these fields first (Istio's records have none, as before; the others name their consumer:
   * `kiali`, `argocd`, `custom`; Linkerd's are ServiceMirrorLink's own).
   */
  readonly pendingRecord?: { readonly consumer?: string };
  /** The names, labels and rules the consumer gets in the cluster being read. */
  plan(consumer: AccessConsumer, where: string, ctx: ConsumerContext, namespaceScope: boolean): ConsumerPlan;
  /** The consumer's namespace in the consumer cluster, when none is given. */
  consumerNamespace(plan: ConsumerPlan, istioNamespace: string | undefined): string;
  /** `<namespace>/<name>` of each remote-cluster Secret of the consumer. */
  secretNames(naming: SecretNaming): string[];
  /** The remote-cluster Secrets, in the consumer cluster. */
  emitSecrets(emission: SecretEmission): ApiObject[];
  /** Refuses a consumer namespace the consumer cannot read its Secrets from (throws). */
  checkConsumerNamespace?(where: string, namespace: string): void;
  /** Refuses a consumer cluster the consumer cannot run in (throws). */
  checkConsumerCluster?(where: string, consumerCluster: MeshCluster): void;
  /** Whether the ServiceAccount and its RBAC are emitted by default (`inIstioMesh`: the cluster read is in an Istio mesh of this app). */
  createsServiceAccountByDefault(inIstioMesh: boolean): boolean;
  /** What the consumer's own configuration in the consumer cluster needs to know of this access (Kiali's clustering). */
  register?(registration: ConsumerRegistration): void;
}

/** One access, as the consumer's configuration in the consumer cluster sees it. @internal */
export interface ConsumerRegistration {
  readonly consumer: AccessConsumer;
  readonly where: string;
  readonly consumerCluster: MeshCluster;
  /** The cluster being read. */
  readonly clusterName: string;
  /** The consumer's namespace in the consumer cluster. */
  readonly consumerNamespace: string;
  /** `<namespace>/<name>` of each remote-cluster Secret (built or pending). */
  readonly secretNames: string[];
  /** The API server of the cluster being read, and its CA (PEM), when known. */
  readonly server?: string;
  readonly caPem?: string;
}

/** What a consumer names its Secrets from. @internal */
export interface SecretNaming {
  readonly consumer: AccessConsumer;
  readonly where: string;
  /** The consumer's namespace in the consumer cluster. */
  readonly namespace: string;
  /** The cluster being read. */
  readonly clusterName: string;
  /** The API server of the cluster being read, when known. */
  readonly server?: string;
  /** The custom consumer's Secret name (checked). */
  readonly customSecretName: () => string;
}

/** What a consumer builds its Secrets from. @internal */
export interface SecretEmission {
  readonly consumer: AccessConsumer;
  readonly where: string;
  /** The construct that holds the Secrets, in the consumer cluster. */
  readonly holder: Construct;
  readonly plan: ConsumerPlan;
  readonly secret: RemoteSecretProps;
  /** The namespaces of the access (empty: cluster scope). */
  readonly namespaces: string[];
  /** The custom consumer's Secret name (checked). */
  readonly customSecretName: () => string;
}
