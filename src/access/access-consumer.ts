import { AccessConsumerKind } from './consumer-kinds';
import type { KialiResourceNaming } from './consumer-kinds';
import { ARGO_CD_CONSUMER } from './consumers/_argocd';
import type { ConsumerBehaviour, ConsumerContext, ConsumerPlan } from './consumers/_consumer';
import { CUSTOM_CONSUMER, customSettings, CustomSettings } from './consumers/_custom';
import { ISTIO_CONSUMER } from './consumers/_istio';
import { KIALI_CONSUMER, kialiSettings, KialiSettings } from './consumers/_kiali';
import { LINKERD_CONSUMER, linkerdSettings, LinkerdSettings } from './consumers/_linkerd';

/** Options for `AccessConsumer.kiali()`. */
export interface KialiConsumerOptions {
  /**
   * Bind the viewer role (`<instance>-viewer`: get/list/watch, plus the few
   * creates Kiali needs) instead of the full role (which adds patch, create and
   * delete). The Kiali operator binds the viewer role whenever `view_only_mode`
   * is true or `auth.strategy` is not `anonymous` (with a login, writes use the
   * user's own token), and the preparation script is view-only by default.
   *
   * @default true
   */
  readonly viewOnly?: boolean;
  /**
   * Kiali's `deployment.instance_name`: the prefix of every resource name and
   * the `app.kubernetes.io/instance` label. A DNS-1123 label of at most 40
   * characters. Use the same value on every cluster.
   *
   * @default 'kiali'
   */
  readonly instanceName?: string;
  /**
   * Whose names to use: the operator's or the Helm chart's.
   *
   * @default KialiResourceNaming.OPERATOR
   */
  readonly naming?: KialiResourceNaming;
  /**
   * The Kiali release that reads the cluster, `v2.10.0` to `v2.29.x`: the
   * rules of its roles follow that release's chart or operator templates
   * (they changed in 2.13, 2.16, 2.17 and 2.28), and it names the `version`
   * and `app.kubernetes.io/version` labels the operator and chart set. Those
   * labels are written only when the version is given.
   *
   * @default - 'v2.29.0' (the newest release the rules were compared with), without version labels
   */
  readonly version?: string;
}

