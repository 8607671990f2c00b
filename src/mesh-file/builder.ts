/**
 * Builds the construct tree of a validated mesh file (model.ts) into a
 * `MeshApp`: the same tree the TypeScript API builds.
 *
 * One function per kind or field group.
 *
 * A construct's error is reported at the document that built it, and at the
 * field when the prop maps to one (`attempt(..., fields)`). Where a construct
 * speaks TypeScript (the pending-Secret warnings), the builder says the same
 * in mesh-file terms.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { fieldOf, Path } from './common';
import { ClusterModel, DeliveryModel, MeshFileModel, MeshModel, Origin, RemoteAccessModel, SecretDeliveryModel, ServiceMirrorLinkModel } from './model';
import { MeshFileError, MeshFileProblem, sortProblems } from './problems';
import { AccessConsumer } from '../access/access-consumer';
import { AccessScope } from '../access/access-scope';
import { ApiServer } from '../access/api-server';
import { Credential } from '../access/credential';
// Loaded for its effect too: it provides Mesh.enableEndpointDiscovery() (see core/_features.ts).
import '../access/endpoint-discovery';
import type { EndpointDiscovery } from '../access/endpoint-discovery';
import { PendingSecrets, RemoteAccess, _withoutPendingWarnings } from '../access/remote-access';
import { parseGoDurationSeconds } from '../core/_duration';
import { show } from '../core/_validation';
import { Mesh } from '../core/mesh';
import { MeshApp } from '../core/mesh-app';
import { MeshCluster } from '../core/mesh-cluster';
import { ControlPlaneRole, DataPlaneMode, MeshProvider } from '../core/mesh-kinds';
import { GatewayServiceType } from '../core/workload';
import { ArgoCdDeliveryOptions, FluxDeliveryOptions, GitOpsDelivery } from '../delivery/gitops-delivery';
import { EastWestGateway, EastWestGatewayLayout } from '../istio/east-west-gateway';
import { IstioInstall } from '../istio/install';
import { SampleApps } from '../istio/sample-apps';
import { IstioVersion } from '../istio/version';
import { Waypoint } from '../istio/waypoint';
import { ControllerMode, LinkerdLogFormat, LinkerdLogLevel } from '../linkerd/controller-options';
import { ServiceMirrorLink } from '../linkerd/service-mirror-link';
import { LinkerdVersion } from '../linkerd/version';
import { compareText } from '../output/_order';
import { shellQuote } from '../output/_shell';
import { KeyAlgorithm } from '../pki/key-algorithm';
import { TrustRoot } from '../pki/trust-root';
import { ExternalSecretStoreKind, SealedSecretScope, SecretDelivery } from '../secrets/secret-delivery';

/** Options of `buildMeshApp`. */
export interface BuildOptions {
  /** The output directory. */
  readonly outdir: string;
  /** The key store directory. */
  readonly keyStore: string;
  /** Tokens expiring within this many days draw a warning (`MeshApp.credentialWarningDays`). */
  readonly credentialWarningDays?: number;
}

/** A built app, with the construct paths of each document (to report construct errors at the document). */
export interface BuiltApp {
  readonly app: MeshApp;
  /** Warnings of the file and of the build (not yet the constructs' own warnings, which synth collects). */
  readonly warnings: MeshFileProblem[];
  /** Construct path of each built document's top construct → its origin. */
  readonly origins: Map<string, Origin>;
  /**
   * Construct paths whose synth warnings the builder replaced with its own
   * (in `warnings`, in mesh-file terms): synth does not print theirs.
   */
  readonly replacedWarnings: Set<string>;
}

/** A construct prop that comes from a mesh-file field: how to report the construct's error about it. */
export interface FieldOfProp {
  /** The field's path in the document. */
  readonly at: Path;
  /** The value the construct received (as it shows it in its message). */
  readonly value: unknown;
  /** The value as the file writes it, when it differs (a path resolved against the file's directory). */
  readonly shown?: unknown;
}

