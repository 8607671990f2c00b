import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { isMesh, isMeshCluster } from '../core/_brands';
import { fail, requireDns1123Label } from '../core/_validation';
import type { Mesh } from '../core/mesh';
import type { MeshCluster } from '../core/mesh-cluster';
import { MeshProvider } from '../core/mesh-kinds';
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

/** Istio's sample images (samples/helloworld/helloworld.yaml and samples/sleep/sleep.yaml, istio/istio master). */
/**
 * The helloworld image of samples/helloworld/helloworld.yaml: registry.istio.io
 * from Istio 1.30, docker.io/istio before (and for a Linkerd mesh, the newest).
 */
const HELLOWORLD_IMAGE = (version: string, istioMinor: number | undefined) => (istioMinor !== undefined && istioMinor < 30
  ? `docker.io/istio/examples-helloworld-${version}:1.0`
  : `registry.istio.io/release/examples-helloworld-${version}:1.0`);
const SLEEP_IMAGE = 'curlimages/curl:8.16.0';

/**
 * Istio's helloworld and sleep samples, to check cross-cluster traffic: from a
 * `sleep` pod, `curl helloworld.sample:5000/hello` answers from every cluster
 * that runs helloworld.
 *
 * Emits, in namespace `sample` of the cluster:
 * - the Namespace, labelled for sidecar injection (`istio-injection: enabled`,
 *   or `istio.io/rev` with a revisioned control plane; annotated
 *   `linkerd.io/inject: enabled` in a Linkerd mesh), and labelled to match the
 *   cluster's discovery selectors when it can be;
 * - from samples/helloworld/helloworld.yaml: Service `helloworld` (port 5000,
 *   `http`) and Deployments `helloworld-v1` and `helloworld-v2`;
 * - from samples/sleep/sleep.yaml: ServiceAccount, Service (port 80) and
 *   Deployment `sleep`.
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
    const where = this.node.path;
    const cluster = this.node.scopes.find(s => isMeshCluster(s)) as MeshCluster | undefined;
    if (!cluster) {
      fail(where, 'scope', scope.node.path, 'must be a MeshCluster (or a construct inside one): the samples are emitted in that cluster');
    }
    const mesh = cluster.mesh;
    if (!mesh) {
      fail(where, 'scope', cluster.clusterName, 'must be a cluster that has joined a mesh: the namespace\'s injection label depends on the mesh');
    }
    this.namespace = requireDns1123Label(where, 'namespace', props.namespace ?? 'sample');
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

    const labels: Record<string, string> = {};
    const annotations: Record<string, string> = {};
    if (mesh.provider === MeshProvider.LINKERD) {
      annotations['linkerd.io/inject'] = 'enabled';
    } else {
      const revision = isMesh(mesh) ? mesh.revision : undefined;
      if (revision) {
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

    const ns = this.namespace;
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: ns,
        labels: Object.keys(labels).length > 0 ? sorted(labels) : undefined,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
    });

    new k8s.KubeService(this, 'HelloworldService', {
      metadata: { name: 'helloworld', namespace: ns, labels: { app: 'helloworld', service: 'helloworld' } },
      spec: {
        ports: [{ port: 5000, name: 'http' }],
        selector: { app: 'helloworld' },
      },
    });
    const istioMinor = mesh.provider === MeshProvider.ISTIO ? (mesh as Mesh)._version.minor : undefined;
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

    new k8s.KubeServiceAccount(this, 'SleepServiceAccount', {
      metadata: { name: 'sleep', namespace: ns },
    });
    new k8s.KubeService(this, 'SleepService', {
      metadata: { name: 'sleep', namespace: ns, labels: { app: 'sleep', service: 'sleep' } },
      spec: {
        ports: [{ port: 80, name: 'http' }],
        selector: { app: 'sleep' },
      },
    });
    new k8s.KubeDeployment(this, 'SleepDeployment', {
      metadata: { name: 'sleep', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'sleep' } },
        template: {
          metadata: { labels: { app: 'sleep' } },
          spec: {
            terminationGracePeriodSeconds: 0,
            serviceAccountName: 'sleep',
            containers: [{
              name: 'sleep',
              image: SLEEP_IMAGE,
              command: ['/bin/sleep', 'infinity'],
              imagePullPolicy: 'IfNotPresent',
              volumeMounts: [{ mountPath: '/etc/sleep/tls', name: 'secret-volume' }],
            }],
            volumes: [{ name: 'secret-volume', secret: { secretName: 'sleep-secret', optional: true } }],
          },
        },
      },
    });
  }
}

function sorted(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(labels).sort().map(k => [k, labels[k]]));
}

/** True when `labels` satisfy a rendered label selector. */
function matches(selector: any, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) { return false; }
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In': if (!has || !e.values.includes(labels[e.key])) { return false; } break;
      case 'NotIn': if (has && e.values.includes(labels[e.key])) { return false; } break;
      case 'Exists': if (!has) { return false; } break;
      case 'DoesNotExist': if (has) { return false; } break;
    }
  }
  return true;
}

/**
 * The labels to add so that a namespace with `base` labels matches one of the
 * selectors (the first that can be satisfied: its matchLabels, the first value
 * of each `In`, "true" for each `Exists`); `{}` when it already matches one,
 * undefined when none can be satisfied.
 */
function labelsForSelectors(selectors: any[], base: Record<string, string>): Record<string, string> | undefined {
  if (selectors.some(s => matches(s, base))) { return {}; }
  for (const s of selectors) {
    const add: Record<string, string> = { ...(s.matchLabels ?? {}) };
    for (const e of s.matchExpressions ?? []) {
      if (e.key in add || e.key in base) { continue; }
      if (e.operator === 'In') { add[e.key] = e.values[0]; }
      if (e.operator === 'Exists') { add[e.key] = 'true'; }
    }
    if (Object.keys(add).some(k => k in base && base[k] !== add[k])) { continue; }
    if (matches(s, { ...base, ...add })) { return add; }
  }
  return undefined;
}
