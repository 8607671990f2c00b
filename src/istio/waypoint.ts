import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HBONE_PORT } from './_ambient';
import { GLOBAL_SERVICE_LABEL } from './_constants';
import { isMesh, isMeshCluster } from '../core/_brands';
import { fail, requireDns1123Label } from '../core/_validation';
import type { MeshCluster } from '../core/mesh-cluster';
import { DataPlaneMode } from '../core/mesh-kinds';

/** Props of a `Waypoint`. */
export interface WaypointProps {
  /** The namespace of the waypoint and of the Services that use it. A DNS-1123 label. */
  readonly namespace: string;
  /**
   * The waypoint's name (its Gateway, Deployment and Service). The same in every
   * cluster: upstream assumes identically named waypoints across clusters.
   *
   * @default 'waypoint'
   */
  readonly name?: string;
  /**
   * Whether the waypoint's Service is global (`istio.io/global: "true"`), so that
   * L7 traffic can be served across clusters, as istio.io's ambient failover guide
   * labels it. A global waypoint makes the Services that use it global too.
   *
   * @default true
   */
  readonly global?: boolean;
}

/**
 * A waypoint proxy for Services (`istioctl waypoint apply --for service`): a
 * Gateway API `Gateway` of class `istio-waypoint` with the `mesh` HBONE listener
 * on 15008, labelled `istio.io/waypoint-for: service`. Ambient meshes only.
 *
 * Services opt in with the label `istio.io/use-waypoint: <name>`. istio.io's
 * "Configure failover behavior in multicluster ambient installation" deploys the
 * same waypoint in every cluster and labels its Service global; this construct
 * writes that label into `spec.infrastructure.labels` (beside `istio.io/waypoint-for`),
 * which istiod copies to the generated Service.
 *
 * ```ts
 * new Waypoint(cluster1, 'Waypoint', { namespace: 'sample' });
 * ```
 */
export class Waypoint extends Construct {
  /** The waypoint's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;

  constructor(cluster: MeshCluster, id: string, props: WaypointProps) {
    super(cluster, id);
    const where = this.node.path;
    if (!isMeshCluster(cluster) || !cluster.mesh || !isMesh(cluster.mesh) || cluster.mesh.dataPlaneMode !== DataPlaneMode.AMBIENT) {
      const mesh = isMeshCluster(cluster) && cluster.mesh ? `mesh "${cluster.mesh.meshId}"` : 'no Istio mesh';
      fail(where, 'scope', isMeshCluster(cluster) ? cluster.clusterName : undefined,
        `must be a cluster of an ambient Istio mesh (dataPlaneMode ambient), but it is in ${mesh}: waypoints are the L7 proxies of ambient mode; a sidecar mesh has an Envoy in every pod`);
    }
    this.namespace = requireDns1123Label(where, 'namespace', props?.namespace);
    this.name = requireDns1123Label(where, 'name', props.name ?? 'waypoint');
    const global = props.global ?? true;
    const labels = { 'istio.io/waypoint-for': 'service' };
    new ApiObject(this, 'Gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        gatewayClassName: 'istio-waypoint',
        // With spec.infrastructure.labels istiod copies those, and no longer the Gateway's own labels,
        // to the generated objects (pilot/pkg/config/kube/gateway/deploymentcontroller.go): repeat them.
        infrastructure: global ? { labels: { ...labels, [GLOBAL_SERVICE_LABEL]: 'true' } } : undefined,
        listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
      },
    });
  }
}
