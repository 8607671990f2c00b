/**
 * The Linkerd configuration of one cluster of a Linkerd mesh.
 *
 * Sources (linkerd/linkerd2; reference/linkerd.md §3b, §4, §6):
 * - `charts/linkerd-control-plane/templates/namespace.yaml`: the `linkerd` Namespace's labels and annotation;
 * - `multicluster/charts/linkerd-multicluster/templates/namespace.yaml` and `namespace-metadata.yaml`: the
 *   `linkerd-multicluster` Namespace's labels;
 * - `charts/linkerd-control-plane/values.yaml` (`clusterDomain`, `identityTrustDomain`, `identityTrustAnchorsPEM`,
 *   `identity.externalCA`, `identity.issuer.scheme`) and `templates/identity.yaml` (the trust-roots ConfigMap the
 *   chart skips with `identity.externalCA`);
 * - `multicluster/charts/linkerd-multicluster/values.yaml` (`gateway.*`, `remoteMirrorServiceAccount`,
 *   `identityTrustDomain`, `controllers`, `controllerDefaults`, `enableNamespaceCreation`).
 */
import { createHash, X509Certificate } from 'crypto';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CREDENTIALS_HASH_ANNOTATION, LINKERD_NAMESPACE } from './_constants';
import {
  CheckedControllerOptions, controllerClusterRole, controllerEntry, ControllerEntryValues, controllerValues, EXTENSION_LABEL, MULTICLUSTER_NAMESPACE,
} from './_controller';
import type { LinkerdMulticluster } from './multicluster';
import type { Mesh } from '../core/mesh';
import type { MeshCluster } from '../core/mesh-cluster';
import { InstallFile } from '../output/_install-file';
import { addLazyWarning } from '../output/_metadata';

/** Props of the internal `LinkerdControlPlane`. */
export interface LinkerdControlPlaneProps {
  /** The cluster. */
  readonly cluster: MeshCluster;
  /** The Linkerd mesh it joined. */
  readonly mesh: Mesh;
}

/** The remote-access ServiceAccount the multicluster chart renders with `remoteMirrorServiceAccount` (values.yaml). */
export const CHART_REMOTE_ACCOUNT = 'linkerd-service-mirror-remote-access-default';

/** The trust-anchor ConfigMap the identity controller mounts (`identity.externalCA` makes us its owner). */
export const TRUST_ROOTS_CONFIG_MAP = 'linkerd-identity-trust-roots';

/** The `linkerd-control-plane` values we write. */
export interface ControlPlaneValues {
  readonly clusterDomain: string;
  readonly identityTrustDomain: string;
  readonly identityTrustAnchorsPEM: string;
  readonly identity: { readonly externalCA: boolean; readonly issuer: { readonly scheme: string } };
}

/** The `gateway` of the `linkerd-multicluster` values we write. */
export interface GatewayValues {
  enabled: boolean;
  serviceType?: string;
  port?: number;
  nodePort?: number;
  probe?: { port: number; seconds: number; nodePort?: number };
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  serviceAnnotations?: { [key: string]: string };
  loadBalancerClass?: string;
  serviceExternalTrafficPolicy?: string;
}

/** The `linkerd-multicluster` values we write. */
export interface MulticlusterValues {
  identityTrustDomain: string;
  remoteMirrorServiceAccount: boolean;
  gateway?: GatewayValues;
  enableNamespaceCreation?: boolean;
  controllerDefaults?: CheckedControllerOptions;
  podAnnotations?: { [key: string]: string };
  controllers?: ControllerEntryValues[];
}

/** A chart-mode controller registered by a `ServiceMirrorLink`. @internal */
export interface ChartController {
  readonly linkName: string;
  readonly options: CheckedControllerOptions;
  readonly gatewayEnabled: boolean;
  /** The SHA-256 of the link's credentials kubeconfig; undefined while pending. */
  readonly credentialsHash?: string;
}

/**
 * The Linkerd configuration of one cluster. Created by `MeshCluster` when it
 * joins a Linkerd mesh; not created directly.
 *
 * Emits the `linkerd` and `linkerd-multicluster` Namespaces with the metadata
 * `linkerd install` / `linkerd mc install` give them, the
 * `linkerd-identity-trust-roots` ConfigMap (the chart skips it with
 * `identity.externalCA: true`), and the Helm values of `linkerd-crds`,
 * `linkerd-control-plane` and `linkerd-multicluster` under `install/`.
 */
export class LinkerdControlPlane extends Construct {
  /** The control-plane namespace. */
  public readonly namespaceName = LINKERD_NAMESPACE;
  /** The multicluster extension's namespace. */
  public readonly multiclusterNamespace = MULTICLUSTER_NAMESPACE;

  /** The cluster's LinkerdMulticluster settings. @internal */
  public _settings?: LinkerdMulticluster;

