/**
 * The offline part of `linkerd mc check` (multicluster/cmd/check.go, edge-25.4.4 to edge-26.8.3; see
 * docs/cli.md for all 14 checks): per Link, its credentials Secrets (present, or pending with the command
 * that completes them), readable by its controller's RBAC, both copies pointing at one API server with one CA,
 * the token's expiry; the Link's namespace and name; the probe Service of a gateway link; and one trust
 * anchor across every Linkerd cluster, equal to each cluster's trust-roots ConfigMap,
 * `identityTrustAnchorsPEM` and issuer `ca.crt`, with every issuer signed by it.
 */
import { X509Certificate } from 'crypto';
import * as YAML from 'yaml';
import { at, list, str } from './_doc';
import { allObjects, Check, CheckContext, CheckResult, clusterIdentity, fail, jwtExpiry, ok, secretValue, warn } from './types';

/** A parsed manifest of any kind (the tree is user-editable YAML): read through `_doc.ts`. */
type TreeObjectLike = unknown;

const MC_NS = 'linkerd-multicluster';
const CREDENTIALS_TYPE = 'mirror.linkerd.io/remote-kubeconfig';

/** A pending-credentials record that `ServiceMirrorLink` writes into the key store. */
interface PendingLinkRecord {
  readonly record: string;
  readonly link: string;
  readonly secrets: string[];
  readonly cluster: string;
  readonly needsApiServer: boolean;
  readonly tokenCommand: string;
  readonly tokenFile: string;
  readonly files: string[];
}

function pendingRecords(ctx: CheckContext, cluster: string): PendingLinkRecord[] {
  const out: PendingLinkRecord[] = [];
  for (const f of ctx.keyStore.files) {
    if (!f.rel.startsWith(`${cluster}/`) || !f.rel.endsWith('.pending')) { continue; }
    let r: Record<string, unknown> | undefined;
    try { r = YAML.parse(f.text); } catch { r = undefined; }
    if (r?.kind !== 'linkerd-link-credentials' || typeof r.link !== 'string') { continue; }
    out.push({
      record: f.rel,
      link: r.link,
      secrets: Array.isArray(r.secrets) ? r.secrets.map(String) : [],
      cluster: String(r.cluster),
      needsApiServer: r.needsApiServer === true,
      tokenCommand: String(r.tokenCommand),
      tokenFile: String(r.tokenFile),
      files: Array.isArray(r.files) ? r.files.map(String) : [],
    });
  }
  return out;
}

/** The server, CA and token expiry of a credentials kubeconfig (never the token). */
interface KubeconfigFacts {
  readonly server?: string;
  readonly ca?: string;
  readonly insecure: boolean;
  readonly hasUser: boolean;
  /** The token's `exp` (seconds since the epoch), when it is a JWT that carries one. */
  readonly exp?: number;
}

function kubeconfigFacts(secret: TreeObjectLike): KubeconfigFacts | undefined {
  let k: unknown;
  try { k = YAML.parse(secretValue(secret, 'kubeconfig') ?? ''); } catch { k = undefined; }
  if (!k || typeof k !== 'object') { return undefined; }
  const cluster = at(k, 'clusters', 0, 'cluster');
  const user = at(k, 'users', 0, 'user');
  const expMs = jwtExpiry(at(user, 'token'));
  const exp = expMs === undefined ? undefined : expMs / 1000;
  return {
    server: str(cluster, 'server'),
    ca: str(cluster, 'certificate-authority-data'),
    insecure: at(cluster, 'insecure-skip-tls-verify') === true,
    hasUser: str(user, 'token') !== undefined || str(user, 'client-key-data') !== undefined,
    exp,
  };
}

/** The secret names a controller's Role lets it read: from the tree (manifests mode), else the chart's Role. */
function readableSecrets(objects: TreeObjectLike[], link: string, chartMode: boolean): string[] | undefined {
  const role = objects.find(o => at(o, 'kind') === 'Role' && at(o, 'metadata', 'name') === `controller-read-remote-creds-${link}`
    && at(o, 'metadata', 'namespace') === MC_NS);
  if (role) {
    return list(role, 'rules').filter(r => list(r, 'resources').includes('secrets'))
      .flatMap(r => {
        const names = at(r, 'resourceNames');
        return names === undefined || names === null ? ['*'] : list(names).map(String);
      });
  }
  // controller/rbac.yaml: resourceNames [cluster-credentials-<link.ref.name>]
  return chartMode ? [`cluster-credentials-${link}`] : undefined;
}

