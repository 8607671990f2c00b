/* The kinds of meshes and clusters: a leaf module, so every folder can compare with them at load time. */

/** The service mesh a `Mesh` runs. */
export enum MeshProvider {
  /** Istio: multi-primary or primary-remote, on one or several networks. */
  ISTIO = 'istio',
  /** Linkerd multicluster: clusters linked with `ServiceMirrorLink` (needs a `TrustRoot`). */
  LINKERD = 'linkerd',
}

/** The role of a cluster's Istio control plane. */
export enum ControlPlaneRole {
  /** The cluster runs its own istiod (multi-primary, or the primary of primary-remote). */
  PRIMARY = 'primary',
  /** The cluster has no istiod of its own: its primary's istiod manages it (primary-remote). */
  REMOTE = 'remote',
}

/**
 * How an Istio mesh's workloads join the data plane.
 *
 * Ambient multicluster (multi-primary on different networks, an HBONE
 * east-west gateway) is alpha upstream from Istio 1.27 (istio.io "Install
 * ambient multi-primary on different networks"; `gen-eastwest-gateway.sh
 * --ambient` first ships in 1.27).
 */
export enum DataPlaneMode {
  /** Envoy sidecars injected into each pod (Istio's default). */
  SIDECAR = 'sidecar',
  /**
   * Ambient mode: the `ambient` profile, istio-cni and the ztunnel node proxy,
   * waypoints for L7; an east-west gateway of class `istio-east-west` (HBONE on 15008).
   */
  AMBIENT = 'ambient',
}
