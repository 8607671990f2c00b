/**
 * Istio: for every modelled minor in the upstream directory and every install
 * method, the conformance meshes (meshes.ts) against upstream's charts.
 *
 * - EastWestGateway (Helm and Sail routes): leaf by leaf against `helm template`
 *   of the `gateway` chart with the same settings (release
 *   `istio-eastwestgateway`, `networkGateway`, service type, replicas or
 *   autoscaling, resources, revision): what `helm install istio-eastwestgateway
 *   istio/gateway --set networkGateway=<net>` gives.
 * - EastWestGateway (istioctl route): leaf by leaf against the `istio-ingress`
 *   chart rendered with the IstioOperator of `gen-eastwest-gateway.sh` turned
 *   into that chart's values as istioctl does (component name and labels,
 *   `k8s.env`, `k8s.service.ports`, `injectionTemplate: gateway`, `global.network`).
 * - Control plane: our Helm values files (Helm), the `Istio` resource's
 *   `spec.values` (Sail, which renders the same charts) and the
 *   IstioOperator's values (istioctl) through `base` and `istiod` (1.22/1.23
 *   remotes: `istiod-remote`): the render must succeed and carry the cluster's
 *   mesh ID, cluster name, network and the primary/remote settings.
 */
import * as path from 'path';
import { Helm, RenderError } from './helm';
import { compareObjects, objectId } from './leaves';
import { Ledger, Site } from './ledger';
import { ADDRESSES, buildIstioCase, ClusterOutput, gatewayLayoutOf, INSTALL_METHODS, ISTIO_CASES, IstioCase, MeshOutput } from './meshes';
import { versionsOf } from './upstream';
import { EastWestGatewayLayout } from '../../src';

const NS = 'istio-system';
const GATEWAY = 'istio-eastwestgateway';
const NETWORKS: Record<string, string> = { cluster1: 'network1', cluster2: 'network2' };