/** A link's `controllers[]` entry of the linkerd-multicluster values, with the values' `controllerDefaults`. */
interface ChartEntry {
  readonly entry: unknown;
  readonly defaults: unknown;
}

function chartEntry(ctx: CheckContext, cluster: string, link: unknown): ChartEntry | undefined {
  const dir = ctx.tree.clusters.find(c => c.name === cluster);
  for (const f of dir?.install ?? []) {
    for (const doc of f.docs ?? []) {
      const entry = list(doc, 'controllers').find(e => at(e, 'link', 'ref', 'name') === link);
      if (entry) { return { entry, defaults: at(doc, 'controllerDefaults') }; }
    }
  }
  return undefined;
}

function linkProblems(ctx: CheckContext, cluster: string, link: TreeObjectLike,
  objects: TreeObjectLike[]): { problems: string[]; warnings: string[] } {
  const name = at(link, 'metadata', 'name');
  const problems: string[] = [];
  const warnings: string[] = [];
  if (at(link, 'metadata', 'namespace') !== MC_NS) {
    problems.push(`is in namespace "${at(link, 'metadata', 'namespace') ?? '(none)'}": the controllers and linkerd mc check look for Links in ${MC_NS}`);
  }
  const chart = chartEntry(ctx, cluster, name);
  const probes = at(link, 'spec', 'probeSpec') !== undefined || at(link, 'spec', 'gatewayAddress') !== undefined;
  if (probes) {
    const probe = objects.find(o => at(o, 'kind') === 'Service' && at(o, 'metadata', 'name') === `probe-${name}`);
    const chartGateway = chart ? (at(chart.entry, 'gateway', 'enabled') ?? at(chart.defaults, 'gateway', 'enabled') ?? true) : undefined;
    if (chart && chartGateway === false) {
      problems.push(`probes a gateway, but its controllers[] entry sets gateway.enabled: false, so the chart renders no probe-${name} Service: `
        + 'linkerd mc check\'s "probe services able to communicate with all gateway mirrors" fails; set gateway.enabled: true or make it a pod-to-pod link');
    } else if (!chart && !probe && objects.some(o => at(o, 'kind') === 'Deployment' && at(o, 'metadata', 'name') === `controller-${name}`)) {
      problems.push(`probes a gateway, but Service probe-${name} is missing: add it beside the controller (the chart renders it for gateway links)`);
    }
  }
  const secretName = at(link, 'spec', 'clusterCredentialsSecret');
  const readable = readableSecrets(objects, String(name), chart !== undefined);
  if (typeof secretName === 'string' && readable !== undefined && !readable.includes('*') && !readable.includes(secretName)) {
    problems.push(`spec.clusterCredentialsSecret is "${secretName}", but its controller may read only ${readable.join(', ')} `
      + `(Role controller-read-remote-creds-${name}): name it cluster-credentials-${name}`);
  }
  return { problems, warnings };
}

