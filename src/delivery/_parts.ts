/**
 * What a GitOps engine delivers for each cluster, engine-independent: the
 * cluster directory's files split into phases, and the Helm charts our values
 * files are for. Internal.
 *
 * Phases, in first-sync order (docs/gitops.md):
 *   00-prerequisites  Namespaces, ConfigMaps (Linkerd's trust roots), CRDs of the cluster directory
 *   10-crds           istio/base, linkerd-crds
 *   20-control-plane  istio/istiod or istiod-remote, linkerd-control-plane, a Sail `Istio`
 *   30-extensions     linkerd-multicluster (the Link CRD), kiali-server, istio/cni and istio/ztunnel (ambient)
 *   40-manifests      everything else in the cluster directory: gateways, Links, RBAC, samples
 */
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { AccessConsumerKind } from '../access/consumer-kinds';
import { RemoteAccess } from '../access/remote-access';
import { Mesh } from '../core/mesh';
import { MeshCluster } from '../core/mesh-cluster';
import { MeshProvider } from '../core/mesh-kinds';
import { InstallFile } from '../output/_install-file';
import { compareText } from '../output/_order';
import { RenderedFile } from '../output/_writer';

/** The phases, in order. */
export const PHASES = ['00-prerequisites', '10-crds', '20-control-plane', '30-extensions', '40-manifests'] as const;
export type Phase = typeof PHASES[number];

/** Helm chart repositories of the charts our values files are for. */
export const CHART_REPOSITORIES = {
  'istio': 'https://istio-release.storage.googleapis.com/charts',
  'linkerd-edge': 'https://helm.linkerd.io/edge',
  'kiali': 'https://kiali.org/helm-charts',
} as const;
export type ChartRepository = keyof typeof CHART_REPOSITORIES;

/** A Helm release: chart, repository, pinned version and our values file. */
export interface HelmPart {
  readonly repository: ChartRepository;
  readonly chart: string;
  readonly version: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** The values file, relative to the cluster directory (`install/istiod-values.yaml`). */
  readonly valuesFile: string;
  readonly phase: Phase;
  /** Istio charts whose webhooks istiod patches at run time (caBundle, failurePolicy). */
  readonly istioWebhooks: boolean;
}

/** One cluster to deliver. */
export interface ClusterParts {
  readonly clusterName: string;
  readonly cluster: MeshCluster;
  /** Files of the cluster directory (names relative to it), per phase, in kustomization order. */
  readonly files: ReadonlyMap<Phase, string[]>;
  readonly helm: HelmPart[];
  /** Helm values files of the cluster whose chart the delivery does not know (not delivered). */
  readonly unknownValues: string[];
}

/** The phase of a cluster-directory file, from its kind (`<kind>.[<namespace>.]<name>.yaml`). */
export function phaseOfFile(file: string): Phase {
  const kind = file.split('.')[0];
  if (['namespace', 'configmap', 'customresourcedefinition'].includes(kind)) { return '00-prerequisites'; }
  if (kind === 'istio' || kind === 'istiorevision') { return '20-control-plane'; }
  return '40-manifests';
}