/**
 * The token file of endpoint discovery in each cluster's key-store directory:
 * the file the pending-Secret warning's command writes (`kubectl create token
 * istio-reader-service-account`), read as that cluster's credential.
 */
export const READER_TOKEN_FILE = 'istio-reader-service-account.token';

class BuildContext {
  public readonly errors: MeshFileProblem[] = [];
  public readonly warnings: MeshFileProblem[] = [];
  public readonly origins = new Map<string, Origin>();
  public readonly replacedWarnings = new Set<string>();
  public readonly meshes = new Map<string, Mesh>();
  public readonly clusters = new Map<string, MeshCluster>();

  constructor(public readonly app: MeshApp, public readonly model: MeshFileModel, public readonly keyStore: string) {}

  /** A warning about a document (at the field `at`, when given), in mesh-file terms. */
  public warn(origin: Origin, message: string, at: Path = []): void {
    this.warnings.push(origin.problem('warning', at, undefined, undefined, message));
  }

  /**
   * Runs a construct's creation; a thrown error is reported at the document,
   * or at the field when it is about a prop of `fields`.
   */
  public attempt<T>(origin: Origin, constructPath: string, fn: () => T, fields: Record<string, FieldOfProp> = {}): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.errors.push(constructError(origin, constructPath, (e as Error).message, fields));
      return undefined;
    }
  }

  /** A construct id for `name` that no other top-level construct uses. */
  public idFor(name: string, prefix: string): string {
    return this.app.node.tryFindChild(name) ? `${prefix}-${name}` : name;
  }
}

/**
 * Rewrites a construct error (`<path>: 'prop' ...` or `[path] message`) so that
 * it names the mesh-file document.
 */
export function constructError(origin: Origin, constructPath: string, message: string, fields: Record<string, FieldOfProp> = {}): MeshFileProblem {
  const prefix = `${constructPath}: `;
  const text = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  for (const [prop, f] of Object.entries(fields)) {
    const head = `'${prop}' (${show(f.value)}) `;
    if (text.startsWith(head)) {
      const shown = 'shown' in f ? f.shown : f.value;
      return origin.problem('error', f.at, fieldOf(f.at), shown, text.slice(head.length));
    }
  }
  const raw = `${origin.where()}: ${text}`;
  return { severity: 'error', file: origin.file, position: origin.position(), document: origin.label, message: text, raw };
}

/** Builds the app of a mesh file. Throws `MeshFileError` with every problem. */
export function buildMeshApp(model: MeshFileModel, options: BuildOptions): BuiltApp {
  const secrets = secretDeliveryOf(model);
  const deliveryErrors: MeshFileProblem[] = [];
  const delivery = model.delivery && buildDelivery(model.delivery, deliveryErrors);
  const app = new MeshApp({
    outdir: options.outdir, keyStore: options.keyStore, secretDelivery: secrets.value, credentialWarningDays: options.credentialWarningDays, delivery,
  });
  const ctx = new BuildContext(app, model, options.keyStore);
  ctx.errors.push(...secrets.errors, ...deliveryErrors);

  for (const m of model.meshes) {
    buildMesh(ctx, m);
  }
  // Primaries first: a remote names its primary construct.
  const ordered = [...model.clusters.filter(c => c.role === 'primary'), ...model.clusters.filter(c => c.role !== 'primary')];
  for (const c of ordered) {
    buildCluster(ctx, c);
  }
  for (const m of model.meshes) {
    wireEndpointDiscovery(ctx, m);
  }
  for (const r of model.remoteAccess) {
    buildRemoteAccess(ctx, r);
  }
  for (const l of model.links) {
    buildServiceMirrorLink(ctx, l);
  }

  const warnings = sortProblems([...model.warnings, ...ctx.warnings]);
  if (ctx.errors.length > 0) {
    throw new MeshFileError(sortProblems(ctx.errors), warnings);
  }
  return { app, warnings, origins: ctx.origins, replacedWarnings: ctx.replacedWarnings };
}

