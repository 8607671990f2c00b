import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DATAPLANE_MODE_LABEL, GLOBAL_SERVICE_LABEL } from './_constants';
import { labelsForSelectors } from './_discovery-labels';
import { isMesh, isMeshCluster } from '../core/_brands';
import { sortKeys } from '../core/_maps';
import { fail, requireDns1123Label } from '../core/_validation';
import type { Mesh } from '../core/mesh';
import type { MeshCluster } from '../core/mesh-cluster';
import { DataPlaneMode, MeshProvider } from '../core/mesh-kinds';
import { addWarning } from '../output/_metadata';

/** Props of `SampleApps`. */
export interface SampleAppsProps {
  /**
   * The namespace of the sample workloads. A DNS-1123 label.
   *
   * @default 'sample' (as Istio's multicluster verification guide and ristioctl)
   */
  readonly namespace?: string;
  /**
   * The helloworld versions to deploy: `v1`, `v2` or both. Deploying a
   * different version in each cluster shows which cluster answered.
   *
   * @default ['v1', 'v2'] (the whole samples/helloworld/helloworld.yaml)
   */
  readonly helloworldVersions?: string[];
}

/** The helloworld versions Istio publishes images for. */
const HELLOWORLD_VERSIONS = ['v1', 'v2'];

/**
 * The helloworld image of samples/helloworld/helloworld.yaml: registry.istio.io
 * from Istio 1.30, docker.io/istio before (and for a Linkerd mesh, the newest).
 */
const HELLOWORLD_IMAGE = (version: string, istioMinor: number | undefined) => (istioMinor !== undefined && istioMinor < 30
  ? `docker.io/istio/examples-helloworld-${version}:1.0`
  : `registry.istio.io/release/examples-helloworld-${version}:1.0`);
/**
 * The client sample: `sleep` (samples/sleep/sleep.yaml) before Istio 1.24, `curl`
 * (samples/curl/curl.yaml) from 1.24 (and for a Linkerd mesh). Its image is
 * curlimages/curl, pinned to the tag the samples pin from 1.26, from docker.io as
 * they name it from 1.26.
 */
function clientSample(istioMinor: number | undefined): { name: string; image: string } {
  const minor = istioMinor ?? Number.MAX_SAFE_INTEGER;
  return {
    name: minor >= 24 ? 'curl' : 'sleep',
    image: minor >= 26 ? 'docker.io/curlimages/curl:8.16.0' : 'curlimages/curl:8.16.0',
  };
}

/**
 * Istio's helloworld and curl samples, to check cross-cluster traffic: from the
 * `curl` pod (`sleep` before Istio 1.24), `curl helloworld.sample:5000/hello`
 * answers from every cluster that runs helloworld.
 *
 * Emits, in namespace `sample` of the cluster:
 * - the Namespace, labelled for sidecar injection (`istio-injection: enabled`,
 *   or `istio.io/rev` with a revisioned control plane; annotated
 *   `linkerd.io/inject: enabled` in a Linkerd mesh; in an ambient mesh
 *   `istio.io/dataplane-mode: ambient` instead, and Service `helloworld` is
 *   labelled `istio.io/global: "true"`), and labelled to match the
 *   cluster's discovery selectors when it can be;
 * - from samples/helloworld/helloworld.yaml: Service `helloworld` (port 5000,
 *   `http`) and Deployments `helloworld-v1` and `helloworld-v2`;
 * - from samples/curl/curl.yaml (Istio 1.24 and later, and Linkerd meshes) or
 *   samples/sleep/sleep.yaml (before 1.24): ServiceAccount, Service (port 80)
 *   and Deployment `curl` (`sleep`).
 *
 * The cluster must have joined its mesh: the injection label depends on it.
 *
 * ```ts
 * new SampleApps(cluster, 'SampleApps');
 * ```
 */
export class SampleApps extends Construct {
  /** The namespace of the sample workloads. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: SampleAppsProps = {}) {
    super(scope, id);
    const { cluster, mesh, namespace, versions } = this.checkProps(scope, props);
    this.namespace = namespace;
    const ambient = isMesh(mesh) && mesh.dataPlaneMode === DataPlaneMode.AMBIENT;
    const istioMinor = mesh.provider === MeshProvider.ISTIO ? (mesh as Mesh)._version.minor : undefined;

    this.renderNamespace(cluster, mesh, ambient);
    this.renderHelloworld(versions, ambient, istioMinor);
    this.renderClient(clientSample(istioMinor));
  }

  /** The enclosing cluster, its mesh, the namespace and the helloworld versions, checked. */
  private checkProps(scope: Construct, props: SampleAppsProps):
  { cluster: MeshCluster; mesh: NonNullable<MeshCluster['mesh']>; namespace: string; versions: string[] } {
    const where = this.node.path;
    const cluster = this.node.scopes.find(s => isMeshCluster(s)) as MeshCluster | undefined;
    if (!cluster) {
      fail(where, 'scope', scope.node.path, 'must be a MeshCluster (or a construct inside one): the samples are emitted in that cluster');
    }
    const mesh = cluster.mesh;
    if (!mesh) {
      fail(where, 'scope', cluster.clusterName, 'must be a cluster that has joined a mesh: the namespace\'s injection label depends on the mesh');
    }
    const namespace = requireDns1123Label(where, 'namespace', props.namespace ?? 'sample');
    const versions = props.helloworldVersions ?? HELLOWORLD_VERSIONS;
    if (!Array.isArray(versions) || versions.length === 0) {
      fail(where, 'helloworldVersions', versions, `must list at least one of ${HELLOWORLD_VERSIONS.join(', ')}`);
    }
    versions.forEach((v, i) => {
      if (!HELLOWORLD_VERSIONS.includes(v)) {
        fail(where, `helloworldVersions[${i}]`, v, `must be one of ${HELLOWORLD_VERSIONS.join(', ')} (the versions Istio publishes images for)`);
      }
      if (versions.indexOf(v) !== i) {
        fail(where, `helloworldVersions[${i}]`, v, 'is listed twice');
      }
    });
    return { cluster, mesh, namespace, versions };
  }

