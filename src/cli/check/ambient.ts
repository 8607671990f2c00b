/**
 * Ambient mode (Istio 1.27+ multicluster): in a cluster whose control plane has
 * the `ambient` profile, istiod has `AMBIENT_ENABLE_MULTI_NETWORK`, the
 * east-west gateway is a Gateway API `Gateway` of class `istio-east-west` with
 * the HBONE listener that `gen-eastwest-gateway.sh --ambient` writes (15008,
 * TLS Terminate with ISTIO_MUTUAL), and its network label, ztunnel's network
 * and cluster name agree with the control plane's. A sidecar cluster must not
 * carry an ambient gateway.
 */
import { at, list, str } from './_doc';
import { ClusterDir } from './tree';
import { Check, CheckResult, clusterIdentity, fail, meshesOf, NETWORK_LABEL, ok } from './types';

const EAST_WEST_CLASS = 'istio-east-west';
const MULTI_NETWORK_ENV = 'AMBIENT_ENABLE_MULTI_NETWORK';

/** The istiod configurations of a cluster with their profile and whether they turn multi-network on. */
function istiodProfiles(c: ClusterDir): { source: string; profile?: string; multiNetwork: boolean }[] {
  const out: { source: string; profile?: string; multiNetwork: boolean }[] = [];
  for (const { obj } of c.objects) {
    if (at(obj, 'kind') === 'Istio' && String(at(obj, 'apiVersion')).startsWith('sailoperator.io/')) {
      const multiNetwork = at(obj, 'spec', 'values', 'pilot', 'env', MULTI_NETWORK_ENV) === 'true';
      out.push({ source: `Istio/${at(obj, 'metadata', 'name')}`, profile: str(obj, 'spec', 'profile'), multiNetwork });
    }
  }
  for (const f of c.install) {
    const file = f.rel.slice(c.name.length + 1);
    for (const doc of f.docs ?? []) {
      if (at(doc, 'kind') === 'IstioOperator' && at(doc, 'spec', 'profile') !== 'empty') {
        const env = at(list(doc, 'spec', 'components', 'pilot', 'k8s', 'env').find(e => at(e, 'name') === MULTI_NETWORK_ENV), 'value');
        const multiNetwork = env === 'true' || at(doc, 'spec', 'values', 'pilot', 'env', MULTI_NETWORK_ENV) === 'true';
        out.push({ source: `${file} (IstioOperator)`, profile: str(doc, 'spec', 'profile'), multiNetwork });
      } else if (/istiod.*-values\.ya?ml$/.test(file) && doc && typeof doc === 'object') {
        const multiNetwork = at(doc, 'pilot', 'env', MULTI_NETWORK_ENV) === 'true' || at(doc, 'env', MULTI_NETWORK_ENV) === 'true';
        out.push({ source: file, profile: str(doc, 'profile'), multiNetwork });
      }
    }
  }
  return out;
}

/** ztunnel's settings: the Sail ZTunnel resource or install/ztunnel-values.yaml. */
function ztunnelSettings(c: ClusterDir): { source: string; network?: string; clusterName?: string }[] {
  const out: { source: string; network?: string; clusterName?: string }[] = [];
  for (const { obj } of c.objects) {
    if (at(obj, 'kind') === 'ZTunnel' && String(at(obj, 'apiVersion')).startsWith('sailoperator.io/')) {
      const z = at(obj, 'spec', 'values', 'ztunnel') ?? {};
      out.push({ source: `ZTunnel/${at(obj, 'metadata', 'name')}`, network: str(z, 'network'), clusterName: str(z, 'multiCluster', 'clusterName') });
    }
  }
  for (const f of c.install) {
    const file = f.rel.slice(c.name.length + 1);
    if (!/ztunnel-values\.ya?ml$/.test(file)) { continue; }
    for (const doc of f.docs ?? []) {
      if (doc && typeof doc === 'object') {
        const clusterName = str(doc, 'multiCluster', 'clusterName') ?? str(doc, 'global', 'multiCluster', 'clusterName');
        out.push({ source: file, network: str(doc, 'network') ?? str(doc, 'global', 'network'), clusterName });
      }
    }
  }
  return out;
}

