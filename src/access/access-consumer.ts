import { argoCdRules, istioReaderRules, kialiRules, linkerdRemoteAccessRules } from './_rbac-rules';
import { DNS1123_LABEL_RULE, fail, isDns1123Label, isDns1123Subdomain, requireDomain } from '../core/_validation';

/** Which tool reads the remote cluster. */
export enum AccessConsumerKind {
  /** istiod (endpoint discovery): `istio-reader-service-account`. */
  ISTIO = 'istio',
  /** The Kiali server: the operator's (or Helm chart's) ServiceAccount and viewer or full role. */
  KIALI = 'kiali',
  /** Linkerd's service mirror (and destination controller): the multicluster chart's remote-access ServiceAccount. */
  LINKERD_SERVICE_MIRROR = 'linkerd',
  /** Argo CD: what `argocd cluster add` creates. */
  ARGO_CD = 'argocd',
  /** Your own rules. */
  CUSTOM = 'custom',
}

/** Whose names the Kiali resources follow, so that existing ones are adopted. */
export enum KialiResourceNaming {
  /**
   * The Kiali operator (`remote_cluster_resources_only: true`): ServiceAccount
   * `<instance>-service-account`, binding `<instance>`.
   */
  OPERATOR = 'operator',
  /**
   * The `kiali-server` Helm chart and `kiali-prepare-remote-cluster.sh`:
   * ServiceAccount `<instance>`, binding named like its role.
   */
  HELM_CHART = 'helm-chart',
}

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
   * The Kiali version, for the `version` and `app.kubernetes.io/version` labels
   * the operator sets (such as `v2.15.0`).
   *
   * @default - no version labels
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
  readonly clusterRules: any[];
  /** Rules of each Role (namespace scope). */
  readonly namespaceRules: any[];
  /** Cluster-scoped rules kept in namespace scope, and the ClusterRole name that holds them. */
  readonly namespaceModeClusterRules: any[];
  readonly namespaceModeClusterRoleName: string;
  /** True when the ServiceAccount's own namespace always gets a Role in namespace scope (Kiali's). */
  readonly includeOwnNamespace: boolean;
  /** Why namespace scope is refused, when it is. */
  readonly namespaceScopeRefusal?: string;
  /** The explicit long-lived token Secret's name. */
  readonly tokenSecretName: string;
}

