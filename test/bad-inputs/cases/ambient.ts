import {
  ControlPlaneRole, DataPlaneMode, EastWestGateway, EastWestGatewayLayout, GatewayServiceType, IstioVersion,
  Mesh, MeshCluster, MeshProvider, Waypoint,
} from '../../../src';
import { Io } from '../../../src/cli/io';
import { synthCommand } from '../../../src/cli/synth';
import type { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { istioMesh } from './_shared';

const AMBIENT = { dataPlaneMode: DataPlaneMode.AMBIENT };

/** An ambient mesh with one cluster `cluster1`. */
function ambientCluster(ctx: CaseContext) {
  const { app, mesh } = istioMesh(ctx, AMBIENT);
  return { app, mesh, cluster: new MeshCluster(app, 'cluster1', { mesh, network: 'network1' }) };
}

/** synth's streams: the process's own, so that the catalogue test sees any warning printed. */
const IO: Io = { interactive: false, stdout: text => process.stdout.write(text), stderr: text => process.stderr.write(text) };

/** A mesh-file case: `text` is mesh.yaml, run with `cdk8s-mesh synth -f mesh.yaml` in-process. */
function meshFile(id: string, title: string, text: string, message: string): BadInputCase {
  return {
    id: `ambient-mesh-file-${id}`,
    area: 'ambient',
    title,
    stage: Stage.MESH_FILE,
    setup: ctx => ctx.file('mesh.yaml', text, 0o644),
    run: () => synthCommand({ file: 'mesh.yaml', output: 'dist', keyStore: '.mesh-keys' }, IO),
    message,
  };
}

const NATIVE = 'apiVersion: cdk8s-mesh.io/v1alpha1';
const CLUSTER1 = `${NATIVE}\nkind: Cluster\nmetadata: {name: cluster1}\nspec:\n  mesh: mesh1\n  network: network1\n`;

export const AMBIENT_CASES: BadInputCase[] = [
  {
    id: 'ambient-version-before-multicluster',
    area: 'ambient',
    title: 'Ambient mode on an Istio release without ambient multicluster',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { ...AMBIENT, istioVersion: IstioVersion.of('1.26.8') }),
    message: 'mesh1: \'istioVersion\' ("1.26.8") cannot run an ambient multicluster mesh (dataPlaneMode ambient): upstream supports ambient multi-primary on different networks from Istio 1.27 (alpha; istio.io "Install ambient multi-primary on different networks", and samples/multicluster/gen-eastwest-gateway.sh --ambient first ships in 1.27): use 1.27.0 or later, or DataPlaneMode.SIDECAR',
  },
  {
    id: 'ambient-sail-ztunnel-version',
    area: 'ambient',
    title: 'Ambient with the Sail Operator on a version its ZTunnel CRD does not accept',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { ...AMBIENT, istioVersion: IstioVersion.of('1.31.0-beta.1') }),
    message: 'mesh1: \'istioVersion\' ("1.31.0-beta.1") is not accepted by the Sail Operator ZTunnel CRD in this package (ambient with IstioInstall.sail() emits a ZTunnel resource): pick a released 1.27 to 1.30 version, or install with IstioInstall.helm() or IstioInstall.istioctl()',
  },
  {
    id: 'ambient-unknown-mode',
    area: 'ambient',
    title: 'The data-plane mode is not a DataPlaneMode',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { dataPlaneMode: 'sidecarless' as DataPlaneMode }),
    message: 'mesh1: \'dataPlaneMode\' ("sidecarless") must be one of sidecar, ambient (DataPlaneMode)',
  },
  {
    id: 'ambient-on-linkerd',
    area: 'ambient',
    title: 'A data-plane mode on a Linkerd mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { ...AMBIENT, provider: MeshProvider.LINKERD }),
    message: 'mesh1: \'dataPlaneMode\' ("ambient") is a setting of the other provider: this mesh\'s provider is linkerd, which does not read it; remove it',
  },
  {
    id: 'ambient-global-namespaces-on-sidecar-mesh',
    area: 'ambient',
    title: 'Global namespaces on a sidecar mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { globalNamespaces: ['sample'] }),
    message: 'mesh1: \'globalNamespaces\' (["sample"]) is an ambient setting (meshConfig.serviceScopeConfigs, read by ambient istiod only): set dataPlaneMode to DataPlaneMode.AMBIENT, or remove it',
  },
  {
    id: 'ambient-global-namespace-not-dns-label',
    area: 'ambient',
    title: 'A global namespace that is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { ...AMBIENT, globalNamespaces: ['Sample'] }),
    message: 'mesh1: \'globalNamespaces[0]\' ("Sample") must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)',
  },
  {
    id: 'ambient-primary-remote',
    area: 'ambient',
    title: 'A remote cluster in an ambient mesh',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, mesh, cluster } = ambientCluster(ctx);
      new EastWestGateway(cluster, 'EastWestGateway', { address: '192.0.2.10' });
      const remote = new MeshCluster(app, 'cluster2', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary: cluster });
      new EastWestGateway(remote, 'EastWestGateway');
      app.synth();
    },
    message: 'Validation failed with the following errors:\n  [mesh1] cluster "cluster2" is a remote (role remote), but mesh "mesh1" runs in ambient mode, where upstream supports only multi-primary (istio.io "Install Multicluster" for ambient: "Primary remote configuration is not currently supported"): give "cluster2" its own control plane (role primary), or use DataPlaneMode.SIDECAR',
  },
  {
    id: 'ambient-gateway-sidecar-layout',
    area: 'ambient',
    title: 'A sidecar east-west gateway layout in an ambient mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new EastWestGateway(ambientCluster(ctx).cluster, 'EastWestGateway', { layout: EastWestGatewayLayout.ISTIOCTL }),
    message: 'cluster1/EastWestGateway: \'layout\' ("istioctl") is a setting of the sidecar east-west gateway (the Deployment and Service this library writes in sidecar mode), but in ambient mode the east-west gateway is the Gateway API Gateway of class istio-east-west that samples/multicluster/gen-eastwest-gateway.sh --ambient writes (Istio 1.27+), deployed by istiod\'s gateway controller: only address, serviceAnnotations (spec.infrastructure.annotations) and loadBalancerIp (spec.addresses) apply; remove it',
  },
  {
    id: 'ambient-gateway-replicas',
    area: 'ambient',
    title: 'Fixed replicas on an ambient east-west gateway',
    stage: Stage.CONSTRUCT,
    run: ctx => new EastWestGateway(ambientCluster(ctx).cluster, 'EastWestGateway', { replicas: 2 }),
    message: 'cluster1/EastWestGateway: \'replicas\' (2) is a setting of the sidecar east-west gateway (the Deployment and Service this library writes in sidecar mode), but in ambient mode the east-west gateway is the Gateway API Gateway of class istio-east-west that samples/multicluster/gen-eastwest-gateway.sh --ambient writes (Istio 1.27+), deployed by istiod\'s gateway controller: only address, serviceAnnotations (spec.infrastructure.annotations) and loadBalancerIp (spec.addresses) apply; remove it',
  },
  {
    id: 'ambient-gateway-node-port',
    area: 'ambient',
    title: 'A NodePort east-west gateway in an ambient mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new EastWestGateway(ambientCluster(ctx).cluster, 'EastWestGateway', {
      serviceType: GatewayServiceType.NODE_PORT, address: '192.0.2.10',
    }),
    message: 'cluster1/EastWestGateway: \'serviceType\' ("NodePort") must be LoadBalancer in ambient mode: in ambient mode the east-west gateway is the Gateway API Gateway of class istio-east-west that samples/multicluster/gen-eastwest-gateway.sh --ambient writes (Istio 1.27+), deployed by istiod\'s gateway controller, which makes a LoadBalancer Service, and istiod finds the address from its status (no global.meshNetworks in ambient)',
  },
  {
    id: 'ambient-waypoint-in-sidecar-mesh',
    area: 'ambient',
    title: 'A waypoint in a sidecar mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      new Waypoint(new MeshCluster(app, 'cluster1', { mesh, network: 'network1' }), 'Waypoint', { namespace: 'sample' });
    },
    message: 'cluster1/Waypoint: \'scope\' ("cluster1") must be a cluster of an ambient Istio mesh (dataPlaneMode ambient), but it is in mesh "mesh1": waypoints are the L7 proxies of ambient mode; a sidecar mesh has an Envoy in every pod',
  },
  {
    id: 'ambient-waypoint-namespace-not-dns-label',
    area: 'ambient',
    title: 'A waypoint namespace that is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new Waypoint(ambientCluster(ctx).cluster, 'Waypoint', { namespace: 'Sample' }),
    message: 'cluster1/Waypoint: \'namespace\' ("Sample") must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)',
  },
  meshFile('version', 'Mesh file: ambient on an Istio release without ambient multicluster',
    `${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  istio: {version: 1.26.8, install: helm, dataPlaneMode: ambient}\n---\n${CLUSTER1}`,
    'mesh.yaml:5:20 Mesh/mesh1: \'spec.istio.version\' ("1.26.8") cannot run an ambient multicluster mesh (dataPlaneMode ambient): upstream supports ambient multi-primary on different networks from Istio 1.27 (alpha; istio.io "Install ambient multi-primary on different networks", and samples/multicluster/gen-eastwest-gateway.sh --ambient first ships in 1.27): use 1.27.0 or later, or DataPlaneMode.SIDECAR'),
  meshFile('unknown-mode', 'Mesh file: a data-plane mode that is not sidecar or ambient',
    `${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  istio: {dataPlaneMode: sidecarless}\n---\n${CLUSTER1}`,
    'mesh.yaml:5:26 Mesh/mesh1: \'spec.istio.dataPlaneMode\' ("sidecarless") must be one of sidecar, ambient'),
  meshFile('gateway-replicas', 'Mesh file: fixed replicas on an ambient east-west gateway',
    `${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec:\n  istio: {dataPlaneMode: ambient}\n---\n${CLUSTER1}  eastWestGateway: {replicas: 2}\n`,
    'mesh.yaml:13:31 Cluster/cluster1: \'spec.eastWestGateway.replicas\' (2) is a setting of the sidecar east-west gateway (the Deployment and Service this library writes in sidecar mode), but in ambient mode the east-west gateway is the Gateway API Gateway of class istio-east-west that samples/multicluster/gen-eastwest-gateway.sh --ambient writes (Istio 1.27+), deployed by istiod\'s gateway controller: only address, serviceAnnotations (spec.infrastructure.annotations) and loadBalancerIp (spec.addresses) apply; remove it'),
  meshFile('waypoint-in-sidecar-mesh', 'Mesh file: a waypoint in a sidecar mesh',
    `${NATIVE}\nkind: Mesh\nmetadata: {name: mesh1}\nspec: {}\n---\n${CLUSTER1}  waypoints: [{namespace: sample}]\n`,
    'mesh.yaml:12:15 Cluster/cluster1: \'spec.waypoints[0]\' ({"namespace":"sample"}) must be a cluster of an ambient Istio mesh (dataPlaneMode ambient), but it is in mesh "mesh1": waypoints are the L7 proxies of ambient mode; a sidecar mesh has an Envoy in every pod'),
];
