import { Credential, MeshCluster } from '../../../src';
import { BadInputCase, Stage } from '../types';
import { istioMesh, NETWORK } from './_shared';

export const ENDPOINT_DISCOVERY_CASES: BadInputCase[] = [
  {
    id: 'endpoint-discovery-credential-for-unknown-cluster',
    area: 'endpoint-discovery',
    title: 'A credential for a cluster that is not in the mesh',
    stage: Stage.SYNTH,
    setup: ctx => { ctx.tokenFile('c9.token'); },
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      new MeshCluster(app, 'c1', { mesh, network: NETWORK, apiServer: ctx.apiServer('c1') });
      new MeshCluster(app, 'c2', { mesh, network: NETWORK, apiServer: ctx.apiServer('c2') });
      mesh.enableEndpointDiscovery({ credentials: { c9: Credential.fromTokenFile('c9.token') } });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [mesh1/EndpointDiscovery] \'credentials\' names cluster "c9", which is not a cluster of mesh "mesh1" (clusters: c1, c2)',
    fix: 'Credentials are keyed by cluster name (`clusterName`, which defaults to the construct id).',
  },
  {
    id: 'endpoint-discovery-credential-not-credential',
    area: 'endpoint-discovery',
    title: 'A credential that is not a Credential',
    stage: Stage.CONSTRUCT,
    run: ctx => istioMesh(ctx).mesh.enableEndpointDiscovery({ credentials: { c1: 'c1.token' as any } }),
    message: "mesh1/EndpointDiscovery: 'credentials.c1' (\"c1.token\") must be a Credential: Credential.fromTokenFile(), .fromEnv() or .fromClientCertificate()",
  },
  {
    id: 'endpoint-discovery-bad-token-file',
    area: 'endpoint-discovery',
    title: "A cluster's token file does not hold a token (reported with the first reader)",
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('c2.token', 'garbage'); },
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      new MeshCluster(app, 'c1', { mesh, network: NETWORK, apiServer: ctx.apiServer('c1') });
      mesh.enableEndpointDiscovery({ credentials: { c2: Credential.fromTokenFile('c2.token') } });
      new MeshCluster(app, 'c2', { mesh, network: NETWORK, apiServer: ctx.apiServer('c2') });
    },
    message: "c2/EndpointDiscovery.c1: 'credential' (\"c2.token\") the token file does not hold a JWT-shaped ServiceAccount token "
      + '(three base64url parts separated by dots, the first a JSON header); its content is not shown',
  },
  {
    id: 'endpoint-discovery-duplicate-cluster-names',
    area: 'endpoint-discovery',
    title: 'Two clusters with one name, with endpoint discovery',
    stage: Stage.SYNTH,
    run: ctx => {
      const { app, mesh } = istioMesh(ctx);
      mesh.enableEndpointDiscovery();
      new MeshCluster(app, 'c1', { mesh, network: NETWORK });
      new MeshCluster(app, 'c2', { mesh, network: NETWORK });
      new MeshCluster(app, 'c3', { mesh, network: NETWORK, clusterName: 'c2' });
      app.synth();
    },
    message: 'Validation failed with the following errors:\n'
      + '  [mesh1] cluster name "c2" is used by both c2 and c3: cluster names must be unique in a mesh',
  },
];