/** The `Delivery` document's engine; an error about one of its options is reported at that field. */
function buildDelivery(doc: DeliveryModel, errors: MeshFileProblem[]): GitOpsDelivery | undefined {
  const factory = doc.engine === 'argoCd' ? 'GitOpsDelivery.argoCd' : 'GitOpsDelivery.flux';
  const fields: Record<string, FieldOfProp> = {};
  for (const [k, v] of Object.entries(doc.options)) {
    fields[k] = { at: ['spec', doc.engine, k], value: v };
    if (k === 'kubeConfigSecrets' && v && typeof v === 'object') {
      for (const [c, secret] of Object.entries(v)) { fields[`${k}.${c}`] = { at: ['spec', doc.engine, k, c], value: secret }; }
    }
  }
  const options = doc.engine === 'flux' ? fluxOptionsOf(doc, errors) : doc.options;
  if (!options) { return undefined; }
  try {
    // The options passed the Delivery schema (parse.ts); the factories check every value again and name the field.
    const d = doc.engine === 'argoCd'
      ? GitOpsDelivery.argoCd(options as ArgoCdDeliveryOptions)
      : GitOpsDelivery.flux(options as FluxDeliveryOptions);
    return GitOpsDelivery._located(d, doc.origin.where(), `spec.${doc.engine}.`);
  } catch (e) {
    errors.push(constructError(doc.origin, factory, (e as Error).message, fields));
    return undefined;
  }
}

/** What a mesh-file duration must be (the mesh file keeps Go duration strings; the API takes whole seconds). */
const GO_DURATION_EXPECTED = 'must be a Go duration of whole seconds, such as "10m", "1h" or "90s"';

/** `spec.flux` as FluxDeliveryOptions: the Go duration `interval` becomes `intervalSeconds`. */
function fluxOptionsOf(doc: DeliveryModel, errors: MeshFileProblem[]): object | undefined {
  const { interval, ...rest } = doc.options as { interval?: unknown };
  if (interval === undefined) { return rest; }
  const seconds = parseGoDurationSeconds(interval);
  if (seconds === undefined || seconds < 1) {
    const at = ['spec', 'flux', 'interval'];
    errors.push(doc.origin.problem('error', at, fieldOf(at), interval, `${GO_DURATION_EXPECTED}, at least 1s`));
    return undefined;
  }
  return { ...rest, intervalSeconds: seconds };
}

// ---------------------------------------------------------------------------------------------
// Secret delivery

const SEALED_SCOPES: Record<string, SealedSecretScope> = {
  'strict': SealedSecretScope.STRICT, 'namespace-wide': SealedSecretScope.NAMESPACE_WIDE, 'cluster-wide': SealedSecretScope.CLUSTER_WIDE,
};

