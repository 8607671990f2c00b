/**
 * Linkerd (#6): the Linkerd settings of a Mesh (src/mesh.ts, src/linkerd-version.ts)
 * and LinkerdMulticluster (src/linkerd-multicluster.ts). The messages are those
 * test/linkerd-control-plane.test.ts asserts. The Linkerd cases of TrustRoot
 * (an RSA issuer, an imported anchor or issuer Linkerd refuses) are under
 * TrustRoot; a RemoteAccess for Linkerd and an EastWestGateway in a Linkerd
 * mesh under their own areas.
 */
import {
  GatewayServiceType, LinkerdLogLevel, LinkerdMulticluster, LinkerdVersion, Mesh, MeshCluster, MeshProvider, ServiceMirrorLink,
  ControllerMode, ExternalTrafficPolicy, TolerationOperator,
} from '../../../src';
import { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { linkerdMesh } from './_shared';

/** A Linkerd mesh `l5d` with the given version. */
function withVersion(ctx: CaseContext, version: string): Mesh {
  return new Mesh(ctx.app(), 'l5d', { provider: MeshProvider.LINKERD, linkerdVersion: LinkerdVersion.of(version) });
}

export const LINKERD_CASES: BadInputCase[] = [
  // ---- Mesh ----
  {
    id: 'linkerd-istio-setting-on-linkerd-mesh',
    area: 'linkerd',
    title: 'An Istio setting on a Linkerd mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'l5d', { provider: MeshProvider.LINKERD, revision: 'canary' }),
    message: 'l5d: \'revision\' ("canary") is a setting of the other provider: this mesh\'s provider is linkerd, which does not read it; remove it',
  },
  {
    id: 'linkerd-setting-on-istio-mesh',
    area: 'linkerd',
    title: 'A Linkerd setting on an Istio mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { linkerdVersion: LinkerdVersion.of('edge-25.7.6') }),
    message: 'mesh1: \'linkerdVersion\' ("edge-25.7.6") is a setting of the other provider: this mesh\'s provider is istio, which does not read it; remove it',
  },
  {
    id: 'linkerd-version-not-edge',
    area: 'linkerd',
    title: 'A Linkerd version that is neither an edge release nor a stable name',
    stage: Stage.CONSTRUCT,
    run: ctx => withVersion(ctx, '25.7.6'),
    message: 'l5d: \'linkerdVersion\' ("25.7.6") must be a Linkerd edge release such as "edge-26.8.3" (edge-YY.M.N), or a stable name '
      + 'that maps to one (2.18 = edge-25.4.4, 2.19 = edge-25.10.7, 2.20 = edge-26.6.3)',
    fix: 'Name the edge release (`edge-25.7.6`), or the stable line (`2.18`, `2.19`, `2.20`).',
  },
  {
    id: 'linkerd-version-unknown-stable',
    area: 'linkerd',
    title: 'A stable Linkerd name whose edge release is not known',
    stage: Stage.CONSTRUCT,
    run: ctx => withVersion(ctx, '2.21.0'),
    message: 'l5d: \'linkerdVersion\' ("2.21.0") is a stable name this library does not know the edge release of '
      + '(known: 2.18 = edge-25.4.4, 2.19 = edge-25.10.7, 2.20 = edge-26.6.3): name the edge release, such as "edge-26.8.3"',
    fix: 'The `version-2.X` tag of linkerd/linkerd2 points at the edge release of the line; name that edge release.',
  },
  {
    id: 'linkerd-version-enterprise',
    area: 'linkerd',
    title: 'A Buoyant Enterprise for Linkerd version',
    stage: Stage.CONSTRUCT,
    run: ctx => withVersion(ctx, 'enterprise-2.18.2'),
    message: 'l5d: \'linkerdVersion\' ("enterprise-2.18.2") is a Buoyant Enterprise for Linkerd release: those ship Buoyant\'s own charts '
      + 'and images, which this library does not model; use the open-source edge release of the same line (2.18 = edge-25.4.4, 2.19 = edge-25.10.7, 2.20 = edge-26.6.3)',
  },
  {
    id: 'linkerd-version-month-out-of-range',
    area: 'linkerd',
    title: 'A Linkerd edge release whose month is not 1 to 12',
    stage: Stage.CONSTRUCT,
    run: ctx => withVersion(ctx, 'edge-25.13.1'),
    message: 'l5d: \'linkerdVersion\' ("edge-25.13.1") must be a Linkerd edge release such as "edge-26.8.3" (edge-YY.M.N, M a month '
      + 'from 1 to 12)',
  },
  {
    id: 'linkerd-version-too-old',
    area: 'linkerd',
    title: 'A Linkerd version older than 2.18 (edge-25.4.4)',
    stage: Stage.CONSTRUCT,
    run: ctx => withVersion(ctx, 'edge-25.4.3'),
    message: 'l5d: \'linkerdVersion\' ("edge-25.4.3") is older than edge-25.4.4 (stable 2.18), the oldest release this library models: the linkerd-multicluster chart runs the link controllers from edge-25.3.3 ' + '(controllers[] values; linkerd mc link-gen from edge-25.3.4), and this library models stable 2.18 = edge-25.4.4 and later',
  },
  {
    id: 'linkerd-version-stable-too-old',
    area: 'linkerd',
    title: 'A stable Linkerd version older than 2.18',
    stage: Stage.CONSTRUCT,
    run: ctx => withVersion(ctx, '2.17'),
    message: 'l5d: \'linkerdVersion\' ("2.17") is older than stable 2.18 (edge-25.4.4), the oldest release this library models: the linkerd-multicluster chart runs the link controllers from edge-25.3.3 '
      + '(controllers[] values; linkerd mc link-gen from edge-25.3.4), and this library models stable 2.18 = edge-25.4.4 and later',
  },
  {
    id: 'linkerd-trust-domain-not-domain',
    area: 'linkerd',
    title: 'A Linkerd trust domain that is not a DNS domain',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'l5d', { provider: MeshProvider.LINKERD, linkerdTrustDomain: 'Cluster_Local' }),
    message: 'l5d: \'linkerdTrustDomain\' ("Cluster_Local") must be a DNS domain such as "cluster.local"',
  },
  {
    id: 'linkerd-cluster-domain-empty',
    area: 'linkerd',
    title: 'An empty Linkerd cluster domain',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'l5d', { provider: MeshProvider.LINKERD, linkerdClusterDomain: '' }),
    message: 'l5d: \'linkerdClusterDomain\' ("") must be a DNS domain such as "cluster.local"',
  },
  {
    id: 'linkerd-mesh-without-trust-root',
    area: 'linkerd',
    title: 'A Linkerd mesh without a TrustRoot',
    stage: Stage.SYNTH,
    run: ctx => {
      const app = ctx.app();
      new MeshCluster(app, 'east', { mesh: new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD }) });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [l5d] Linkerd mesh "l5d" has no TrustRoot: linked Linkerd clusters must share one trust anchor, and each needs an '
      + 'identity issuer signed by it (the control-plane values use identity.externalCA with the linkerd-identity-issuer '
      + 'Secret): add new TrustRoot(<app>, \'TrustRoot\', { mesh })',
  },
  // ---- LinkerdMulticluster ----
  {
    id: 'linkerd-multicluster-scope-not-cluster',
    area: 'linkerd',
    title: 'LinkerdMulticluster outside a MeshCluster',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(ctx.app() as any, 'Multicluster'),
    message: 'Multicluster: \'scope\' ("MeshApp") must be a MeshCluster of a Linkerd mesh',
  },
  {
    id: 'linkerd-multicluster-istio-cluster',
    area: 'linkerd',
    title: 'LinkerdMulticluster in a cluster of an Istio mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      new LinkerdMulticluster(new MeshCluster(app, 'istio', { mesh: new Mesh(app, 'm1'), network: 'network1' }), 'Multicluster');
    },
    message: 'istio/Multicluster: \'scope\' ("istio") is in mesh "m1", whose provider is istio: LinkerdMulticluster configures the '
      + 'Linkerd multicluster extension of a Linkerd mesh\'s cluster',
  },
  {
    id: 'linkerd-multicluster-twice',
    area: 'linkerd',
    title: 'Two LinkerdMulticluster in one cluster',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { clusters: [east] } = linkerdMesh(ctx);
      new LinkerdMulticluster(east, 'Multicluster');
      new LinkerdMulticluster(east, 'Again');
    },
    message: 'east/Again: \'scope\' ("east") already has LinkerdMulticluster settings (east/Multicluster): a cluster has one',
  },
  {
    id: 'linkerd-multicluster-gateway-port-out-of-range',
    area: 'linkerd',
    title: 'A gateway port out of range',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayPort: 70000 }),
    message: 'east/M: \'gatewayPort\' (70000) must be a port number (a whole number from 1 to 65535)',
  },
  {
    id: 'linkerd-multicluster-node-port-without-probe-node-port',
    area: 'linkerd',
    title: 'A NodePort gateway without a fixed probe node port',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayServiceType: GatewayServiceType.NODE_PORT, gatewayNodePort: 30143 }),
    message: 'east/M: \'gatewayProbeNodePort\' (undefined) must be set with GatewayServiceType.NODE_PORT: links dial the node '
      + 'port, so it must be fixed and known',
  },
  {
    id: 'linkerd-multicluster-node-port-without-node-port-type',
    area: 'linkerd',
    title: 'A gateway node port without a NodePort Service',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayNodePort: 30143 }),
    message: 'east/M: \'gatewayNodePort\' (30143) is only used with GatewayServiceType.NODE_PORT',
  },
  {
    id: 'linkerd-multicluster-node-port-out-of-range',
    area: 'linkerd',
    title: 'A gateway node port outside the node-port range',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', {
      gatewayServiceType: GatewayServiceType.NODE_PORT, gatewayNodePort: 4143, gatewayProbeNodePort: 30191,
    }),
    message: 'east/M: \'gatewayNodePort\' (4143) must be a node port, from 30000 to 32767 (the default service-node-port-range)',
  },
  {
    id: 'linkerd-multicluster-gateway-address',
    area: 'linkerd',
    title: 'A gateway address that is neither an IP address nor a DNS name',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayAddresses: ['gw_east'] }),
    message: 'east/M: \'gatewayAddresses[0]\' ("gw_east") must be an IP address or a DNS name (gatewayAddress is a comma-separated list '
      + 'the controller resolves)',
  },
  {
    id: 'linkerd-multicluster-gateway-address-truncated-ip',
    area: 'linkerd',
    title: 'A gateway address that looks like a truncated IP address',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayAddresses: ['10.0.0'] }),
    message: 'east/M: \'gatewayAddresses[0]\' ("10.0.0") must be an IP address or a DNS name (gatewayAddress is a comma-separated list '
      + 'the controller resolves)',
  },
  {
    id: 'linkerd-multicluster-load-balancer-ip-not-ip',
    area: 'linkerd',
    title: 'A gateway load-balancer IP that is not an IP address',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayLoadBalancerIp: 'lb.example' }),
    message: 'east/M: \'gatewayLoadBalancerIp\' ("lb.example") must be an IP address',
  },
  {
    id: 'linkerd-multicluster-load-balancer-ip-with-node-port',
    area: 'linkerd',
    title: 'A gateway load-balancer IP with a NodePort Service',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', {
      gatewayServiceType: GatewayServiceType.NODE_PORT, gatewayNodePort: 30143, gatewayProbeNodePort: 30191, gatewayLoadBalancerIp: '192.0.2.10',
    }),
    message: 'east/M: \'gatewayLoadBalancerIp\' ("192.0.2.10") is only used with GatewayServiceType.LOAD_BALANCER',
  },
  {
    id: 'linkerd-multicluster-source-range-not-cidr',
    area: 'linkerd',
    title: 'A gateway load-balancer source range that is not a CIDR',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayLoadBalancerSourceRanges: ['198.51.100.0/33'] }),
    message: 'east/M: \'gatewayLoadBalancerSourceRanges[0]\' ("198.51.100.0/33") must be a CIDR such as "10.0.0.1/32" or "2001:db8::/64"',
  },
  {
    id: 'linkerd-multicluster-controller-defaults-after-link',
    area: 'linkerd',
    title: 'controllerDefaults after a manifests-mode link of the cluster',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [east, west] } = linkerdMesh(ctx);
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, controllerMode: ControllerMode.MANIFESTS });
      new LinkerdMulticluster(west, 'M', { controllerDefaults: { replicas: 2 } });
    },
    message: 'west/M: \'controllerDefaults\' ({"replicas":2}) comes after west-east, whose manifests-mode controller was rendered with '
      + 'the defaults known then: create the LinkerdMulticluster of cluster "west" before its ServiceMirrorLinks',
  },
  {
    id: 'linkerd-multicluster-controller-log-level',
    area: 'linkerd',
    title: 'controllerDefaults with a log level Linkerd does not have',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { controllerDefaults: { logLevel: 'verbose' as LinkerdLogLevel } }),
    message: 'east/M: \'controllerDefaults.logLevel\' ("verbose") must be one of Linkerd\'s log levels: error, warn, info, debug, trace '
      + '(LinkerdLogLevel)',
  },
  {
    id: 'linkerd-multicluster-controller-resources',
    area: 'linkerd',
    title: 'controllerDefaults with a resource that is not a Kubernetes quantity',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { controllerDefaults: { resources: { cpuRequest: '100 millicores' } } }),
    message: 'east/M: \'controllerDefaults.resources.cpuRequest\' ("100 millicores") must be a Kubernetes quantity such as "100m", "1", '
      + '"128Mi" or "1Gi"',
  },
  {
    id: 'linkerd-multicluster-controller-toleration',
    area: 'linkerd',
    title: 'controllerDefaults with a toleration value for operator Exists',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', {
      controllerDefaults: { tolerations: [{ key: 'dedicated', operator: TolerationOperator.EXISTS, value: 'mesh' }] },
    }),
    message: 'east/M: \'controllerDefaults.tolerations[0].value\' ("mesh") must be left out with TolerationOperator.EXISTS',
  },
  {
    id: 'linkerd-multicluster-anti-affinity-old-chart',
    area: 'linkerd',
    title: 'Pod anti-affinity on a release whose chart cannot render it (edge-25.4.4 to edge-25.5.3)',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD, linkerdVersion: LinkerdVersion.of('2.18') });
      new LinkerdMulticluster(new MeshCluster(app, 'east', { mesh }), 'M', { controllerDefaults: { enablePodAntiAffinity: true } });
    },
    message: 'east/M: \'controllerDefaults.enablePodAntiAffinity\' (true) cannot be used with Linkerd edge-25.4.4: the linkerd-multicluster '
      + 'chart of edge-25.4.4 to edge-25.5.3 fails to render it (helm install errors out; linkerd/linkerd2#14008, fixed in edge-25.5.4). '
      + 'Use linkerdVersion edge-25.5.4 or later, or leave enablePodAntiAffinity off',
  },
  {
    id: 'linkerd-multicluster-gateway-annotation-of-chart',
    area: 'linkerd',
    title: 'A gateway Service annotation the chart writes itself',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayServiceAnnotations: { 'mirror.linkerd.io/probe-period': '5' } }),
    message: 'east/M: \'gatewayServiceAnnotations.mirror.linkerd.io/probe-period\' ("5") is written by the linkerd-multicluster chart on '
      + 'linkerd-gateway itself: set it through the chart\'s own values (gateway probe, trust domain)',
  },
  {
    id: 'linkerd-multicluster-load-balancer-class-with-node-port',
    area: 'linkerd',
    title: 'A gateway load-balancer class with a NodePort Service',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', {
      gatewayServiceType: GatewayServiceType.NODE_PORT, gatewayNodePort: 30143, gatewayProbeNodePort: 30191, gatewayLoadBalancerClass: 'service.k8s.aws/nlb',
    }),
    message: 'east/M: \'gatewayLoadBalancerClass\' ("service.k8s.aws/nlb") is only used with GatewayServiceType.LOAD_BALANCER',
  },
  {
    id: 'linkerd-multicluster-external-traffic-policy',
    area: 'linkerd',
    title: 'A gateway external traffic policy Kubernetes does not have',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx).clusters[0], 'M', { gatewayExternalTrafficPolicy: 'Nearest' as ExternalTrafficPolicy }),
    message: 'east/M: \'gatewayExternalTrafficPolicy\' ("Nearest") must be one of Cluster, Local (ExternalTrafficPolicy)',
  },
  {
    id: 'linkerd-multicluster-install-gateway-api-not-boolean',
    area: 'linkerd',
    title: 'installGatewayApi that is not a boolean',
    stage: Stage.CONSTRUCT,
    run: ctx => new LinkerdMulticluster(linkerdMesh(ctx, ['east']).clusters[0], 'M', { installGatewayApi: 'yes' as unknown as boolean }),
    message: 'east/M: \'installGatewayApi\' ("yes") must be true or false',
  },
  {
    id: 'linkerd-multicluster-remote-account-two-owners',
    area: 'linkerd',
    title: 'The chart\'s remote-access ServiceAccount turned on while a link emits the same one',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, clusters: [east, west] } = linkerdMesh(ctx);
      new LinkerdMulticluster(east, 'M', { remoteMirrorServiceAccount: true });
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, useGateway: false, serviceAccountName: 'linkerd-service-mirror-remote-access-default' });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [east/ControlPlane] east/M: \'remoteMirrorServiceAccount\' (true) makes the linkerd-multicluster chart render ServiceAccount '
      + 'linkerd-service-mirror-remote-access-default, which west-east also emits (serviceAccountName): two owners, and helm install refuses '
      + 'objects it does not own; leave remoteMirrorServiceAccount unset (or false), or give the link its own serviceAccountName',
  },
];
