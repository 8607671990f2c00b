/* Istio names the library relies on: a leaf module. */

/** The label istiod reads for the default network of a namespace (and on gateway Services). */
export const NETWORK_LABEL = 'topology.istio.io/network';
/** The annotation that hands a remote's management to its primary. */
export const CONTROL_PLANE_CLUSTERS_ANNOTATION = 'topology.istio.io/controlPlaneClusters';
/** Istio's plug-in CA Secret (`security/pkg/pki/ca/ca.go` CACertsSecret). */
export const ISTIO_CACERTS_SECRET = 'cacerts';
/**
 * The label that makes a Service global in ambient mode: the `ambient` profile's
 * `meshConfig.serviceScopeConfigs` selects Services with `istio.io/global: "true"`
 * (manifests/helm-profiles/ambient.yaml, from 1.27).
 */
export const GLOBAL_SERVICE_LABEL = 'istio.io/global';
/** The namespace label that enrols a namespace's pods in ambient mode. */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
/** The env that turns on ambient multi-network in istiod (pilot/pkg/features/ambient.go, off by default). */
export const AMBIENT_MULTI_NETWORK_ENV = 'AMBIENT_ENABLE_MULTI_NETWORK';
/** The Sail Operator's namespaces for IstioCNI and ZTunnel (their CRDs' `spec.namespace` defaults). */
export const SAIL_CNI_NAMESPACE = 'istio-cni';
export const SAIL_ZTUNNEL_NAMESPACE = 'ztunnel';
