/**
 * Kiali: for every release in the upstream directory, the objects a
 * `RemoteAccess` with `AccessConsumer.kiali(...)` emits in the read cluster
 * (ServiceAccount, Roles or ClusterRoles, bindings) against the
 * `kiali-server` chart rendered with the equivalent values:
 * `deployment.remote_cluster_resources_only: true` (the remote-cluster
 * objects only, what `kiali-prepare-remote-cluster.sh` and the chart give a
 * cluster Kiali reads), `deployment.view_only_mode` (viewer or full role,
 * `auth.strategy: anonymous` so that the flag alone decides),
 * `deployment.cluster_wide_access` true, or false with
 * `deployment.discovery_selectors` for the namespace scope.
 *
 * The chart names its objects like the Helm route (`KialiResourceNaming.HELM_CHART`).
 * With `cluster_wide_access: false` the chart renders one Role and RoleBinding
 * per accessible namespace, which it finds with `lookup` on the live cluster;
 * under `helm template` the lookup is empty and only the Istio namespace is
 * rendered (templates/_helpers.tpl, kiali-server.accessible-namespaces). The
 * chart's Role and RoleBinding are therefore compared with ours in every
 * namespace we grant, with the namespace set to that one.
 */
import * as path from 'path';
import { RenderError } from './helm';
import { matchAndCompare } from './istio';
import { Site } from './ledger';
import { MeshOutput, synthesize } from './meshes';
import type { Context } from './run';
import { versionsOf } from './upstream';
import {
  AccessConsumer, AccessScope, IstioVersion, KialiResourceNaming, Mesh, MeshCluster, RemoteAccess,
} from '../../src';

const ISTIO_NS = 'istio-system';
const SCOPED = ['bookinfo'];
const KINDS = ['ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

interface KialiCase {
  readonly name: string;
  readonly viewOnly: boolean;
  readonly clusterWide: boolean;
}

const CASES: KialiCase[] = [
  { name: 'viewer-cluster', viewOnly: true, clusterWide: true },
  { name: 'full-cluster', viewOnly: false, clusterWide: true },
  { name: 'viewer-namespaces', viewOnly: true, clusterWide: false },
  { name: 'full-namespaces', viewOnly: false, clusterWide: false },
];

function buildCase(c: KialiCase, version: string): MeshOutput {
  return synthesize(app => {
    const mesh = new Mesh(app, 'mesh1', { istioVersion: IstioVersion.of('1.30.3') });
    const cluster1 = new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
    const cluster2 = new MeshCluster(app, 'cluster2', { mesh, network: 'network1' });
    new RemoteAccess(cluster2, 'Kiali', {
      consumer: AccessConsumer.kiali({ viewOnly: c.viewOnly, naming: KialiResourceNaming.HELM_CHART, version }),
      consumerCluster: cluster1,
      scope: c.clusterWide ? AccessScope.cluster() : AccessScope.namespaces(SCOPED),
    });
  }, `kiali ${version} ${c.name}`);
}

/** The kiali-server values equivalent to the case, for the read (remote) cluster. */
export function kialiValues(c: KialiCase): any {
  const deployment: any = {
    remote_cluster_resources_only: true,
    view_only_mode: c.viewOnly,
    cluster_wide_access: c.clusterWide,
  };
  if (!c.clusterWide) {
    deployment.discovery_selectors = {
      default: [...SCOPED, ISTIO_NS].map(ns => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } })),
    };
  }
  return { auth: { strategy: 'anonymous' }, deployment };
}

export function runKiali(ctx: Context): void {
  for (const version of versionsOf(ctx.upstream, 'kiali')) {
    const chart = path.join(ctx.upstream, 'kiali', version, 'charts', 'kiali-server');
    for (const c of CASES) {
      const site = (object: string): Site => ({ area: 'kiali', chart: 'kiali-server', version, case: c.name, object });
      let output: MeshOutput;
      try {
        output = buildCase(c, version);
      } catch (e: unknown) {
        const message = e instanceof Error ? e.message : String(e);
        if (!c.clusterWide) {
          // The chart renders Roles, but Kiali caches every remote cluster cluster-wide: the library refuses the case.
          ctx.ledger.check(site('RemoteAccess/Kiali'), 'namespace scope on a remote cluster is refused, naming the upstream behaviour',
            message.includes('Multi-cluster is not supported without cluster wide access') && message.includes('AccessScope.cluster()'), message);
          continue;
        }
        ctx.ledger.check(site('RemoteAccess/Kiali'), 'the library builds the case', false, message);
        continue;
      }
      if (!c.clusterWide) {
        ctx.ledger.check(site('RemoteAccess/Kiali'), 'namespace scope on a remote cluster is refused, naming the upstream behaviour', false,
          'the library built a namespace-scoped Kiali access to a remote cluster');
        continue;
      }
      let upstream: any[];
      try {
        upstream = ctx.helm.template({
          chart,
          label: `kiali-server ${version}`,
          release: 'kiali',
          namespace: ISTIO_NS,
          values: kialiValues(c),
          valuesSource: `remote-cluster values of case ${c.name}`,
        });
        ctx.ledger.rendered(site('chart/kiali-server'));
      } catch (e) {
        if (!(e instanceof RenderError)) { throw e; }
        ctx.ledger.renderFailed(site('chart/kiali-server'), e.message);
        continue;
      }
      upstream = upstream.filter(o => KINDS.includes(o.kind));
      const ours = output.clusters.get('cluster2')!.objects.filter(o => KINDS.includes(o.kind) && String(o.metadata?.name ?? '').startsWith('kiali'));
      const namespaces = c.clusterWide ? [ISTIO_NS] : [...new Set([ISTIO_NS, ...SCOPED])];
      for (const ns of namespaces) {
        const nsSite = (object: string) => ({ ...site(object), case: `${c.name}/${ns}` });
        // Namespaced RBAC of the chart, placed in ns (see the file comment); the ServiceAccount and
        // cluster-scoped objects once, with the Istio namespace.
        const theirs = upstream.filter(o => (o.kind === 'Role' || o.kind === 'RoleBinding') || ns === ISTIO_NS)
          .map(o => (o.kind === 'Role' || o.kind === 'RoleBinding') ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o);
        const mine = ours.filter(o => (o.kind === 'Role' || o.kind === 'RoleBinding') ? o.metadata?.namespace === ns : ns === ISTIO_NS);
        matchAndCompare(ctx.ledger, nsSite, theirs, mine);
      }
    }
  }
}
