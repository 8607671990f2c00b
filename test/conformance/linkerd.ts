/**
 * Linkerd: for every edge release in the upstream directory, Linkerd meshes
 * built through the public API against upstream's charts and goldens.
 *
 * - Install values: `helm template` of `linkerd-crds`, `linkerd-control-plane`
 *   and `linkerd-multicluster` with each cluster's `install/*-values.yaml` must
 *   succeed. The control-plane values carry `identityTrustAnchorsPEM` (the
 *   trust-roots ConfigMap's `ca-bundle.crt`) and `identity.externalCA`, so
 *   they render as written: the issuer Secret comes from the key store and is
 *   not a chart value, which is what the values file tells the user.
 * - Manifests-mode controllers: each case is synthesized twice, once with the
 *   link's controller in `ControllerMode.MANIFESTS` and once in
 *   `ControllerMode.CHART`; the chart-mode cluster's `linkerd-multicluster`
 *   values (its `controllers[]` entry for the link, as we write it) are
 *   rendered by the chart, and the controller objects of that render
 *   (`controller-<link>`, its RBAC, `probe-<link>`, the PDB and the shared
 *   ClusterRole) are compared leaf by leaf with the manifests-mode objects.
 * - Target-side RBAC (`linkerd-service-mirror-remote-access-<source>`
 *   ServiceAccount, ClusterRole, ClusterRoleBinding, token Secret): against the
 *   chart rendered with `remoteMirrorServiceAccountName: <that name>`, and,
 *   for the link that keeps link-gen's default name, against
 *   `install_default.golden` (`linkerd mc install`'s render, with the
 *   golden's `linkerdVersionValue` placeholder replaced by the release).
 *   The goldens at these tags hold no Link and no credentials Secret
 *   (`multicluster/cmd/testdata`: install and the legacy per-link service
 *   mirror only), so those are not compared here.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { RenderError } from './helm';
import { matchAndCompare } from './istio';
import { Site } from './ledger';
import { ClusterOutput, MeshOutput, synthesize } from './meshes';
import type { Context } from './run';
import { versionsOf } from './upstream';
import {
  ApiServer, ControllerMode, Credential, KeyAlgorithm, LinkerdLogLevel, LinkerdMulticluster, LinkerdVersion, Mesh, MeshCluster, MeshProvider,
  ServiceMirrorControllerOptions, ServiceMirrorLink, TrustRoot,
} from '../../src';
import { ParsedLinkerdVersion, parseLinkerdVersion } from '../../src/linkerd/version';

const NS = 'linkerd';
const MC_NS = 'linkerd-multicluster';
const DEFAULT_SA = 'linkerd-service-mirror-remote-access-default';
const CONTROLLER_CLUSTER_ROLE = 'linkerd-multicluster-controller-access-local-resources';

/** One Linkerd mesh of the matrix: east <-> west in chart mode, north -> east as the link under test. */
interface LinkerdCase {
  readonly name: string;
  /** Options of the north -> east controller. */
  readonly controller?: ServiceMirrorControllerOptions;
  /** north -> east keeps link-gen's default remote-access ServiceAccount, with its token Secret. */
  readonly defaultServiceAccount?: boolean;
  /** north's LinkerdMulticluster controllerDefaults. */
  readonly controllerDefaults?: ServiceMirrorControllerOptions;
}

/** Whether a case asks for pod anti-affinity (the chart fails to render it before edge-25.5.4). */
function wantsAntiAffinity(c: LinkerdCase): boolean {
  return c.controller?.enablePodAntiAffinity === true || c.controllerDefaults?.enablePodAntiAffinity === true;
}

