/**
 * Istio ambient multicluster (DataPlaneMode.AMBIENT), for every version in the
 * upstream directory:
 *
 * - Versions whose `samples/multicluster/gen-eastwest-gateway.sh` has no
 *   `--ambient` (before 1.27): the script refuses the flag, and the library
 *   refuses an ambient mesh on that version (the minimum comes from upstream).
 * - 1.27 and later, per install method (Sail, Helm, istioctl), an ambient
 *   two-primary mesh on two networks:
 *   - the east-west Gateway, leaf by leaf against what
 *     `gen-eastwest-gateway.sh --network <net> --ambient` prints (the script is
 *     run with bash: it only echoes its heredoc);
 *   - istiod: our values (Helm file, Sail `spec.values` with `spec.profile`,
 *     IstioOperator values with `components.pilot.k8s.env`, which istioctl
 *     overlays on the Deployment, folded into `pilot.env`) through the
 *     `istio-discovery` chart: the render carries PILOT_ENABLE_AMBIENT (the
 *     ambient profile), AMBIENT_ENABLE_MULTI_NETWORK, CLUSTER_ID and the
 *     profile's `serviceScopeConfigs` for `istio.io/global`;
 *   - istio-cni and ztunnel: the charts are not in the upstream directory
 *     (SOURCES.tsv lists base, istio-discovery, gateway, istio-ingress). When
 *     `CONFORMANCE_ISTIO_EXTRA` names a directory holding
 *     `<version>/charts/{cni,ztunnel}`, our cni and ztunnel values (Helm
 *     files, Sail `IstioCNI`/`ZTunnel` specs) are rendered with them and the
 *     DaemonSets checked (ztunnel's NETWORK and ISTIO_META_CLUSTER_ID, cni's ambient
 *     switch); otherwise the run says they were not compared and how to get them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Helm, RenderError } from './helm';
import { matchAndCompare } from './istio';
import { Ledger, Site } from './ledger';
import { ClusterOutput, synthesize } from './meshes';
import { versionsOf } from './upstream';
import { DataPlaneMode, EastWestGateway, IstioInstall, IstioVersion, Mesh, MeshCluster } from '../../src';

const NS = 'istio-system';
const NETWORKS: Record<string, string> = { cluster1: 'network1', cluster2: 'network2' };
const METHODS: Record<string, () => IstioInstall> = { sail: IstioInstall.sail, helm: IstioInstall.helm, istioctl: IstioInstall.istioctl };
const GEN = path.join('samples', 'multicluster', 'gen-eastwest-gateway.sh');

/** What `gen-eastwest-gateway.sh --network <network> --ambient` prints (status and the parsed documents). */
function scriptGateway(script: string, network: string): { status: number | null; stderr: string; objects: any[] } {
  const run = spawnSync('bash', [script, '--network', network, '--ambient'], { encoding: 'utf-8' });
  const objects = run.status === 0 ? YAML.parseAllDocuments(run.stdout).map(d => d.toJS()).filter(Boolean) : [];
  return { status: run.status, stderr: `${run.stdout}${run.stderr}`.trim(), objects };
}

/** The ambient mesh of the tier: two primaries on two networks, an east-west gateway each. */
function ambientMesh(version: string, method: string) {
  return synthesize(app => {
    const mesh = new Mesh(app, 'mesh1', { istioVersion: IstioVersion.of(version), install: METHODS[method](), dataPlaneMode: DataPlaneMode.AMBIENT });
    for (const name of ['cluster1', 'cluster2']) {
      const cluster = new MeshCluster(app, name, { mesh, network: NETWORKS[name] });
      new EastWestGateway(cluster, 'EastWestGateway');
    }
  }, `ambient ${version} ${method}`);
}