/** The kinds of the east-west gateway's objects, as both routes name them. */
const GATEWAY_KINDS = ['Deployment', 'Service', 'ServiceAccount', 'Role', 'RoleBinding', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'];

export function runIstio(upstream: string, helm: Helm, ledger: Ledger): void {
  for (const version of versionsOf(upstream, 'istio')) {
    const charts = path.join(upstream, 'istio', version, 'charts');
    for (const method of Object.keys(INSTALL_METHODS)) {
      for (const c of ISTIO_CASES) {
        const { output, refused } = buildIstioCase(c, version, method);
        const caseName = `${c.name}/${method}`;
        if (!output) {
          ledger.check({ area: 'istio', chart: 'mesh', version, case: caseName, object: 'Mesh/mesh1' }, 'the library builds the case', false, refused);
          continue;
        }
        for (const cluster of output.clusters.values()) {
          const chart = gatewayLayoutOf(c, method) === EastWestGatewayLayout.ISTIOCTL ? 'istio-ingress' : 'gateway';
          compareGateway(helm, ledger, { charts, version, caseName, cluster, c, chart });
          if (c.controlPlane) {
            checkControlPlane(helm, ledger, { charts, version, caseName, cluster, c, method, output });
          }
        }
      }
    }
  }
}

interface GatewayInput {
  readonly charts: string;
  readonly version: string;
  readonly caseName: string;
  readonly cluster: ClusterOutput;
  readonly c: IstioCase;
  readonly chart: 'gateway' | 'istio-ingress';
}

/** `helm install istio-eastwestgateway istio/gateway` values for the case's gateway. */
export function gatewayChartValues(c: IstioCase, network: string): any {
  const v: any = { networkGateway: network };
  const g = c.gateway ?? {};
  if (c.mesh?.revision) { v.revision = c.mesh.revision; }
  if (g.serviceType === 'NodePort') { v.service = { type: 'NodePort' }; }
  if (g.replicas !== undefined) {
    v.replicaCount = g.replicas;
    v.autoscaling = { enabled: false };
  }
  if (g.minReplicas !== undefined || g.maxReplicas !== undefined) {
    v.autoscaling = { enabled: true, minReplicas: g.minReplicas ?? 1, maxReplicas: g.maxReplicas ?? 5 };
  }
  if (g.resources) {
    v.resources = {
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { cpu: '1500m', memory: '1024Mi' },
    };
  }
  if (g.podDisruptionBudget) { v.podDisruptionBudget = { ...g.podDisruptionBudget }; }
  if (g.nodeSelector) { v.nodeSelector = g.nodeSelector; }
  if (g.tolerations) { v.tolerations = g.tolerations; }
  return v;
}

/**
 * The `istio-ingress` values istioctl derives from the IstioOperator that
 * `gen-eastwest-gateway.sh --network <net> [--revision <rev>]` prints.
 */
export function istioIngressValues(c: IstioCase, network: string): any {
  const g = c.gateway ?? {};
  const gw: any = {
    name: GATEWAY,
    labels: { 'istio': 'eastwestgateway', 'app': GATEWAY, 'topology.istio.io/network': network },
    injectionTemplate: 'gateway',
    env: { ISTIO_META_REQUESTED_NETWORK_VIEW: network },
    ports: [
      { name: 'status-port', port: 15021, targetPort: 15021 },
      { name: 'tls', port: 15443, targetPort: 15443 },
      { name: 'tls-istiod', port: 15012, targetPort: 15012 },
      { name: 'tls-webhook', port: 15017, targetPort: 15017 },
    ],
  };
  // IstioOperator k8s.service.ports[].nodePort, as a NodePort gateway's IOP sets it.
  const nodePorts: Record<string, number | undefined> = {
    'status-port': g.nodePorts?.statusPort, 'tls': g.nodePorts?.tls, 'tls-istiod': g.nodePorts?.tlsIstiod, 'tls-webhook': g.nodePorts?.tlsWebhook,
  };
  for (const p of gw.ports) {
    if (nodePorts[p.name] !== undefined) { p.nodePort = nodePorts[p.name]; }
  }
  if (g.serviceType === 'NodePort') { gw.type = 'NodePort'; }
  if (g.replicas !== undefined) {
    gw.replicaCount = g.replicas;
    gw.autoscaleEnabled = false;
  }
  if (g.minReplicas !== undefined || g.maxReplicas !== undefined) {
    gw.autoscaleMin = g.minReplicas ?? 1;
    gw.autoscaleMax = g.maxReplicas ?? 5;
  }
  if (g.resources) {
    gw.resources = { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1500m', memory: '1024Mi' } };
  }
  if (g.nodeSelector) { gw.nodeSelector = g.nodeSelector; }
  if (g.tolerations) { gw.tolerations = g.tolerations; }
  return { gateways: { 'istio-ingressgateway': gw }, global: { network }, revision: c.mesh?.revision ?? '' };
}

function compareGateway(helm: Helm, ledger: Ledger, i: GatewayInput): void {
  const network = NETWORKS[i.cluster.name];
  const site = (object: string): Site => ({ area: 'istio', chart: i.chart, version: i.version, case: i.caseName, object });
  let upstream: any[];
  try {
    upstream = helm.template({
      chart: path.join(i.charts, i.chart),
      label: `${i.chart} ${i.version}`,
      // istioctl renders the istio-ingress chart as release "istio" (its objects carry `release: istio`,
      // as the Sail Operator's east-west-gateway-net1.yaml shows).
      release: i.chart === 'gateway' ? GATEWAY : 'istio',
      namespace: NS,
      values: i.chart === 'gateway' ? gatewayChartValues(i.c, network) : istioIngressValues(i.c, network),
    });
  } catch (e) {
    if (!(e instanceof RenderError)) { throw e; }
    ledger.renderFailed(site(`chart/${i.chart}`), e.message);
    return;
  }
  upstream = upstream.filter(o => GATEWAY_KINDS.includes(o.kind));
  const ours = i.cluster.objects.filter(o => GATEWAY_KINDS.includes(o.kind) && isGatewayObject(o));
  matchAndCompare(ledger, site, upstream, ours);
}

/** Our east-west gateway objects: named after the gateway (both layouts' names). */
function isGatewayObject(o: any): boolean {
  const name: string = o.metadata?.name ?? '';
  return o.metadata?.namespace === NS && (name === GATEWAY || name.startsWith(`${GATEWAY}-`));
}

/** Matches objects by kind and name and compares each pair; unmatched objects are findings. */
export function matchAndCompare(ledger: Ledger, site: (object: string) => Site, upstream: any[], ours: any[]): void {
  const oursById = new Map(ours.map(o => [objectId(o), o]));
  const seen = new Set<string>();
  for (const u of upstream) {
    const id = objectId(u);
    const o = oursById.get(id);
    if (!o) {
      ledger.unmatched(site(id), 'missing');
      continue;
    }
    seen.add(id);
    ledger.compared(site(id), compareObjects(u, o));
  }
  for (const o of ours) {
    if (!seen.has(objectId(o))) { ledger.unmatched(site(objectId(o)), 'extra'); }
  }
}

interface ControlPlaneInput {
  readonly charts: string;
  readonly version: string;
  readonly caseName: string;
  readonly cluster: ClusterOutput;
  readonly c: IstioCase;
  readonly method: string;
  readonly output: MeshOutput;
}

/** The base and istiod values of one cluster, as each install route hands them to the charts. */
function controlPlaneValues(i: ControlPlaneInput): { base: any; istiod: any; source: string; baseSource: string } {
  if (i.method === 'helm' && i.cluster.install.has('istiod-remote-values.yaml')) {
    // 1.22/1.23 remotes: the istiod-remote chart alone (it renders the CRDs with global.configCluster).
    return {
      base: undefined,
      istiod: i.cluster.install.get('istiod-remote-values.yaml'),
      source: `${i.cluster.name}/install/istiod-remote-values.yaml`,
      baseSource: '',
    };
  }
  if (i.method === 'helm') {
    return {
      base: i.cluster.install.get('base-values.yaml') ?? {},
      istiod: i.cluster.install.get('istiod-values.yaml') ?? {},
      source: `${i.cluster.name}/install/istiod-values.yaml`,
      baseSource: `${i.cluster.name}/install/base-values.yaml`,
    };
  }
  if (i.method === 'sail') {
    // The Sail Operator renders base (default revision only) and istiod with
    // spec.values, spec.profile and the revision from the resource's name.
    const istio = i.cluster.objects.find(o => o.kind === 'Istio' && o.apiVersion === 'sailoperator.io/v1');
    const spec = istio?.spec ?? {};
    const values: any = structuredClone(spec.values ?? {});
    if (spec.profile) { values.profile = spec.profile; }
    if (istio?.metadata?.name && istio.metadata.name !== 'default') { values.revision = istio.metadata.name; }
    const source = `${i.cluster.name}/istio.${istio?.metadata?.name}.yaml spec.values`;
    return { base: { profile: spec.profile }, istiod: values, source, baseSource: `${source} (profile)` };
  }
  // istioctl: spec.values, with spec.profile, spec.revision and spec.meshConfig in their chart places.
  const iop = i.cluster.install.get('istio-operator.yaml') ?? {};
  const spec = iop.spec ?? {};
  const values: any = structuredClone(spec.values ?? {});
  if (spec.profile) { values.profile = spec.profile; }
  if (spec.revision) { values.revision = spec.revision; }
  if (spec.meshConfig) { values.meshConfig = spec.meshConfig; }
  const source = `${i.cluster.name}/install/istio-operator.yaml spec.values`;
  return { base: { profile: spec.profile }, istiod: values, source, baseSource: `${source} (profile)` };
}

function checkControlPlane(helm: Helm, ledger: Ledger, i: ControlPlaneInput): void {
  const remote = i.c.topology === 'primary-remote' && i.cluster.name === 'cluster2';
  const values = controlPlaneValues(i);
  // Before 1.24 base and istiod have no remote profile: a remote is the istiod-remote chart (istioctl's
  // and the Sail Operator's remote profile of those releases install it too), beside base without a profile.
  const legacyRemote = remote && Number(i.version.split('.')[1]) < 24;
  if (legacyRemote) {
    if (values.base) { values.base = { ...values.base, profile: undefined }; }
    values.istiod = { ...values.istiod, profile: undefined };
  }
  const istiodChart = legacyRemote ? 'istiod-remote' : 'istio-discovery';
  const site = (chart: string, object: string): Site => ({ area: 'istio', chart, version: i.version, case: `${i.caseName}/${i.cluster.name}`, object });
  const revision = i.c.mesh?.revision;

  // base (not beside a legacy Helm remote, whose istiod-remote renders the CRDs)
  if (values.base) {
    try {
      helm.template({
        chart: path.join(i.charts, 'base'),
        label: `base ${i.version}`,
        release: 'istio-base',
        namespace: NS,
        values: values.base,
        valuesSource: values.baseSource,
      });
      ledger.rendered(site('base', 'chart/base'));
    } catch (e) {
      if (!(e instanceof RenderError)) { throw e; }
      ledger.renderFailed(site('base', 'chart/base'), e.message);
    }
  }

  // istiod
  let objects: any[];
  try {
    objects = helm.template({
      chart: path.join(i.charts, istiodChart),
      label: `istiod ${i.version}`,
      release: legacyRemote ? (revision ? `istiod-remote-${revision}` : 'istiod-remote') : revision ? `istiod-${revision}` : 'istiod',
      namespace: NS,
      values: values.istiod,
      valuesSource: values.source,
    });
    ledger.rendered(site(istiodChart, 'chart/istiod'));
  } catch (e) {
    if (!(e instanceof RenderError)) { throw e; }
    ledger.renderFailed(site(istiodChart, 'chart/istiod'), e.message);
    return;
  }
  const s = site(istiodChart, 'render');
  const istiod = objects.find(o => o.kind === 'Deployment' && String(o.metadata?.name).startsWith('istiod'));
  if (remote) {
    // The remote profile (1.24+): no istiod; the injection webhook calls Service istiod, whose
    // Endpoints/EndpointSlice hold global.remotePilotAddress, at the cluster's injection path.
    ledger.check(s, 'a remote runs no istiod Deployment', !istiod, `rendered Deployment ${istiod?.metadata?.name}`);
    const webhook = objects.find(o => o.kind === 'MutatingWebhookConfiguration');
    const paths: string[] = (webhook?.webhooks ?? []).map((w: any) => w.clientConfig?.service?.path ?? w.clientConfig?.url ?? '');
    const injectionPath = `/inject/cluster/${i.cluster.name}/net/${NETWORKS[i.cluster.name]}`;
    ledger.check(s, "a remote's injection webhook carries the cluster name and network", paths.length > 0 && paths.every(p => p.includes(injectionPath)),
      `webhook paths ${JSON.stringify(paths)}, expected ${injectionPath}`);
    const endpoints = objects.filter(o => o.kind === 'Endpoints' || o.kind === 'EndpointSlice');
    const text = JSON.stringify(endpoints);
    ledger.check(s, "a remote's istiod endpoints are the primary's gateway address", text.includes(ADDRESSES.cluster1),
      `Endpoints/EndpointSlice ${endpoints.map(objectId).join(', ') || '(none)'} do not hold ${ADDRESSES.cluster1}`);
  } else {
    const injector = objects.find(o => o.kind === 'ConfigMap' && String(o.metadata?.name).startsWith('istio-sidecar-injector'));
    const injected = injector ? JSON.parse(injector.data?.values ?? '{}') : {};
    const global = injected.global ?? {};
    ledger.check(s, 'injector values carry global.meshID', global.meshID === 'mesh1', `global.meshID = ${global.meshID}`);
    ledger.check(s, 'injector values carry global.multiCluster.clusterName', global.multiCluster?.clusterName === i.cluster.name,
      `global.multiCluster.clusterName = ${global.multiCluster?.clusterName}`);
    ledger.check(s, 'injector values carry global.network', global.network === NETWORKS[i.cluster.name], `global.network = ${global.network}`);
    const env = istiod?.spec?.template?.spec?.containers?.[0]?.env ?? [];
    const clusterId = env.find((e: any) => e.name === 'CLUSTER_ID')?.value;
    ledger.check(s, 'a primary runs istiod with CLUSTER_ID = the cluster name', clusterId === i.cluster.name, `CLUSTER_ID = ${clusterId}`);
    if (i.c.topology === 'primary-remote') {
      const external = env.find((e: any) => e.name === 'EXTERNAL_ISTIOD')?.value;
      ledger.check(s, 'a primary with remotes runs istiod with EXTERNAL_ISTIOD=true', external === 'true', `EXTERNAL_ISTIOD = ${external}`);
    }
  }
  if (i.c.discoverySelectors) {
    const mesh = objects.find(o => o.kind === 'ConfigMap' && String(o.metadata?.name).startsWith('istio'));
    const meshText: string = mesh?.data?.mesh ?? '';
    ledger.check(s, 'the mesh config carries the discovery selectors', meshText.includes('discoverySelectors'), 'no discoverySelectors in the istio ConfigMap');
    const ns = i.cluster.objects.find(o => o.kind === 'Namespace' && o.metadata?.name === NS);
    const labels = ns?.metadata?.labels ?? {};
    ledger.check(s, 'the discovery selectors select the control-plane namespace', labels['istio-discovery'] === 'enabled',
      `Namespace ${NS} labels ${JSON.stringify(labels)} match no selector: istiod cannot see its own east-west gateway`);
  }
}
