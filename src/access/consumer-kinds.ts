/* The kinds of remote-access consumers and their naming: a leaf module. */

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