export function runAmbient(upstream: string, helm: Helm, ledger: Ledger, extra: string | undefined = process.env.CONFORMANCE_ISTIO_EXTRA): void {
  const notCompared: string[] = [];
  for (const version of versionsOf(upstream, 'istio')) {
    const root = path.join(upstream, 'istio', version);
    const script = path.join(root, GEN);
    const minor = Number(version.split('.')[1]);
    const probe = scriptGateway(script, 'network1');
    const site = (chart: string, caseName: string) => (object: string): Site => ({ area: 'istio', chart, version, case: caseName, object });
    if (minor < 27) {
      // The minimum: the script of this version has no --ambient, and the library refuses ambient here.
      const s = site('samples/multicluster/gen-eastwest-gateway.sh', 'ambient/refused')('Gateway/istio-eastwestgateway');
      ledger.check(s, 'the script of this version has no --ambient', probe.status !== 0, `the script accepted --ambient: ${probe.stderr.slice(0, 200)}`);
      let refused = '';
      try { ambientMesh(version, 'helm'); } catch (e) { refused = (e as Error).message; }
      ledger.check(s, 'the library refuses an ambient mesh on this version', /cannot run an ambient multicluster mesh/.test(refused), refused || 'built');
      continue;
    }
    for (const method of Object.keys(METHODS)) {
      const out = ambientMesh(version, method);
      const caseName = `ambient/${method}`;
      for (const cluster of out.clusters.values()) {
        const network = NETWORKS[cluster.name];
        const upstreamGw = scriptGateway(script, network);
        matchAndCompare(ledger, site('samples/multicluster/gen-eastwest-gateway.sh --ambient', `${caseName}/${cluster.name}`), upstreamGw.objects,
          cluster.objects.filter(o => o.kind === 'Gateway' && String(o.apiVersion).startsWith('gateway.networking.k8s.io/')));
        checkIstiod(helm, ledger, path.join(root, 'charts'), version, method, cluster);
        const extraCharts = extra ? path.join(extra, version, 'charts') : undefined;
        if (extraCharts && fs.existsSync(path.join(extraCharts, 'ztunnel')) && fs.existsSync(path.join(extraCharts, 'cni'))) {
          checkDataPlane(helm, ledger, extraCharts, version, method, cluster);
        } else if (!notCompared.includes(version)) {
          notCompared.push(version);
        }
      }
    }
  }
  if (notCompared.length > 0) {
    process.stderr.write(`conformance: ambient: the istio/cni and istio/ztunnel charts were not compared for ${notCompared.join(', ')} `
      + '(not in the upstream directory). To compare them, fetch each version\'s charts, e.g. '
      + `for v in ${notCompared.join(' ')}; do mkdir -p extra/$v/charts && (cd extra/$v/charts && helm pull istio/cni --version $v --untar && helm pull istio/ztunnel --version $v --untar); done `
      + '(helm repo add istio https://istio-release.storage.googleapis.com/charts), and set CONFORMANCE_ISTIO_EXTRA=<dir>/extra\n');
  }
}

/** Our istiod values, as each route hands them to the istio-discovery chart. */
function istiodValues(method: string, cluster: ClusterOutput): { values: any; source: string } {
  if (method === 'helm') {
    return { values: cluster.install.get('istiod-values.yaml') ?? {}, source: `${cluster.name}/install/istiod-values.yaml` };
  }
  if (method === 'sail') {
    const istio = cluster.objects.find(o => o.kind === 'Istio' && o.apiVersion === 'sailoperator.io/v1');
    const values: any = structuredClone(istio?.spec?.values ?? {});
    if (istio?.spec?.profile) { values.profile = istio.spec.profile; }
    return { values, source: `${cluster.name}/istio.default.yaml spec.values` };
  }
  const spec = cluster.install.get('istio-operator.yaml')?.spec ?? {};
  const values: any = structuredClone(spec.values ?? {});
  if (spec.profile) { values.profile = spec.profile; }
  if (spec.meshConfig) { values.meshConfig = spec.meshConfig; }
  // istioctl overlays components.pilot.k8s.env on the istiod Deployment: the same env as pilot.env.
  const env = Object.fromEntries((spec.components?.pilot?.k8s?.env ?? []).map((e: any) => [e.name, e.value]));
  if (Object.keys(env).length > 0) { values.pilot = { ...values.pilot, env: { ...values.pilot?.env, ...env } }; }
  return { values, source: `${cluster.name}/install/istio-operator.yaml spec.values (+ components.pilot.k8s.env)` };
}

function checkIstiod(helm: Helm, ledger: Ledger, charts: string, version: string, method: string, cluster: ClusterOutput): void {
  const s: Site = { area: 'istio', chart: 'istio-discovery', version, case: `ambient/${method}/${cluster.name}`, object: 'render' };
  const { values, source } = istiodValues(method, cluster);
  let objects: any[];
  try {
    objects = helm.template({ chart: path.join(charts, 'istio-discovery'), label: `istiod ${version}`, release: 'istiod', namespace: NS, values, valuesSource: source });
    ledger.rendered({ ...s, object: 'chart/istiod' });
  } catch (e) {
    if (!(e instanceof RenderError)) { throw e; }
    ledger.renderFailed({ ...s, object: 'chart/istiod' }, e.message);
    return;
  }
  const istiod = objects.find(o => o.kind === 'Deployment' && String(o.metadata?.name).startsWith('istiod'));
  const env: any[] = istiod?.spec?.template?.spec?.containers?.[0]?.env ?? [];
  const envOf = (name: string) => env.find(e => e.name === name)?.value;
  ledger.check(s, 'the ambient profile is applied (PILOT_ENABLE_AMBIENT=true)', envOf('PILOT_ENABLE_AMBIENT') === 'true', `PILOT_ENABLE_AMBIENT = ${envOf('PILOT_ENABLE_AMBIENT')}`);
  ledger.check(s, 'istiod runs with AMBIENT_ENABLE_MULTI_NETWORK=true', envOf('AMBIENT_ENABLE_MULTI_NETWORK') === 'true',
    `AMBIENT_ENABLE_MULTI_NETWORK = ${envOf('AMBIENT_ENABLE_MULTI_NETWORK')}`);
  ledger.check(s, 'istiod runs with CLUSTER_ID = the cluster name', envOf('CLUSTER_ID') === cluster.name, `CLUSTER_ID = ${envOf('CLUSTER_ID')}`);
  const meshConfigMap = objects.find(o => o.kind === 'ConfigMap' && o.metadata?.name === 'istio');
  const mesh = YAML.parse(meshConfigMap?.data?.mesh ?? '') ?? {};
  const scopes = JSON.stringify(mesh.serviceScopeConfigs ?? []);
  ledger.check(s, 'the mesh config makes Services labelled istio.io/global global', scopes.includes('istio.io/global') && scopes.includes('GLOBAL'),
    `serviceScopeConfigs = ${scopes}`);
  const injector = objects.find(o => o.kind === 'ConfigMap' && String(o.metadata?.name).startsWith('istio-sidecar-injector'));
  const global = JSON.parse(injector?.data?.values ?? '{}').global ?? {};
  ledger.check(s, 'injector values carry global.network', global.network === NETWORKS[cluster.name], `global.network = ${global.network}`);
  if (method === 'sail') {
    const trusted = env.find(e => e.name === 'CA_TRUSTED_NODE_ACCOUNTS')?.value ?? '';
    ledger.check(s, 'istiod trusts the ztunnel ServiceAccount of the ZTunnel namespace', String(trusted).includes('ztunnel/ztunnel'), `CA_TRUSTED_NODE_ACCOUNTS = ${trusted}`);
  }
}