/** Options for `AccessConsumer.linkerdServiceMirror()`. */
export interface LinkerdServiceMirrorOptions {
  /**
   * The remote-access ServiceAccount in the target cluster
   * (`remoteMirrorServiceAccountName` of the multicluster chart, or
   * `linkerd mc allow --service-account-name`). One per source cluster makes
   * each link's credentials revocable on its own.
   *
   * @default 'linkerd-service-mirror-remote-access-default'
   */
  readonly serviceAccountName?: string;
  /**
   * The Linkerd control-plane namespace, in both clusters: the target's
   * `linkerd-config` is read there, and the destination controller's copy of
   * the credentials goes there in the source.
   *
   * @default 'linkerd'
   */
  readonly linkerdNamespace?: string;
  /**
   * The target cluster's `identityTrustDomain` (the
   * `multicluster.linkerd.io/trust-domain` annotation).
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * The target cluster's `clusterDomain` (the
   * `multicluster.linkerd.io/cluster-domain` annotation).
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/** One Kubernetes RBAC rule (`rbac.authorization.k8s.io/v1` PolicyRule). */
export interface PolicyRule {
  /**
   * The API groups of `resources` (`""` is the core group). Required with `resources`.
   *
   * @default - none (only for `nonResourceUrls` rules)
   */
  readonly apiGroups?: string[];
  /**
   * The resources, such as `pods` or `pods/log`.
   *
   * @default - none (give `nonResourceUrls` instead)
   */
  readonly resources?: string[];
  /**
   * Restricts the rule to objects with these names.
   *
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
  /**
   * Non-resource URLs such as `/healthz` (cluster scope only).
   *
   * @default - none
   */
  readonly nonResourceUrls?: string[];
  /** The verbs, such as `get`, `list`, `watch`. */
  readonly verbs: string[];
}

/** Options for `AccessConsumer.custom()`. */
export interface CustomConsumerOptions {
  /**
   * The ServiceAccount (and ClusterRole, ClusterRoleBinding, Role and
   * RoleBinding) name in the cluster being read.
   *
   * @default 'remote-access-reader'
   */
  readonly serviceAccountName?: string;
  /**
   * Cluster-scoped rules added in namespace mode (`AccessScope.namespaces()`),
   * for reads the consumer cannot work without (such as `get` on `nodes`).
   * They go into a ClusterRole `<serviceAccountName>-cluster`.
   *
   * @default - none
   */
  readonly clusterScopedRules?: PolicyRule[];
  /**
   * Accept `*` in verbs, resources, API groups or non-resource URLs. A wildcard
   * grants what the API server adds later too; refused unless set.
   *
   * @default false
   */
  readonly allowWildcards?: boolean;
  /**
   * The name of the kubeconfig Secret in the consumer cluster (key `kubeconfig`).
   *
   * @default - `<serviceAccountName>-<cluster being read>-kubeconfig`
   */
  readonly secretName?: string;
}

/**
 * The tool that reads a remote cluster, with the names, labels and RBAC rules
 * that tool's own installer creates (so resources it already made are adopted):
 *
 * - `AccessConsumer.istio()`: istiod, as `istioctl create-remote-secret` and the
 *   Istio charts set it up;
 * - `AccessConsumer.kiali()`: the Kiali server, as the Kiali operator's
 *   `remote_cluster_resources_only` mode (or the Helm chart) sets it up;
 * - `AccessConsumer.linkerdServiceMirror()`: Linkerd's service mirror, as the
 *   multicluster chart's remote-access ServiceAccount;
 * - `AccessConsumer.argoCd()`: Argo CD, as `argocd cluster add`;
 * - `AccessConsumer.custom(rules)`: anything else.
 */
export class AccessConsumer {
  /**
   * istiod reading a remote cluster for endpoint discovery: ServiceAccount
   * `istio-reader-service-account` and ClusterRole/ClusterRoleBinding
   * `istio-reader-clusterrole[-<revision>]-<istio namespace>` with the rules of
   * the cluster's Istio version (plus the remote profile's webhook and
   * configmap rules when the cluster is a primary-remote remote). Cluster scope only.
   */
  public static istio(): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.ISTIO, {}, ISTIO_CONSUMER);
  }

  /**
   * The Kiali server reading a remote cluster. View-only by default, cluster
   * scope only (Kiali caches a remote cluster cluster-wide), with the rules of
   * the given Kiali release; the consumer cluster gets the Kiali configuration
   * that registers the cluster (`clustering.clusters[]`).
   */
  public static kiali(options: KialiConsumerOptions = {}): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.KIALI, { kiali: options }, KIALI_CONSUMER);
  }

  /** Linkerd's service mirror (and destination controller) reading a link's target cluster. Cluster scope only. */
  public static linkerdServiceMirror(options: LinkerdServiceMirrorOptions = {}): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.LINKERD_SERVICE_MIRROR, { linkerd: options }, LINKERD_CONSUMER);
  }

  /**
   * Argo CD deploying to a remote cluster, as `argocd cluster add` sets it up:
   * ServiceAccount `argocd-manager` (in `kube-system`) bound to
   * `argocd-manager-role`, which allows everything (`*` on every resource, and
   * every non-resource URL) in cluster scope, or everything in each listed
   * namespace in namespace scope. It is a deployer: narrow it with
   * `AccessScope.namespaces()`, or use `AccessConsumer.custom()`.
   */
  public static argoCd(): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.ARGO_CD, {}, ARGO_CD_CONSUMER);
  }

  /** Your own rules, for a consumer of your own. Wildcards are refused unless `allowWildcards` is set. */
  public static custom(rules: PolicyRule[], options: CustomConsumerOptions = {}): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.CUSTOM, { rules, custom: options }, CUSTOM_CONSUMER);
  }

  /** Which tool reads the remote cluster. */
  public readonly kind: AccessConsumerKind;

  /** @internal */
  public readonly _options: {
    readonly kiali?: KialiConsumerOptions;
    readonly linkerd?: LinkerdServiceMirrorOptions;
    readonly rules?: PolicyRule[];
    readonly custom?: CustomConsumerOptions;
  };

  /** What this kind of consumer gets, and which Secrets it reads (consumers/). @internal */
  public readonly _behaviour: ConsumerBehaviour;

  private constructor(kind: AccessConsumerKind, options: AccessConsumer['_options'], behaviour: ConsumerBehaviour) {
    this.kind = kind;
    this._options = options;
    this._behaviour = behaviour;
  }

  /** Kiali's options with defaults, checked. @internal */
  public _kiali(where: string): KialiSettings {
    return kialiSettings(where, this._options.kiali ?? {});
  }

  /** Linkerd's options with defaults, checked. @internal */
  public _linkerd(where: string): LinkerdSettings {
    return linkerdSettings(where, this._options.linkerd ?? {});
  }

  /** The custom consumer's options with defaults, checked. @internal */
  public _custom(where: string): CustomSettings {
    return customSettings(where, this._options.custom ?? {});
  }

  /**
   * The names, labels and rules this consumer gets in the cluster being read.
   * @internal
   */
  public _plan(where: string, ctx: ConsumerContext, namespaceScope: boolean): ConsumerPlan {
    return this._behaviour.plan(this, where, ctx, namespaceScope);
  }
}