const CASES: LinkerdCase[] = [
  { name: 'default', defaultServiceAccount: true },
  {
    name: 'tuned',
    controller: {
      replicas: 2,
      logLevel: LinkerdLogLevel.DEBUG,
      retryLimit: 5,
      enableHeadlessServices: true,
      resources: { cpuRequest: '100m', memoryRequest: '64Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
    },
  },
  { name: 'anti-affinity', controller: { replicas: 2, enablePodAntiAffinity: true } },
  { name: 'defaults-anti-affinity', controllerDefaults: { replicas: 2, enablePodAntiAffinity: true } },
];

const GATEWAYS: Record<string, string[]> = { east: ['192.0.2.10'], west: ['198.51.100.10'] };

function buildCase(c: LinkerdCase, version: string, mode: ControllerMode): MeshOutput {
  return synthesize(app => {
    const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD, linkerdVersion: LinkerdVersion.of(version) });
    new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
    const east = new MeshCluster(app, 'east', { mesh });
    const west = new MeshCluster(app, 'west', { mesh });
    const north = new MeshCluster(app, 'north', { mesh });
    if (c.controllerDefaults) { new LinkerdMulticluster(north, 'LinkerdMulticluster', { controllerDefaults: c.controllerDefaults }); }
    new ServiceMirrorLink(app, 'east-mirrors-west', { source: east, target: west, gatewayAddresses: GATEWAYS.west });
    new ServiceMirrorLink(app, 'west-mirrors-east', { source: west, target: east, gatewayAddresses: GATEWAYS.east });
    new ServiceMirrorLink(app, 'north-mirrors-east', {
      source: north,
      target: east,
      gatewayAddresses: GATEWAYS.east,
      controllerMode: mode,
      controller: c.controller,
      ...(c.defaultServiceAccount ? { serviceAccountName: DEFAULT_SA, tokenSecret: true } : {}),
    });
  }, `linkerd ${version} ${c.name}/${mode}`);
}

export function runLinkerd(ctx: Context): void {
  for (const version of versionsOf(ctx.upstream, 'linkerd')) {
    const charts = path.join(ctx.upstream, 'linkerd', version, 'charts');
    for (const c of CASES) {
      let manifests: MeshOutput;
      let chart: MeshOutput;
      const refusesAntiAffinity = wantsAntiAffinity(c) && (parseLinkerdVersion(version) as ParsedLinkerdVersion).antiAffinityRenders === false;
      if (refusesAntiAffinity) {
        // linkerd/linkerd2#14008: the chart of edge-25.4.4 to edge-25.5.3 cannot render enablePodAntiAffinity: the library must refuse it.
        let message = '';
        try { buildCase(c, version, ControllerMode.CHART); } catch (e) { message = String((e as Error)?.message ?? e); }
        ctx.ledger.check({ area: 'linkerd', chart: 'mesh', version, case: c.name, object: 'Mesh/l5d' },
          'enablePodAntiAffinity is refused where the chart cannot render it', /enablePodAntiAffinity.*linkerd\/linkerd2#14008/.test(message),
          message || 'built without an error');
        continue;
      }
      try {
        manifests = buildCase(c, version, ControllerMode.MANIFESTS);
        chart = buildCase(c, version, ControllerMode.CHART);
      } catch (e: any) {
        ctx.ledger.check({ area: 'linkerd', chart: 'mesh', version, case: c.name, object: 'Mesh/l5d' }, 'the library builds the case', false,
          String(e?.message ?? e));
        continue;
      }
      for (const [mode, output] of [['manifests', manifests], ['chart', chart]] as const) {
        for (const cluster of output.clusters.values()) {
          renderInstall(ctx, charts, version, `${c.name}/${mode}/${cluster.name}`, cluster);
        }
      }
      compareControllers(ctx, charts, version, c, manifests.clusters.get('north')!, chart.clusters.get('north')!);
      compareTargetRbac(ctx, charts, version, c, manifests.clusters.get('east')!);
    }
    checkRotation(ctx, charts, version);
  }
}

/**
 * Credential rotation in chart mode: the chart's render of a link's controller must change its pod template when
 * the credential changes (the controller ignores Link updates whose spec is unchanged), and stay the same otherwise.
 */