/** What is wrong with one istio-east-west Gateway. */
function gatewayProblems(gw: unknown, network: string | undefined): string[] {
  const where = `Gateway ${at(gw, 'metadata', 'namespace') ?? ''}/${at(gw, 'metadata', 'name')}`;
  const problems: string[] = [];
  const label = at(gw, 'metadata', 'labels', NETWORK_LABEL);
  if (label !== network) {
    problems.push(`${where} has ${NETWORK_LABEL}=${label === undefined ? '(none)' : `"${label}"`}, but the control plane's network is "${network}"`);
  }
  const hbone = list(gw, 'spec', 'listeners').find(l => at(l, 'port') === 15008 && at(l, 'protocol') === 'HBONE');
  if (!hbone) {
    problems.push(`${where} has no listener on port 15008 with protocol HBONE (gen-eastwest-gateway.sh --ambient writes listener "mesh")`);
  } else if (at(hbone, 'tls', 'mode') !== 'Terminate' || at(hbone, 'tls', 'options', 'gateway.istio.io/tls-terminate-mode') !== 'ISTIO_MUTUAL') {
    problems.push(`${where} listener "${at(hbone, 'name')}" must terminate TLS with ISTIO_MUTUAL (tls.mode Terminate, option gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL): without it istiod rejects the east-west gateway`);
  }
  return problems;
}

/** Per Istio cluster in ambient mode (and any cluster with an ambient gateway). */
export const ambientCheck: Check = {
  group: 'ambient',
  name: 'ambient control plane, ztunnel and east-west gateway agree',
  run: ctx => {
    const meshes = meshesOf(ctx);
    const results: CheckResult[] = [];
    for (const c of ctx.tree.clusters) {
      const id = clusterIdentity(c);
      if (id.provider !== 'istio') { continue; }
      const profiles = istiodProfiles(c);
      const ambient = profiles.some(p => p.profile === 'ambient');
      const gateways = c.objects.map(o => o.obj).filter(o => at(o, 'kind') === 'Gateway' && String(at(o, 'apiVersion')).startsWith('gateway.networking.k8s.io/')
        && at(o, 'spec', 'gatewayClassName') === EAST_WEST_CLASS);
      if (!ambient) {
        if (gateways.length > 0) {
          results.push(fail(`${c.name}: ${gateways.length} Gateway(s) of class ${EAST_WEST_CLASS}, but the control plane is not in ambient mode (profile ambient)`,
            gateways.map(g => `Gateway ${at(g, 'metadata', 'namespace') ?? ''}/${at(g, 'metadata', 'name')}: an ambient east-west gateway does nothing for sidecars, which use port 15443`)));
        }
        continue;
      }
      const problems: string[] = [];
      const networks = new Set((meshes.get(id.meshId ?? '') ?? []).map(x => x.network));
      for (const p of profiles.filter(x => x.profile === 'ambient' && !x.multiNetwork)) {
        problems.push(`${p.source} has profile ambient but not ${MULTI_NETWORK_ENV}="true": istiod keeps ambient traffic on its own network`);
      }
      const ztunnels = ztunnelSettings(c);
      for (const z of ztunnels) {
        if (z.network !== undefined && z.network !== id.network) {
          problems.push(`${z.source} says network "${z.network}", but the control plane's network is "${id.network}"`);
        }
        if (z.clusterName !== undefined && z.clusterName !== c.name) {
          problems.push(`${z.source} says cluster name "${z.clusterName}", but the directory is "${c.name}"`);
        }
      }
      if (gateways.length === 0 && networks.size > 1) {
        problems.push(`no Gateway of class ${EAST_WEST_CLASS}, but mesh "${id.meshId}" spans ${networks.size} networks: ambient clusters on different networks reach each other only through it`);
      }
      for (const g of gateways) { problems.push(...gatewayProblems(g, id.network)); }
      if (problems.length > 0) {
        results.push(fail(`${c.name}: ambient configuration disagrees`, problems));
      } else {
        results.push(ok(`${c.name}: ambient on network "${id.network}": ${[...profiles.map(p => p.source), ...ztunnels.map(z => z.source),
          ...gateways.map(g => `Gateway ${at(g, 'metadata', 'name')} (${EAST_WEST_CLASS}, HBONE 15008)`)].join(', ')}`));
      }
    }
    return results;
  },
};
