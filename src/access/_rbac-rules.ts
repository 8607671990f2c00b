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

/**
 * The rules of Kiali's role (`<instance>`, full) or viewer role
 * (`<instance>-viewer`): kiali-operator `templates/kubernetes/role.yaml` and
 * `role-viewer.yaml` (reference/kiali.md §2), Kubernetes (not OpenShift), with
 * the logs tab enabled.
 */
export function kialiRules(viewOnly: boolean): RbacRule[] {
  const w = (extra: string[]) => (viewOnly ? READ : [...READ, ...extra]);
  return [
    rule([''], ['configmaps', 'pods/log'], READ),
    rule([''], ['namespaces', 'pods', 'replicationcontrollers', 'services'], w(['patch'])),
    rule([''], ['pods/portforward'], ['create']),
    rule(['apps'], ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], w(['patch'])),
    rule(['batch'], ['cronjobs', 'jobs'], w(['patch'])),
    rule(['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io', 'inference.networking.k8s.io'], ['*'], w(['create', 'delete', 'patch'])),
    rule(['gateway.networking.k8s.io'], ['gateways', 'grpcroutes', 'httproutes', 'referencegrants'], w(['create', 'delete', 'patch'])),
    rule(['gateway.networking.k8s.io'], ['tcproutes', 'tlsroutes', 'udproutes'], w(['delete', 'patch'])),
    rule(['gateway.networking.k8s.io'], ['gatewayclasses'], READ),
    rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['list']),
  ];
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