/** The app's one secret delivery: every Mesh that sets `spec.secretDelivery` must set the same. */
function secretDeliveryOf(model: MeshFileModel): { value?: SecretDelivery; errors: MeshFileProblem[] } {
  const setting = model.meshes.filter(m => m.secretDelivery !== undefined);
  if (setting.length === 0) { return { errors: [] }; }
  const first = setting[0];
  const same = (a: SecretDeliveryModel, b: SecretDeliveryModel) => JSON.stringify({ ...a, certificateFileAsWritten: undefined })
    === JSON.stringify({ ...b, certificateFileAsWritten: undefined });
  const other = setting.find(m => !same(m.secretDelivery!, first.secretDelivery!));
  if (other) {
    return {
      errors: [other.origin.problem('error', ['spec', 'secretDelivery'], 'spec.secretDelivery', other.secretDelivery!.mode,
        `differs from the secretDelivery of ${first.origin.label} (${first.secretDelivery!.mode}): the app delivers every Secret one way, `
        + 'so every Mesh that sets secretDelivery must set the same')],
    };
  }
  const d = first.secretDelivery!;
  const base = ['spec', 'secretDelivery', d.mode];
  const refreshIntervalSeconds = d.refreshInterval === undefined ? undefined : parseGoDurationSeconds(d.refreshInterval);
  if (d.refreshInterval !== undefined && refreshIntervalSeconds === undefined) {
    const at = [...base, 'refreshInterval'];
    return { errors: [first.origin.problem('error', at, fieldOf(at), d.refreshInterval, GO_DURATION_EXPECTED)] };
  }
  try {
    switch (d.mode) {
      case 'sops': return { value: SecretDelivery.sops({ ageRecipients: d.ageRecipients! }), errors: [] };
      case 'sealedSecrets': return {
        value: SecretDelivery.sealedSecrets({ certificateFile: d.certificateFile!, scope: SEALED_SCOPES[d.scope ?? 'strict'] }), errors: [],
      };
      case 'externalSecrets': return {
        value: SecretDelivery.externalSecrets({
          storeName: d.storeName!,
          storeKind: d.storeKind === 'SecretStore' ? ExternalSecretStoreKind.SECRET_STORE : ExternalSecretStoreKind.CLUSTER_SECRET_STORE,
          remoteKeyPrefix: d.remoteKeyPrefix,
          refreshIntervalSeconds,
          storeOutsideTree: d.storeOutsideTree ?? true,
        }),
        errors: [],
      };
      default: return { value: SecretDelivery.keyStore(), errors: [] };
    }
  } catch (e) {
    const fields: Record<string, FieldOfProp> = {
      'secretDelivery.certificateFile': { at: [...base, 'certificateFile'], value: d.certificateFile, shown: d.certificateFileAsWritten },
      'secretDelivery.remoteKeyPrefix': { at: [...base, 'remoteKeyPrefix'], value: d.remoteKeyPrefix ?? 'mesh/' },
      'secretDelivery.storeName': { at: [...base, 'storeName'], value: d.storeName },
      'secretDelivery.ageRecipients': { at: [...base, 'ageRecipients'], value: d.ageRecipients },
    };
    return { errors: [constructError(first.origin, 'MeshApp', (e as Error).message, fields)] };
  }
}

// ---------------------------------------------------------------------------------------------
// Mesh

function installOf(install: string): IstioInstall {
  switch (install) {
    case 'helm': return IstioInstall.helm();
    case 'istioctl': return IstioInstall.istioctl();
    default: return IstioInstall.sail();
  }
}

function buildMesh(ctx: BuildContext, doc: MeshModel): void {
  const id = ctx.idFor(doc.name, 'mesh');
  const mesh = ctx.attempt(doc.origin, id, () => new Mesh(ctx.app, id, {
    meshId: doc.name,
    provider: doc.provider === 'linkerd' ? MeshProvider.LINKERD : MeshProvider.ISTIO,
    // Each provider's settings only (the schema refuses the other's; the model fills in Istio defaults).
    ...(doc.provider === 'linkerd' ? {
      linkerdVersion: doc.linkerd?.version !== undefined ? LinkerdVersion.of(doc.linkerd.version) : undefined,
    } : {
      istioVersion: IstioVersion.of(doc.istio.version),
      install: installOf(doc.istio.install),
      revision: doc.istio.revision,
      dataPlaneMode: doc.istio.dataPlaneMode === 'ambient' ? DataPlaneMode.AMBIENT : undefined,
      globalNamespaces: doc.istio.globalNamespaces,
    }),
  }), {
    linkerdVersion: { at: ['spec', 'linkerd', 'version'], value: doc.linkerd?.version },
    istioVersion: { at: ['spec', 'istio', 'version'], value: doc.istio.version },
    globalNamespaces: { at: ['spec', 'istio', 'globalNamespaces'], value: doc.istio.globalNamespaces },
  });
  if (!mesh) { return; }
  ctx.meshes.set(doc.name, mesh);
  ctx.origins.set(mesh.node.path, doc.origin);
  if (doc.trustRoot) {
    wireTrustRoot(ctx, mesh, doc);
  }
}

