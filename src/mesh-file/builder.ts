/**
 * Builds the construct tree of a validated mesh file (model.ts) into a
 * `MeshApp`: the same tree the TypeScript API builds.
 *
 * One function per kind or field group. The constructs of issues #3 (TrustRoot),
 * #4 (EastWestGateway), #5 (RemoteAccess, endpoint discovery) and #6
 * (ServiceMirrorLink, Linkerd provider) are not in this build yet: their
 * `wire*` / `build*` functions call `notWired()`, which is an error for a
 * native document that asks for the feature and a warning (the part is
 * skipped) for a ristioctl document, whose conventions imply it. Wiring one
 * means replacing that call with the construct, in a few lines.
 */
import { AccessConsumer } from '../access-consumer';
import { AccessScope } from '../access-scope';
import { ApiServer } from '../api-server';
import { Credential } from '../credential';
import { EastWestGateway, EastWestGatewayServiceType } from '../east-west-gateway';
import { IstioInstall } from '../istio-install';
import { IstioVersion } from '../istio-version';
import { Mesh, MeshProvider } from '../mesh';
import { MeshApp } from '../mesh-app';
import { ControlPlaneRole, MeshCluster } from '../mesh-cluster';
import { KeyAlgorithm } from '../key-algorithm';
import { RemoteAccess } from '../remote-access';
import { SampleApps } from '../sample-apps';
import { TrustRoot } from '../trust-root';
import { ClusterModel, MeshFileModel, MeshModel, Origin, RemoteAccessModel, ServiceMirrorLinkModel } from './model';
import { MeshFileError, MeshFileProblem, sortProblems } from './problems';

/** Options of `buildMeshApp`. */
export interface BuildOptions {
  /** The output directory. */
  readonly outdir: string;
  /** The key store directory. */
  readonly keyStore: string;
}

/** A built app, with the construct paths of each document (to report construct errors at the document). */
export interface BuiltApp {
  readonly app: MeshApp;
  /** Warnings of the file and of the build (not yet the constructs' own warnings, which synth collects). */
  readonly warnings: MeshFileProblem[];
  /** Construct path of each built document's top construct → its origin. */
  readonly origins: Map<string, Origin>;
}

/** The issues whose constructs the builder does not wire yet. */
export const NOT_WIRED = {
  serviceMirrorLink: { issue: 6, construct: 'ServiceMirrorLink' },
  linkerd: { issue: 6, construct: 'the Linkerd provider' },
} as const;

class BuildContext {
  public readonly errors: MeshFileProblem[] = [];
  public readonly warnings: MeshFileProblem[] = [];
  public readonly origins = new Map<string, Origin>();
  public readonly meshes = new Map<string, Mesh>();
  public readonly clusters = new Map<string, MeshCluster>();

  constructor(public readonly app: MeshApp, public readonly model: MeshFileModel) {}

  /**
   * Reports a part whose construct is not in this build. For a native document
   * the field `at` asked for it: an error. A ristioctl document implies `what`
   * by its conventions: a warning, and the part is skipped (`consequence` says
   * what that means for the mesh).
   */
  public notWired(origin: Origin, at: (string | number)[], value: unknown, feature: keyof typeof NOT_WIRED, what: string, consequence: string): void {
    const { issue, construct } = NOT_WIRED[feature];
    if (origin.format === 'ristioctl') {
      const message = `skipping ${what}: ${construct} (issue #${issue}) is not wired into the CLI yet; until it is, ${consequence}`;
      this.warnings.push({ severity: 'warning', file: origin.file, position: origin.position(), document: origin.label, message });
    } else {
      const field = at.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
      this.errors.push(origin.problem('error', at, field, value,
        `is not supported yet: ${construct} (issue #${issue}) is not wired into the CLI in this build; remove it, or describe this part in TypeScript`));
    }
  }

  /** Runs a construct's creation; a thrown error is reported at the document. */
  public attempt<T>(origin: Origin, constructPath: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.errors.push(constructError(origin, constructPath, (e as Error).message));
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
export function constructError(origin: Origin, constructPath: string, message: string): MeshFileProblem {
  const prefix = `${constructPath}: `;
  const text = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  const raw = `${origin.where()}: ${text}`;
  return { severity: 'error', file: origin.file, position: origin.position(), document: origin.label, message: text, raw };
}

/** Builds the app of a mesh file. Throws `MeshFileError` with every problem. */
export function buildMeshApp(model: MeshFileModel, options: BuildOptions): BuiltApp {
  const app = new MeshApp({ outdir: options.outdir, keyStore: options.keyStore });
  const ctx = new BuildContext(app, model);

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
  return { app, warnings, origins: ctx.origins };
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
    istioVersion: IstioVersion.of(doc.istio.version),
    install: installOf(doc.istio.install),
    revision: doc.istio.revision,
  }));
  if (!mesh) { return; }
  ctx.meshes.set(doc.name, mesh);
  ctx.origins.set(mesh.node.path, doc.origin);
  if (doc.provider === 'linkerd') {
    wireLinkerd(ctx, mesh, doc);
  }
  if (doc.trustRoot) {
    wireTrustRoot(ctx, mesh, doc);
  }
}

