import { DNS1123_LABEL_RULE, fail, isDns1123Label } from '../core/_validation';

/** How far a `RemoteAccess` reaches in the cluster being read. */
export enum AccessScopeKind {
  /** Every namespace: a ClusterRole and a ClusterRoleBinding. */
  CLUSTER = 'cluster',
  /** Only the listed namespaces: a Role and a RoleBinding in each. */
  NAMESPACES = 'namespaces',
}

/**
 * Where a consumer may read in the cluster being read.
 *
 * - `AccessScope.cluster()`: one ClusterRole and one ClusterRoleBinding (what
 *   istioctl, the Linkerd chart, Kiali's default `cluster_wide_access: true` and
 *   `argocd cluster add` create).
 * - `AccessScope.namespaces(['bookinfo', 'shop'])`: a Role and a RoleBinding in
 *   each listed namespace, plus the cluster-scoped reads the consumer cannot
 *   work without (none for Argo CD; `clusterScopedRules` for custom consumers).
 *   For Argo CD and custom consumers: istiod, Linkerd's service mirror and Kiali
 *   read a remote cluster cluster-wide and refuse it (docs/remote-access.md).
 *
 * The library never creates the listed namespaces unless
 * `RemoteAccessProps.createNamespaces` is set: a Role in a namespace that does
 * not exist yet fails to apply until the namespace is there.
 */
export class AccessScope {
  /** Every namespace of the cluster (ClusterRole and ClusterRoleBinding). */
  public static cluster(): AccessScope {
    return new AccessScope(AccessScopeKind.CLUSTER, []);
  }

  /**
   * Only the listed namespaces (a Role and a RoleBinding in each). At least
   * one, each a DNS-1123 label, none twice. The order does not matter: the
   * output is the same for any order.
   */
  public static namespaces(names: string[]): AccessScope {
    return new AccessScope(AccessScopeKind.NAMESPACES, names);
  }

  /** Cluster-wide or per namespace. */
  public readonly kind: AccessScopeKind;
  /** The listed namespaces, as given (empty for `cluster()`). */
  public readonly namespaceNames: string[];

  private constructor(kind: AccessScopeKind, names: string[]) {
    this.kind = kind;
    this.namespaceNames = Array.isArray(names) ? [...names] : names;
  }

  /**
   * Checks the namespace list and returns it sorted. Errors name `where` and `prop`.
   * @internal
   */
  public _resolve(where: string, prop: string): string[] {
    if (this.kind === AccessScopeKind.CLUSTER) {
      return [];
    }
    const names = this.namespaceNames;
    if (!Array.isArray(names) || names.length === 0) {
      fail(where, `${prop}.namespaces`, names, 'must list at least one namespace: AccessScope.namespaces() grants access only in the namespaces it names; use AccessScope.cluster() for every namespace');
    }
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (!isDns1123Label(n)) {
        fail(where, `${prop}.namespaces[${i}]`, n, `must be a namespace name: ${DNS1123_LABEL_RULE}`);
      }
      if (seen.has(n)) {
        fail(where, `${prop}.namespaces[${i}]`, n, 'is listed twice: list each namespace once');
      }
      seen.add(n);
    });
    return [...names].sort();
  }
}
