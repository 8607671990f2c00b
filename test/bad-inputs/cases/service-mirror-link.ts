/**
 * ServiceMirrorLink (#6, src/service-mirror-link.ts): links between the
 * clusters of a Linkerd mesh. The messages are those
 * test/service-mirror-link.test.ts asserts.
 */
import {
  ControllerMode, Credential, LinkerdLogLevel, LinkerdMulticluster, LinkerdVersion, Mesh, MeshApp, MeshCluster, MeshProvider, SelectorOperator,
  ServiceMirrorLink, ServiceMirrorLinkProps, TrustRoot,
} from '../../../src';
import { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { linkerdMesh } from './_shared';

/** A link from west to east, whose gateway address is known (east's LinkerdMulticluster), with `props`. */
function link(ctx: CaseContext, props: Partial<ServiceMirrorLinkProps> = {}): ServiceMirrorLink {
  const { app, clusters: [east, west] } = linkerdMesh(ctx);
  new LinkerdMulticluster(east, 'Multicluster', { gatewayAddresses: ['203.0.113.10'] });
  return new ServiceMirrorLink(app, 'west-east', { source: west, target: east, ...props });
}

export const SERVICE_MIRROR_LINK_CASES: BadInputCase[] = [
  // ---- the clusters ----
  {
    id: 'service-mirror-link-source-istio',
    area: 'service-mirror-link',
    title: 'The source is a cluster of an Istio mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [east] } = linkerdMesh(ctx, ['east']);
      const istio = new MeshCluster(app, 'istio', { mesh: new Mesh(app, 'm1'), network: 'network1' });
      new ServiceMirrorLink(app, 'a', { source: istio, target: east });
    },
    message: 'a: \'source\' ("istio") is in mesh "m1", whose provider is istio: a ServiceMirrorLink links two clusters of a Linkerd '
      + 'mesh (Istio clusters use endpoint discovery)',
  },
  {
    id: 'service-mirror-link-target-istio',
    area: 'service-mirror-link',
    title: 'The target is a cluster of an Istio mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [west] } = linkerdMesh(ctx, ['west']);
      const istio = new MeshCluster(app, 'istio', { mesh: new Mesh(app, 'm1'), network: 'network1' });
      new ServiceMirrorLink(app, 'a', { source: west, target: istio });
    },
    message: 'a: \'target\' ("istio") is in mesh "m1", whose provider is istio: a ServiceMirrorLink links two clusters of a Linkerd '
      + 'mesh (Istio clusters use endpoint discovery)',
  },
  {
    id: 'service-mirror-link-target-in-no-mesh',
    area: 'service-mirror-link',
    title: 'The target is in no mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [west] } = linkerdMesh(ctx, ['west']);
      new ServiceMirrorLink(app, 'a', { source: west, target: new MeshCluster(app, 'loose') });
    },
    message: 'a: \'target\' ("loose") is in no mesh: a ServiceMirrorLink links two clusters of a Linkerd mesh',
  },
  {
    id: 'service-mirror-link-to-self',
    area: 'service-mirror-link',
    title: 'A link from a cluster to itself',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [west] } = linkerdMesh(ctx, ['west']);
      new ServiceMirrorLink(app, 'a', { source: west, target: west });
    },
    message: 'a: \'target\' ("west") is the source cluster: a link mirrors another cluster\'s Services (a cluster reaches its own '
      + 'directly)',
  },
  {
    id: 'service-mirror-link-across-meshes',
    area: 'service-mirror-link',
    title: 'A link across meshes',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [west] } = linkerdMesh(ctx, ['west']);
      const other = new Mesh(app, 'other', { provider: MeshProvider.LINKERD });
      new TrustRoot(app, 'OtherTrust', { mesh: other, rootDirectory: 'other-root', now: CaseContext.NOW });
      new ServiceMirrorLink(app, 'a', { source: west, target: new MeshCluster(app, 'far', { mesh: other }) });
    },
    message: 'a: \'target\' ("far") is in mesh "other", but the source "west" is in mesh "l5d": linked Linkerd clusters must share one '
      + 'trust anchor, so a link stays inside one mesh',
  },
  {
    id: 'service-mirror-link-same-target-twice',
    area: 'service-mirror-link',
    title: 'Two links from one source to the same target',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [east, west] } = linkerdMesh(ctx);
      new ServiceMirrorLink(app, 'first', { source: west, target: east, useGateway: false });
      new ServiceMirrorLink(app, 'second', { source: west, target: east, useGateway: false, linkName: 'east-2' });
    },
    message: 'second: \'target\' ("east") is already linked from cluster "west" by first: a source has one link per target (one Link, '
      + 'one controller and one pair of credentials)',
  },
  {
    id: 'service-mirror-link-name-taken',
    area: 'service-mirror-link',
    title: 'Two links of one source with the same name',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, clusters: [east, west, north] } = linkerdMesh(ctx, ['east', 'west', 'north']);
      new ServiceMirrorLink(app, 'first', { source: west, target: east, useGateway: false });
      new ServiceMirrorLink(app, 'third', { source: west, target: north, useGateway: false, linkName: 'east' });
    },
    message: 'third: \'linkName\' ("east") is already the name of the link first in cluster "west": link names are unique in a source '
      + 'cluster (they name its Link and the controller-<link>, probe-<link> and cluster-credentials-<link> objects)',
  },
  {
    id: 'service-mirror-link-name-not-dns-label',
    area: 'service-mirror-link',
    title: 'A link name that is not a DNS-1123 label of at most 57 characters',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { linkName: 'East' }),
    message: 'west-east: \'linkName\' ("East") must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a '
      + 'letter or digit, at most 57 characters, so that probe-<link> stays a valid Service name)',
  },
  {
    id: 'service-mirror-link-credential-without-api-server',
    area: 'service-mirror-link',
    title: 'A credential for a target without API-server settings',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.tokenFile('link.token'); },
    run: ctx => {
      const { app, mesh } = linkerdMesh(ctx, []);
      const east = new MeshCluster(app, 'east', { mesh });
      const west = new MeshCluster(app, 'west', { mesh });
      new ServiceMirrorLink(app, 'a', { source: west, target: east, useGateway: false, credential: Credential.fromTokenFile('link.token') });
    },
    message: 'a: \'credential\' ("token file link.token") cannot be used: cluster "east" has no apiServer, so its server and CA are '
      + 'unknown: set apiServer: ApiServer.fromUrl(...) or ApiServer.fromKubeconfig(...) on it',
  },
  // ---- the gateway ----
  {
    id: 'service-mirror-link-gateway-address-unknown',
    area: 'service-mirror-link',
    title: 'A gateway link whose gateway address is unknown',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, clusters: [east, west] } = linkerdMesh(ctx);
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [west-east] link "east" uses the gateway of cluster "east", but its address is unknown: give gatewayAddresses on the '
      + 'link, or gatewayAddresses in new LinkerdMulticluster(<east cluster>, \'Multicluster\', { ... }); or set useGateway: false '
      + 'for a pod-to-pod link',
  },
  {
    id: 'service-mirror-link-gateway-disabled',
    area: 'service-mirror-link',
    title: 'A gateway link to a cluster whose gateway is turned off',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, clusters: [east, west] } = linkerdMesh(ctx);
      new LinkerdMulticluster(east, 'Multicluster', { gatewayEnabled: false });
      new ServiceMirrorLink(app, 'west-east', { source: west, target: east, gatewayAddresses: ['203.0.113.10'] });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [west-east] link "east" uses the gateway of cluster "east", but east/Multicluster sets gatewayEnabled: false: enable '
      + 'the gateway there, or set useGateway: false on the link (pod-to-pod)',
  },
  {
    id: 'service-mirror-link-gateway-port-out-of-range',
    area: 'service-mirror-link',
    title: 'A gateway port out of range',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { gatewayPort: 65536 }),
    message: 'west-east: \'gatewayPort\' (65536) must be a port number (a whole number from 1 to 65535)',
  },
  {
    id: 'service-mirror-link-probe-port-not-integer',
    area: 'service-mirror-link',
    title: 'A probe port that is not a whole number',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { probePort: 4191.5 }),
    message: 'west-east: \'probePort\' (4191.5) must be a port number (a whole number from 1 to 65535)',
  },
  {
    id: 'service-mirror-link-gateway-addresses-empty',
    area: 'service-mirror-link',
    title: 'An empty list of gateway addresses',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { gatewayAddresses: [] }),
    message: 'west-east: \'gatewayAddresses\' ([]) must list at least one IP address or DNS name',
  },
  {
    id: 'service-mirror-link-gateway-identity',
    area: 'service-mirror-link',
    title: 'A gateway identity that is not a DNS name',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { gatewayIdentity: 'not an identity' }),
    message: 'west-east: \'gatewayIdentity\' ("not an identity") must be a DNS name such as '
      + '"linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local"',
  },
  {
    id: 'service-mirror-link-gateway-settings-pod-to-pod',
    area: 'service-mirror-link',
    title: 'Gateway settings on a pod-to-pod link',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { useGateway: false, gatewayPort: 4143 }),
    message: 'west-east: \'gatewayPort\' (4143) is only used by a link through the gateway (useGateway is false: a pod-to-pod link has '
      + 'no gateway, probe or selector)',
  },
  {
    id: 'service-mirror-link-probe-period',
    area: 'service-mirror-link',
    title: 'A probe period that is not a whole number of seconds',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { probePeriodSeconds: 0.5 }),
    message: 'west-east: \'probePeriodSeconds\' (0.5) must be a whole number of seconds, 1 or more',
  },
  {
    id: 'service-mirror-link-probe-timeout',
    area: 'service-mirror-link',
    title: 'A probe timeout below one second',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { probeTimeoutSeconds: 0 }),
    message: 'west-east: \'probeTimeoutSeconds\' (0) must be a whole number of seconds, 1 or more',
  },
  {
    id: 'service-mirror-link-probe-failure-threshold',
    area: 'service-mirror-link',
    title: 'A probe failure threshold below 1',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { probeFailureThreshold: 0 }),
    message: 'west-east: \'probeFailureThreshold\' (0) must be a whole number of at least 1',
  },
  {
    id: 'service-mirror-link-selector-operator',
    area: 'service-mirror-link',
    title: 'A selector with an invalid operator',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, {
      selector: { matchExpressions: [{ key: 'mirror.linkerd.io/exported', operator: 'Equals' as SelectorOperator, values: ['true'] }] },
    }),
    message: 'west-east: \'selector.matchExpressions[0].operator\' ("Equals") must be one of In, NotIn, Exists, DoesNotExist',
  },
  {
    id: 'service-mirror-link-excluded-label',
    area: 'service-mirror-link',
    title: 'An excluded label that is not a label key',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { excludedLabels: ['bad key!'] }),
    message: 'west-east: \'excludedLabels[0]\' ("bad key!") must be a valid label key ([prefix/]name, name at most 63 characters of '
      + '[A-Za-z0-9-_.])',
  },
  // ---- the controller ----
  {
    id: 'service-mirror-link-log-level',
    area: 'service-mirror-link',
    title: 'A controller log level that is not one of Linkerd\'s',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { controller: { logLevel: 'verbose' as LinkerdLogLevel } }),
    message: 'west-east: \'controller.logLevel\' ("verbose") must be one of Linkerd\'s log levels: error, warn, info, debug, trace '
      + '(LinkerdLogLevel)',
  },
  {
    id: 'service-mirror-link-replicas-zero',
    area: 'service-mirror-link',
    title: 'Controller replicas below 1',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { controller: { replicas: 0 } }),
    message: 'west-east: \'controller.replicas\' (0) must be a whole number of at least 1',
  },
  {
    id: 'service-mirror-link-anti-affinity-old-chart',
    area: 'service-mirror-link',
    title: 'Pod anti-affinity for a link controller on a release whose chart cannot render it (edge-25.4.4 to edge-25.5.3)',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD, linkerdVersion: LinkerdVersion.of('edge-25.5.3') });
      new TrustRoot(app, 'TrustRoot', { mesh, now: CaseContext.NOW });
      const [east, west] = ['east', 'west'].map(c => new MeshCluster(app, c, { mesh, apiServer: ctx.apiServer(c) }));
      new ServiceMirrorLink(app, 'w-e', { source: west, target: east, useGateway: false, controller: { enablePodAntiAffinity: true } });
    },
    message: 'w-e: \'controller.enablePodAntiAffinity\' (true) cannot be used with Linkerd edge-25.5.3: the linkerd-multicluster chart of '
      + 'edge-25.4.4 to edge-25.5.3 fails to render it (helm install errors out; linkerd/linkerd2#14008, fixed in edge-25.5.4). '
      + 'Use linkerdVersion edge-25.5.4 or later, or leave enablePodAntiAffinity off',
  },
  {
    id: 'service-mirror-link-legacy-beside-chart',
    area: 'service-mirror-link',
    title: 'A legacy controller beside a chart controller for the same link',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { legacyController: true, controllerMode: ControllerMode.CHART }),
    message: 'west-east: \'controllerMode\' ("chart") is set while legacyController is true: the legacy controller '
      + 'linkerd-service-mirror-east and a chart controller controller-east for one link compete for the Lease '
      + 'service-mirror-write-east, the legacy one keeps it, and linkerd mc check fails with "too many service mirror controller '
      + 'deployments". Migrate: run, against cluster "west": linkerd mc unlink --cluster-name east --only-controller | kubectl '
      + 'delete -f - (it deletes only the legacy controller and its RBAC, and keeps the Link, the credentials and the mirror '
      + 'Services); then remove legacyController',
  },
  {
    id: 'service-mirror-link-legacy-with-controller-settings',
    area: 'service-mirror-link',
    title: 'Controller settings for a legacy controller',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { legacyController: true, controller: { replicas: 2 } }),
    message: 'west-east: \'controller\' ({"replicas":2}) is not used with legacyController: the legacy controller '
      + 'linkerd-service-mirror-east is not managed here',
  },
  {
    id: 'service-mirror-link-legacy-with-egress-policy',
    area: 'service-mirror-link',
    title: 'An egress policy for a legacy controller',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { legacyController: true, controllerEgressPolicy: { localApiServerCidrs: ['10.0.0.1/32'] } }),
    message: 'west-east: \'controllerEgressPolicy\' ({"localApiServerCidrs":["10.0.0.1/32"]}) is only used with a chart or manifests '
      + 'controller (it selects the pods of controller-east), not with the legacy controller linkerd-service-mirror-east',
  },
  {
    id: 'service-mirror-link-egress-target-not-ip',
    area: 'service-mirror-link',
    title: 'An egress policy without target CIDRs, for a target API server named by a DNS name',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { controllerEgressPolicy: { localApiServerCidrs: ['10.0.0.1/32'] } }),
    message: 'west-east: \'controllerEgressPolicy.targetApiServerCidrs\' (undefined) must be given: the API server of cluster "east" is '
      + 'https://east.example.com:6443, not an IP address, and a NetworkPolicy allows IP blocks only',
  },
  {
    id: 'service-mirror-link-egress-not-cidr',
    area: 'service-mirror-link',
    title: 'An egress policy CIDR without a prefix length',
    stage: Stage.CONSTRUCT,
    run: ctx => link(ctx, { controllerEgressPolicy: { localApiServerCidrs: ['10.0.0.1'], targetApiServerCidrs: ['192.0.2.50/32'] } }),
    message: 'west-east: \'controllerEgressPolicy.localApiServerCidrs[0]\' ("10.0.0.1") must be a CIDR such as "10.0.0.1/32" or '
      + '"2001:db8::/64"',
  },
  {
    id: 'service-mirror-link-egress-gateway-dns',
    area: 'service-mirror-link',
    title: 'An egress policy without gateway CIDRs, for a gateway named by a DNS name',
    stage: Stage.SYNTH,
    run: ctx => {
      const l = link(ctx, {
        gatewayAddresses: ['gw.east.example'],
        controllerEgressPolicy: { localApiServerCidrs: ['10.0.0.1/32'], targetApiServerCidrs: ['192.0.2.50/32'] },
      });
      (l.node.root as MeshApp).synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [west-east] the controllerEgressPolicy of link "east" needs gatewayCidrs: the gateway addresses gw.east.example are '
      + 'DNS names, and a NetworkPolicy allows IP blocks only',
  },
];
