import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AMBIENT_MULTI_NETWORK_ENV, CONTROL_PLANE_CLUSTERS_ANNOTATION, GLOBAL_SERVICE_LABEL, NETWORK_LABEL, SAIL_CNI_NAMESPACE, SAIL_ZTUNNEL_NAMESPACE,
} from './_constants';
import { labelsForSelectors } from './_discovery-labels';
import { IstioInstallMethod } from './install';
import type { JsonObject } from '../core/_json';
import { sortKeys } from '../core/_maps';
import { fail } from '../core/_validation';
import type { Mesh } from '../core/mesh';
import type { MeshCluster } from '../core/mesh-cluster';
import { DataPlaneMode } from '../core/mesh-kinds';
import { InstallFile } from '../output/_install-file';

/** Props of the internal `IstioControlPlane`. */
export interface IstioControlPlaneProps {
  /** The cluster. */
  readonly cluster: MeshCluster;
  /** The mesh it joined. */
  readonly mesh: Mesh;
}


/**
 * The Istio control-plane configuration of one cluster. Created by
 * `MeshCluster` when it joins an Istio mesh; not created directly.
 *
 * Emits the `istio-system` Namespace (network label; on a remote, the
 * `controlPlaneClusters` annotation) and the install in the mesh's method.
 */
export class IstioControlPlane extends Construct {
  /** The control-plane namespace. */
  public readonly namespaceName: string;
  private readonly cluster: MeshCluster;
  private readonly mesh: Mesh;

