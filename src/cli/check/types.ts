/**
 * What a check is, and the facts several checks share: which clusters run
 * which control plane, with which mesh ID, cluster name and network.
 */
import { at, str } from './_doc';
import { ClusterDir, KeyStoreTree, OutputTree, TreeObject } from './tree';
import { ObjectValidator } from '../../output/_object-validator';

/** The outcome of one check line. */
export type Status = 'ok' | 'warn' | 'fail';

/** One printed line: ✓, ‼ or ✗, with optional detail lines. */
export interface CheckResult {
  readonly status: Status;
  readonly message: string;
  readonly details?: string[];
}

/** Everything a check can look at. */
export interface CheckContext {
  /** The output directory as the user named it. */
  readonly outdirName: string;
  /** The key store as the user named it. */
  readonly keyStoreName: string;
  readonly tree: OutputTree;
  readonly keyStore: KeyStoreTree;
  readonly validator: ObjectValidator;
  /** The time certificate expiry is evaluated at. */
  readonly now: Date;
  /** Certificates and tokens that expire within this many days draw a warning (`--warn-days`, 30 by default). */
  readonly warnDays: number;
}

/** A check: a function over the context that returns its lines. */
export interface Check {
  /** The group it is printed under (like `linkerd check`'s categories). */
  readonly group: string;
  /** A short name, for the docs. */
  readonly name: string;
  readonly run: (ctx: CheckContext) => CheckResult[];
}

export const ok = (message: string, details?: string[]): CheckResult => ({ status: 'ok', message, details });
export const warn = (message: string, details?: string[]): CheckResult => ({ status: 'warn', message, details });
export const fail = (message: string, details?: string[]): CheckResult => ({ status: 'fail', message, details });

/** The objects of a cluster in the output tree and in the key store (`<keyStore>/<cluster>/`). */
export function allObjects(ctx: CheckContext, cluster: string): TreeObject[] {
  const inTree = ctx.tree.clusters.find(c => c.name === cluster)?.objects ?? [];
  return [...inTree, ...(ctx.keyStore.objects.get(cluster) ?? [])];
}

/** The label istiod reads for a namespace's (and a gateway Service's) network. */
export const NETWORK_LABEL = 'topology.istio.io/network';

/** One Istio control-plane configuration found in a cluster directory. */
export interface IstioConfig {
  /** Where: `Istio/default` or `install/istiod-values.yaml`. */
  readonly source: string;
  readonly meshId?: string;
  readonly clusterName?: string;
  readonly network?: string;
  readonly namespace: string;
  readonly remote: boolean;
  /** True for an east-west gateway IstioOperator, which carries only the network. */
  readonly networkOnly?: boolean;
}

/** The control plane a cluster directory describes. */
export interface ClusterIdentity {
  readonly cluster: string;
  readonly provider: 'istio' | 'linkerd' | 'none';
  readonly configs: IstioConfig[];
  /** The first config's mesh ID. */
  readonly meshId?: string;
  readonly network?: string;
  readonly remote: boolean;
  /** A remote's primary, from the `topology.istio.io/controlPlaneClusters` annotation. */
  readonly primary?: string;
  readonly namespace: string;
}

function istioConfigs(cluster: ClusterDir): IstioConfig[] {
  const out: IstioConfig[] = [];
  const fromValues = (source: string, values: unknown, namespace: string | undefined, remote: boolean) => {
    const g = at(values, 'global') ?? {};
    out.push({
      source,
      meshId: str(g, 'meshID'),
      clusterName: str(g, 'multiCluster', 'clusterName'),
      network: str(g, 'network'),
      namespace: namespace ?? str(g, 'istioNamespace') ?? 'istio-system',
      remote: remote || at(values, 'istiodRemote') !== undefined || at(values, 'profile') === 'remote',
    });
  };
  for (const { obj } of cluster.objects) {
    if (at(obj, 'kind') === 'Istio' && str(obj, 'apiVersion')?.startsWith('sailoperator.io/')) {
      fromValues(`Istio/${at(obj, 'metadata', 'name')}`, at(obj, 'spec', 'values'), str(obj, 'spec', 'namespace'), at(obj, 'spec', 'profile') === 'remote');
    }
  }
  for (const f of cluster.install) {
    const file = f.rel.slice(cluster.name.length + 1);
    for (const doc of f.docs ?? []) {
      if (at(doc, 'kind') === 'IstioOperator') {
        // An east-west gateway IstioOperator (profile empty) carries only the network.
        if (at(doc, 'spec', 'values', 'global', 'meshID') === undefined && at(doc, 'spec', 'profile') === 'empty') {
          const network = str(doc, 'spec', 'values', 'global', 'network');
          if (network !== undefined) {
            out.push({ source: `${file} (IstioOperator ${at(doc, 'metadata', 'name') ?? ''})`.replace(' )', ')'), network, namespace: 'istio-system', remote: false, networkOnly: true });
          }
          continue;
        }
        fromValues(`${file} (IstioOperator)`, at(doc, 'spec', 'values'), str(doc, 'metadata', 'namespace'), at(doc, 'spec', 'profile') === 'remote');
      } else if (/istiod.*-values\.ya?ml$/.test(file) && doc && typeof doc === 'object') {
        fromValues(file, doc, undefined, false);
      }
    }
  }
  return out;
}

/** What a cluster directory says about its control plane. */
export function clusterIdentity(cluster: ClusterDir): ClusterIdentity {
  const configs = istioConfigs(cluster);
  const linkerd = cluster.install.some(f => /\/install\/linkerd[^/]*$/.test(f.rel))
    || cluster.objects.some(o => at(o.obj, 'kind') === 'Namespace' && at(o.obj, 'metadata', 'name') === 'linkerd');
  const main = configs.find(c => !c.networkOnly) ?? configs[0];
  const namespace = main?.namespace ?? 'istio-system';
  const ns = cluster.objects.find(o => at(o.obj, 'kind') === 'Namespace' && at(o.obj, 'metadata', 'name') === namespace)?.obj;
  return {
    cluster: cluster.name,
    provider: configs.length > 0 ? 'istio' : linkerd ? 'linkerd' : 'none',
    configs,
    meshId: main?.meshId,
    network: main?.network,
    remote: configs.some(c => c.remote),
    primary: str(ns, 'metadata', 'annotations', 'topology.istio.io/controlPlaneClusters'),
    namespace,
  };
}

/** The clusters of the tree grouped by mesh ID (Istio clusters with a mesh ID only), in name order. */
export function meshesOf(ctx: CheckContext): Map<string, ClusterIdentity[]> {
  const meshes = new Map<string, ClusterIdentity[]>();
  for (const c of ctx.tree.clusters) {
    const id = clusterIdentity(c);
    if (id.provider !== 'istio' || id.meshId === undefined) { continue; }
    meshes.set(id.meshId, [...(meshes.get(id.meshId) ?? []), id]);
  }
  return meshes;
}

/** Reads a Secret's entry, from `stringData` or base64 `data`. */
export function secretValue(secret: unknown, key: string): string | undefined {
  const text = str(secret, 'stringData', key);
  if (text !== undefined) { return text; }
  const data = str(secret, 'data', key);
  return data !== undefined ? Buffer.from(data, 'base64').toString('utf-8') : undefined;
}

/** The keys of a Secret (`stringData` and `data`). */
export function secretKeys(secret: unknown): string[] {
  const keys = (field: string) => { const m = at(secret, field); return m !== null && typeof m === 'object' ? Object.keys(m) : []; };
  return [...new Set([...keys('stringData'), ...keys('data')])];
}


export { jwtExpiry } from '../../core/_jwt';