function credentialResults(ctx: CheckContext, cluster: string, link: TreeObjectLike, objects: TreeObjectLike[]): CheckResult[] {
  const name = at(link, 'metadata', 'name');
  const secretName = str(link, 'spec', 'clusterCredentialsSecret');
  const label = `${cluster}: Link ${name} credentials`;
  if (secretName === undefined) { return [fail(`${label}: spec.clusterCredentialsSecret is missing`)]; }
  const find = (ns: string) => objects.find(o => at(o, 'kind') === 'Secret' && at(o, 'metadata', 'name') === secretName && at(o, 'metadata', 'namespace') === ns);
  const controllerCopy = find(MC_NS);
  const destinationCopy = find('linkerd');
  if (!controllerCopy && !destinationCopy) {
    const pending = pendingRecords(ctx, cluster).find(p => p.link === name);
    if (!pending) {
      return [fail(`${label}: Secrets ${MC_NS}/${secretName} and linkerd/${secretName} are missing, and no pending record says why`,
        ['synthesize again to rebuild them in the key store (or to record them as pending), then apply them'])];
    }
    const ks = ctx.keyStoreName.replace(/\/+$/, '');
    return [warn(`${label} are pending: no credential was given (${pending.secrets.join(', ')})`, [
      ...(pending.needsApiServer ? [`give cluster ${pending.cluster} its API server (apiServer or kubeconfig), then`] : []),
      `run (umask 077; ${pending.tokenCommand} > ${ks}/${pending.tokenFile})`,
      `give that token as the link's credential, synthesize again, and apply ${pending.files.map(f => `${ks}/${f}`).join(' and ')} to ${cluster}`,
    ])];
  }
  const problems: string[] = [];
  if (!controllerCopy) { problems.push(`Secret ${MC_NS}/${secretName} (read by controller-${name}) is missing`); }
  if (!destinationCopy) { problems.push(`Secret linkerd/${secretName} (read by the destination controller) is missing`); }
  const facts = [controllerCopy, destinationCopy].filter(x => x).map(s => ({ s, k: kubeconfigFacts(s) }));
  for (const { s, k } of facts) {
    const where = `${at(s, 'metadata', 'namespace')}/${secretName}`;
    if (at(s, 'type') !== CREDENTIALS_TYPE) { problems.push(`${where}: type is "${at(s, 'type')}", not ${CREDENTIALS_TYPE}`); }
    if (!k?.server) { problems.push(`${where}: key kubeconfig is not a kubeconfig with a cluster server`); continue; }
    if (!k.server.startsWith('https://')) { problems.push(`${where}: the server ${k.server} is not an https:// URL`); }
    if (!k.ca && !k.insecure) { problems.push(`${where}: the kubeconfig has no certificate-authority-data: the controller cannot verify ${k.server}`); }
    if (!k.hasUser) { problems.push(`${where}: the kubeconfig's user has no token or client key`); }
  }
  if (facts.length === 2 && facts[0].k && facts[1].k && (facts[0].k.server !== facts[1].k.server || facts[0].k.ca !== facts[1].k.ca)) {
    problems.push(`the two copies point at different API servers or CAs (${facts[0].k.server} / ${facts[1].k.server}): `
      + 'both must be the target cluster\'s; apply both from one synth');
  }
  const cluster2 = at(destinationCopy, 'metadata', 'labels', 'multicluster.linkerd.io/cluster-name');
  if (destinationCopy && cluster2 !== undefined && cluster2 !== at(link, 'spec', 'targetClusterName')) {
    problems.push(`linkerd/${secretName} is labelled multicluster.linkerd.io/cluster-name "${cluster2}", but the Link's targetClusterName is "${at(link, 'spec', 'targetClusterName')}"`);
  }
  if (problems.length > 0) { return [fail(label, problems)]; }
  const exp = facts.map(f => f.k?.exp).find(e => e !== undefined);
  if (exp !== undefined) {
    const days = (exp * 1000 - ctx.now.getTime()) / 86_400_000;
    if (days <= 0) {
      return [fail(`${label}: the token expired on ${new Date(exp * 1000).toISOString()}`, ['make a new token and synthesize again (docs/linkerd.md, Credential rotation)'])];
    }
    if (days < ctx.warnDays) {
      return [warn(`${label}: the token expires on ${new Date(exp * 1000).toISOString()} (in ${Math.floor(days)} days)`,
        ['make a new token and synthesize again (docs/linkerd.md, Credential rotation)'])];
    }
  }
  return [ok(`${label}: both Secrets present, readable by controller-${name}, one API server ${facts[0].k?.server}`
    + (exp !== undefined ? `, token valid until ${new Date(exp * 1000).toISOString().slice(0, 10)}` : ''))];
}

/** Links: namespace, probe Service, RBAC on the credentials, credentials present or pending, token expiry. */
export const linkerdCredentialsCheck: Check = {
  group: 'linkerd links',
  name: 'every Link\'s credentials are present (or pending) and readable by its controller',
  run: ctx => {
    const results: CheckResult[] = [];
    for (const c of ctx.tree.clusters) {
      const objects = allObjects(ctx, c.name).map(o => o.obj);
      for (const link of objects.filter(o => at(o, 'kind') === 'Link' && String(at(o, 'apiVersion')).startsWith('multicluster.linkerd.io/'))) {
        const { problems } = linkProblems(ctx, c.name, link, objects);
        if (problems.length > 0) { results.push(fail(`${c.name}: Link ${at(link, 'metadata', 'name')}`, problems)); }
        results.push(...credentialResults(ctx, c.name, link, objects));
      }
    }
    return results;
  },
};