/** Our cni and ztunnel values per route (istioctl: the IOP's global values, which istioctl passes to both charts). */
interface DataPlaneValues {
  readonly cni: any;
  readonly ztunnel: any;
  readonly namespaces: { cni: string; ztunnel: string };
  readonly source: string;
}

function dataPlaneValues(method: string, cluster: ClusterOutput): DataPlaneValues {
  if (method === 'helm') {
    return {
      cni: cluster.install.get('cni-values.yaml') ?? {},
      ztunnel: cluster.install.get('ztunnel-values.yaml') ?? {},
      namespaces: { cni: NS, ztunnel: NS },
      source: `${cluster.name}/install/{cni,ztunnel}-values.yaml`,
    };
  }
  if (method === 'sail') {
    const cni = cluster.objects.find(o => o.kind === 'IstioCNI')?.spec ?? {};
    const zt = cluster.objects.find(o => o.kind === 'ZTunnel')?.spec ?? {};
    // The Sail Operator renders the ztunnel chart with spec.values.ztunnel as the chart's values, profile ambient.
    return {
      cni: { ...(cni.values ?? {}), profile: cni.profile },
      ztunnel: { ...(zt.values?.ztunnel ?? {}), profile: 'ambient' },
      namespaces: { cni: cni.namespace, ztunnel: zt.namespace },
      source: `${cluster.name}/{istiocni,ztunnel}.default.yaml spec`,
    };
  }
  const spec = cluster.install.get('istio-operator.yaml')?.spec ?? {};
  return {
    cni: { profile: spec.profile, global: spec.values?.global },
    ztunnel: { profile: spec.profile, global: spec.values?.global },
    namespaces: { cni: NS, ztunnel: NS },
    source: `${cluster.name}/install/istio-operator.yaml spec.values.global`,
  };
}

function checkDataPlane(helm: Helm, ledger: Ledger, charts: string, version: string, method: string, cluster: ClusterOutput): void {
  const v = dataPlaneValues(method, cluster);
  const site = (chart: string): Site => ({ area: 'istio', chart, version, case: `ambient/${method}/${cluster.name}`, object: 'render' });
  const render = (chart: string, release: string, namespace: string, values: any): any[] | undefined => {
    try {
      const objects = helm.template({ chart: path.join(charts, chart), label: `${chart} ${version}`, release, namespace, values, valuesSource: v.source });
      ledger.rendered({ ...site(chart), object: `chart/${chart}` });
      return objects;
    } catch (e) {
      if (!(e instanceof RenderError)) { throw e; }
      ledger.renderFailed({ ...site(chart), object: `chart/${chart}` }, e.message);
      return undefined;
    }
  };
  const zt = render('ztunnel', 'ztunnel', v.namespaces.ztunnel, v.ztunnel);
  if (zt) {
    const ds = zt.find(o => o.kind === 'DaemonSet');
    const env: any[] = ds?.spec?.template?.spec?.containers?.[0]?.env ?? [];
    const envOf = (name: string) => env.find(e => e.name === name)?.value;
    ledger.check(site('ztunnel'), 'ztunnel runs with NETWORK = the cluster\'s network', envOf('NETWORK') === NETWORKS[cluster.name], `NETWORK = ${envOf('NETWORK')}`);
    ledger.check(site('ztunnel'), 'ztunnel runs with ISTIO_META_CLUSTER_ID = the cluster name', envOf('ISTIO_META_CLUSTER_ID') === cluster.name,
      `ISTIO_META_CLUSTER_ID = ${envOf('ISTIO_META_CLUSTER_ID')}`);
  }
  const cni = render('cni', 'istio-cni', v.namespaces.cni, v.cni);
  if (cni) {
    const cm = cni.find(o => o.kind === 'ConfigMap');
    ledger.check(site('cni'), 'istio-cni runs with ambient enabled', cm?.data?.AMBIENT_ENABLED === 'true', `AMBIENT_ENABLED = ${cm?.data?.AMBIENT_ENABLED}`);
  }
}
