/**
 * Mesh identity: the mesh ID, cluster name and network agree across a
 * cluster's control-plane configuration (Sail `Istio` resource, Helm values,
 * IstioOperator files), the control-plane Namespace's network label and the
 * network label of gateway Services and Deployments (istio/istio#46772: when
 * `global.network` and the namespace label disagree, traffic breaks).
 */
import { plural } from '../io';
import { at, list } from './_doc';
import { Check, CheckResult, clusterIdentity, fail, meshesOf, NETWORK_LABEL, ok, warn } from './types';

/** Per cluster: one mesh ID, one cluster name (= directory), one network everywhere. */
export const identityCheck: Check = {
  group: 'mesh identity',
  name: 'mesh ID, cluster name and network agree',
  run: ctx => ctx.tree.clusters.map((c): CheckResult => {
    const id = clusterIdentity(c);
    if (id.provider === 'linkerd') {
      return ok(`${c.name}: Linkerd cluster (no Istio network labels to compare)`);
    }
    if (id.provider === 'none') {
      return warn(`${c.name}: no Istio control-plane configuration found (Sail Istio resource, istiod values or IstioOperator file)`);
    }
    const problems: string[] = [];
    const distinct = (field: 'meshId' | 'clusterName' | 'network', label: string) => {
      const relevant = id.configs.filter(x => field === 'network' || !x.networkOnly);
      const seen = relevant.filter(x => x[field] !== undefined);
      const values = [...new Set(seen.map(x => x[field]))];
      if (values.length > 1) {
        problems.push(`${label} differs: ${seen.map(x => `${x.source} says "${x[field]}"`).join(', ')}`);
      }
      for (const x of relevant.filter(r => r[field] === undefined)) {
        problems.push(`${x.source} sets no ${label}`);
      }
      return values[0];
    };
    const meshId = distinct('meshId', 'mesh ID (global.meshID)');
    const clusterName = distinct('clusterName', 'cluster name (global.multiCluster.clusterName)');
    const network = distinct('network', 'network (global.network)');
    if (clusterName !== undefined && clusterName !== c.name) {
      problems.push(`cluster name "${clusterName}" differs from the directory name "${c.name}"`);
    }
    const ns = c.objects.find(o => at(o.obj, 'kind') === 'Namespace' && at(o.obj, 'metadata', 'name') === id.namespace);
    if (!ns) {
      problems.push(`no Namespace ${id.namespace} in the tree: its ${NETWORK_LABEL} label cannot be set`);
    } else {
      const label = at(ns.obj, 'metadata', 'labels', NETWORK_LABEL);
      if (label !== network) {
        problems.push(`Namespace ${id.namespace} has ${NETWORK_LABEL}=${label === undefined ? '(none)' : `"${label}"`}, but the control plane's network is "${network}"`);
      }
    }
    let gateways = 0;
    for (const { obj } of c.objects) {
      const isService = at(obj, 'kind') === 'Service';
      const isDeployment = at(obj, 'kind') === 'Deployment';
      const labels = isService ? at(obj, 'metadata', 'labels') : isDeployment ? at(obj, 'spec', 'template', 'metadata', 'labels') : undefined;
      const label = at(labels, NETWORK_LABEL);
      if (label === undefined) { continue; }
      gateways++;
      if (label !== network) {
        problems.push(`${at(obj, 'kind')} ${at(obj, 'metadata', 'namespace') ?? ''}/${at(obj, 'metadata', 'name')} has ${NETWORK_LABEL}="${label}", but the control plane's network is "${network}"`);
      }
      const view = isDeployment
        ? at(list(obj, 'spec', 'template', 'spec', 'containers').flatMap(x => list(x, 'env')).find(e => at(e, 'name') === 'ISTIO_META_REQUESTED_NETWORK_VIEW'), 'value')
        : undefined;
      if (view !== undefined && view !== network) {
        problems.push(`Deployment ${at(obj, 'metadata', 'name')} has ISTIO_META_REQUESTED_NETWORK_VIEW="${view}", but the control plane's network is "${network}"`);
      }
    }
    if (problems.length > 0) {
      return fail(`${c.name}: mesh ID, cluster name and network disagree`, problems);
    }
    const sources = [...id.configs.map(x => x.source), `Namespace ${id.namespace}`, ...(gateways ? [plural(gateways, 'gateway object')] : [])];
    return ok(`${c.name}: mesh "${meshId}", network "${network}" agree across ${sources.join(', ')}`);
  }),
};

/** Per mesh: which clusters, on which networks. */
export const meshSummaryCheck: Check = {
  group: 'mesh identity',
  name: 'meshes and networks',
  run: ctx => [...meshesOf(ctx).entries()].map(([mesh, clusters]) => {
    const networks = new Set(clusters.map(c => c.network));
    return ok(`mesh "${mesh}": ${clusters.map(c => `${c.cluster} (${c.remote ? 'remote' : 'primary'}, ${c.network})`).join(', ')}`
      + ` on ${plural(networks.size, 'network')}`);
  }),
};