  private readonly cluster: MeshCluster;
  private readonly mesh: Mesh;
  private readonly controllers: ChartController[] = [];
  private readonly gatewayLinks: string[] = [];
  /** Paths of the links to this cluster whose remote-access ServiceAccount is the chart's own name. */
  private readonly defaultAccountLinks: string[] = [];
  private readonly manifestsLinks: string[] = [];
  /** Link name → the path of the link that uses it, for links whose source is this cluster. */
  private readonly linkNames = new Map<string, string>();
  /** Target cluster → the path of the link to it, for links whose source is this cluster. */
  private readonly targets = new Map<MeshCluster, string>();
  private clusterRole?: k8s.KubeClusterRole;

  constructor(scope: Construct, id: string, props: LinkerdControlPlaneProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.mesh = props.mesh;
    const ns = this.namespaceName;

    // charts/linkerd-control-plane/templates/namespace.yaml (rendered by `linkerd install`):
    // the proxy injector skips the namespace, and linkerd-init needs privileged pods without the CNI plugin.
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: ns,
        annotations: { 'linkerd.io/inject': 'disabled' },
        labels: {
          'linkerd.io/is-control-plane': 'true',
          'config.linkerd.io/admission-webhooks': 'disabled',
          'linkerd.io/control-plane-ns': ns,
          'pod-security.kubernetes.io/enforce': 'privileged',
        },
      },
    });
    // multicluster/charts/linkerd-multicluster/templates/namespace.yaml (`linkerd mc install`; with Helm the
    // chart's namespace-metadata Job adds the same two labels).
    new k8s.KubeNamespace(this, 'MulticlusterNamespace', {
      metadata: {
        name: this.multiclusterNamespace,
        labels: { [EXTENSION_LABEL]: 'multicluster', 'pod-security.kubernetes.io/enforce': 'privileged' },
      },
    });
    // charts/linkerd-control-plane/templates/identity.yaml renders this ConfigMap only without identity.externalCA.
    new k8s.KubeConfigMap(this, 'TrustRoots', {
      metadata: {
        name: TRUST_ROOTS_CONFIG_MAP,
        namespace: ns,
        labels: { 'linkerd.io/control-plane-component': 'identity', 'linkerd.io/control-plane-ns': ns },
      },
      data: Lazy.any({ produce: () => ({ 'ca-bundle.crt': this.trustAnchorPem() }) }),
    });

    this.renderValues();
    addLazyWarning(this, () => this.trustAnchorWarning());
    this.node.addValidation({ validate: () => this.validateRemoteAccount() });
  }

  /** The trust anchor (PEM) of the mesh's TrustRoot; the Mesh reports a missing TrustRoot. */
  public trustAnchorPem(): string {
    const root = this.mesh.trustRoot;
    return root ? root.rootCertificatePem : '';
  }

  /** Whether the gateway is installed: as set, else when a gateway-mode link targets the cluster. */
  public get gatewayEnabled(): boolean {
    return this._settings?.gatewayEnabled ?? this.gatewayLinks.length > 0;
  }

  /** Called by `LinkerdMulticluster`. @internal */
  public _setSettings(settings: LinkerdMulticluster): void {
    this._settings = settings;
  }

  /**
   * Checks a link whose source is this cluster: the prop and message of the
   * error when its target or name is already taken by another link.
   * @internal
   */
  public _checkOutgoingLink(linkName: string, target: MeshCluster): { prop: string; message: string } | undefined {
    const sameTarget = this.targets.get(target);
    if (sameTarget) {
      return {
        prop: 'target',
        message: `is already linked from cluster "${this.cluster.clusterName}" by ${sameTarget}: a source has one link per target `
          + '(one Link, one controller and one pair of credentials)',
      };
    }
    const sameName = this.linkNames.get(linkName);
    if (sameName) {
      return {
        prop: 'linkName',
        message: `is already the name of the link ${sameName} in cluster "${this.cluster.clusterName}": link names are unique in a source cluster `
          + '(they name its Link and the controller-<link>, probe-<link> and cluster-credentials-<link> objects)',
      };
    }
    return undefined;
  }

  /** Records a link whose source is this cluster (after `_checkOutgoingLink`). @internal */
  public _addOutgoingLink(path: string, linkName: string, target: MeshCluster): void {
    this.targets.set(target, path);
    this.linkNames.set(linkName, path);
  }

  /** Registers a chart-mode controller (`controllers[]`). @internal */
  public _addChartController(controller: ChartController): void {
    this.controllers.push(controller);
  }

  /** Records a link targeting this cluster that reads with `serviceAccountName`. @internal */
  public _addRemoteAccount(path: string, serviceAccountName: string): void {
    if (serviceAccountName === CHART_REMOTE_ACCOUNT) { this.defaultAccountLinks.push(path); }
  }

  /**
   * The root `remoteMirrorServiceAccount`: as set, else true (the chart's default), which keeps
   * linkerd-service-mirror-remote-access-default and its token for links made by link-gen, unless a link of this
   * app reads with that very name (its RemoteAccess then owns it: a second owner would make helm install refuse it).
   */
  private remoteMirrorServiceAccount(): boolean {
    return this._settings?.remoteMirrorServiceAccount ?? this.defaultAccountLinks.length === 0;
  }

  /** Records a gateway-mode link targeting this cluster. @internal */
  public _addGatewayLink(path: string): void {
    this.gatewayLinks.push(path);
  }

  /** The paths of the manifests-mode links whose source is this cluster (a copy). @internal */
  public get _manifestsLinks(): string[] {
    return [...this.manifestsLinks];
  }

  /** Records a manifests-mode link and creates the shared controller ClusterRole once. @internal */
  public _addManifestsController(path: string): void {
    this.manifestsLinks.push(path);
    if (!this.clusterRole) {
      this.clusterRole = controllerClusterRole(this, 'ControllerClusterRole', () => this.enableNamespaceCreation());
    }
  }

  /** The root `enableNamespaceCreation`. @internal */
  public enableNamespaceCreation(): boolean {
    return this._settings?.enableNamespaceCreation ?? false;
  }

  /** The cluster's controllerDefaults. @internal */
  public _controllerDefaults(): CheckedControllerOptions {
    return this._settings?._controllerDefaults ?? {};
  }

  /** The `linkerd-control-plane` values. */
  public controlPlaneValues(): ControlPlaneValues {
    return {
      clusterDomain: this.mesh.linkerdClusterDomain,
      identityTrustDomain: this.mesh.linkerdTrustDomain,
      identityTrustAnchorsPEM: this.trustAnchorPem(),
      identity: { externalCA: true, issuer: { scheme: 'kubernetes.io/tls' } },
    };
  }

  /** The `linkerd-multicluster` values. */
  public multiclusterValues(): MulticlusterValues {
    const s = this._settings;
    const values: MulticlusterValues = {
      identityTrustDomain: this.mesh.linkerdTrustDomain,
      // The links of this app read with their own RemoteAccess ServiceAccounts; the chart's
      // linkerd-service-mirror-remote-access-default stays for links made by link-gen until set off (docs/linkerd.md, Adoption).
      remoteMirrorServiceAccount: this.remoteMirrorServiceAccount(),
    };
    if (!this.gatewayEnabled) {
      values.gateway = { enabled: false };
    } else {
      const gateway: GatewayValues = { enabled: true, serviceType: s?.gatewayServiceType ?? 'LoadBalancer', port: s?.gatewayPort ?? 4143 };
      if (s?._gatewayNodePort !== undefined) { gateway.nodePort = s._gatewayNodePort; }
      const probe: NonNullable<GatewayValues['probe']> = { port: s?.gatewayProbePort ?? 4191, seconds: s?.gatewayProbeSeconds ?? 3 };
      if (s?._gatewayProbeNodePort !== undefined) { probe.nodePort = s._gatewayProbeNodePort; }
      gateway.probe = probe;
      if (s?._gatewayLoadBalancerIp !== undefined) { gateway.loadBalancerIP = s._gatewayLoadBalancerIp; }
      if (s?._gatewayLoadBalancerSourceRanges !== undefined) { gateway.loadBalancerSourceRanges = s._gatewayLoadBalancerSourceRanges; }
      const service = s?._gatewayService;
      if (service?.serviceAnnotations !== undefined) { gateway.serviceAnnotations = service.serviceAnnotations; }
      if (service?.loadBalancerClass !== undefined) { gateway.loadBalancerClass = service.loadBalancerClass; }
      if (service?.serviceExternalTrafficPolicy !== undefined) { gateway.serviceExternalTrafficPolicy = service.serviceExternalTrafficPolicy; }
      values.gateway = gateway;
    }
    if (s?.enableNamespaceCreation) {
      values.enableNamespaceCreation = true;
    }
    const defaults = controllerValues(this._controllerDefaults());
    if (Object.keys(defaults).length > 0) {
      values.controllerDefaults = defaults;
    }
    const rotation = this.credentialsAnnotation();
    if (rotation !== undefined) {
      values.podAnnotations = rotation;
    }
    values.controllers = this.controllers.map(c => controllerEntry(c.linkName, c.options, c.gatewayEnabled));
    return values;
  }

  /**
   * The controllers re-read their credentials only when they restart (the Link controller ignores Link updates
   * whose spec is unchanged: multicluster/service-mirror link_handlers.go). The chart exposes no per-entry pod
   * annotations, only the root `podAnnotations` on every controller's pod template (controller/deployment.yaml,
   * all supported versions): one hash over every chart-mode link's credentials, so rotating any of them
   * restarts this cluster's chart-managed controllers with `helm upgrade`.
   */
  private credentialsAnnotation(): { [key: string]: string } | undefined {
    const hashed = this.controllers.filter(c => c.credentialsHash !== undefined).sort((a, b) => a.linkName.localeCompare(b.linkName));
    if (hashed.length === 0) { return undefined; }
    const text = hashed.map(c => `${c.linkName}=${c.credentialsHash}\n`).join('');
    return { [CREDENTIALS_HASH_ANNOTATION]: createHash('sha256').update(text, 'utf-8').digest('hex') };
  }

  /** The `linkerd-crds` values: `installGatewayAPI` always explicit (its chart default changed in edge-25.9.4). */
  public crdsValues(): { installGatewayAPI: boolean } {
    return { installGatewayAPI: this.installGatewayApi() };
  }

  private installGatewayApi(): boolean {
    return this._settings?.installGatewayApi ?? this.mesh._linkerdVersion.chartInstallsGatewayApi;
  }

  private renderValues(): void {
    const name = this.cluster.clusterName;
    const v = this.mesh._linkerdVersion;
    const context = `--kube-context <${name} context>`;
    const generated = 'Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.';
    const order = 'Apply this cluster\'s manifests first (Namespaces, the trust-roots ConfigMap, and the linkerd-identity-issuer Secret from the key store).';
    new InstallFile(this, 'CrdsValues', {
      fileName: 'linkerd-crds-values.yaml',
      header: [
        `Values for the linkerd-crds chart ${v.chartVersion} (Linkerd ${v.version}) in cluster "${name}":`,
        `  helm install linkerd-crds linkerd-edge/linkerd-crds -n ${this.namespaceName} --version ${v.chartVersion} ${context} -f linkerd-crds-values.yaml`,
        `installGatewayAPI is explicit (LinkerdMulticluster installGatewayApi; this release's chart default is ${v.chartInstallsGatewayApi}):`,
        '  true: this chart installs the Gateway API CRDs (helm install fails where another tool did); false: install them first.',
        generated,
      ],
      render: () => this.crdsValues(),
    });
    new InstallFile(this, 'ControlPlaneValues', {
      fileName: 'linkerd-control-plane-values.yaml',
      header: [
        `Values for the linkerd-control-plane chart ${v.chartVersion} (Linkerd ${v.version}) in cluster "${name}":`,
        `  helm install linkerd-control-plane linkerd-edge/linkerd-control-plane -n ${this.namespaceName} --version ${v.chartVersion} ${context} -f linkerd-control-plane-values.yaml`,
        order,
        'The identity issuer is the kubernetes.io/tls Secret linkerd-identity-issuer (identity.externalCA), signed by the mesh\'s trust anchor.',
        generated,
      ],
      render: () => this.controlPlaneValues(),
    });
    new InstallFile(this, 'MulticlusterValues', {
      fileName: 'linkerd-multicluster-values.yaml',
      header: [
        `Values for the linkerd-multicluster chart ${v.chartVersion} (Linkerd ${v.version}) in cluster "${name}":`,
        `  helm install linkerd-multicluster linkerd-edge/linkerd-multicluster -n ${this.multiclusterNamespace} --version ${v.chartVersion} ${context} -f linkerd-multicluster-values.yaml`,
        'Install it after linkerd-control-plane; the Links in this cluster\'s manifests need its Link CRD.',
        generated,
      ],
      render: () => this.multiclusterValues(),
    });
  }

  private validateRemoteAccount(): string[] {
    if (this._settings?.remoteMirrorServiceAccount !== true || this.defaultAccountLinks.length === 0) { return []; }
    return [`${this._settings.node.path}: 'remoteMirrorServiceAccount' (true) makes the linkerd-multicluster chart render ServiceAccount `
      + `${CHART_REMOTE_ACCOUNT}, which ${this.defaultAccountLinks.join(', ')} also emits (serviceAccountName): two owners, and helm install `
      + 'refuses objects it does not own; leave remoteMirrorServiceAccount unset (or false), or give the link its own serviceAccountName'];
  }

  /** Linkerd's docs ask for ECDSA P-256 everywhere; its code also accepts an RSA anchor (an imported root). */
  private trustAnchorWarning(): string | undefined {
    const pem = this.trustAnchorPem();
    if (pem === '' || this.mesh.clusters[0] !== this.cluster) { return undefined; }
    const key = new X509Certificate(pem).publicKey;
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') { return undefined; }
    return `the trust anchor of mesh "${this.mesh.meshId}" is not an ECDSA P-256 key: Linkerd accepts it, but its docs require ECDSA P-256 `
      + 'for every certificate; prefer a P-256 root when you next rotate it';
  }
}
