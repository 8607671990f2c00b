import { ControlPlaneRole, EastWestGateway, IstioInstall, IstioVersion, Mesh, MeshCluster, MeshProvider } from '../../../src';
import { BadInputCase, Stage } from '../types';
import { DNS_LABEL, istioMesh, NETWORK } from './_shared';

export const MESH_CASES: BadInputCase[] = [
  {
    id: 'mesh-id-not-dns-label',
    area: 'mesh',
    title: 'The mesh ID is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'm', { meshId: 'Mesh_1' }),
    message: `m: 'meshId' ("Mesh_1") must be ${DNS_LABEL}`,
  },
  {
    id: 'mesh-construct-id-not-dns-label',
    area: 'mesh',
    title: 'No meshId, and the construct id is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'Mesh1'),
    message: `Mesh1: 'meshId (the construct id)' ("Mesh1") must be ${DNS_LABEL}`,
    fix: 'Give `meshId`, or a construct id that is a DNS-1123 label.',
  },
  {
    id: 'mesh-unknown-provider',
    area: 'mesh',
    title: 'The provider is not a MeshProvider',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { provider: 'consul' as MeshProvider }),
    message: 'mesh1: \'provider\' ("consul") must be one of istio, linkerd',
  },
  {
    id: 'mesh-istio-version-malformed',
    area: 'mesh',
    title: 'The Istio version is not a full release version',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { istioVersion: IstioVersion.of('1.24') }),
    message: "mesh1: 'istioVersion' (\"1.24\") must be a full Istio release version such as \"1.30.3\" (MAJOR.MINOR.PATCH, optionally with a pre-release suffix such as \"-beta.1\")",
  },
  {
    id: 'mesh-istio-version-unknown',
    area: 'mesh',
    title: 'The Istio version is newer than the library models',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { istioVersion: IstioVersion.of('1.45.0'), install: IstioInstall.helm() }),
    message: "mesh1: 'istioVersion' (\"1.45.0\") is not a known Istio release: this library models Istio 1.22 to 1.31",
    fix: 'Pick a release the library models (`IstioVersion.DEFAULT`, or one of the `IstioVersion` constants), or upgrade the library.',
  },
  {
    id: 'mesh-istio-version-not-served-by-sail',
    area: 'mesh',
    title: 'The Istio version is not served by the Sail Operator (the default install)',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { istioVersion: IstioVersion.of('1.22.3') }),
    message: "mesh1: 'istioVersion' (\"1.22.3\") is not served by the Sail Operator (IstioInstall.sail(), the default install)"
      + ': its CRD accepts 1.21.6, 1.22.5-1.22.8, 1.23.2-1.23.6, 1.24.0-1.24.6, 1.25.1-1.25.5, 1.26.0-1.26.8, 1.27.0-1.27.9, 1.28.0-1.28.10, '
      + '1.29.0-1.29.6, 1.30.0-1.30.3 and the pre-release 1.31.0-beta.1; pick one of those, or install with IstioInstall.helm() or IstioInstall.istioctl()',
  },
  {
    id: 'mesh-revision-not-dns-label',
    area: 'mesh',
    title: 'The revision is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { revision: '1-24_x' }),
    message: `mesh1: 'revision' ("1-24_x") must be ${DNS_LABEL}`,
    fix: 'Istio revisions are usually the version with dashes, such as `1-30-3`.',
  },
  {
    id: 'mesh-istio-namespace-not-dns-label',
    area: 'mesh',
    title: 'The Istio namespace is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'mesh1', { istioNamespace: 'Istio-System' }),
    message: `mesh1: 'istioNamespace' ("Istio-System") must be ${DNS_LABEL}`,
  },
  {
    id: 'mesh-duplicate-cluster-names',
    area: 'mesh',
    title: 'Two clusters of a mesh have the same cluster name',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      new MeshCluster(app, 'east', { mesh, network: NETWORK });
      new MeshCluster(app, 'east2', { mesh, clusterName: 'east', network: NETWORK });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [mesh1] cluster name "east" is used by both east and east2: cluster names must be unique in a mesh',
  },
  {
    id: 'mesh-remote-primary-in-other-mesh',
    area: 'mesh',
    title: 'A remote names a primary of another mesh',
    stage: Stage.SYNTH,
    run: ctx => {
      const app = ctx.app();
      const m1 = new Mesh(app, 'm1');
      const m2 = new Mesh(app, 'm2');
      const east = new MeshCluster(app, 'east', { mesh: m1 });
      new EastWestGateway(east, 'EastWestGateway', { address: '192.0.2.10' });
      new MeshCluster(app, 'west', { mesh: m2, role: ControlPlaneRole.REMOTE, primary: east });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [m2] remote cluster "west" names primary "east", which is in mesh "m1": a remote\'s primary must be a primary of the same mesh ("m2")',
  },
  {
    id: 'mesh-duplicate-mesh-ids',
    area: 'mesh',
    title: 'Two meshes of one app have the same mesh ID',
    stage: Stage.SYNTH,
    run: ctx => {
      const app = ctx.app();
      new Mesh(app, 'a', { meshId: 'mesh1' });
      new Mesh(app, 'b', { meshId: 'mesh1' });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n  [b] mesh ID "mesh1" is also used by a: mesh IDs must be unique wherever meshes interact',
  },
  {
    id: 'mesh-several-networks-without-gateway',
    area: 'mesh',
    title: 'Clusters on several networks, one without an east-west gateway',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      new MeshCluster(app, 'east', { mesh, network: 'network1' });
      new MeshCluster(app, 'west', { mesh, network: 'network2' });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [mesh1] cluster "east" (network "network1") has no east-west gateway, but mesh "mesh1" spans networks network1, network2 and clusters on '
      + "different networks reach each other only through east-west gateways: add new EastWestGateway(<east cluster>, 'EastWestGateway')\n"
      + '  [mesh1] cluster "west" (network "network2") has no east-west gateway, but mesh "mesh1" spans networks network1, network2 and clusters on '
      + "different networks reach each other only through east-west gateways: add new EastWestGateway(<west cluster>, 'EastWestGateway')",
  },
  {
    id: 'mesh-enable-endpoint-discovery-twice',
    area: 'mesh',
    title: 'enableEndpointDiscovery() is called twice',
    stage: Stage.CONSTRUCT,
    run: ctx => {
      const { mesh } = istioMesh(ctx);
      mesh.enableEndpointDiscovery();
      mesh.enableEndpointDiscovery();
    },
    message: "mesh1: 'enableEndpointDiscovery()' (\"mesh1\") was already called for this mesh: call it once, with every credential",
  },
  {
    id: 'mesh-linkerd-endpoint-discovery',
    area: 'mesh',
    title: 'Endpoint discovery on a Linkerd mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new Mesh(ctx.app(), 'l5d', { provider: MeshProvider.LINKERD }).enableEndpointDiscovery(),
    message: "l5d/EndpointDiscovery: 'mesh' (\"l5d\") is a linkerd mesh: endpoint discovery through remote secrets is Istio's; link Linkerd clusters with ServiceMirrorLink",
  },
];
