/**
 * SampleApps (src/istio/sample-apps.ts): the Istio samples emitted in a cluster
 * of a mesh.
 */
import { Construct } from 'constructs';
import { Mesh, MeshCluster, SampleApps, SampleAppsProps } from '../../../src';
import { CaseContext } from '../context';
import { BadInputCase, Stage } from '../types';
import { DNS_LABEL, NETWORK } from './_shared';

/** SampleApps with `props` in cluster `east` of mesh `mesh1`. */
function samples(props: SampleAppsProps): (ctx: CaseContext) => void {
  return ctx => {
    const app = ctx.app();
    new SampleApps(new MeshCluster(app, 'east', { mesh: new Mesh(app, 'mesh1'), network: NETWORK }), 'SampleApps', props);
  };
}

export const SAMPLE_APPS_CASES: BadInputCase[] = [
  {
    id: 'sample-apps-scope-not-cluster',
    area: 'sample-apps',
    title: 'SampleApps outside a MeshCluster',
    stage: Stage.CONSTRUCT,
    run: ctx => new SampleApps(new Construct(ctx.app(), 'loose'), 'SampleApps'),
    message: "loose/SampleApps: 'scope' (\"loose\") must be a MeshCluster (or a construct inside one): the samples are emitted in that cluster",
  },
  {
    id: 'sample-apps-cluster-without-mesh',
    area: 'sample-apps',
    title: 'SampleApps in a cluster that has not joined a mesh',
    stage: Stage.CONSTRUCT,
    run: ctx => new SampleApps(new MeshCluster(ctx.app(), 'east'), 'SampleApps'),
    message: "east/SampleApps: 'scope' (\"east\") must be a cluster that has joined a mesh: the namespace's injection label depends on the mesh",
  },
  {
    id: 'sample-apps-helloworld-version-unknown',
    area: 'sample-apps',
    title: 'A helloworld version Istio publishes no image for',
    stage: Stage.CONSTRUCT,
    run: samples({ helloworldVersions: ['v3'] }),
    message: "east/SampleApps: 'helloworldVersions[0]' (\"v3\") must be one of v1, v2 (the versions Istio publishes images for)",
  },
  {
    id: 'sample-apps-helloworld-version-twice',
    area: 'sample-apps',
    title: 'A helloworld version listed twice',
    stage: Stage.CONSTRUCT,
    run: samples({ helloworldVersions: ['v1', 'v1'] }),
    message: "east/SampleApps: 'helloworldVersions[1]' (\"v1\") is listed twice",
  },
  {
    id: 'sample-apps-helloworld-versions-empty',
    area: 'sample-apps',
    title: 'An empty list of helloworld versions',
    stage: Stage.CONSTRUCT,
    run: samples({ helloworldVersions: [] }),
    message: "east/SampleApps: 'helloworldVersions' ([]) must list at least one of v1, v2",
  },
  {
    id: 'sample-apps-namespace-not-dns-label',
    area: 'sample-apps',
    title: 'The samples namespace is not a DNS-1123 label',
    stage: Stage.CONSTRUCT,
    run: samples({ namespace: 'Sample' }),
    message: `east/SampleApps: 'namespace' ("Sample") must be ${DNS_LABEL}`,
  },
];
