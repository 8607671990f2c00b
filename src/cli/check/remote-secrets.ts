/**
 * Remote secrets (reference/istio.md §4): every primary of a multi-cluster
 * Istio mesh holds an `istio/multiCluster=true` Secret for each other cluster
 * it should read (every other cluster of the mesh with endpoint discovery; at
 * least its remotes in primary-remote). The Secrets carry tokens, so they are
 * looked for in the key store (`<keyStore>/<cluster>/`) and in the output tree.
 * Those a synth could not build (no credential) are recorded in the key store
 * by `RemoteAccess` and listed as pending, with the command that completes them.
 */
import * as YAML from 'yaml';
import { at, isRecord } from './_doc';
import { allObjects, Check, CheckContext, CheckResult, ClusterIdentity, fail, jwtExpiry, meshesOf, ok, secretKeys, secretValue, warn } from './types';
import { compareText } from '../../output/_order';
import { shellQuote } from '../../output/_shell';
import { plural } from '../io';

/** A remote secret found in a consumer cluster. */
interface RemoteSecret {
  readonly name: string;
  readonly file: string;
  /** The clusters it gives access to (its data keys). */
  readonly clusters: string[];
  /** The Secret as parsed. */
  readonly secret: unknown;
}

function remoteSecrets(ctx: CheckContext, cluster: string): RemoteSecret[] {
  return allObjects(ctx, cluster)
    .filter(o => at(o.obj, 'kind') === 'Secret' && at(o.obj, 'metadata', 'labels', 'istio/multiCluster') === 'true')
    .map(o => ({ name: String(at(o.obj, 'metadata', 'name')), file: o.file, clusters: secretKeys(o.obj), secret: o.obj }));
}

/** A remote secret that a synth declared but could not build: no credential was given (a `.pending` record in the key store). */
interface PendingRemoteSecret {
  /** The record's file, relative to the key store. */
  readonly record: string;
  /** `<namespace>/<name>` of the Secret. */
  readonly secret: string;
  /** The cluster the Secret gives access to. */
  readonly cluster: string;
  readonly needsApiServer: boolean;
  /** The command that prints the token. */
  readonly tokenCommand: string;
  /** The token file, relative to the key store. */
  readonly tokenFile: string;
  /** The Secret's file, relative to the key store. */
  readonly file: string;
}

/**
 * The remote secrets `consumer` should hold that are pending: the records
 * `RemoteAccess` writes into `<keyStore>/<consumer>/<Secret file>.pending` when
 * it has no credential, whose Secret is not in the key store or the tree yet.
 */
function pendingRemoteSecrets(ctx: CheckContext, consumer: string): PendingRemoteSecret[] {
  const present = new Set(remoteSecrets(ctx, consumer).map(s => `${at(s.secret, 'metadata', 'namespace')}/${s.name}`));
  const out: PendingRemoteSecret[] = [];
  for (const f of ctx.keyStore.files) {
    if (!f.rel.startsWith(`${consumer}/`) || !f.rel.endsWith('.pending') || f.rel.split('/').length !== 2) { continue; }
    let parsed: unknown;
    try {
      parsed = YAML.parse(f.text);
    } catch {
      parsed = undefined;
    }
    const r = isRecord(parsed) ? parsed : undefined;
    // Kiali's records (consumer: kiali) are the Kiali check's; Linkerd link credentials the Linkerd checks'.
    if (!r || r.consumer !== undefined || typeof r.secret !== 'string' || typeof r.cluster !== 'string' || present.has(r.secret)) { continue; }
    if (r.kind === 'linkerd-link-credentials') { continue; }
    out.push({
      record: f.rel,
      secret: r.secret,
      cluster: r.cluster,
      needsApiServer: r.needsApiServer === true,
      tokenCommand: String(r.tokenCommand),
      tokenFile: String(r.tokenFile),
      file: String(r.file),
    });
  }
  return out.sort((a, b) => compareText(a.cluster, b.cluster));
}