/** One cluster's trust anchors, by where they were found. */
function anchorsOf(ctx: CheckContext, cluster: string): { where: string; pem: string }[] {
  const out: { where: string; pem: string }[] = [];
  for (const { obj, file } of allObjects(ctx, cluster)) {
    const bundle = str(obj, 'data', 'ca-bundle.crt');
    if (at(obj, 'kind') === 'ConfigMap' && at(obj, 'metadata', 'name') === 'linkerd-identity-trust-roots' && bundle !== undefined) {
      out.push({ where: `ConfigMap linkerd-identity-trust-roots (${file})`, pem: bundle });
    }
    if (at(obj, 'kind') === 'Secret' && at(obj, 'metadata', 'name') === 'linkerd-identity-issuer' && secretValue(obj, 'ca.crt') !== undefined) {
      out.push({ where: `Secret linkerd-identity-issuer ca.crt (${file})`, pem: secretValue(obj, 'ca.crt')! });
    }
  }
  for (const f of ctx.tree.clusters.find(d => d.name === cluster)?.install ?? []) {
    for (const doc of f.docs ?? []) {
      const anchors = str(doc, 'identityTrustAnchorsPEM');
      if (anchors !== undefined) { out.push({ where: `identityTrustAnchorsPEM (${f.rel})`, pem: anchors }); }
    }
  }
  return out;
}

function fingerprint(pem: string): string | undefined {
  try { return new X509Certificate(pem).fingerprint256; } catch { return undefined; }
}

/** One trust anchor across every Linkerd cluster, and every issuer signed by it. */
export const linkerdTrustCheck: Check = {
  group: 'linkerd links',
  name: 'one trust anchor across every Linkerd cluster',
  run: ctx => {
    const clusters = ctx.tree.clusters.filter(c => clusterIdentity(c).provider === 'linkerd');
    if (clusters.length === 0) { return []; }
    const results: CheckResult[] = [];
    const seen = new Map<string, string[]>();
    for (const c of clusters) {
      const anchors = anchorsOf(ctx, c.name);
      const prints = new Set(anchors.map(a => fingerprint(a.pem) ?? 'unreadable'));
      if (anchors.length === 0) {
        results.push(fail(`${c.name}: no Linkerd trust anchor (trust-roots ConfigMap, identityTrustAnchorsPEM)`));
        continue;
      }
      if (prints.size > 1) {
        results.push(fail(`${c.name}: the trust anchors differ`, anchors.map(a => `${a.where}: SHA-256 ${(fingerprint(a.pem) ?? 'unreadable').slice(0, 23)}…`)));
        continue;
      }
      const print = [...prints][0];
      seen.set(print, [...(seen.get(print) ?? []), c.name]);
      const issuer = allObjects(ctx, c.name).find(o => at(o.obj, 'kind') === 'Secret' && at(o.obj, 'metadata', 'name') === 'linkerd-identity-issuer');
      const crt = issuer ? secretValue(issuer.obj, 'tls.crt') ?? secretValue(issuer.obj, 'crt.pem') : undefined;
      if (crt) {
        let signed = false;
        try { signed = new X509Certificate(crt).verify(new X509Certificate(anchors[0].pem).publicKey); } catch { signed = false; }
        if (!signed) { results.push(fail(`${c.name}: the identity issuer (${issuer!.file}) is not signed by the cluster's trust anchor`)); }
      }
    }
    if (seen.size > 1) {
      results.push(fail('Linkerd clusters use different trust anchors: linked clusters\' proxies reject each other\'s identities',
        [...seen].map(([p, names]) => `${names.join(', ')}: SHA-256 ${p.slice(0, 23)}…`)));
    } else if (seen.size === 1) {
      results.push(ok(`${[...seen.values()][0].length} Linkerd cluster(s) share one trust anchor (ConfigMap, values and issuer ca.crt agree)`));
    }
    return results;
  },
};