  constructor(scope: Construct, id: string, props: IstioControlPlaneProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.mesh = props.mesh;
    this.namespaceName = this.mesh.istioNamespace;
    const remote = this.isRemote();

    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: this.namespaceName,
        labels: { [NETWORK_LABEL]: this.cluster.network, ...this.discoveryLabels() },
        annotations: remote ? { [CONTROL_PLANE_CLUSTERS_ANNOTATION]: this.cluster.primary!.clusterName } : undefined,
      },
    });

    switch (this.mesh.install.method) {
      case IstioInstallMethod.SAIL:
        this.renderSail();
        break;
      case IstioInstallMethod.HELM:
        this.renderHelm();
        break;
      case IstioInstallMethod.ISTIOCTL:
        this.renderIstioctl();
        break;
    }

    this.node.addValidation({ validate: () => this.validateControlPlane() });
  }

  /**
   * The Helm values every install method carries (Sail and IstioOperator put
   * them under `spec.values`), without `meshConfig`, `profile` and `revision`,
   * whose place differs between the methods.
   */
  public values(): JsonObject {
    const global: JsonObject = {
      meshID: this.mesh.meshId,
      // Only the name: global.multiCluster.enabled (in values.yaml up to 1.26) is read by no template.
      multiCluster: { clusterName: this.cluster.clusterName },
      network: this.cluster.network,
    };
    if (this.namespaceName !== 'istio-system') {
      global.istioNamespace = this.namespaceName;
    }
    const values: JsonObject = { global };
    if (this.isRemote()) {
      // The Helm route of istio.io's primary-remote guide installs the remote with global.configCluster
      // (the cluster-scoped reader objects istiod needs); Sail and istioctl remotes do not set it.
      if (this.mesh.install.method === IstioInstallMethod.HELM) { global.configCluster = true; }
      const address = this.remotePilotAddress();
      if (address) {
        global.remotePilotAddress = address;
      }
      values.istiodRemote = { injectionPath: `/inject/cluster/${this.cluster.clusterName}/net/${this.cluster.network}` };
    } else {
      const env: { [key: string]: string } = {};
      if (this.mesh._remotesOf(this.cluster).length > 0) { env.EXTERNAL_ISTIOD = 'true'; }
      // istioctl sets it as components.pilot.k8s.env, as the istio.io guide does.
      if (this.isAmbient() && this.mesh.install.method !== IstioInstallMethod.ISTIOCTL) { env[AMBIENT_MULTI_NETWORK_ENV] = 'true'; }
      if (Object.keys(env).length > 0) {
        values.pilot = { env };
      }
      if (this.isAmbient() && this.mesh.install.method === IstioInstallMethod.SAIL) {
        // istiod trusts ztunnel's ServiceAccount in its own namespace unless told otherwise
        // (istio-discovery templates/deployment.yaml); Sail runs ztunnel in the ZTunnel's namespace.
        values.pilot = { ...(values.pilot as JsonObject | undefined), trustedZtunnelNamespace: SAIL_ZTUNNEL_NAMESPACE };
      }
      const meshNetworks = this.meshNetworks();
      if (meshNetworks) {
        global.meshNetworks = meshNetworks;
      }
    }
    return values;
  }

  /**
   * `global.meshNetworks` for the gateways istiod cannot discover from their
   * Service (NodePort east-west gateways), or undefined when there are none.
   * istiod merges these with the gateways it finds by the network label, so
   * LoadBalancer gateways are not listed. Only primaries run istiod.
   */
  private meshNetworks(): JsonObject | undefined {
    const networks: Record<string, { endpoints: { fromRegistry: string }[]; gateways: { address: string; port: number }[] }> = {};
    const clusters = this.mesh.clusters;
    for (const c of clusters) {
      for (const gw of c._networkGateways) {
        if (gw._meshNetworksPort === undefined || gw.address === undefined) { continue; }
        const entry = networks[gw.network] ??= {
          endpoints: clusters.filter(o => o.network === gw.network).map(o => ({ fromRegistry: o.clusterName })),
          gateways: [],
        };
        entry.gateways.push({ address: gw.address, port: gw._meshNetworksPort });
      }
    }
    const names = Object.keys(networks).sort();
    return names.length > 0 ? Object.fromEntries(names.map(n => [n, networks[n]])) : undefined;
  }

  /**
   * The labels that make the control-plane Namespace match the cluster's
   * discovery selectors: istiod sees only Services in selected namespaces, its
   * own east-west gateway's included (istio/istio#34438, #39520). We label the
   * Namespace we own rather than add a selector, so meshConfig stays what the
   * user wrote (istio.io's discovery-selectors guide labels namespaces too).
   */
  private discoveryLabels(): { [key: string]: string } {
    const selectors = this.cluster._discoverySelectors;
    if (selectors.length === 0) { return {}; }
    const base = { [NETWORK_LABEL]: this.cluster.network, 'kubernetes.io/metadata.name': this.namespaceName };
    const added = labelsForSelectors(selectors, base);
    if (!added) {
      fail(this.cluster.node.path, 'discoverySelectors', selectors,
        `can never match the control-plane namespace "${this.namespaceName}" (labels ${JSON.stringify(base)}): istiod would not see its own namespace's Services, `
        + `the east-west gateway among them, and cross-network traffic fails; add a selector it matches, such as { matchLabels: { "kubernetes.io/metadata.name": "${this.namespaceName}" } }`);
    }
    return sortKeys(added);
  }

  /**
   * `meshConfig` (discovery selectors; in ambient mode with global namespaces,
   * `serviceScopeConfigs`), or undefined when there is nothing to set.
   */
  public meshConfig(): JsonObject | undefined {
    const selectors = this.cluster._discoverySelectors;
    const meshConfig: JsonObject = {};
    if (selectors.length > 0) { meshConfig.discoverySelectors = selectors; }
    const globals = this.mesh.globalNamespaces;
    if (this.isAmbient() && globals.length > 0) {
      // A list value replaces the profile's list: keep its istio.io/global entry first.
      meshConfig.serviceScopeConfigs = [
        { servicesSelector: { matchExpressions: [{ key: GLOBAL_SERVICE_LABEL, operator: 'In', values: ['true'] }] }, scope: 'GLOBAL' },
        { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: globals }] }, scope: 'GLOBAL' },
      ];
    }
    return Object.keys(meshConfig).length > 0 ? meshConfig : undefined;
  }

  private isRemote(): boolean {
    return this.cluster.role === 'remote';
  }

  private isAmbient(): boolean {
    return this.mesh.dataPlaneMode === DataPlaneMode.AMBIENT;
  }

  /** The profile of the istiod install: `remote` on a remote, `ambient` in ambient mode, else none. */
  private profile(): string | undefined {
    return this.isRemote() ? 'remote' : this.isAmbient() ? 'ambient' : undefined;
  }

  /** The ztunnel values every method carries: the cluster name and the network (ztunnel chart `multiCluster.clusterName`, `network`). */
  private ztunnelValues(): JsonObject {
    return {
      multiCluster: { clusterName: this.cluster.clusterName },
      network: this.cluster.network,
      ...(this.mesh.revision ? { revision: this.mesh.revision } : {}),
      ...(this.namespaceName !== 'istio-system' ? { istioNamespace: this.namespaceName } : {}),
    };
  }

  private remotePilotAddress(): string | undefined {
    const primary = this.cluster.primary as MeshCluster | undefined;
    return primary?.eastWestGatewayAddress;
  }

  private renderSail(): void {
    if (this.mesh.revision) {
      // The Sail Operator installs the base chart, which holds this ServiceAccount, only for the
      // `default` revision (or a `default` IstioRevisionTag; sail-operator pkg/reconcile/istiod.go);
      // the istiod chart of a revision renders the reader ClusterRole and binding for it, not the
      // account. Without it `kubectl create token istio-reader-service-account` fails and endpoint
      // discovery never completes (istioctl create-remote-secret creates it when missing).
      new k8s.KubeServiceAccount(this, 'ReaderServiceAccount', {
        metadata: {
          name: 'istio-reader-service-account',
          namespace: this.namespaceName,
          labels: { 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader' },
        },
      });
    }
    const strategy = this.mesh.install.sailUpdateStrategy;
    new ApiObject(this, 'Istio', {
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      // With Sail, the Istio resource's name is the revision name; "default" means no revision.
      metadata: { name: this.mesh.revision ?? 'default' },
      spec: Lazy.any({
        produce: () => {
          const values = this.values();
          const meshConfig = this.meshConfig();
          return {
            version: `v${this.mesh._version.version}`,
            namespace: this.namespaceName,
            profile: this.profile(),
            updateStrategy: strategy ? { type: strategy } : undefined,
            values: meshConfig ? { ...values, meshConfig } : values,
          };
        },
      }),
    });
    if (this.isAmbient()) { this.renderSailAmbient(); }
  }

  /**
   * Sail's ambient data plane: an `IstioCNI` (profile ambient) and a `ZTunnel`,
   * each named `default` (their CRDs allow no other name) in the namespace its
   * CRD defaults to, which the operator does not create.
   */
  private renderSailAmbient(): void {
    const version = `v${this.mesh._version.version}`;
    for (const [id, ns] of [['CniNamespace', SAIL_CNI_NAMESPACE], ['ZtunnelNamespace', SAIL_ZTUNNEL_NAMESPACE]]) {
      new k8s.KubeNamespace(this, id, { metadata: { name: ns } });
    }
    new ApiObject(this, 'IstioCNI', {
      apiVersion: 'sailoperator.io/v1',
      kind: 'IstioCNI',
      metadata: { name: 'default' },
      spec: { version, namespace: SAIL_CNI_NAMESPACE, profile: 'ambient' },
    });
    new ApiObject(this, 'ZTunnel', {
      apiVersion: 'sailoperator.io/v1',
      kind: 'ZTunnel',
      metadata: { name: 'default' },
      spec: { version, namespace: SAIL_ZTUNNEL_NAMESPACE, values: { ztunnel: this.ztunnelValues() } },
    });
  }

  private renderHelm(): void {
    if (this.isRemote() && this.mesh._version.minor < 24) {
      this.renderHelmIstiodRemote();
      return;
    }
    const ns = this.namespaceName;
    const version = this.mesh._version.version;
    const rev = this.mesh.revision;
    const context = `--kube-context <${this.cluster.clusterName} context>`;
    new InstallFile(this, 'BaseValues', {
      fileName: 'base-values.yaml',
      header: [
        `Values for the istio/base chart ${version} in cluster "${this.cluster.clusterName}":`,
        `  helm install istio-base istio/base -n ${ns} --create-namespace --version ${version} ${context} -f base-values.yaml`,
        'Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.',
      ],
      render: () => {
        const values: JsonObject = {};
        if (this.isRemote()) { values.profile = 'remote'; }
        if (ns !== 'istio-system') { values.global = { istioNamespace: ns }; }
        if (rev) { values.defaultRevision = rev; }
        return values;
      },
    });
    new InstallFile(this, 'IstiodValues', {
      fileName: 'istiod-values.yaml',
      header: [
        `Values for the istio/istiod chart ${version} in cluster "${this.cluster.clusterName}":`,
        `  helm install ${rev ? `istiod-${rev}` : 'istiod'} istio/istiod -n ${ns} --version ${version} ${context} -f istiod-values.yaml`,
        'Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.',
      ],
      render: () => {
        const values = this.values();
        const meshConfig = this.meshConfig();
        return {
          ...values,
          ...(meshConfig ? { meshConfig } : {}),
          ...(this.profile() ? { profile: this.profile() } : {}),
          ...(rev ? { revision: rev } : {}),
        };
      },
    });
    if (this.isAmbient()) { this.renderHelmAmbient(context); }
  }

  /** Values for the `istio/cni` (profile ambient) and `istio/ztunnel` charts, as istio.io's ambient multi-primary guide installs them. */
  private renderHelmAmbient(context: string): void {
    const ns = this.namespaceName;
    const version = this.mesh._version.version;
    const rev = this.mesh.revision;
    new InstallFile(this, 'CniValues', {
      fileName: 'cni-values.yaml',
      header: [
        `Values for the istio/cni chart ${version} in cluster "${this.cluster.clusterName}" (ambient):`,
        `  helm install istio-cni istio/cni -n ${ns} --version ${version} ${context} -f cni-values.yaml`,
        'Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.',
      ],
      render: () => ({
        profile: 'ambient',
        ...(rev ? { revision: rev } : {}),
      }),
    });
    new InstallFile(this, 'ZtunnelValues', {
      fileName: 'ztunnel-values.yaml',
      header: [
        `Values for the istio/ztunnel chart ${version} in cluster "${this.cluster.clusterName}" (ambient):`,
        `  helm install ztunnel istio/ztunnel -n ${ns} --version ${version} ${context} -f ztunnel-values.yaml`,
        'Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.',
      ],
      render: () => this.ztunnelValues(),
    });
  }

  /**
   * A remote before Istio 1.24, where `base` and `istiod` have no `remote`
   * profile: the `istiod-remote` chart alone (with global.configCluster it also
   * renders the CRDs, so istio/base is not installed beside it).
   */
  private renderHelmIstiodRemote(): void {
    const ns = this.namespaceName;
    const version = this.mesh._version.version;
    const rev = this.mesh.revision;
    new InstallFile(this, 'IstiodRemoteValues', {
      fileName: 'istiod-remote-values.yaml',
      header: [
        `Values for the istio/istiod-remote chart ${version} in remote cluster "${this.cluster.clusterName}" (before 1.24 the base and istiod charts have no remote profile):`,
        `  helm install ${rev ? `istiod-remote-${rev}` : 'istiod-remote'} istio/istiod-remote -n ${ns} --create-namespace --version ${version} --kube-context <${this.cluster.clusterName} context> -f istiod-remote-values.yaml`,
        'It renders the CRDs itself (global.configCluster): do not install istio/base in this cluster.',
        'Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.',
      ],
      render: () => {
        const meshConfig = this.meshConfig();
        return { ...this.values(), ...(meshConfig ? { meshConfig } : {}), ...(rev ? { revision: rev } : {}) };
      },
    });
  }

  private renderIstioctl(): void {
    const version = this.mesh._version.version;
    new InstallFile(this, 'IstioOperator', {
      fileName: 'istio-operator.yaml',
      header: [
        `IstioOperator for cluster "${this.cluster.clusterName}", for istioctl ${version}:`,
        `  istioctl install --context <${this.cluster.clusterName} context> -f istio-operator.yaml`,
        'It is an istioctl input file: the in-cluster operator was removed in Istio 1.24, so do not kubectl apply it.',
        'Generated by cdk8s-multicluster-mesh; edit the mesh definition, not this file.',
      ],
      render: () => {
        const meshConfig = this.meshConfig();
        return {
          apiVersion: 'install.istio.io/v1alpha1',
          kind: 'IstioOperator',
          metadata: { name: this.mesh.revision ? `control-plane-${this.mesh.revision}` : 'control-plane', namespace: this.namespaceName },
          spec: {
            ...(this.profile() ? { profile: this.profile() } : {}),
            ...(this.mesh.revision ? { revision: this.mesh.revision } : {}),
            ...(meshConfig ? { meshConfig } : {}),
            // The ambient profile installs istio-cni and ztunnel too; ztunnel reads the cluster name and network from values.global.
            ...(this.isAmbient() ? { components: { pilot: { k8s: { env: [{ name: AMBIENT_MULTI_NETWORK_ENV, value: 'true' }] } } } } : {}),
            values: this.values(),
          },
        };
      },
    });
  }

  private validateControlPlane(): string[] {
    if (this.isRemote() && !this.remotePilotAddress()) {
      const primary = this.cluster.primary as MeshCluster;
      const needs = `remote cluster "${this.cluster.clusterName}" needs its primary's discovery address (global.remotePilotAddress), `;
      const gateway = primary._networkGateways[0];
      if (gateway) {
        return [needs + `but the east-west gateway of primary "${primary.clusterName}" (${gateway.node.path}) has no address: `
          + "set its 'address' to the gateway's load balancer IP or DNS name"];
      }
      return [needs + `but primary "${primary.clusterName}" has no east-west gateway with a known address: `
        + `add new EastWestGateway(<${primary.clusterName} cluster>, 'EastWestGateway', { address: '<load balancer IP or DNS name>' })`];
    }
    return [];
  }
}
