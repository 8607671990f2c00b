/**
 * Kiali remote clusters: every cluster a Kiali instance reads is listed in the
 * `clustering.clusters[]` of the Kiali configuration the synth writes
 * (`install/kiali[-<instance>-<namespace>]-clustering.yaml`), with the Secret
 * Kiali mounts for it. Each listed Secret is present (in the key store or the
 * tree) or pending (a `.pending` record marked `consumer: kiali`, with the
 * command that completes it); a present one names the API server and CA the
 * file's header records for that cluster, and its token has not expired
 * (the JWT `exp` claim, decoded without verification; never printed).
 */
import { X509Certificate } from 'crypto';
import * as YAML from 'yaml';
import { at, str } from './_doc';
import { allObjects, Check, CheckContext, CheckResult, fail, jwtExpiry, ok, secretValue, warn } from './types';

const DAY_MS = 24 * 3600 * 1000;

/** One `clustering.clusters[]` entry of a Kiali configuration, with what the header says of its API server. */
interface KialiEntry {
  readonly file: string;
  readonly instance: string;
  readonly namespace: string;
  readonly cluster: string;
  readonly secretName: string;
  /** `server <url>, CA <fingerprint>` or `server unknown (...)`, from the header. */
  readonly expected?: { readonly server?: string; readonly ca?: string };
}

/** The header line `#   cluster <name>: server <url>, CA <fingerprint>`. */
const SERVER_LINE = /^#\s+cluster (\S+): server (\S+), CA (.+)$/;

function entriesOf(ctx: CheckContext, cluster: string): KialiEntry[] {
  const dir = ctx.tree.clusters.find(c => c.name === cluster);
  const out: KialiEntry[] = [];
  for (const f of dir?.install ?? []) {
    if (!/\/install\/kiali(-[a-z0-9-]+)?-clustering\.yaml$/.test(f.rel)) { continue; }
    const cr = (f.docs ?? []).find(d => at(d, 'kind') === 'Kiali');
    const servers = new Map<string, { server?: string; ca?: string }>();
    for (const line of f.text.split('\n')) {
      const m = SERVER_LINE.exec(line);
      if (m) { servers.set(m[1], { server: m[2], ca: m[3] }); }
    }
    const clusters = at(cr, 'spec', 'clustering', 'clusters');
    for (const e of Array.isArray(clusters) ? clusters : []) {
      const name = str(e, 'name');
      const secretName = str(e, 'secret_name');
      if (name === undefined || secretName === undefined) { continue; }
      out.push({
        file: f.rel,
        instance: String(at(cr, 'metadata', 'name') ?? 'kiali'),
        namespace: String(at(cr, 'metadata', 'namespace') ?? 'istio-system'),
        cluster: name,
        secretName,
        expected: servers.get(name),
      });
    }
  }
  return out;
}

/** A `.pending` record of a Kiali Secret (written by the synth when no credential was given). */
interface KialiPending {
  readonly tokenCommand: string;
  readonly tokenFile: string;
  readonly file: string;
  readonly needsApiServer: boolean;
}

/** A `.pending` record as read (fields unchecked). */
interface PendingRecordFile {
  readonly consumer?: unknown;
  readonly secret?: unknown;
  readonly tokenCommand?: unknown;
  readonly tokenFile?: unknown;
  readonly file?: unknown;
  readonly needsApiServer?: unknown;
}

function pendingRecord(ctx: CheckContext, consumer: string, secret: string): KialiPending | undefined {
  for (const f of ctx.keyStore.files) {
    if (!f.rel.startsWith(`${consumer}/`) || !f.rel.endsWith('.pending')) { continue; }
    let r: PendingRecordFile | undefined;
    try {
      r = YAML.parse(f.text);
    } catch {
      r = undefined;
    }
    if (r?.consumer === 'kiali' && r.secret === secret) {
      const { tokenCommand, tokenFile, file, needsApiServer } = r;
      return { tokenCommand: String(tokenCommand), tokenFile: String(tokenFile), file: String(file), needsApiServer: needsApiServer === true };
    }
  }
  return undefined;
}

/** The `AB:CD:...` SHA-256 fingerprint of a base64 PEM (as the synth writes it in the header), or undefined. */
function fingerprintOf(caData: unknown): string | undefined {
  if (typeof caData !== 'string') { return undefined; }
  try {
    return `sha256 ${new X509Certificate(Buffer.from(caData, 'base64').toString('utf-8')).fingerprint256}`;
  } catch {
    return 'unparsable';
  }
}

