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