/** Mesh `spec.trustRoot` / ristioctl Certificate → TrustRoot. */
function wireTrustRoot(ctx: BuildContext, mesh: Mesh, doc: MeshModel): void {
  const t = doc.trustRoot!;
  const id = `${mesh.node.id}-trust-root`;
  ctx.attempt(doc.origin, id, () => new TrustRoot(ctx.app, id, {
    mesh,
    algorithm: t.algorithm !== undefined ? t.algorithm as KeyAlgorithm : undefined,
    rootValidityDays: t.rootValidityDays,
    intermediateValidityDays: t.intermediateValidityDays,
    organization: t.organization,
    // Two meshes in one file keep their roots apart in the key store.
    rootDirectory: ctx.model.meshes.filter(m => m.trustRoot).length > 1 ? `root-${doc.name}` : undefined,
  }));
}

/** Mesh `spec.endpointDiscovery: full` (ristioctl: always) → remote secrets for every pair. */
function wireEndpointDiscovery(ctx: BuildContext, doc: MeshModel): void {
  const mesh = ctx.meshes.get(doc.name);
  if (doc.endpointDiscovery !== 'full' || !mesh) { return; }
  ctx.attempt(doc.origin, `${mesh.node.path}/EndpointDiscovery`, () => mesh.enableEndpointDiscovery());
}

/** Mesh `provider: linkerd` and `spec.linkerd` → the Linkerd provider (issue #6). */
function wireLinkerd(ctx: BuildContext, _mesh: Mesh, doc: MeshModel): void {
  // Wiring (#6): pass doc.linkerd?.version to the Linkerd provider's version prop.
  ctx.notWired(doc.origin, ['spec', 'provider'], doc.provider, 'linkerd', 'the Linkerd control plane', 'the clusters get no Linkerd configuration');
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
}

/** Cluster `spec.eastWestGateway` (ristioctl: every cluster) → EastWestGateway. */
function wireEastWestGateway(ctx: BuildContext, cluster: MeshCluster, doc: ClusterModel): void {
  const g = doc.eastWestGateway!;
  ctx.attempt(doc.origin, `${cluster.node.path}/EastWestGateway`, () => new EastWestGateway(cluster, 'EastWestGateway', {
    serviceType: g.serviceType !== undefined ? g.serviceType as EastWestGatewayServiceType : undefined,
    address: g.address,
    replicas: g.replicas,
  }));
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
  const consumerCluster = doc.consumerCluster !== undefined ? ctx.clusters.get(doc.consumerCluster) : undefined;
  if (!cluster || (doc.consumerCluster !== undefined && !consumerCluster)) { return; } // reported where the cluster failed
  const path = `${cluster.node.path}/${doc.name}`;
  const remote = ctx.attempt(doc.origin, path, () => new RemoteAccess(cluster, doc.name, {
    consumer: consumerOf(doc),
    consumerCluster: consumerCluster!,
    consumerNamespace: doc.consumerNamespace,
    scope: doc.scope === 'namespaces' ? AccessScope.namespaces(doc.namespaces ?? []) : AccessScope.cluster(),
    tokenSecret: doc.tokenSecret,
    credential: doc.tokenFile !== undefined ? Credential.fromTokenFile(doc.tokenFile) : undefined,
  }));
  if (remote) {
    ctx.origins.set(remote.node.path, doc.origin);
  }
}

/** A `ServiceMirrorLink` document → ServiceMirrorLink (issue #6). */
function buildServiceMirrorLink(ctx: BuildContext, doc: ServiceMirrorLinkModel): void {
  // Wiring (#6): new ServiceMirrorLink(ctx.app, doc.name, { source: ctx.clusters.get(doc.source)!,
  //   target: ctx.clusters.get(doc.target)!, controller, gateway, selectors from doc }).
  ctx.notWired(doc.origin, ['kind'], doc.origin.kind, 'serviceMirrorLink', 'the link', 'nothing is generated for it');
}
