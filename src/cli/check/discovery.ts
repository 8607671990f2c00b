/**
 * Discovery selectors: istiod sees only Services and endpoints in namespaces a
 * selector of `meshConfig.discoverySelectors` matches (pkg/kube/namespace/filter.go),
 * its own control-plane namespace (and so its east-west gateway) included. A
 * tree whose control-plane Namespace matches none would install, and then
 * fail cross-network traffic (istio/istio#34438, #39520).
 */
import { at, record } from './_doc';
import type { ClusterDir } from './tree';
import { Check, CheckResult, clusterIdentity, fail, ok } from './types';
import { labelsForSelectors, matches } from '../../istio/_discovery-labels';

/** A rendered label selector. */
type Selector = Parameters<typeof matches>[0];

/** The discovery selectors a cluster's control-plane configuration sets, with where they were found. */
function selectorsOf(c: ClusterDir): { source: string; selectors: Selector[] }[] {
  const found: { source: string; selectors: Selector[] }[] = [];
  for (const { obj } of c.objects) {
    const s = at(obj, 'kind') === 'Istio' ? at(obj, 'spec', 'values', 'meshConfig', 'discoverySelectors') : undefined;
    // Selectors and labels are read as written (the schema check reports malformed ones).
    if (Array.isArray(s)) { found.push({ source: `Istio/${at(obj, 'metadata', 'name')}`, selectors: s as Selector[] }); }
  }
  for (const f of c.install) {
    const file = f.rel.slice(c.name.length + 1);
    for (const doc of f.docs ?? []) {
      const s = at(doc, 'kind') === 'IstioOperator' ? at(doc, 'spec', 'meshConfig', 'discoverySelectors')
        : /istiod.*-values\.ya?ml$/.test(file) ? at(doc, 'meshConfig', 'discoverySelectors') : undefined;
      if (Array.isArray(s)) { found.push({ source: file, selectors: s as Selector[] }); }
    }
  }
  return found;
}

export const discoverySelectorsCheck: Check = {
  group: 'mesh identity',
  name: 'discovery selectors select the control-plane namespace',
  run: ctx => ctx.tree.clusters.flatMap((c): CheckResult[] => {
    const id = clusterIdentity(c);
    if (id.provider !== 'istio') { return []; }
    const configs = selectorsOf(c);
    if (configs.length === 0) { return []; }
    const ns = c.objects.find(o => at(o.obj, 'kind') === 'Namespace' && at(o.obj, 'metadata', 'name') === id.namespace)?.obj;
    const nsLabels = at(ns, 'metadata', 'labels');
    const labels = { ...(record(ns, 'metadata', 'labels') ?? {}), 'kubernetes.io/metadata.name': id.namespace } as Record<string, string>;
    const hidden = configs.filter(x => !x.selectors.some(s => matches(s, labels)));
    if (hidden.length === 0) {
      return [ok(`${c.name}: Namespace ${id.namespace} matches the discovery selectors`)];
    }
    // The labels that would make it match, ignoring the ones it has now (they are what to change).
    const fix = labelsForSelectors(hidden[0].selectors, { 'kubernetes.io/metadata.name': id.namespace });
    return [fail(`${c.name}: Namespace ${id.namespace} (labels ${JSON.stringify(nsLabels ?? {})}) matches none of the discovery selectors of `
      + `${hidden.map(x => x.source).join(', ')}: istiod would not see its own east-west gateway and cross-network traffic fails; `
      + (fix ? `label it ${JSON.stringify(fix)}` : 'add a selector that matches it, such as { matchLabels: { "kubernetes.io/metadata.name": "' + id.namespace + '" } }'))];
  }),
};
