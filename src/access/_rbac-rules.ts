/**
 * The RBAC rules each consumer's upstream installer grants, exactly as the
 * upstream templates write them (order of rules, resources and verbs kept), so
 * that existing roles are adopted unchanged. The upstream source is named
 * beside each function; the conformance tier (test/conformance/) compares the
 * rules with the upstream charts' own render.
 */

/**
 * An RBAC rule as Kubernetes writes it (`nonResourceURLs`); RemoteAccess turns it
 * into a `k8s.PolicyRule` when it renders the Role.
 */
export interface RbacRule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly resourceNames?: string[];
  readonly nonResourceURLs?: string[];
  readonly verbs: string[];
}

/** get, list, watch. */
export const READ = ['get', 'list', 'watch'];

function rule(apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): RbacRule {
  return resourceNames ? { apiGroups, resources, resourceNames, verbs } : { apiGroups, resources, verbs };
}

/**
 * The rules of `istio-reader-clusterrole[-<rev>]-<ns>` (istio/istio
 * `manifests/charts/istio-control/istio-discovery/templates/reader-clusterrole.yaml`,
 * reference/istio.md §4). Core `configmaps` in rule 2 from Istio 1.26 on
 * (istio/istio PR #56097, merged for the 1.26 release; release-1.24 lacks it);
 * the webhook and configmap write rules only with the remote profile
 * (`istiodRemote.enabled`).
 */
export function istioReaderRules(minor: number, remoteProfile: boolean): RbacRule[] {
  const core = ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets'];
  if (minor >= 26) {
    core.push('configmaps');
  }
  const rules = [
    rule(['config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io', 'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], ['*'], READ),
    rule([''], core, READ),
    rule(['networking.istio.io'], ['workloadentries'], ['get', 'watch', 'list']),
    rule(['networking.x-k8s.io', 'gateway.networking.k8s.io'], ['gateways'], ['get', 'watch', 'list']),
    rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], READ),
    rule(['discovery.k8s.io'], ['endpointslices'], READ),
    rule(['multicluster.x-k8s.io'], ['serviceexports'], ['get', 'list', 'watch', 'create', 'delete']),
    rule(['multicluster.x-k8s.io'], ['serviceimports'], READ),
    rule(['apps'], ['replicasets'], READ),
    rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  ];
  if (remoteProfile) {
    rules.push(
      rule([''], ['configmaps'], ['create', 'get', 'list', 'watch', 'update']),
      rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['get', 'list', 'watch', 'update', 'patch']),
      rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['get', 'list', 'watch', 'update']),
    );
  }
  return rules;
}

/** Which upstream template Kiali's rules follow. */
export interface KialiRuleSource {
  /** The Kiali minor release (2.x). */
  readonly minor: number;
  /**
   * The `kiali-server` chart's templates (they render the OpenShift rules on
   * every platform) instead of the operator's Kubernetes templates (none).
   */
  readonly chart: boolean;
  /** The chart's OAuthClient name, `<instance>-<release namespace>`. */
  readonly oauthClient: string;
}

/**
 * The rules of Kiali's role (`<instance>`, full) or viewer role
 * (`<instance>-viewer`), with the logs tab enabled, as each release renders
 * them: kiali-operator `roles/default/kiali-deploy/templates/kubernetes/role.yaml`
 * and `role-viewer.yaml` (operator naming), kiali/helm-charts
 * `kiali-server/templates/role.yaml` and `role-viewer.yaml` (chart naming).
 * Release gates, read at every tag v2.10.0 to v2.29.0:
 * - `inference.networking.x-k8s.io` from 2.13, renamed `inference.networking.k8s.io` in 2.17;
 * - the chart's `project.openshift.io` rule until 2.15;
 * - from 2.28: no `endpoints`, no `extensions` group, `pods/portforward` create only,
 *   explicit Gateway API resources (one rule in the viewer, three in the full role),
 *   list-only `mutatingwebhookconfigurations`.
 */