/** The ‼ line of a pending remote secret, with the commands that complete it. */
function pendingResult(ctx: CheckContext, consumer: string, p: PendingRemoteSecret): CheckResult {
  const ks = ctx.keyStoreName.replace(/\/+$/, '');
  return warn(`${consumer}: remote secret for ${p.cluster} is pending: no credential was given (${p.secret})`, [
    ...(p.needsApiServer ? [`give cluster ${p.cluster} its API server (apiServer or kubeconfig), then`] : []),
    `run (umask 077; ${p.tokenCommand} > ${ks}/${p.tokenFile})`,
    `give that token as ${p.cluster}'s credential, synthesize again, and apply ${ks}/${p.file} to ${consumer}`,
  ]);
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
    const annotation = at(s.secret, 'metadata', 'annotations', 'networking.istio.io/cluster');
    if (s.clusters.length === 1 && annotation !== undefined && annotation !== key) {
      problems.push(`${s.name}: annotation networking.istio.io/cluster is "${annotation}", but its key is "${key}"`);
    }
    let kubeconfig: unknown;
    try {
      kubeconfig = YAML.parse(secretValue(s.secret, key) ?? '');
    } catch {
      kubeconfig = undefined;
    }
    const server = at(kubeconfig, 'clusters', 0, 'cluster', 'server');
    const user = at(kubeconfig, 'users', 0, 'user');
    if (!kubeconfig || typeof server !== 'string') {
      problems.push(`${s.name}: the value of "${key}" is not a kubeconfig with a cluster server`);
      continue;
    }
    if (!server.startsWith('https://')) {
      problems.push(`${s.name}: the server of "${key}" is not an https:// URL`);
    }
    const fileFields = ['tokenFile', 'client-key', 'client-certificate'].filter(f => at(user, f) !== undefined);
    if (fileFields.length > 0) {
      problems.push(`${s.name}: the user of "${key}" uses ${fileFields.join(', ')}: istiod rejects file paths in remote kubeconfigs`);
    }
    if (!at(user, 'token') && !at(user, 'client-key-data') && !at(user, 'exec') && !at(user, 'auth-provider')) {
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
      const pendingOf = new Map(clusters.map(c => [c.cluster, pendingRemoteSecrets(ctx, c.cluster)]));
      const endpointDiscovery = [...secrets.values()].some(list => list.length > 0)
        || [...pendingOf.values()].some(list => list.length > 0);
      const primaries = clusters.filter(c => !c.remote);
      for (const p of primaries) {
        const list = secrets.get(p.cluster) ?? [];
        const reads = new Set(list.flatMap(s => s.clusters));
        const pending = (pendingOf.get(p.cluster) ?? []).filter(x => x.cluster !== p.cluster);
        const pendingClusters = pending.map(x => x.cluster);
        const remotes = clusters.filter((r: ClusterIdentity) => r.remote && r.primary === p.cluster).map(r => r.cluster);
        const expected = endpointDiscovery ? names.filter(n => n !== p.cluster) : remotes;
        const missing = expected.filter(n => !reads.has(n) && !pendingClusters.includes(n));
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
        } else {
          const read = expected.filter(n => reads.has(n));
          if (read.length > 0) {
            results.push(ok(`${p.cluster}: reads ${read.join(', ')}`));
          }
        }
        results.push(...pending.filter(x => !reads.has(x.cluster)).map(x => pendingResult(ctx, p.cluster, x)));
        if (unknown.length > 0) {
          results.push(warn(`${p.cluster}: remote secrets for clusters not in this tree: ${unknown.join(', ')}`));
        }
      }
      if (!endpointDiscovery && ctx.keyStore.exists) {
        results.push(warn(`mesh "${mesh}": no remote secrets: endpoint discovery is off, so each istiod sees only its own cluster's endpoints`,
          ['set endpointDiscovery: full on the Mesh (every cluster needs apiServer or kubeconfig)']));
      } else if (!endpointDiscovery) {
        results.push(warn(`mesh "${mesh}": no remote secrets (key store ${ctx.keyStoreName} does not exist): without them each istiod sees only its own cluster's endpoints`,
          ['give check the key store synth wrote (--key-store), or set endpointDiscovery: full on the Mesh (every cluster needs apiServer or kubeconfig)']));
      }
    }
    return results;
  },
};

const DAY = 24 * 60 * 60 * 1000;

/**
 * The tokens of every Istio remote secret (tree and key store), decoded (JWT
 * `exp`, never verified, never printed): an expired token fails, one that
 * expires within `--warn-days` (30) days warns, each naming the Secret and how to renew it.
 * When a token expires istiod loses that cluster and says so only in its log.
 */
export const remoteSecretTokensCheck: Check = {
  group: 'remote secrets',
  name: 'remote-secret tokens are not expired',
  run: ctx => {
    const results: CheckResult[] = [];
    for (const [, clusters] of meshesOf(ctx)) {
      for (const c of clusters.filter(x => !x.remote)) {
        for (const s of remoteSecrets(ctx, c.cluster)) {
          for (const key of s.clusters) {
            let token: unknown;
            try {
              token = at(YAML.parse(secretValue(s.secret, key) ?? ''), 'users', 0, 'user', 'token');
            } catch {
              token = undefined;
            }
            const exp = jwtExpiry(token);
            if (exp === undefined) { continue; }
            const days = Math.floor((exp - ctx.now.getTime()) / DAY);
            const date = new Date(exp).toISOString().slice(0, 10);
            const renew = [
              `create a new token in ${key}: (umask 077; kubectl --context=${shellQuote(key)} -n istio-system create token istio-reader-service-account --duration=8760h `
              + `> ${shellQuote(`${ctx.keyStoreName.replace(/\/+$/, '')}/${key}/istio-reader-service-account.token`)})`,
              `synthesize again and apply ${s.name} to ${c.cluster}`,
            ];
            if (exp <= ctx.now.getTime()) {
              results.push(fail(`${c.cluster}: ${s.name}: its token for ${key} expired on ${date}: istiod in ${c.cluster} no longer reads ${key}`, renew));
            } else if (days < ctx.warnDays) {
              results.push(warn(`${c.cluster}: ${s.name}: its token for ${key} expires in ${plural(days, 'day')} (${date})`, renew));
            } else {
              results.push(ok(`${c.cluster}: ${s.name}: token for ${key} valid for ${plural(days, 'day')}`));
            }
          }
        }
      }
    }
    return results;
  },
};
