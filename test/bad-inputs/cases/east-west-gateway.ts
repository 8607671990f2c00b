import {
  ControlPlaneRole, EastWestGateway, EastWestGatewayLayout, GatewayServiceType, ExternalTrafficPolicy, Mesh, MeshCluster, MeshProvider,
} from '../../../src';
import { BadInputCase, Stage } from '../types';
import { DNS_LABEL, istioMesh, oneCluster } from './_shared';

const W = 'cluster1/EastWestGateway';

/** A gateway with `props` on a cluster of an Istio mesh. */
function gateway(props: any): (ctx: any) => void {
  return ctx => new EastWestGateway(oneCluster(ctx).cluster, 'EastWestGateway', props);
}

/** A primary `cluster1` and its remote `cluster2` on one network. */
function primaryAndRemote(ctx: any): { app: any; primary: MeshCluster } {
  const { app, mesh } = istioMesh(ctx);
  const primary = new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
  new MeshCluster(app, 'cluster2', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });
  return { app, primary };
}

export const EAST_WEST_GATEWAY_CASES: BadInputCase[] = [
  {
    id: 'east-west-gateway-bad-layout',
    area: 'east-west-gateway',
    title: 'An unknown gateway layout',
    stage: Stage.CONSTRUCT,
    run: gateway({ layout: 'ingress' }),
    message: `${W}: 'layout' ("ingress") must be one of gateway-chart, istioctl (EastWestGatewayLayout): the shape of the gateway objects, after the upstream route that installed them`,
  },
  {
    id: 'east-west-gateway-pdb-with-istioctl-layout',
    area: 'east-west-gateway',
    title: 'A PodDisruptionBudget with the istioctl layout, whose chart writes its own',
    stage: Stage.CONSTRUCT,
    run: gateway({ layout: EastWestGatewayLayout.ISTIOCTL, podDisruptionBudget: { maxUnavailable: 1 } }),
    message: `${W}: 'podDisruptionBudget' ({"maxUnavailable":1}) is not used with EastWestGatewayLayout.ISTIOCTL: the istio-ingress chart that istioctl renders `
      + 'writes its own PodDisruptionBudget (minAvailable: 1, global.defaultPodDisruptionBudget); leave podDisruptionBudget out, or use EastWestGatewayLayout.GATEWAY_CHART',
  },
  {
    id: 'east-west-gateway-pdb-both-bounds',
    area: 'east-west-gateway',
    title: 'A PodDisruptionBudget with both minAvailable and maxUnavailable',
    stage: Stage.CONSTRUCT,
    run: gateway({ podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }),
    message: `${W}: 'podDisruptionBudget' ({"minAvailable":1,"maxUnavailable":1}) must set exactly one of minAvailable and maxUnavailable (the gateway chart's podDisruptionBudget value)`,
  },
  {
    id: 'east-west-gateway-pdb-zero',
    area: 'east-west-gateway',
    title: 'A PodDisruptionBudget with maxUnavailable 0 (no voluntary disruption ever)',
    stage: Stage.CONSTRUCT,
    run: gateway({ podDisruptionBudget: { maxUnavailable: 0 } }),
    message: `${W}: 'podDisruptionBudget.maxUnavailable' (0) must be a whole number of at least 1`,
  },
  {
    id: 'east-west-gateway-scope-not-cluster',
    area: 'east-west-gateway',
    title: 'The gateway is not added to a MeshCluster',
    stage: Stage.CONSTRUCT,
    run: ctx => new EastWestGateway(ctx.app() as any, 'EastWestGateway'),
    message: "EastWestGateway: 'scope' (\"MeshApp\") must be a MeshCluster: an east-west gateway runs in one cluster of a mesh",
  },
  {
    id: 'east-west-gateway-cluster-outside-mesh',
    area: 'east-west-gateway',
    title: 'The cluster is in no mesh (yet)',
    stage: Stage.CONSTRUCT,
    run: ctx => new EastWestGateway(new MeshCluster(ctx.app(), 'cluster1'), 'EastWestGateway'),
    message: "cluster1/EastWestGateway: 'scope' (\"cluster1\") is a cluster outside any mesh: create it with new MeshCluster(scope, id, { mesh }) "
      + 'or call mesh.addCluster(cluster) before adding its east-west gateway',
  },
  {
    id: 'east-west-gateway-linkerd-mesh',
    area: 'east-west-gateway',
    title: 'An east-west gateway in a Linkerd mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      new EastWestGateway(new MeshCluster(app, 'cluster1', { mesh: new Mesh(app, 'mesh1', { provider: MeshProvider.LINKERD }) }), 'EastWestGateway');
    },
    message: "cluster1/EastWestGateway: 'scope' (\"cluster1\") is in mesh \"mesh1\", whose provider is linkerd: "
      + 'an EastWestGateway is an Istio network gateway (Linkerd uses its multicluster gateway)',
  },
  {
    id: 'east-west-gateway-second-for-network',
    area: 'east-west-gateway',
    title: 'A second gateway for the same network in one cluster',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { cluster } = oneCluster(ctx);
      new EastWestGateway(cluster, 'EastWestGateway');
      new EastWestGateway(cluster, 'Second');
    },
    message: "cluster1/Second: 'network' (\"network1\") already has an east-west gateway in cluster \"cluster1\" (cluster1/EastWestGateway): "
      + 'a cluster has exactly one gateway per network',
  },
  {
    id: 'east-west-gateway-service-type',
    area: 'east-west-gateway',
    title: 'A service type other networks cannot reach',
    stage: Stage.CONSTRUCT,
    run: gateway({ serviceType: 'ClusterIP' as GatewayServiceType }),
    message: `${W}: 'serviceType' ("ClusterIP") must be one of LoadBalancer, NodePort (GatewayServiceType): other networks reach the gateway from outside the cluster`,
  },
  {
    id: 'east-west-gateway-resources-not-quantity',
    area: 'east-west-gateway',
    title: 'A gateway resource that is not a Kubernetes quantity',
    stage: Stage.CONSTRUCT,
    run: gateway({ resources: { memoryLimit: '1 GB' } }),
    message: `${W}: 'resources.memoryLimit' ("1 GB") must be a Kubernetes quantity such as "100m", "1", "128Mi" or "1Gi"`,
  },
  {
    id: 'east-west-gateway-toleration-without-key',
    area: 'east-west-gateway',
    title: 'A gateway toleration without a key that is not TolerationOperator.EXISTS',
    stage: Stage.CONSTRUCT,
    run: gateway({ tolerations: [{ value: 'edge', effect: 'NoSchedule' }] }),
    message: `${W}: 'tolerations[0].key' (undefined) may only be left out with TolerationOperator.EXISTS (which then tolerates every taint)`,
  },
  {
    id: 'east-west-gateway-address-with-port',
    area: 'east-west-gateway',
    title: 'The address has a port (or a scheme, or is not a DNS name)',
    stage: Stage.CONSTRUCT,
    run: gateway({ address: '192.0.2.10:15443' }),
    message: `${W}: 'address' ("192.0.2.10:15443") must be an IP address (IPv4 or IPv6) or a DNS name `
      + '(a lowercase DNS-1123 subdomain such as eastwest.example.com), without scheme or port',
  },
  {
    id: 'east-west-gateway-load-balancer-ip-not-ip',
    area: 'east-west-gateway',
    title: 'loadBalancerIp is not an IP address',
    stage: Stage.CONSTRUCT,
    run: gateway({ loadBalancerIp: 'lb.example.com' }),
    message: `${W}: 'loadBalancerIp' ("lb.example.com") must be an IPv4 or IPv6 address`,
  },
  {
    id: 'east-west-gateway-load-balancer-ip-with-node-port',
    area: 'east-west-gateway',
    title: 'loadBalancerIp with a NodePort gateway',
    stage: Stage.CONSTRUCT,
    run: gateway({ serviceType: GatewayServiceType.NODE_PORT, loadBalancerIp: '192.0.2.10' }),
    message: `${W}: 'loadBalancerIp' ("192.0.2.10") is only used with GatewayServiceType.LOAD_BALANCER`,
  },
  {
    id: 'east-west-gateway-source-range-not-cidr',
    area: 'east-west-gateway',
    title: 'A loadBalancerSourceRanges entry is not a CIDR range',
    stage: Stage.CONSTRUCT,
    run: gateway({ loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.0/33'] }),
    message: `${W}: 'loadBalancerSourceRanges[1]' ("10.0.0.0/33") must be a CIDR range such as 203.0.113.0/24 or 2001:db8::/32`,
  },
  {
    id: 'east-west-gateway-source-ranges-not-list',
    area: 'east-west-gateway',
    title: 'loadBalancerSourceRanges is not a list',
    stage: Stage.CONSTRUCT,
    run: gateway({ loadBalancerSourceRanges: '10.0.0.0/8' }),
    message: `${W}: 'loadBalancerSourceRanges' ("10.0.0.0/8") must be a list of CIDR ranges`,
  },
  {
    id: 'east-west-gateway-source-ranges-with-node-port',
    area: 'east-west-gateway',
    title: 'loadBalancerSourceRanges with a NodePort gateway',
    stage: Stage.CONSTRUCT,
    run: gateway({ serviceType: GatewayServiceType.NODE_PORT, address: '192.0.2.10', nodePorts: { tls: 31443 }, loadBalancerSourceRanges: ['10.0.0.0/8'] }),
    message: `${W}: 'loadBalancerSourceRanges' (["10.0.0.0/8"]) is only used with GatewayServiceType.LOAD_BALANCER`,
  },
  {
    id: 'east-west-gateway-node-port-without-tls-port',
    area: 'east-west-gateway',
    title: 'A NodePort gateway without nodePorts.tls',
    stage: Stage.CONSTRUCT,
    run: gateway({ serviceType: GatewayServiceType.NODE_PORT, address: '192.0.2.10' }),
    message: `${W}: 'nodePorts.tls' (undefined) must be set with GatewayServiceType.NODE_PORT: `
      + 'istiod cannot discover a NodePort gateway, so global.meshNetworks names it by address and this node port',
  },
  {
    id: 'east-west-gateway-node-port-without-address',
    area: 'east-west-gateway',
    title: 'A NodePort gateway without an address',
    stage: Stage.CONSTRUCT,
    run: gateway({ serviceType: GatewayServiceType.NODE_PORT, nodePorts: { tls: 31443 } }),
    message: `${W}: 'address' (undefined) must be set with GatewayServiceType.NODE_PORT: `
      + 'istiod cannot discover a NodePort gateway, so global.meshNetworks names it by this address (a node IP or DNS name) and nodePorts.tls',
  },
  {
    id: 'east-west-gateway-node-ports-alike',
    area: 'east-west-gateway',
    title: 'Two node ports are the same',
    stage: Stage.CONSTRUCT,
    run: gateway({ nodePorts: { tls: 31443, tlsIstiod: 31443 } }),
    message: `${W}: 'nodePorts.tlsIstiod' (31443) is also nodePorts.tls: node ports must be distinct`,
  },
  {
    id: 'east-west-gateway-port-out-of-range',
    area: 'east-west-gateway',
    title: 'A port number out of range',
    stage: Stage.CONSTRUCT,
    run: gateway({ additionalPorts: [{ name: 'a', port: 70000 }] }),
    message: `${W}: 'additionalPorts[0].port' (70000) must be a port number (a whole number from 1 to 65535)`,
  },
  {
    id: 'east-west-gateway-additional-port-clash',
    area: 'east-west-gateway',
    title: "An additional port uses one of the gateway's fixed ports",
    stage: Stage.CONSTRUCT,
    run: gateway({ additionalPorts: [{ name: 'mtls', port: 15443 }] }),
    message: `${W}: 'additionalPorts[0].port' (15443) clashes with the gateway's port "tls" (15443, the cross-network mTLS port): pick another port`,
  },
  {
    id: 'east-west-gateway-additional-port-name-taken',
    area: 'east-west-gateway',
    title: "An additional port uses one of the gateway's fixed port names",
    stage: Stage.CONSTRUCT,
    run: gateway({ additionalPorts: [{ name: 'tls', port: 16443 }] }),
    message: `${W}: 'additionalPorts[0].name' ("tls") is already a port name of the gateway Service: port names must be unique`,
  },
  {
    id: 'east-west-gateway-additional-ports-same-port',
    area: 'east-west-gateway',
    title: 'Two additional ports with the same port',
    stage: Stage.CONSTRUCT,
    run: gateway({ additionalPorts: [{ name: 'a', port: 16443 }, { name: 'b', port: 16443 }] }),
    message: `${W}: 'additionalPorts[1].port' (16443) is also the port of "a": ports must be distinct`,
  },
  {
    id: 'east-west-gateway-additional-port-name',
    area: 'east-west-gateway',
    title: 'An additional port name is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: gateway({ additionalPorts: [{ name: 'My_Port', port: 16443 }] }),
    message: `${W}: 'additionalPorts[0].name' ("My_Port") must be ${DNS_LABEL}`,
  },
  {
    id: 'east-west-gateway-replicas-zero',
    area: 'east-west-gateway',
    title: 'replicas is less than 1',
    stage: Stage.CONSTRUCT,
    run: gateway({ replicas: 0 }),
    message: `${W}: 'replicas' (0) must be a whole number of at least 1`,
  },
  {
    id: 'east-west-gateway-min-replicas-zero',
    area: 'east-west-gateway',
    title: 'minReplicas is less than 1',
    stage: Stage.CONSTRUCT,
    run: gateway({ minReplicas: 0 }),
    message: `${W}: 'minReplicas' (0) must be a whole number of at least 1`,
  },
  {
    id: 'east-west-gateway-min-above-max',
    area: 'east-west-gateway',
    title: 'minReplicas is greater than maxReplicas (5 by default)',
    stage: Stage.CONSTRUCT,
    run: gateway({ minReplicas: 6 }),
    message: `${W}: 'minReplicas' (6) must not be greater than maxReplicas (5)`,
  },
  {
    id: 'east-west-gateway-replicas-with-bounds',
    area: 'east-west-gateway',
    title: 'replicas together with autoscaling bounds',
    stage: Stage.CONSTRUCT,
    run: gateway({ replicas: 2, maxReplicas: 4 }),
    message: `${W}: 'replicas' (2) cannot be combined with minReplicas/maxReplicas: give a fixed number of replicas, or autoscaling bounds`,
  },
  {
    id: 'east-west-gateway-traffic-policy',
    area: 'east-west-gateway',
    title: 'An external traffic policy that is not an ExternalTrafficPolicy',
    stage: Stage.CONSTRUCT,
    run: gateway({ externalTrafficPolicy: 'local' as ExternalTrafficPolicy }),
    message: `${W}: 'externalTrafficPolicy' ("local") must be one of Cluster, Local (ExternalTrafficPolicy)`,
  },
  {
    id: 'east-west-gateway-annotation-key',
    area: 'east-west-gateway',
    title: 'A Service annotation key that is not valid',
    stage: Stage.CONSTRUCT,
    run: gateway({ serviceAnnotations: { 'bad key': 'x' } }),
    message: `${W}: 'serviceAnnotations' ("bad key") must have keys that are valid annotation names ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])`,
  },
  {
    id: 'east-west-gateway-annotation-value',
    area: 'east-west-gateway',
    title: 'A Service annotation value that is not a string',
    stage: Stage.CONSTRUCT,
    run: gateway({ serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': true } }),
    message: `${W}: 'serviceAnnotations.service.beta.kubernetes.io/aws-load-balancer-internal' (true) must be a string`,
    fix: 'Quote it: annotation values are strings (`"true"`).',
  },
  {
    id: 'east-west-gateway-node-selector-value',
    area: 'east-west-gateway',
    title: 'A node selector value that is not a valid label value',
    stage: Stage.CONSTRUCT,
    run: gateway({ nodeSelector: { zone: 'eu west' } }),
    message: `${W}: 'nodeSelector.zone' ("eu west") must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit)`,
  },
  {
    id: 'east-west-gateway-node-selector-not-map',
    area: 'east-west-gateway',
    title: 'The node selector is not a map',
    stage: Stage.CONSTRUCT,
    run: gateway({ nodeSelector: 'zone=eu-west' }),
    message: `${W}: 'nodeSelector' ("zone=eu-west") must be a map of node label names to values`,
  },
  {
    id: 'east-west-gateway-additional-port-not-port',
    area: 'east-west-gateway',
    title: 'An additional port that is not a { name, port }',
    stage: Stage.CONSTRUCT,
    run: gateway({ additionalPorts: [16443] }),
    message: `${W}: 'additionalPorts[0].name' (undefined) must be ${DNS_LABEL}`,
  },
  {
    id: 'east-west-gateway-primary-without-address',
    area: 'east-west-gateway',
    title: "A primary's gateway has no address, and the primary has remotes",
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, primary } = primaryAndRemote(ctx);
      new EastWestGateway(primary, 'EastWestGateway');
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [cluster2/ControlPlane] remote cluster "cluster2" needs its primary\'s discovery address (global.remotePilotAddress), '
      + 'but the east-west gateway of primary "cluster1" (cluster1/EastWestGateway) has no address: '
      + "set its 'address' to the gateway's load balancer IP or DNS name",
  },
  {
    id: 'east-west-gateway-node-port-primary-without-istiod-ports',
    area: 'east-west-gateway',
    title: 'A NodePort gateway on a primary with remotes, without node ports 15012 and 15017',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, primary } = primaryAndRemote(ctx);
      new EastWestGateway(primary, 'EastWestGateway', { serviceType: GatewayServiceType.NODE_PORT, address: '192.0.2.10', nodePorts: { tls: 31443 } });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [cluster1/EastWestGateway] the east-west gateway of primary "cluster1" is a NodePort Service, but its remotes (cluster2) '
      + 'dial istiod at global.remotePilotAddress on ports 15012 and 15017: use GatewayServiceType.LOAD_BALANCER, '
      + "or set nodePorts.tlsIstiod to 15012 and nodePorts.tlsWebhook to 15017 (the cluster's node-port range must allow them)",
  },
];