export function kialiRules(viewOnly: boolean, src: KialiRuleSource): RbacRule[] {
  const w = (extra: string[]) => (viewOnly ? READ : [...READ, ...extra]);
  const modern = src.minor >= 28;
  const inference = src.minor >= 17 ? ['inference.networking.k8s.io'] : src.minor >= 13 ? ['inference.networking.x-k8s.io'] : [];
  const istioGroups = ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io'];
  const rules = [
    rule([''], modern ? ['configmaps', 'pods/log'] : ['configmaps', 'endpoints', 'pods/log'], READ),
    rule([''], ['namespaces', 'pods', 'replicationcontrollers', 'services'], w(['patch'])),
    rule([''], ['pods/portforward'], modern ? ['create'] : ['create', 'post']),
    rule(modern ? ['apps'] : ['extensions', 'apps'], ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], w(['patch'])),
    rule(['batch'], ['cronjobs', 'jobs'], w(['patch'])),
  ];
  if (!modern) {
    rules.push(rule([...istioGroups, 'gateway.networking.k8s.io', ...inference], ['*'], w(['create', 'delete', 'patch'])));
  } else {
    rules.push(rule([...istioGroups, ...inference], ['*'], w(['create', 'delete', 'patch'])));
    if (viewOnly) {
      rules.push(rule(['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants', 'tcproutes', 'tlsroutes'], READ));
    } else {
      rules.push(
        rule(['gateway.networking.k8s.io'], ['gateways', 'grpcroutes', 'httproutes', 'referencegrants'], w(['create', 'delete', 'patch'])),
        rule(['gateway.networking.k8s.io'], ['tcproutes', 'tlsroutes'], w(['delete', 'patch'])),
        rule(['gateway.networking.k8s.io'], ['gatewayclasses'], READ),
      );
    }
  }
  if (src.chart) {
    rules.push(rule(['apps.openshift.io'], ['deploymentconfigs'], w(['patch'])));
    if (src.minor <= 15) {
      rules.push(rule(['project.openshift.io'], ['projects'], ['get']));
    }
    rules.push(rule(['route.openshift.io'], ['routes'], ['get']));
  }
  rules.push(rule(['authentication.k8s.io'], ['tokenreviews'], ['create']));
  if (src.chart) {
    rules.push(rule(['oauth.openshift.io'], ['oauthclients'], ['get'], [src.oauthClient]));
  }
  rules.push(rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], modern ? ['list'] : READ));
  return rules;
}

/**
 * The rules of the multicluster chart's remote-access ClusterRole `<sa>`
 * (linkerd/linkerd2 `multicluster/charts/linkerd-multicluster/templates/remote-access-service-mirror-rbac.yaml`,
 * reference/linkerd.md §4).
 */
export function linkerdRemoteAccessRules(): RbacRule[] {
  const lgw = ['list', 'get', 'watch'];
  return [
    rule(['apps'], ['replicasets'], lgw),
    rule(['batch'], ['jobs'], lgw),
    rule([''], ['pods', 'endpoints', 'services'], lgw),
    rule(['discovery.k8s.io'], ['endpointslices'], lgw),
    rule(['policy.linkerd.io'], ['servers'], lgw),
    rule([''], ['configmaps'], ['get'], ['linkerd-config']),
    rule([''], ['events'], ['create', 'patch']),
  ];
}

/**
 * `argocd cluster add`'s rules (argoproj/argo-cd `util/clusterauth`:
 * ArgoCDManagerClusterPolicyRules and ArgoCDManagerNamespacePolicyRules).
 */
export function argoCdRules(clusterScope: boolean): RbacRule[] {
  const all = { apiGroups: ['*'], resources: ['*'], verbs: ['*'] };
  return clusterScope ? [all, { nonResourceURLs: ['*'], verbs: ['*'] }] : [all];
}