/**
 * The key-store directory of a mesh's root: named by the mesh ID (the mesh's
 * name in a mesh file), never by what else the file holds, so that adding or
 * removing another mesh never moves a root. A DNS-1123 label: an ID too long
 * for `root-<id>` is shortened with a hash of the whole ID.
 */
export function rootDirectoryOf(meshId: string): string {
  const dir = `root-${meshId}`;
  if (dir.length <= 63) { return dir; }
  const hash = createHash('sha256').update(meshId).digest('hex').slice(0, 8);
  return `${dir.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/**
 * Refuses a key store of earlier versions, whose one-mesh files kept the root in
 * `root/`: it is moved by the user, explicitly, never silently.
 */
function checkLegacyRoot(ctx: BuildContext, doc: MeshModel): boolean {
  const legacy = path.join(ctx.keyStore, 'root');
  const current = path.join(ctx.keyStore, rootDirectoryOf(doc.name));
  if (!fs.existsSync(legacy) || fs.existsSync(current)) { return true; }
  const at: Path = doc.origin.format === 'ristioctl' ? [] : ['spec', 'trustRoot'];
  ctx.errors.push(doc.origin.problem('error', at, undefined, undefined,
    `${at.length > 0 ? `${fieldOf(at)}: ` : ''}the key store holds a root in ${legacy}, the directory earlier versions used for the only mesh of a file, and no ${current}: `
    + `roots are now kept by mesh ID. If ${legacy} is the root of mesh "${doc.name}", move it explicitly: mv ${shellQuote(legacy)} ${shellQuote(current)} `
    + '(nothing else changes; no key is made or re-issued)'));
  return false;
}

/** Mesh `spec.trustRoot` / ristioctl Certificate → TrustRoot. */
function wireTrustRoot(ctx: BuildContext, mesh: Mesh, doc: MeshModel): void {
  if (!checkLegacyRoot(ctx, doc)) { return; }
  const t = doc.trustRoot!;
  const id = `${mesh.node.id}-trust-root`;
  const at = (field: string): Path => (doc.origin.format === 'ristioctl' ? ['spec', 'validityHours'] : ['spec', 'trustRoot', field]);
  ctx.attempt(doc.origin, id, () => new TrustRoot(ctx.app, id, {
    mesh,
    algorithm: t.algorithm !== undefined ? t.algorithm as KeyAlgorithm : undefined,
    rootValidityDays: t.rootValidityDays,
    intermediateValidityDays: t.intermediateValidityDays,
    organization: t.organization,
    rootDirectory: rootDirectoryOf(doc.name),
  }), {
    organization: { at: at('organization'), value: t.organization },
    rootValidityDays: { at: at('rootValidityDays'), value: t.rootValidityDays },
    intermediateValidityDays: { at: at('intermediateValidityDays'), value: t.intermediateValidityDays },
  });
}

/** Mesh `spec.endpointDiscovery: full` (ristioctl: always) → remote secrets for every pair. */
function wireEndpointDiscovery(ctx: BuildContext, doc: MeshModel): void {
  const mesh = ctx.meshes.get(doc.name);
  if (doc.endpointDiscovery !== 'full' || !mesh) { return; }
  // A mesh file has no field for endpoint-discovery credentials: the token files
  // the pending-Secret warnings tell the user to write into the key store are them.
  const credentials: { [cluster: string]: Credential } = {};
  const tokenFiles = new Map<string, string>();
  for (const c of mesh.clusters) {
    const file = path.join(ctx.keyStore, c.clusterName, READER_TOKEN_FILE);
    if (fs.existsSync(file)) {
      credentials[c.clusterName] = Credential.fromTokenFile(file);
      tokenFiles.set(c.clusterName, file);
    }
  }
  let discovery: EndpointDiscovery;
  try {
    discovery = mesh.enableEndpointDiscovery({ credentials });
  } catch (e) {
    const message = (e as Error).message;
    const bad = [...tokenFiles].find(([, f]) => message.includes(`: 'credential' (${show(f)}) `));
    ctx.errors.push(bad
      ? doc.origin.problem('error', [], undefined, undefined, `endpoint discovery: the credential of cluster "${bad[0]}" `
        + `(token file ${bad[1]}, written by the command of the pending-Secret warning): ${message.slice(message.indexOf(`(${show(bad[1])}) `) + show(bad[1]).length + 3)}`)
      : constructError(doc.origin, `${mesh.node.path}/EndpointDiscovery`, message));
    return;
  }
  ctx.replacedWarnings.add(discovery.node.path);
  const byCluster = new Map<string, PendingSecrets[]>();
  for (const a of discovery.accesses) {
    if (a._pending) {
      byCluster.set(a._pending.cluster, [...(byCluster.get(a._pending.cluster) ?? []), a._pending]);
    }
  }
  for (const pending of [...byCluster.values()].sort((a, b) => compareText(a[0].cluster, b[0].cluster))) {
    const p = pending[0];
    const consumers = pending.map(x => x.consumerCluster);
    ctx.warn(doc.origin, `endpoint discovery: Secret ${p.secrets.join(', ')} is pending in ${consumers.join(', ')}: `
      + `no credential was given for cluster "${p.cluster}". Complete ${pending.length > 1 ? 'them' : 'it'}: `
      + `${p.needsApiServer ? `give Cluster/${p.cluster} an apiServer or kubeconfig; ` : ''}run ${p.tokenCommand} ; `
      + 'synthesize again (synth reads that token file as the cluster\'s credential for endpoint discovery), '
      + `and apply ${pending.map(x => x.files[0]).join(' and ')} to ${consumers.length > 1 ? 'those clusters' : `cluster "${p.consumerCluster}"`}`,
    doc.origin.format === 'native' ? ['spec', 'endpointDiscovery'] : []);
  }
}

// ---------------------------------------------------------------------------------------------
// Cluster

function apiServerOf(doc: ClusterModel): ApiServer | undefined {
  const a = doc.apiServer;
  if (!a) { return undefined; }
  return a.kind === 'kubeconfig'
    ? ApiServer.fromKubeconfig(a.file, { context: a.context })
    : ApiServer.fromUrl(a.server, { caFile: a.caFile, caData: a.caData });
}

function buildCluster(ctx: BuildContext, doc: ClusterModel): void {
  const mesh = ctx.meshes.get(doc.mesh);
  if (!mesh) { return; } // the mesh failed to build: reported there
  const primary = doc.primary !== undefined ? ctx.clusters.get(doc.primary) : undefined;
  if (doc.primary !== undefined && !primary) { return; }
  const id = ctx.idFor(doc.name, 'cluster');
  const cluster = ctx.attempt(doc.origin, id, () => new MeshCluster(ctx.app, id, {
    mesh,
    clusterName: doc.name,
    network: doc.network,
    role: doc.role === 'remote' ? ControlPlaneRole.REMOTE : ControlPlaneRole.PRIMARY,
    primary,
    discoverySelectors: doc.discoverySelectors,
    apiServer: apiServerOf(doc),
  }));
  if (!cluster) { return; }
  ctx.clusters.set(doc.name, cluster);
  ctx.origins.set(cluster.node.path, doc.origin);
  if (doc.eastWestGateway && doc.eastWestGateway.enabled) {
    wireEastWestGateway(ctx, cluster, doc);
  }
  if (doc.sampleApps) {
    wireSampleApps(ctx, cluster, doc);
  }
  (doc.waypoints ?? []).forEach((w, i) => wireWaypoint(ctx, cluster, doc, i, w));
}

/** Cluster `spec.waypoints[i]` → Waypoint. */
function wireWaypoint(ctx: BuildContext, cluster: MeshCluster, doc: ClusterModel, i: number, w: NonNullable<ClusterModel['waypoints']>[number]): void {
  const id = i === 0 ? 'Waypoint' : `Waypoint${i + 1}`;
  ctx.attempt(doc.origin, `${cluster.node.path}/${id}`, () => new Waypoint(cluster, id, { namespace: w.namespace, name: w.name, global: w.global }), {
    scope: { at: ['spec', 'waypoints', i], value: cluster.clusterName, shown: w },
    namespace: { at: ['spec', 'waypoints', i, 'namespace'], value: w.namespace },
    name: { at: ['spec', 'waypoints', i, 'name'], value: w.name },
  });
}

/** Cluster `spec.eastWestGateway` (ristioctl: every cluster) → EastWestGateway. */
function wireEastWestGateway(ctx: BuildContext, cluster: MeshCluster, doc: ClusterModel): void {
  const g = doc.eastWestGateway!;
  ctx.attempt(doc.origin, `${cluster.node.path}/EastWestGateway`, () => new EastWestGateway(cluster, 'EastWestGateway', {
    serviceType: g.serviceType !== undefined ? g.serviceType as GatewayServiceType : undefined,
    address: g.address,
    replicas: g.replicas,
    layout: g.layout !== undefined ? g.layout as EastWestGatewayLayout : undefined,
    podDisruptionBudget: g.podDisruptionBudget,
  }), {
    address: { at: ['spec', 'eastWestGateway', 'address'], value: g.address },
    serviceType: { at: ['spec', 'eastWestGateway', 'serviceType'], value: g.serviceType },
    replicas: { at: ['spec', 'eastWestGateway', 'replicas'], value: g.replicas },
    layout: { at: ['spec', 'eastWestGateway', 'layout'], value: g.layout },
    podDisruptionBudget: { at: ['spec', 'eastWestGateway', 'podDisruptionBudget'], value: g.podDisruptionBudget },
  });
}

/** Cluster `spec.sampleApps` (ristioctl `installHelloWorld`) → SampleApps. */
function wireSampleApps(ctx: BuildContext, cluster: MeshCluster, doc: ClusterModel): void {
  ctx.attempt(doc.origin, `${cluster.node.path}/SampleApps`, () => new SampleApps(cluster, 'SampleApps'));
}

// ---------------------------------------------------------------------------------------------
// RemoteAccess and ServiceMirrorLink

function consumerOf(doc: RemoteAccessModel): AccessConsumer {
  switch (doc.consumer) {
    case 'kiali': return AccessConsumer.kiali({ viewOnly: doc.viewOnly });
    case 'linkerd': return AccessConsumer.linkerdServiceMirror();
    case 'argocd': return AccessConsumer.argoCd();
    default: return AccessConsumer.istio();
  }
}

/** A `RemoteAccess` document → RemoteAccess. */
function buildRemoteAccess(ctx: BuildContext, doc: RemoteAccessModel): void {
  const cluster = ctx.clusters.get(doc.cluster);
  const consumerCluster = ctx.clusters.get(doc.consumerCluster);
  if (!cluster || !consumerCluster) { return; } // reported where the cluster failed
  const constructPath = `${cluster.node.path}/${doc.name}`;
  const remote = ctx.attempt(doc.origin, constructPath, () => _withoutPendingWarnings(cluster, () => new RemoteAccess(cluster, doc.name, {
    consumer: consumerOf(doc),
    consumerCluster,
    consumerNamespace: doc.consumerNamespace,
    scope: doc.scope === 'namespaces' ? AccessScope.namespaces(doc.namespaces ?? []) : AccessScope.cluster(),
    tokenSecret: doc.tokenSecret,
    credential: doc.tokenFile !== undefined ? Credential.fromTokenFile(doc.tokenFile) : undefined,
  })), {
    consumerCluster: { at: ['spec', 'consumerCluster'], value: doc.consumerCluster },
    consumerNamespace: { at: ['spec', 'consumerNamespace'], value: doc.consumerNamespace },
    credential: { at: ['spec', 'credentials', 'tokenFile'], value: doc.tokenFile, shown: doc.tokenFileAsWritten },
  });
  if (!remote) { return; }
  ctx.origins.set(remote.node.path, doc.origin);
  const p = remote._pending;
  if (p) {
    warnPending(ctx, doc.origin, p, `credentials for cluster "${p.cluster}"`);
  }
}

/**
 * A pending consumer Secret, in mesh-file terms: the constructs' own warning
 * says to pass a Credential, a mesh file sets `spec.credentials.tokenFile`.
 */
function warnPending(ctx: BuildContext, origin: Origin, p: PendingSecrets, whose: string): void {
  const tokenFile = path.relative(ctx.model.baseDir, path.resolve(p.tokenFile));
  const several = p.secrets.length > 1;
  ctx.warn(origin, `${p.secrets.map(x => `Secret ${x}`).join(' and ')} in cluster "${p.consumerCluster}" (${whose}) `
    + `${several ? 'are' : 'is'} pending: no credential was given. Complete ${several ? 'them' : 'it'}: `
    + `${p.needsApiServer ? `give Cluster/${p.cluster} an apiServer or kubeconfig; ` : ''}run ${p.tokenCommand} ; `
    + `set spec.credentials.tokenFile: ${tokenFile} (relative to the mesh file) ; synthesize again, `
    + `and apply ${p.files.join(' and ')} to cluster "${p.consumerCluster}"`);
}

/** A `ServiceMirrorLink` document → ServiceMirrorLink. */
function buildServiceMirrorLink(ctx: BuildContext, doc: ServiceMirrorLinkModel): void {
  const source = ctx.clusters.get(doc.source);
  const target = ctx.clusters.get(doc.target);
  if (!source || !target) { return; } // reported where the cluster failed
  const c = doc.controller;
  const r = c.resources;
  const id = ctx.idFor(doc.name, 'link');
  const link = ctx.attempt(doc.origin, id, () => new ServiceMirrorLink(ctx.app, id, {
    source,
    target,
    useGateway: doc.gateway !== undefined,
    gatewayAddresses: doc.gateway?.address?.split(',').map(a => a.trim()).filter(a => a !== ''),
    gatewayPort: doc.gateway?.port,
    gatewayIdentity: doc.gateway?.identity,
    selector: doc.selector,
    remoteDiscoverySelector: doc.remoteDiscoverySelector,
    federatedServiceSelector: doc.federatedServiceSelector,
    excludedLabels: doc.excludedLabels,
    excludedAnnotations: doc.excludedAnnotations,
    controllerMode: c.mode === 'manifests' ? ControllerMode.MANIFESTS : ControllerMode.CHART,
    credential: doc.tokenFile !== undefined ? Credential.fromTokenFile(doc.tokenFile) : undefined,
    controller: {
      replicas: c.replicas,
      logLevel: c.logLevel as LinkerdLogLevel | undefined,
      logFormat: c.logFormat as LinkerdLogFormat | undefined,
      resources: r ? {
        cpuRequest: r.requests?.cpu,
        memoryRequest: r.requests?.memory,
        cpuLimit: r.limits?.cpu,
        memoryLimit: r.limits?.memory,
      } : undefined,
    },
  }));
  if (!link) { return; }
  ctx.origins.set(link.node.path, doc.origin);
  const p = link.pending ? link.remoteAccess._pending : undefined;
  if (p) {
    // The construct's warning speaks TypeScript; say the same in mesh-file terms.
    ctx.replacedWarnings.add(link.node.path);
    warnPending(ctx, doc.origin, p, `the credentials of Link "${link.linkName}", for cluster "${p.cluster}"`);
  }
}
