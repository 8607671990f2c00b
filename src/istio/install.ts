/** How a cluster's Istio control plane is installed. */
export enum IstioInstallMethod {
  /** A Sail Operator `sailoperator.io/v1` `Istio` resource, applied with the cluster's manifests. */
  SAIL = 'sail',
  /** Values files for the `istio/base` and `istio/istiod` Helm charts, under `install/`. */
  HELM = 'helm',
  /** An `install.istio.io/v1alpha1` `IstioOperator` file under `install/`, for `istioctl install -f`. */
  ISTIOCTL = 'istioctl',
}

/** How the Sail Operator moves a control plane to a new version. */
export enum SailUpdateStrategy {
  /** Upgrade the control plane in place (the operator's default). */
  IN_PLACE = 'InPlace',
  /** Run a new revision beside the old one and move workloads over. */
  REVISION_BASED = 'RevisionBased',
}

/** Options for `IstioInstall.sail()`. */
export interface SailInstallOptions {
  /**
   * How the operator moves the control plane to a new version (`spec.updateStrategy.type`).
   *
   * @default - the operator's default (InPlace); the field is not emitted
   */
  readonly updateStrategy?: SailUpdateStrategy;
}

/**
 * How every cluster of a mesh installs its Istio control plane.
 *
 * All three methods carry the same settings: `global.meshID`,
 * `global.multiCluster.clusterName`, `global.network`,
 * `meshConfig.discoverySelectors`, the revision, and the primary-remote
 * settings (`pilot.env.EXTERNAL_ISTIOD`, `profile: remote`,
 * `istiodRemote.injectionPath`, `global.remotePilotAddress`,
 * `global.configCluster`).
 *
 * - `IstioInstall.sail()` (the default) emits a Sail Operator `Istio` resource in
 *   the cluster directory: GitOps applies it like any other manifest. The Sail
 *   Operator serves only the versions listed in its CRD.
 * - `IstioInstall.helm()` writes `install/base-values.yaml` and
 *   `install/istiod-values.yaml` for `helm install` (or an Argo CD / Flux Helm release).
 * - `IstioInstall.istioctl()` writes `install/istio-operator.yaml` for
 *   `istioctl install -f`. The in-cluster Istio operator was removed in Istio 1.24,
 *   so this file is never applied to the cluster.
 *
 * In an ambient mesh (`Mesh.dataPlaneMode`) each method also carries the
 * `ambient` profile and `AMBIENT_ENABLE_MULTI_NETWORK`, and installs istio-cni
 * and ztunnel: Sail `IstioCNI` and `ZTunnel` resources, Helm
 * `install/cni-values.yaml` and `install/ztunnel-values.yaml`, or the ambient
 * IstioOperator (docs/ambient.md).
 */
export class IstioInstall {
  /**
   * Install with the Sail Operator: an `Istio` resource in the cluster directory.
   * The operator must already run in the cluster.
   */
  public static sail(options: SailInstallOptions = {}): IstioInstall {
    return new IstioInstall(IstioInstallMethod.SAIL, options.updateStrategy);
  }

  /** Install with the `istio/base` and `istio/istiod` Helm charts: values files under `install/`. */
  public static helm(): IstioInstall {
    return new IstioInstall(IstioInstallMethod.HELM);
  }

  /** Install with `istioctl install -f install/istio-operator.yaml`. */
  public static istioctl(): IstioInstall {
    return new IstioInstall(IstioInstallMethod.ISTIOCTL);
  }

  /** The install method. */
  public readonly method: IstioInstallMethod;

  /**
   * The Sail update strategy, for `sail()` only.
   *
   * @default - the operator's default
   */
  public readonly sailUpdateStrategy?: SailUpdateStrategy;

  private constructor(method: IstioInstallMethod, sailUpdateStrategy?: SailUpdateStrategy) {
    this.method = method;
    this.sailUpdateStrategy = sailUpdateStrategy;
  }
}