function checkRotation(ctx: Context, charts: string, version: string): void {
  let ca = '';
  const build = (token: string, other: string): ClusterOutput => synthesize(app => {
    const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD, linkerdVersion: LinkerdVersion.of(version) });
    new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
    const apiServer = (host: string) => ApiServer.fromUrl(`https://${host}:6443`, { caData: ca });
    process.env.CONFORMANCE_LINK_TOKEN_EAST = token;
    process.env.CONFORMANCE_LINK_TOKEN_WEST = other;
    const east = new MeshCluster(app, 'east', { mesh, apiServer: apiServer('192.0.2.1') });
    const north = new MeshCluster(app, 'north', { mesh, apiServer: apiServer('192.0.2.3') });
    const west = new MeshCluster(app, 'west', { mesh, apiServer: apiServer('192.0.2.2') });
    new ServiceMirrorLink(app, 'north-mirrors-east', { source: north, target: east, gatewayAddresses: GATEWAYS.east, credential: Credential.fromEnv('CONFORMANCE_LINK_TOKEN_EAST') });
    new ServiceMirrorLink(app, 'north-mirrors-west', { source: north, target: west, gatewayAddresses: GATEWAYS.west, credential: Credential.fromEnv('CONFORMANCE_LINK_TOKEN_WEST') });
  }, `linkerd ${version} rotation`).clusters.get('north')!;
  const podAnnotations = (cluster: ClusterOutput, label: string): { [key: string]: string } | undefined => {
    const site: Site = { area: 'linkerd', chart: 'linkerd-multicluster', version, case: `rotation/${label}`, object: 'chart/linkerd-multicluster' };
    const objects = render(ctx, charts, version, 'linkerd-multicluster', 'linkerd-multicluster', MC_NS, cluster, 'linkerd-multicluster-values.yaml', site);
    return objects?.find(o => o.kind === 'Deployment' && o.metadata?.name === 'controller-east')?.spec?.template?.metadata?.annotations;
  };
  // JWT-shaped test tokens (header {"alg":"none"}), not credentials
  const jwt = (sub: string) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.c2lnbmF0dXJl`;
  ca = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');
  const before = podAnnotations(build(jwt('one'), jwt('west')), 'before');
  const same = podAnnotations(build(jwt('one'), jwt('west')), 'same');
  const after = podAnnotations(build(jwt('two'), jwt('west')), 'after');
  const site: Site = { area: 'linkerd', chart: 'linkerd-multicluster', version, case: 'rotation', object: 'Deployment/controller-east' };
  const hash = (a?: { [key: string]: string }) => a?.['cdk8s-mesh.io/credentials-sha256'];
  ctx.ledger.check(site, 'the chart-mode controller\'s pod template carries the credentials hash', hash(before) !== undefined,
    `pod annotations ${JSON.stringify(before)}`);
  ctx.ledger.check(site, 'the same credentials render the same pod template', hash(before) === hash(same), `${hash(before)} / ${hash(same)}`);
  ctx.ledger.check(site, 'a rotated credential changes the pod template (the Deployment rolls)', hash(after) !== undefined && hash(before) !== hash(after),
    `${hash(before)} / ${hash(after)}`);
}

function render(ctx: Context, charts: string, version: string, chart: string, release: string, namespace: string,
  cluster: ClusterOutput, valuesFile: string, site: Site, values?: any): any[] | undefined {
  try {
    const objects = ctx.helm.template({
      chart: path.join(charts, chart),
      label: `${chart} ${version}`,
      release,
      namespace,
      values: values ?? cluster.install.get(valuesFile) ?? {},
      valuesSource: `${cluster.name}/install/${valuesFile}${values ? ' (adjusted)' : ''}`,
    });
    ctx.ledger.rendered(site);
    return objects;
  } catch (e) {
    if (!(e instanceof RenderError)) { throw e; }
    ctx.ledger.renderFailed(site, e.message);
    return undefined;
  }
}

/** The three charts with the cluster's values files, as its install commands run them. */
function renderInstall(ctx: Context, charts: string, version: string, caseName: string, cluster: ClusterOutput): void {
  const site = (chart: string): Site => ({ area: 'linkerd', chart, version, case: caseName, object: `chart/${chart}` });
  const crds = render(ctx, charts, version, 'linkerd-crds', 'linkerd-crds', NS, cluster, 'linkerd-crds-values.yaml', site('linkerd-crds'));
  if (crds) {
    // Our values file tells the user to install the Gateway API CRDs first (or set installGatewayAPI: true):
    // the render must then not install them too (helm install fails where they exist).
    const values = cluster.install.get('linkerd-crds-values.yaml') ?? {};
    const gatewayApi = crds.filter(o => o.kind === 'CustomResourceDefinition' && o.spec?.group === 'gateway.networking.k8s.io').map(o => o.metadata?.name);
    ctx.ledger.check({ area: 'linkerd', chart: 'linkerd-crds', version, case: caseName, object: 'CustomResourceDefinition/*.gateway.networking.k8s.io' },
      'the render installs the Gateway API CRDs only when our values ask for them', values.installGatewayAPI === true || gatewayApi.length === 0,
      `values ${JSON.stringify(values)} render ${gatewayApi.join(', ')}`);
  }
  const cp = render(ctx, charts, version, 'linkerd-control-plane', 'linkerd-control-plane', NS, cluster,
    'linkerd-control-plane-values.yaml', site('linkerd-control-plane'));
  if (cp) {
    // identity.externalCA: the chart renders neither the trust-roots ConfigMap nor the issuer Secret; ours
    // (the ConfigMap in the tree, the issuer Secret in the key store) must hold what the values say.
    const s: Site = { area: 'linkerd', chart: 'linkerd-control-plane', version, case: caseName, object: 'ConfigMap/linkerd-identity-trust-roots' };
    const ours = cluster.objects.find(o => o.kind === 'ConfigMap' && o.metadata?.name === 'linkerd-identity-trust-roots');
    const a = String(ours?.data?.['ca-bundle.crt'] ?? '').trim();
    const b = String(cluster.install.get('linkerd-control-plane-values.yaml')?.identityTrustAnchorsPEM ?? '').trim();
    ctx.ledger.check(s, 'our trust-roots ConfigMap holds the values\' identityTrustAnchorsPEM', a !== '' && a === b,
      `ConfigMap ${a ? 'present' : 'missing'}, identityTrustAnchorsPEM ${b ? 'present' : 'missing'}, ${a === b ? 'equal' : 'different'}`);
    const theirs = cp.some(o => o.kind === 'ConfigMap' && o.metadata?.name === 'linkerd-identity-trust-roots');
    ctx.ledger.check(s, 'the chart renders no trust-roots ConfigMap (identity.externalCA: ours is the one)', !theirs,
      'the chart rendered ConfigMap linkerd-identity-trust-roots too: two owners');
    const issuer = cp.some(o => o.kind === 'Secret' && o.metadata?.name === 'linkerd-identity-issuer');
    ctx.ledger.check({ ...s, object: 'Secret/linkerd-identity-issuer' }, 'the chart renders no issuer Secret (identity.externalCA: ours comes from the key store)',
      !issuer, 'the chart rendered Secret linkerd-identity-issuer');
  }
  render(ctx, charts, version, 'linkerd-multicluster', 'linkerd-multicluster', MC_NS, cluster, 'linkerd-multicluster-values.yaml',
    site('linkerd-multicluster'));
}

/** The objects of one link's controller, as the chart names them. */
function isControllerObject(o: any, link: string): boolean {
  const name: string = o.metadata?.name ?? '';
  if (o.kind === 'ClusterRole') { return name === CONTROLLER_CLUSTER_ROLE; }
  return [`controller-${link}`, `controller-read-remote-creds-${link}`, `probe-${link}`, `${CONTROLLER_CLUSTER_ROLE}-${link}`].includes(name)
    && ['Deployment', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRoleBinding', 'Service', 'PodDisruptionBudget'].includes(o.kind);
}

/** north's manifests-mode controller for link east against the chart's render of the chart-mode entry. */
function compareControllers(ctx: Context, charts: string, version: string, c: LinkerdCase, manifests: ClusterOutput, chartMode: ClusterOutput): void {
  const link = 'east';
  const site = (object: string): Site => ({ area: 'linkerd', chart: 'linkerd-multicluster', version, case: `${c.name}/controller`, object });
  const values = chartMode.install.get('linkerd-multicluster-values.yaml') ?? {};
  const entry = (values.controllers ?? []).find((x: any) => x?.link?.ref?.name === link);
  ctx.ledger.check(site('values/controllers'), `chart-mode values carry a controllers[] entry for ${link}`, !!entry,
    `controllers: ${JSON.stringify(values.controllers)}`);
  const upstream = render(ctx, charts, version, 'linkerd-multicluster', 'linkerd-multicluster', MC_NS, chartMode,
    'linkerd-multicluster-values.yaml', site('chart/linkerd-multicluster'));
  if (!upstream) { return; }
  matchAndCompare(ctx.ledger, site, upstream.filter(o => isControllerObject(o, link)), manifests.objects.filter(o => isControllerObject(o, link)));
}

/** The golden of `linkerd mc install` at this tag, its placeholder replaced by the release. */
function golden(upstream: string, version: string, name: string): any[] | undefined {
  const file = path.join(upstream, 'linkerd', version, 'goldens', 'testdata', name);
  if (!fs.existsSync(file)) { return undefined; }
  const text = fs.readFileSync(file, 'utf-8').replace(/linkerdVersionValue/g, version);
  return YAML.parseAllDocuments(text).map(d => d.toJS()).filter(o => o && typeof o === 'object');
}

const TARGET_KINDS = ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Secret'];

/** east's target-side objects for its two sources (west, north) against the chart and the golden. */
function compareTargetRbac(ctx: Context, charts: string, version: string, c: LinkerdCase, east: ClusterOutput): void {
  const names = ['linkerd-service-mirror-remote-access-west', c.defaultServiceAccount ? DEFAULT_SA : 'linkerd-service-mirror-remote-access-north'];
  const isTarget = (o: any, name: string) => TARGET_KINDS.includes(o.kind) && [name, `${name}-token`].includes(o.metadata?.name);
  for (const name of names) {
    const site = (object: string): Site => ({ area: 'linkerd', chart: 'linkerd-multicluster', version, case: `${c.name}/target-rbac`, object });
    // `linkerd mc allow --service-account-name <name>` / the chart with remoteMirrorServiceAccountName.
    const values = { ...(east.install.get('linkerd-multicluster-values.yaml') ?? {}), remoteMirrorServiceAccount: true, remoteMirrorServiceAccountName: name };
    const upstream = render(ctx, charts, version, 'linkerd-multicluster', 'linkerd-multicluster', MC_NS, east,
      'linkerd-multicluster-values.yaml', site(`chart/remote-access ${name}`), values);
    if (upstream) {
      matchAndCompare(ctx.ledger, site, upstream.filter(o => isTarget(o, name)), east.objects.filter(o => isTarget(o, name)));
    }
    if (name === DEFAULT_SA) {
      const g = golden(ctx.upstream, version, 'install_default.golden');
      const gsite = (object: string): Site => ({ area: 'linkerd', chart: 'install_default.golden', version, case: `${c.name}/target-rbac`, object });
      if (!g) {
        ctx.ledger.check(gsite('golden'), 'install_default.golden exists', false, 'missing');
        continue;
      }
      matchAndCompare(ctx.ledger, gsite, g.filter(o => isTarget(o, name)), east.objects.filter(o => isTarget(o, name)));
    }
  }
}