function renderCustomRule(where: string, prop: string, r: PolicyRule, allowWildcards: boolean, clusterScoped: boolean): any {
  if (!r || typeof r !== 'object') {
    fail(where, prop, r, 'must be a PolicyRule ({ apiGroups, resources, verbs } or { nonResourceUrls, verbs })');
  }
  const list = (name: string, v: unknown): string[] | undefined => {
    if (v === undefined) { return undefined; }
    if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) {
      fail(where, `${prop}.${name}`, v, 'must be a list of strings');
    }
    return [...v];
  };
  const verbs = list('verbs', r.verbs);
  const apiGroups = list('apiGroups', r.apiGroups);
  const resources = list('resources', r.resources);
  const resourceNames = list('resourceNames', r.resourceNames);
  const nonResourceUrls = list('nonResourceUrls', r.nonResourceUrls);
  if (!verbs || verbs.length === 0) {
    fail(where, `${prop}.verbs`, r.verbs, 'must list at least one verb, such as get, list or watch');
  }
  const hasResources = resources !== undefined && resources.length > 0;
  const hasUrls = nonResourceUrls !== undefined && nonResourceUrls.length > 0;
  if (hasResources === hasUrls) {
    fail(where, prop, r, 'must give either resources (with apiGroups) or nonResourceUrls');
  }
  if (hasResources && (!apiGroups || apiGroups.length === 0)) {
    fail(where, `${prop}.apiGroups`, r.apiGroups, 'must list the API groups of the resources ("" for the core group)');
  }
  if (hasUrls && !clusterScoped) {
    fail(where, `${prop}.nonResourceUrls`, nonResourceUrls, 'are only allowed in cluster scope: a Role in a namespace cannot grant non-resource URLs (use AccessScope.cluster() or clusterScopedRules)');
  }
  if (!allowWildcards) {
    for (const [name, values] of [['verbs', verbs], ['resources', resources], ['apiGroups', apiGroups], ['nonResourceUrls', nonResourceUrls]] as [string, string[] | undefined][]) {
      if (values?.some(v => v.includes('*'))) {
        fail(where, `${prop}.${name}`, values,
          'contains the wildcard "*", which also grants whatever the API server adds later: list what the consumer needs, or set allowWildcards: true to accept it');
      }
    }
  }
  if (hasUrls) {
    return { nonResourceURLs: nonResourceUrls, verbs };
  }
  return resourceNames && resourceNames.length > 0 ? { apiGroups, resources, resourceNames, verbs } : { apiGroups, resources, verbs };
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
    return new AccessConsumer(AccessConsumerKind.ISTIO, {});
  }

  /** The Kiali server reading a remote cluster. View-only by default. */
  public static kiali(options: KialiConsumerOptions = {}): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.KIALI, { kiali: options });
  }

  /** Linkerd's service mirror (and destination controller) reading a link's target cluster. Cluster scope only. */
  public static linkerdServiceMirror(options: LinkerdServiceMirrorOptions = {}): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.LINKERD_SERVICE_MIRROR, { linkerd: options });
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
    return new AccessConsumer(AccessConsumerKind.ARGO_CD, {});
  }

  /** Your own rules, for a consumer of your own. Wildcards are refused unless `allowWildcards` is set. */
  public static custom(rules: PolicyRule[], options: CustomConsumerOptions = {}): AccessConsumer {
    return new AccessConsumer(AccessConsumerKind.CUSTOM, { rules, custom: options });
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

  private constructor(kind: AccessConsumerKind, options: AccessConsumer['_options']) {
    this.kind = kind;
    this._options = options;
  }

  /** Kiali's options with defaults, checked. @internal */
  public _kiali(where: string): { viewOnly: boolean; instanceName: string; naming: KialiResourceNaming; version?: string } {
    const o = this._options.kiali ?? {};
    const instanceName = o.instanceName ?? 'kiali';
    if (!isDns1123Label(instanceName) || instanceName.length > 40) {
      fail(where, 'consumer.instanceName', instanceName,
        "must be a DNS-1123 label of at most 40 characters (Kiali appends suffixes such as '-service-account')");
    }
    const naming = o.naming ?? KialiResourceNaming.OPERATOR;
    if (!Object.values(KialiResourceNaming).includes(naming)) {
      fail(where, 'consumer.naming', naming, `must be one of ${Object.values(KialiResourceNaming).join(', ')}`);
    }
    if (o.version !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(o.version)) {
      fail(where, 'consumer.version', o.version, 'must be a valid label value such as "v2.15.0"');
    }
    return { viewOnly: o.viewOnly ?? true, instanceName, naming, version: o.version };
  }

  /** Linkerd's options with defaults, checked. @internal */
  public _linkerd(where: string): { serviceAccountName: string; linkerdNamespace: string; trustDomain: string; clusterDomain: string } {
    const o = this._options.linkerd ?? {};
    const serviceAccountName = o.serviceAccountName ?? 'linkerd-service-mirror-remote-access-default';
    if (!isDns1123Subdomain(serviceAccountName)) {
      fail(where, 'consumer.serviceAccountName', serviceAccountName, 'must be a DNS-1123 subdomain (a ServiceAccount name)');
    }
    const linkerdNamespace = o.linkerdNamespace ?? 'linkerd';
    if (!isDns1123Label(linkerdNamespace)) {
      fail(where, 'consumer.linkerdNamespace', linkerdNamespace, `must be ${DNS1123_LABEL_RULE}`);
    }
    const trustDomain = o.trustDomain ?? 'cluster.local';
    const clusterDomain = o.clusterDomain ?? 'cluster.local';
    requireDomain(where, 'consumer.trustDomain', trustDomain);
    requireDomain(where, 'consumer.clusterDomain', clusterDomain);
    return { serviceAccountName, linkerdNamespace, trustDomain, clusterDomain };
  }

  /** The custom consumer's options with defaults, checked. @internal */
  public _custom(where: string): { serviceAccountName: string; secretName?: string } {
    const o = this._options.custom ?? {};
    const serviceAccountName = o.serviceAccountName ?? 'remote-access-reader';
    if (!isDns1123Label(serviceAccountName) || serviceAccountName.length > 55) {
      fail(where, 'consumer.serviceAccountName', serviceAccountName,
        `must be ${DNS1123_LABEL_RULE.replace('at most 63 characters', 'at most 55 characters, so that its derived names stay valid')}`);
    }
    if (o.secretName !== undefined && !isDns1123Subdomain(o.secretName)) {
      fail(where, 'consumer.secretName', o.secretName, 'must be a DNS-1123 subdomain (a Secret name)');
    }
    return { serviceAccountName, secretName: o.secretName };
  }

  /**
   * The names, labels and rules this consumer gets in the cluster being read.
   * @internal
   */
  public _plan(where: string, ctx: ConsumerContext, namespaceScope: boolean): ConsumerPlan {
    switch (this.kind) {
      case AccessConsumerKind.ISTIO: {
        const name = `istio-reader-clusterrole${ctx.istioRevision ? `-${ctx.istioRevision}` : ''}-${ctx.istioNamespace}`;
        return {
          serviceAccountName: 'istio-reader-service-account',
          defaultNamespace: ctx.istioNamespace,
          labels: { 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader' },
          clusterRoleName: name,
          clusterRoleBindingName: name,
          roleName: name,
          roleBindingName: name,
          clusterRules: istioReaderRules(ctx.istioMinor, ctx.remoteProfile),
          namespaceRules: [],
          namespaceModeClusterRules: [],
          namespaceModeClusterRoleName: name,
          includeOwnNamespace: false,
          namespaceScopeRefusal: 'cannot be used with AccessConsumer.istio(): istiod lists and watches Services, Pods, EndpointSlices, Namespaces and Nodes '
            + 'across the whole cluster and filters them itself; use AccessScope.cluster() and limit what istiod reads with discoverySelectors',
          tokenSecretName: 'istio-reader-service-account-istio-remote-secret-token',
        };
      }
      case AccessConsumerKind.KIALI: {
        const k = this._kiali(where);
        const role = k.viewOnly ? `${k.instanceName}-viewer` : k.instanceName;
        const sa = k.naming === KialiResourceNaming.OPERATOR ? `${k.instanceName}-service-account` : k.instanceName;
        const binding = k.naming === KialiResourceNaming.OPERATOR ? k.instanceName : role;
        const labels: { [key: string]: string } = {
          'app': 'kiali',
          'app.kubernetes.io/instance': k.instanceName,
          'app.kubernetes.io/name': 'kiali',
          'app.kubernetes.io/part-of': 'kiali',
        };
        if (k.version) {
          labels.version = k.version;
          labels['app.kubernetes.io/version'] = k.version;
        }
        return {
          serviceAccountName: sa,
          defaultNamespace: 'istio-system',
          labels,
          clusterRoleName: role,
          clusterRoleBindingName: binding,
          roleName: role,
          roleBindingName: binding,
          clusterRules: kialiRules(k.viewOnly),
          namespaceRules: kialiRules(k.viewOnly),
          namespaceModeClusterRules: [],
          namespaceModeClusterRoleName: role,
          includeOwnNamespace: true,
          tokenSecretName: sa,
        };
      }
      case AccessConsumerKind.LINKERD_SERVICE_MIRROR: {
        const l = this._linkerd(where);
        return {
          serviceAccountName: l.serviceAccountName,
          defaultNamespace: 'linkerd-multicluster',
          labels: {},
          clusterRoleName: l.serviceAccountName,
          clusterRoleBindingName: l.serviceAccountName,
          roleName: l.serviceAccountName,
          roleBindingName: l.serviceAccountName,
          clusterRules: linkerdRemoteAccessRules(),
          namespaceRules: [],
          namespaceModeClusterRules: [],
          namespaceModeClusterRoleName: l.serviceAccountName,
          includeOwnNamespace: false,
          namespaceScopeRefusal: 'cannot be used with AccessConsumer.linkerdServiceMirror(): the service mirror watches Services and Endpoints '
            + 'in every namespace of the target cluster; use AccessScope.cluster() and choose what is mirrored with the link\'s selectors',
          tokenSecretName: `${l.serviceAccountName}-token`,
        };
      }
      case AccessConsumerKind.ARGO_CD:
        return {
          serviceAccountName: 'argocd-manager',
          defaultNamespace: 'kube-system',
          labels: {},
          clusterRoleName: 'argocd-manager-role',
          clusterRoleBindingName: 'argocd-manager-role-binding',
          roleName: 'argocd-manager-role',
          roleBindingName: 'argocd-manager-role-binding',
          clusterRules: argoCdRules(true),
          namespaceRules: argoCdRules(false),
          namespaceModeClusterRules: [],
          namespaceModeClusterRoleName: 'argocd-manager-role',
          includeOwnNamespace: false,
          tokenSecretName: 'argocd-manager-long-lived-token',
        };
      case AccessConsumerKind.CUSTOM: {
        const c = this._custom(where);
        const o = this._options.custom ?? {};
        const allow = o.allowWildcards ?? false;
        const rules = this._options.rules;
        if (!Array.isArray(rules) || rules.length === 0) {
          fail(where, 'consumer.rules', rules, 'must list at least one PolicyRule');
        }
        const extra = o.clusterScopedRules ?? [];
        if (!Array.isArray(extra)) {
          fail(where, 'consumer.clusterScopedRules', extra, 'must be a list of PolicyRules');
        }
        return {
          serviceAccountName: c.serviceAccountName,
          defaultNamespace: 'kube-system',
          labels: {},
          clusterRoleName: c.serviceAccountName,
          clusterRoleBindingName: c.serviceAccountName,
          roleName: c.serviceAccountName,
          roleBindingName: c.serviceAccountName,
          clusterRules: rules.map((r, i) => renderCustomRule(where, `consumer.rules[${i}]`, r, allow, true)),
          namespaceRules: namespaceScope ? rules.map((r, i) => renderCustomRule(where, `consumer.rules[${i}]`, r, allow, false)) : [],
          namespaceModeClusterRules: extra.map((r, i) => renderCustomRule(where, `consumer.clusterScopedRules[${i}]`, r, allow, true)),
          namespaceModeClusterRoleName: `${c.serviceAccountName}-cluster`,
          includeOwnNamespace: false,
          tokenSecretName: `${c.serviceAccountName}-token`,
        };
      }
      default:
        return fail(where, 'consumer', this.kind, `must be one of ${Object.values(AccessConsumerKind).join(', ')}`);
    }
  }
}
