/**
 * Remote secrets (reference/istio.md §4): every primary of a multi-cluster
 * Istio mesh holds an `istio/multiCluster=true` Secret for each other cluster
 * it should read (every other cluster of the mesh with endpoint discovery; at
 * least its remotes in primary-remote). The Secrets carry tokens, so they are
 * looked for in the key store (`<keyStore>/<cluster>/`) and in the output tree.
 */
import * as YAML from 'yaml';
import { plural } from '../io';
import { allObjects, Check, CheckContext, CheckResult, ClusterIdentity, fail, meshesOf, ok, secretKeys, secretValue, warn } from './types';

/** A remote secret found in a consumer cluster. */
interface RemoteSecret {
  readonly name: string;
  readonly file: string;
  /** The clusters it gives access to (its data keys). */
  readonly clusters: string[];
  readonly secret: any;
}

function remoteSecrets(ctx: CheckContext, cluster: string): RemoteSecret[] {
  return allObjects(ctx, cluster)
    .filter(o => o.obj?.kind === 'Secret' && o.obj?.metadata?.labels?.['istio/multiCluster'] === 'true')
    .map(o => ({ name: o.obj.metadata?.name, file: o.file, clusters: secretKeys(o.obj), secret: o.obj }));
}

/**
 * Remote secrets that are declared but still wait for a credential (RemoteAccess
 * without a token). Hook for issue #5: return the clusters `consumer` should read
 * whose Secret is pending, from whatever RemoteAccess records in the key store.
 */
function pendingRemoteSecrets(_ctx: CheckContext, _consumer: string): string[] {
  return [];
}

/** Problems of one remote secret's shape (never its token). */
function shapeProblems(s: RemoteSecret, consumer: string): string[] {
  const problems: string[] = [];
  if (s.clusters.length === 0) {
    problems.push(`${s.name}: has no data: the key must be the remote cluster's name and the value its kubeconfig`);
  }
  for (const key of s.clusters) {
    if (key === consumer) {
      problems.push(`${s.name}: gives access to "${key}", the cluster it is in: istiod ignores it`);
      continue;
    }
    const annotation = s.secret.metadata?.annotations?.['networking.istio.io/cluster'];
    if (s.clusters.length === 1 && annotation !== undefined && annotation !== key) {
      problems.push(`${s.name}: annotation networking.istio.io/cluster is "${annotation}", but its key is "${key}"`);
    }
    let kubeconfig: any;
    try {
      kubeconfig = YAML.parse(secretValue(s.secret, key) ?? '');
    } catch {
      kubeconfig = undefined;
    }
    const server = kubeconfig?.clusters?.[0]?.cluster?.server;
    const user = kubeconfig?.users?.[0]?.user;
    if (!kubeconfig || typeof server !== 'string') {
      problems.push(`${s.name}: the value of "${key}" is not a kubeconfig with a cluster server`);
      continue;
    }
    if (!server.startsWith('https://')) {
      problems.push(`${s.name}: the server of "${key}" is not an https:// URL`);
    }
    const fileFields = ['tokenFile', 'client-key', 'client-certificate'].filter(f => user?.[f] !== undefined);
    if (fileFields.length > 0) {
      problems.push(`${s.name}: the user of "${key}" uses ${fileFields.join(', ')}: istiod rejects file paths in remote kubeconfigs`);
    }
    if (!user?.token && !user?.['client-key-data'] && !user?.exec && !user?.['auth-provider']) {
      problems.push(`${s.name}: the user of "${key}" has no credential (token, client-key-data, exec or auth-provider)`);
    }
  }
  return problems;
}

/** Every primary has remote secrets for the clusters it should read. */
export const remoteSecretsCheck: Check = {
  group: 'remote secrets',
  name: 'every primary reads the clusters it should',
  run: ctx => {
    const results: CheckResult[] = [];
    for (const [mesh, clusters] of meshesOf(ctx)) {
      const names = clusters.map(c => c.cluster);
      if (clusters.length === 1) {
        results.push(ok(`mesh "${mesh}": one cluster, no remote secrets needed`));
        continue;
      }
      const secrets = new Map(clusters.map(c => [c.cluster, remoteSecrets(ctx, c.cluster)]));
      const endpointDiscovery = [...secrets.values()].some(list => list.length > 0)
        || clusters.some(c => pendingRemoteSecrets(ctx, c.cluster).length > 0);
      const primaries = clusters.filter(c => !c.remote);
      for (const p of primaries) {
        const list = secrets.get(p.cluster) ?? [];
        const reads = new Set(list.flatMap(s => s.clusters));
        const pending = pendingRemoteSecrets(ctx, p.cluster);
        const remotes = clusters.filter((r: ClusterIdentity) => r.remote && r.primary === p.cluster).map(r => r.cluster);
        const expected = endpointDiscovery ? names.filter(n => n !== p.cluster) : remotes;
        const missing = expected.filter(n => !reads.has(n) && !pending.includes(n));
        const shape = list.flatMap(s => shapeProblems(s, p.cluster));
        const unknown = [...reads].filter(n => n !== p.cluster && !names.includes(n));
        if (missing.length > 0) {
          results.push(fail(`${p.cluster}: no remote secret for ${missing.join(', ')}`, [
            ...missing.map(n => remotes.includes(n)
              ? `${n} is a remote of ${p.cluster}: its istiod cannot manage ${n} without it`
              : `${n}: istiod in ${p.cluster} does not see its endpoints`),
            ...shape,
          ]));
        } else if (shape.length > 0) {
          results.push(fail(`${p.cluster}: ${plural(shape.length, 'remote secret problem')}`, shape));
        } else if (expected.length > 0) {
          results.push(ok(`${p.cluster}: reads ${expected.join(', ')}${pending.length ? ` (pending: ${pending.join(', ')})` : ''}`));
        }
        if (unknown.length > 0) {
          results.push(warn(`${p.cluster}: remote secrets for clusters not in this tree: ${unknown.join(', ')}`));
        }
      }
      if (!endpointDiscovery) {
        results.push(warn(`mesh "${mesh}": no remote secrets: endpoint discovery is off, so each istiod sees only its own cluster's endpoints`,
          ['set endpointDiscovery: full on the Mesh (every cluster needs apiServer or kubeconfig)']));
      }
    }
    return results;
  },
};