  /** The namespace, labelled or annotated for the mesh's data plane (and for the cluster's discovery selectors). */
  private renderNamespace(cluster: MeshCluster, mesh: NonNullable<MeshCluster['mesh']>, ambient: boolean): void {
    const labels: Record<string, string> = {};
    const annotations: Record<string, string> = {};
    if (mesh.provider === MeshProvider.LINKERD) {
      annotations['linkerd.io/inject'] = 'enabled';
    } else {
      const revision = isMesh(mesh) ? mesh.revision : undefined;
      if (ambient) {
        // Ambient: ztunnel captures the namespace's pods; an injection label would add sidecars.
        labels[DATAPLANE_MODE_LABEL] = 'ambient';
      } else if (revision) {
        labels['istio.io/rev'] = revision;
      } else {
        labels['istio-injection'] = 'enabled';
      }
      const selectors = cluster._discoverySelectors;
      if (selectors.length > 0) {
        const added = labelsForSelectors(selectors, { ...labels, 'kubernetes.io/metadata.name': this.namespace });
        if (added) {
          Object.assign(labels, added);
        } else {
          addWarning(this, `namespace "${this.namespace}" cannot be labelled to match any of cluster "${cluster.clusterName}"'s discovery selectors: `
            + 'istiod ignores it until you label it to match one');
        }
      }
    }
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: this.namespace,
        labels: Object.keys(labels).length > 0 ? sortKeys(labels) : undefined,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
    });
  }

  /** The helloworld Service and one Deployment per version. */
  private renderHelloworld(versions: string[], ambient: boolean, istioMinor: number | undefined): void {
    const ns = this.namespace;
    new k8s.KubeService(this, 'HelloworldService', {
      // Ambient: global, so every cluster's ztunnel sees all helloworld endpoints (the guide labels it istio.io/global=true).
      metadata: { name: 'helloworld', namespace: ns, labels: { app: 'helloworld', service: 'helloworld', ...(ambient ? { [GLOBAL_SERVICE_LABEL]: 'true' } : {}) } },
      spec: {
        ports: [{ port: 5000, name: 'http' }],
        selector: { app: 'helloworld' },
      },
    });
    for (const version of versions) {
      const podLabels = { app: 'helloworld', version };
      new k8s.KubeDeployment(this, `Helloworld-${version}`, {
        metadata: { name: `helloworld-${version}`, namespace: ns, labels: podLabels },
        spec: {
          replicas: 1,
          selector: { matchLabels: podLabels },
          template: {
            metadata: { labels: podLabels },
            spec: {
              containers: [{
                name: 'helloworld',
                image: HELLOWORLD_IMAGE(version, istioMinor),
                resources: { requests: { cpu: k8s.Quantity.fromString('100m') } },
                imagePullPolicy: 'IfNotPresent',
                ports: [{ containerPort: 5000 }],
              }],
            },
          },
        },
      });
    }
  }

  /** The client sample (`sleep` before Istio 1.24, `curl` from 1.24): ServiceAccount, Service and Deployment. */
  private renderClient(client: ReturnType<typeof clientSample>): void {
    const ns = this.namespace;
    new k8s.KubeServiceAccount(this, 'SleepServiceAccount', {
      metadata: { name: client.name, namespace: ns },
    });
    new k8s.KubeService(this, 'SleepService', {
      metadata: { name: client.name, namespace: ns, labels: { app: client.name, service: client.name } },
      spec: {
        ports: [{ port: 80, name: 'http' }],
        selector: { app: client.name },
      },
    });
    new k8s.KubeDeployment(this, 'SleepDeployment', {
      metadata: { name: client.name, namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: client.name } },
        template: {
          metadata: { labels: { app: client.name } },
          spec: {
            terminationGracePeriodSeconds: 0,
            serviceAccountName: client.name,
            containers: [{
              name: client.name,
              image: client.image,
              command: ['/bin/sleep', 'infinity'],
              imagePullPolicy: 'IfNotPresent',
              volumeMounts: [{ mountPath: `/etc/${client.name}/tls`, name: 'secret-volume' }],
            }],
            volumes: [{ name: 'secret-volume', secret: { secretName: `${client.name}-secret`, optional: true } }],
          },
        },
      },
    });
  }
}
