import { ControlPlaneRole, Mesh, MeshCluster, SelectorOperator } from '../../../src';
import { BadInputCase, Stage } from '../types';
import { DNS_LABEL, istioMesh } from './_shared';

const LABEL_VALUE_RULE = 'must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit)';
const LABEL_KEY_RULE = '([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])';

export const MESH_CLUSTER_CASES: BadInputCase[] = [
  {
    id: 'mesh-cluster-name-not-dns-label',
    area: 'mesh-cluster',
    title: 'The cluster name is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { clusterName: 'East_1' }),
    message: `east: 'clusterName' ("East_1") must be ${DNS_LABEL}`,
  },
  {
    id: 'mesh-cluster-construct-id-not-dns-label',
    area: 'mesh-cluster',
    title: 'No clusterName, and the construct id is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'East'),
    message: `East: 'clusterName (the construct id)' ("East") must be ${DNS_LABEL}`,
    fix: 'Give `clusterName`, or a construct id that is a DNS-1123 label: the cluster name is also the name of its output directory.',
  },
  {
    id: 'mesh-cluster-network-not-dns-label',
    area: 'mesh-cluster',
    title: 'The network is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { network: 'net.1' }),
    message: `east: 'network' ("net.1") must be ${DNS_LABEL}`,
  },
  {
    id: 'mesh-cluster-unknown-role',
    area: 'mesh-cluster',
    title: 'The role is not a ControlPlaneRole',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { role: 'config' as ControlPlaneRole }),
    message: 'east: \'role\' ("config") must be one of primary, remote',
  },
  {
    id: 'mesh-cluster-remote-without-primary',
    area: 'mesh-cluster',
    title: 'A remote without a primary',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'west', { role: ControlPlaneRole.REMOTE }),
    message: "west: 'primary' (undefined) must name the primary cluster that manages this remote (role is ControlPlaneRole.REMOTE)",
  },
  {
    id: 'mesh-cluster-remote-of-remote',
    area: 'mesh-cluster',
    title: 'A remote whose primary is itself a remote',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      const east = new MeshCluster(app, 'east');
      const west = new MeshCluster(app, 'west', { role: ControlPlaneRole.REMOTE, primary: east });
      new MeshCluster(app, 'north', { role: ControlPlaneRole.REMOTE, primary: west });
    },
    message: "north: 'primary' (\"west\") must be a primary cluster, but it is itself a remote: chains of remotes are not supported",
  },
  {
    id: 'mesh-cluster-primary-with-primary',
    area: 'mesh-cluster',
    title: 'A primary that names a primary',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      const east = new MeshCluster(app, 'east');
      new MeshCluster(app, 'west', { primary: east });
    },
    message: "west: 'primary' (\"east\") is only allowed for a remote cluster (role ControlPlaneRole.REMOTE); a primary runs its own control plane",
    fix: 'Set `role: ControlPlaneRole.REMOTE` on the remote, or leave `primary` out.',
  },
  {
    id: 'mesh-cluster-joins-two-meshes',
    area: 'mesh-cluster',
    title: 'A cluster joins a second mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const app = ctx.app();
      const m1 = new Mesh(app, 'm1');
      const m2 = new Mesh(app, 'm2');
      m2.addCluster(new MeshCluster(app, 'east', { mesh: m1 }));
    },
    message: "east: 'mesh' (\"m2\") cannot be joined: cluster \"east\" already belongs to mesh \"m1\", and a cluster joins exactly one mesh",
  },
  {
    id: 'mesh-cluster-selectors-miss-control-plane',
    area: 'mesh-cluster',
    title: 'Discovery selectors that can never select the control-plane namespace',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', {
      mesh: new Mesh(ctx.app(), 'mesh1'),
      discoverySelectors: [{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: SelectorOperator.IN, values: ['apps'] }] }],
    }),
    message: "east: 'discoverySelectors' ([{\"matchExpressions\":[{\"key\":\"kubernetes.io/metadata.name\",\"operator\":\"In\",\"values\":[\"apps\"]}]}]) "
      + 'can never match the control-plane namespace "istio-system" (labels {"topology.istio.io/network":"east","kubernetes.io/metadata.name":"istio-system"}): '
      + "istiod would not see its own namespace's Services, the east-west gateway among them, and cross-network traffic fails; "
      + 'add a selector it matches, such as { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }',
  },
  {
    id: 'mesh-cluster-selector-bad-operator',
    area: 'mesh-cluster',
    title: 'A discovery selector with an unknown operator',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', {
      discoverySelectors: [{ matchExpressions: [{ key: 'env', operator: 'Equals' as SelectorOperator, values: ['prod'] }] }],
    }),
    message: "east: 'discoverySelectors[0].matchExpressions[0].operator' (\"Equals\") must be one of In, NotIn, Exists, DoesNotExist",
  },
  {
    id: 'mesh-cluster-selector-in-without-values',
    area: 'mesh-cluster',
    title: 'A discovery selector with operator In and no values',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { discoverySelectors: [{ matchExpressions: [{ key: 'env', operator: SelectorOperator.IN }] }] }),
    message: "east: 'discoverySelectors[0].matchExpressions[0].values' ([]) must list at least one value for operator In",
  },
  {
    id: 'mesh-cluster-selector-exists-with-values',
    area: 'mesh-cluster',
    title: 'A discovery selector with operator Exists and values',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', {
      discoverySelectors: [{ matchExpressions: [{ key: 'env', operator: SelectorOperator.EXISTS, values: ['prod'] }] }],
    }),
    message: "east: 'discoverySelectors[0].matchExpressions[0].values' ([\"prod\"]) must be empty for operator Exists",
  },
  {
    id: 'mesh-cluster-selector-bad-label-key',
    area: 'mesh-cluster',
    title: 'A discovery selector with a label key that is not valid',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { discoverySelectors: [{ matchLabels: { 'istio discovery': 'enabled' } }] }),
    message: `east: 'discoverySelectors[0].matchLabels' ("istio discovery") has a key that is not a valid label key ${LABEL_KEY_RULE}`,
  },
  {
    id: 'mesh-cluster-selector-bad-label-value',
    area: 'mesh-cluster',
    title: 'A discovery selector with a label value that is not valid',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { discoverySelectors: [{ matchLabels: { 'istio-discovery': 'on please' } }] }),
    message: `east: 'discoverySelectors[0].matchLabels.istio-discovery' ("on please") ${LABEL_VALUE_RULE}`,
  },
  {
    id: 'mesh-cluster-selector-expression-bad-key',
    area: 'mesh-cluster',
    title: 'A discovery selector expression without a valid key',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { discoverySelectors: [{ matchExpressions: [{ key: '', operator: SelectorOperator.EXISTS }] }] }),
    message: `east: 'discoverySelectors[0].matchExpressions[0].key' ("") must be a valid label key ${LABEL_KEY_RULE}`,
  },
  {
    id: 'mesh-cluster-selector-not-a-selector',
    area: 'mesh-cluster',
    title: 'A discovery selector that is not a label selector',
    stage: Stage.CONSTRUCT,
    run: ctx => new MeshCluster(ctx.app(), 'east', { discoverySelectors: ['istio-discovery=enabled' as any] }),
    message: "east: 'discoverySelectors[0]' (\"istio-discovery=enabled\") must be a label selector with matchLabels and/or matchExpressions",
  },
  {
    id: 'mesh-cluster-remote-primary-without-gateway',
    area: 'mesh-cluster',
    title: 'A remote whose primary has no east-west gateway (no discovery address)',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      const primary = new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
      new MeshCluster(app, 'cluster2', { mesh, network: 'network1', role: ControlPlaneRole.REMOTE, primary });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [cluster2/ControlPlane] remote cluster "cluster2" needs its primary\'s discovery address (global.remotePilotAddress), '
      + 'but primary "cluster1" has no east-west gateway with a known address: '
      + "add new EastWestGateway(<cluster1 cluster>, 'EastWestGateway', { address: '<load balancer IP or DNS name>' })",
  },
];
