/**
 * Linkerd multicluster links (reference/linkerd.md §1, §3, §5): every Link has
 * exactly one service-mirror controller (a `controllers[]` entry of the
 * linkerd-multicluster values, or rendered `controller-<link>` manifests), a
 * legacy `linkerd-service-mirror-<target>` controller beside a new one is an
 * error (they fight over the Lease), the Link's name equals its
 * targetClusterName, and every controller entry has its Link.
 */
import { plural } from '../io';
import { at, list, record, str } from './_doc';
import { allObjects, Check, CheckResult, fail, ok, warn } from './types';

interface Controller {
  readonly kind: 'chart' | 'manifests' | 'legacy';
  /** The link it serves (undefined when the entry names none). */
  readonly link: string | undefined;
  readonly where: string;
}

/** Link ↔ controller consistency, and legacy beside chart-managed controllers. */
export const linkerdLinksCheck: Check = {
  group: 'linkerd links',
  name: 'every Link has exactly one controller',
  run: ctx => {
    const results: CheckResult[] = [];
    for (const c of ctx.tree.clusters) {
      const objects = allObjects(ctx, c.name);
      const links = objects.filter(o => at(o.obj, 'kind') === 'Link' && String(at(o.obj, 'apiVersion')).startsWith('multicluster.linkerd.io/'));
      const controllers: Controller[] = [];
      for (const f of c.install) {
        for (const doc of f.docs ?? []) {
          for (const entry of list(doc, 'controllers')) {
            controllers.push({ kind: 'chart', link: str(entry, 'link', 'ref', 'name'), where: `${f.rel.slice(c.name.length + 1)} controllers[]` });
          }
        }
      }
      for (const { obj } of objects) {
        if (at(obj, 'kind') !== 'Deployment') { continue; }
        const labels = record(obj, 'metadata', 'labels') ?? {};
        const cluster = str(labels, 'mirror.linkerd.io/cluster-name');
        const name = str(obj, 'metadata', 'name');
        if (labels.component === 'controller' && cluster) {
          controllers.push({ kind: 'manifests', link: cluster, where: `Deployment ${at(obj, 'metadata', 'name')}` });
        } else if (labels.component === 'service-mirror' && cluster) {
          controllers.push({ kind: 'legacy', link: cluster, where: `Deployment ${at(obj, 'metadata', 'name')}` });
        } else if (name !== undefined && name.startsWith('linkerd-service-mirror-')) {
          controllers.push({ kind: 'legacy', link: name.slice('linkerd-service-mirror-'.length), where: `Deployment ${name}` });
        }
      }
      if (links.length === 0 && controllers.length === 0) { continue; }
      const linkNames = new Set<unknown>();
      for (const { obj } of links) {
        const name = at(obj, 'metadata', 'name');
        const target = at(obj, 'spec', 'targetClusterName');
        linkNames.add(name);
        if (target !== undefined) { linkNames.add(target); }
        const problems: string[] = [];
        if (target !== name) {
          problems.push(`spec.targetClusterName is "${target}": the controller finds its Link by name and linkerd mc check by targetClusterName; keep both "${name}"`);
        }
        const mine = controllers.filter(x => x.link === name || x.link === target);
        const legacy = mine.filter(x => x.kind === 'legacy');
        const current = mine.filter(x => x.kind !== 'legacy');
        if (mine.length === 0) {
          problems.push(`no service mirror controller: add { link: { ref: { name: ${name} } } } to the linkerd-multicluster values' controllers, or render its manifests`);
        } else if (legacy.length > 0 && current.length > 0) {
          problems.push(`a legacy controller (${legacy.map(x => x.where).join(', ')}) and a chart-managed one (${current.map(x => x.where).join(', ')}) `
            + `fight over Lease service-mirror-write-${name}; remove the legacy one: linkerd mc unlink --cluster-name ${target ?? name} --only-controller | kubectl delete -f -`);
        } else if (mine.length > 1) {
          problems.push(`${plural(mine.length, 'controller')} for one link (${mine.map(x => x.where).join(', ')}): keep one`);
        }
        if (problems.length > 0) {
          results.push(fail(`${c.name}: Link ${name}`, problems));
        } else if (legacy.length > 0) {
          results.push(warn(`${c.name}: Link ${name} uses the legacy controller ${legacy[0].where}`,
            ['migrate to a chart-managed controller (Linkerd 2.18+): add it to controllers, then remove the legacy one with linkerd mc unlink --only-controller']));
        } else {
          results.push(ok(`${c.name}: Link ${name} has its controller (${mine[0].where})`));
        }
      }
      for (const x of controllers.filter(y => !linkNames.has(y.link))) {
        results.push(warn(`${c.name}: ${x.where} names link "${x.link}", which has no Link in this cluster: the controller waits for it`));
      }
    }
    return results;
  },
};
