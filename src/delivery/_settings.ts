/** The checked options of a `GitOpsDelivery`, with their defaults. Internal. */
import { goDuration, requireSeconds } from '../core/_duration';
import { DNS1123_LABEL_RULE, fail, isDns1123Label, requireDns1123Label } from '../core/_validation';

/** Checked delivery settings (either engine). */
export interface DeliverySettings {
  readonly engine: 'argocd' | 'flux';
  /** How messages name the delivery: `MeshApp.delivery`. */
  readonly where: string;
  /** How messages name an option: `kubeConfigSecrets` (API) or `spec.flux.kubeConfigSecrets` (mesh file). */
  readonly fieldPrefix: string;
  readonly repoUrl: string;
  readonly revision: string;
  /** Normalised: no leading or trailing '/', '' for the repository root. */
  readonly pathPrefix: string;
  readonly namespace: string;
  /** Argo CD: the AppProject; Flux: the GitRepository. Also the prefix of every object name. */
  readonly name: string;
  /** Flux only. */
  readonly managementCluster?: string;
  /** Flux only. */
  readonly kubeConfigSecrets: { readonly [cluster: string]: string };
  /** Flux only. */
  readonly interval: string;
}

const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\s][^\s]*$/;
/** Git ref names: no spaces, no '..', no leading '-' or '/', none of ~^:?*[\ (git check-ref-format). */
const REF = /^(?!-)(?!\/)(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\]+(?<!\/)(?<!\.lock)$/;

function checkUrl(where: string, prop: string, value: unknown, scpAllowed: boolean): string {
  const expected = scpAllowed
    ? 'must be a Git repository URL: https://, http:// or ssh://host/path, or scp-like git@host:org/repo.git'
    : 'must be a Git repository URL with scheme https://, http:// or ssh:// (the GitRepository CRD accepts no other form)';
  if (typeof value !== 'string' || value.trim() !== value || value === '') { fail(where, prop, value, expected); }
  if (scpAllowed && SCP_LIKE.test(value)) { return value; }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(where, prop, value, expected);
  }
  if (!['https:', 'http:', 'ssh:'].includes(url.protocol) || url.hostname === '') { fail(where, prop, value, expected); }
  if (url.password !== '') {
    fail(where, prop, '<redacted>', 'must not carry a password: give the engine its repository credentials in its own Secret');
  }
  return value;
}

/** The outdir's path in the repository, normalised; refuses absolute paths and any '..'. */
function checkPathPrefix(where: string, value: unknown): string {
  if (typeof value !== 'string') { fail(where, 'pathPrefix', value, 'must be a relative path inside the repository'); }
  const parts = value.replace(/^\.\//, '').split('/').filter(p => p !== '' && p !== '.');
  if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.includes('\\') || parts.includes('..')) {
    fail(where, 'pathPrefix', value, "must be a relative path inside the repository (no leading '/', no '..', '/' as separator), "
      + "for example 'dist' or 'clusters/prod'");
  }
  return parts.join('/');
}

function checkRevision(where: string, value: unknown): string {
  if (typeof value !== 'string' || !REF.test(value)) {
    fail(where, 'revision', value, 'must be a Git branch, tag or commit (no spaces, no "..", none of ~^:?*[\\)');
  }
  return value;
}

function common(where: string, o: { repoUrl: unknown; revision?: unknown; pathPrefix?: unknown; namespace?: unknown }, scp: boolean, ns: string) {
  return {
    repoUrl: checkUrl(where, 'repoUrl', o.repoUrl, scp),
    revision: checkRevision(where, o.revision ?? 'main'),
    pathPrefix: checkPathPrefix(where, o.pathPrefix ?? 'dist'),
    namespace: requireDns1123Label(where, 'namespace', o.namespace ?? ns),
  };
}

/** Checks `GitOpsDelivery.argoCd()` options. */
export function checkArgoCdOptions(where: string, o: {
  repoUrl: string; revision?: string; pathPrefix?: string; project?: string; namespace?: string;
}): DeliverySettings {
  if (o === null || typeof o !== 'object') { fail(where, 'options', o, 'must be an object with at least repoUrl'); }
  return {
    engine: 'argocd',
    where: 'MeshApp.delivery',
    fieldPrefix: '',
    ...common(where, o, true, 'argocd'),
    name: requireDns1123Label(where, 'project', o.project ?? 'mesh'),
    kubeConfigSecrets: {},
    interval: '',
  };
}

/** Checks `GitOpsDelivery.flux()` options. */
export function checkFluxOptions(where: string, o: {
  repoUrl: string;
  revision?: string;
  pathPrefix?: string;
  namespace?: string;
  sourceName?: string;
  managementCluster?: string;
  kubeConfigSecrets?: { [cluster: string]: string };
  intervalSeconds?: number;
}): DeliverySettings {
  if (o === null || typeof o !== 'object') { fail(where, 'options', o, 'must be an object with at least repoUrl'); }
  const secrets = o.kubeConfigSecrets ?? {};
  if (secrets === null || typeof secrets !== 'object' || Array.isArray(secrets)) {
    fail(where, 'kubeConfigSecrets', secrets, 'must map cluster names to Secret names');
  }
  for (const [cluster, secret] of Object.entries(secrets)) {
    if (!isDns1123Label(cluster)) { fail(where, 'kubeConfigSecrets', cluster, `keys must be cluster names, ${DNS1123_LABEL_RULE}`); }
    requireDns1123Label(where, `kubeConfigSecrets.${cluster}`, secret);
  }
  const interval = goDuration(requireSeconds(where, 'intervalSeconds', o.intervalSeconds ?? 600, 1));
  if (o.managementCluster !== undefined) { requireDns1123Label(where, 'managementCluster', o.managementCluster); }
  if (o.managementCluster !== undefined && secrets[o.managementCluster] !== undefined) {
    fail(where, `kubeConfigSecrets.${o.managementCluster}`, secrets[o.managementCluster],
      'names the management cluster, which Flux reaches without a kubeconfig: remove the entry or the managementCluster');
  }
  return {
    engine: 'flux',
    where: 'MeshApp.delivery',
    fieldPrefix: '',
    ...common(where, o, false, 'flux-system'),
    name: requireDns1123Label(where, 'sourceName', o.sourceName ?? 'mesh'),
    managementCluster: o.managementCluster,
    kubeConfigSecrets: { ...secrets },
    interval,
  };
}