function helmPartOf(cluster: MeshCluster, f: InstallFile): HelmPart | undefined {
  const mesh = cluster.mesh as Mesh | undefined;
  if (!mesh) { return undefined; }
  const valuesFile = `install/${f.fileName}`;
  if (mesh.provider === MeshProvider.ISTIO) {
    const ns = mesh.istioNamespace;
    const version = mesh._version.version;
    const rev = mesh.revision;
    const istio = (chart: string, releaseName: string, phase: Phase, istioWebhooks = true): HelmPart =>
      ({ repository: 'istio', chart, version, releaseName, namespace: ns, valuesFile, phase, istioWebhooks });
    switch (f.fileName) {
      case 'base-values.yaml': return istio('base', 'istio-base', '10-crds');
      case 'istiod-values.yaml': return istio('istiod', rev ? `istiod-${rev}` : 'istiod', '20-control-plane');
      case 'istiod-remote-values.yaml': return istio('istiod-remote', rev ? `istiod-remote-${rev}` : 'istiod-remote', '20-control-plane');
      // Ambient's node agents, after istiod (istio.io's ambient Helm install: base, istiod, cni, ztunnel);
      // release names as the values files' headers give them. Their charts have no webhook istiod patches.
      case 'cni-values.yaml': return istio('cni', 'istio-cni', '30-extensions', false);
      case 'ztunnel-values.yaml': return istio('ztunnel', 'ztunnel', '30-extensions', false);
      default: break;
    }
  }
  const linkerd = cluster._linkerd;
  if (linkerd) {
    const version = mesh._linkerdVersion.chartVersion;
    const part = (chart: string, namespace: string, phase: Phase): HelmPart =>
      ({ repository: 'linkerd-edge', chart, version, releaseName: chart, namespace, valuesFile, phase, istioWebhooks: false });
    switch (f.fileName) {
      case 'linkerd-crds-values.yaml': return part('linkerd-crds', linkerd.namespaceName, '10-crds');
      case 'linkerd-control-plane-values.yaml': return part('linkerd-control-plane', linkerd.namespaceName, '20-control-plane');
      case 'linkerd-multicluster-values.yaml': return part('linkerd-multicluster', linkerd.multiclusterNamespace, '30-extensions');
      default: break;
    }
  }
  // KialiServerValues.<namespace>.<instance> (src/access/consumers/_kiali-config.ts).
  const kiali = /^KialiServerValues\.([^.]+)\.([^.]+)$/.exec(f.node.id);
  if (kiali) {
    const [, namespace, instance] = kiali;
    const version = kialiVersion(cluster, namespace, instance);
    return {
      repository: 'kiali',
      chart: 'kiali-server',
      version: version.replace(/^v/, ''),
      releaseName: instance === 'kiali' ? 'kiali-server' : `kiali-server-${instance}`,
      namespace,
      valuesFile,
      phase: '30-extensions',
      istioWebhooks: false,
    };
  }
  return undefined;
}

/** The Kiali version of the instance's consumers (the newest given, else the default of `AccessConsumer.kiali()`). */
function kialiVersion(cluster: MeshCluster, namespace: string, instance: string): string {
  const versions = remoteAccesses(cluster.node.root as App)
    .filter(r => r.consumerCluster === cluster && r.consumer.kind === AccessConsumerKind.KIALI && r.consumerNamespace === namespace)
    .map(r => r.consumer._kiali(r.node.path))
    .filter(k => k.instanceName === instance)
    .map(k => k.version);
  return versions.sort(compareText)[versions.length - 1];
}

/** Every RemoteAccess of the app. */
export function remoteAccesses(app: App): RemoteAccess[] {
  return app.node.findAll().filter((c: IConstruct): c is RemoteAccess => c instanceof RemoteAccess);
}

/** The parts of every MeshCluster of the app, in cluster-name order. */
export function clusterParts(app: App, outdir: RenderedFile[]): ClusterParts[] {
  const clusters = app.node.findAll().filter((c: IConstruct): c is MeshCluster => c instanceof MeshCluster)
    .sort((a, b) => compareText(a.clusterName, b.clusterName));
  return clusters.map(cluster => {
    const name = cluster.clusterName;
    const kustomization = outdir.find(f => f.path === `${name}/kustomization.yaml`);
    const listed: string[] = kustomization ? YAML.parse(kustomization.content).resources ?? [] : [];
    const files = new Map<Phase, string[]>();
    for (const file of listed) {
      const phase = phaseOfFile(file);
      files.set(phase, [...(files.get(phase) ?? []), file]);
    }
    const installs = cluster.node.findAll().filter(InstallFile.isInstallFile);
    const helm = installs.map(f => helmPartOf(cluster, f)).filter((p): p is HelmPart => p !== undefined)
      .sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || compareText(a.releaseName, b.releaseName));
    const unknownValues = installs.filter(f => f.fileName.endsWith('-values.yaml') && !helm.some(h => h.valuesFile === `install/${f.fileName}`))
      .map(f => `install/${f.fileName}`).sort(compareText);
    return { clusterName: name, cluster, files, helm, unknownValues };
  });
}
