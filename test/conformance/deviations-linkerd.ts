/** The linkerd part of the deviation table (see deviations.ts for the fields). */
import type { Deviation } from './deviations';

export const LINKERD_DEVIATIONS: readonly Deviation[] = [
  // ---- target side: linkerd-service-mirror-remote-access-<source> (chart with remoteMirrorServiceAccountName; install_default.golden) ----
  {
    area: 'linkerd',
    chart: '@(linkerd-multicluster|install_default.golden)',
    case: '*/target-rbac',
    object: '@(ServiceAccount|ClusterRole|ClusterRoleBinding|Secret)/linkerd-service-mirror-remote-access-*',
    path: 'metadata.annotations["linkerd.io/created-by"]',
    diff: 'missing',
    status: 'documented',
    upstream: 'multicluster/charts/linkerd-multicluster/templates/remote-access-service-mirror-rbac.yaml:16,50,63,74 (partials.annotations.created-by)',
    reason: 'Provenance: "linkerd/helm <version>" names the tool that rendered the object; ours are not rendered by the Linkerd chart or CLI. Nothing reads it on these objects (linkerd mc check compares created-by on the Link only, which we write).',
  },
  {
    area: 'linkerd',
    chart: 'linkerd-multicluster',
    case: '*/target-rbac',
    object: 'Secret/linkerd-service-mirror-remote-access-*-token',
    path: '(object)',
    diff: 'missing',
    status: 'documented',
    upstream: 'multicluster/charts/linkerd-multicluster/templates/remote-access-service-mirror-rbac.yaml:52-65 (a service-account-token Secret per name)',
    reason: 'tokenSecret defaults to false: the long-lived token Secret never expires; we issue `kubectl create token` with a duration instead (pending credentials). With tokenSecret: true (the default case, link-gen\'s name) it is emitted and compared.',
  },

];