/** The results for one present Secret: kubeconfig server and CA, token expiry. */
function presentResults(ctx: CheckContext, consumer: string, e: KialiEntry, secret: unknown): CheckResult[] {
  const what = `${consumer}: Kiali ${e.instance} reads ${e.cluster} (${e.namespace}/${e.secretName})`;
  let kubeconfig: unknown;
  try {
    kubeconfig = YAML.parse(secretValue(secret, e.cluster) ?? '');
  } catch {
    kubeconfig = undefined;
  }
  const cluster = at(kubeconfig, 'clusters', 0, 'cluster');
  const server = str(cluster, 'server');
  if (server === undefined) {
    return [fail(`${what}: the Secret has no kubeconfig under key "${e.cluster}"`, ['Kiali takes the cluster name from that key: synthesize again and apply the Secret the synth writes'])];
  }
  const problems: string[] = [];
  if (at(secret, 'metadata', 'labels', 'kiali.io/multiCluster') !== 'true') {
    problems.push('the Secret lacks the label kiali.io/multiCluster: "true"');
  }
  if (e.expected?.server !== undefined && server !== e.expected.server) {
    problems.push(`its kubeconfig names server ${server}, but ${e.cluster}'s API server is ${e.expected.server}`);
  }
  const ca = fingerprintOf(at(cluster, 'certificate-authority-data'));
  if (e.expected?.ca !== undefined && e.expected.ca !== 'none' && ca !== e.expected.ca) {
    problems.push(`its kubeconfig's CA is ${ca ?? 'missing'}, but ${e.cluster}'s API server CA is ${e.expected.ca}`);
  }
  const exp = jwtExpiry(at(kubeconfig, 'users', 0, 'user', 'token'));
  const days = exp === undefined ? undefined : Math.floor((exp - ctx.now.getTime()) / DAY_MS);
  if (exp !== undefined && exp <= ctx.now.getTime()) {
    problems.push(`its token expired on ${new Date(exp).toISOString().slice(0, 10)}: create a new one, synthesize again and apply the Secret`);
  }
  if (problems.length > 0) {
    return [fail(`${what}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}`, problems)];
  }
  if (days !== undefined && days < ctx.warnDays) {
    return [warn(`${what}: its token expires in ${days} day${days === 1 ? '' : 's'} (${new Date(exp!).toISOString().slice(0, 10)})`,
      ['create a new token, synthesize again and apply the Secret before then'])];
  }
  return [ok(`${what}${days === undefined ? '' : `, token valid for ${days} days`}`)];
}

/** Every cluster a Kiali reads has its remote Secret, present and right, or pending. */
export const kialiRemoteClustersCheck: Check = {
  group: 'kiali remote clusters',
  name: 'every cluster a Kiali reads has its Secret',
  run: ctx => {
    const results: CheckResult[] = [];
    const ks = ctx.keyStoreName.replace(/\/+$/, '');
    for (const c of ctx.tree.clusters) {
      const objects = allObjects(ctx, c.name);
      for (const e of entriesOf(ctx, c.name)) {
        const secret = objects.find(o => at(o.obj, 'kind') === 'Secret' && at(o.obj, 'metadata', 'name') === e.secretName
          && (at(o.obj, 'metadata', 'namespace') ?? 'default') === e.namespace)?.obj;
        if (secret) {
          results.push(...presentResults(ctx, c.name, e, secret));
          continue;
        }
        const p = pendingRecord(ctx, c.name, `${e.namespace}/${e.secretName}`);
        if (p) {
          results.push(warn(`${c.name}: Kiali ${e.instance}'s Secret for ${e.cluster} is pending: no credential was given (${e.namespace}/${e.secretName})`, [
            ...(p.needsApiServer ? [`give cluster ${e.cluster} its API server (apiServer or kubeconfig), then`] : []),
            `run (umask 077; ${p.tokenCommand} > ${ks}/${p.tokenFile})`,
            `give that token as the RemoteAccess credential, synthesize again, and apply ${ks}/${p.file} to ${c.name}`,
          ]));
          continue;
        }
        results.push(fail(`${c.name}: Kiali ${e.instance}'s Secret for ${e.cluster} is missing (${e.namespace}/${e.secretName}, listed in ${e.file.slice(c.name.length + 1)})`, [
          `Kiali mounts it by name: without it Kiali does not read ${e.cluster}`,
          'give check the key store synth wrote (--key-store), or synthesize again (with a credential, or for the pending record and its command)',
        ]));
      }
    }
    return results;
  },
};
