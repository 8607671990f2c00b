/* Istio names the library relies on: a leaf module. */

/** The label istiod reads for the default network of a namespace (and on gateway Services). */
export const NETWORK_LABEL = 'topology.istio.io/network';
/** The annotation that hands a remote's management to its primary. */
export const CONTROL_PLANE_CLUSTERS_ANNOTATION = 'topology.istio.io/controlPlaneClusters';
/** Istio's plug-in CA Secret (`security/pkg/pki/ca/ca.go` CACertsSecret). */
export const ISTIO_CACERTS_SECRET = 'cacerts';
