/**
 * Random meshes for the property tests: a plain-data model of a valid mesh
 * (fast-check arbitraries), and the builder that turns a model into a MeshApp.
 * The builder passes every value through as it is, so that a mutated model
 * (invalid-mutations.test.ts) reaches the library unchanged.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import {
  AccessConsumer, AccessScope, ApiServer, ControlPlaneRole, Credential, EastWestGateway, GatewayServiceType, IstioCaSecretLayout,
  IstioInstall, IstioVersion, KeyAlgorithm, LabelSelectorConfig, Mesh, MeshApp, MeshCluster, RemoteAccess, SelectorOperator, TrustRoot,
} from '../../src';

/** The test CA (public, a fixture) for API-server settings. */
export const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');
/** Stands for TEST_CA_PEM in models (keeps counterexamples short). */
export const TEST_CA = 'TEST_CA';

/** The clock of every TrustRoot here (a fixed time keeps runs reproducible). */
export const NOW = new Date('2030-01-01T00:00:00Z');

export interface GatewayModel {
  serviceType: 'LoadBalancer' | 'NodePort';
  address?: any;
  nodePorts?: any;
  replicas?: any;
  minReplicas?: any;
  maxReplicas?: any;
  additionalPorts?: any[];
  loadBalancerSourceRanges?: any[];
}

export interface ClusterModel {
  /** The construct id; the cluster name unless `clusterName` is set. */
  id: string;
  clusterName?: any;
  network: any;
  role: any;
  /** Index of the primary (remotes). */
  primary?: number;
  /** Set to give a primary to a cluster regardless of its role (mutations). */
  forcePrimary?: number;
  gateway?: GatewayModel;
  apiServer?: { url: any; caData?: any; insecure?: boolean };
  discoverySelectors?: any[];
}

export interface AccessModel {
  /** Index of the cluster being read. */
  read: number;
  /** Index of the consumer cluster. */
  consumer: number;
  kind: 'kiali' | 'argocd' | 'custom';
  namespaces?: any[];
  credential: boolean;
  tokenSecret: boolean;
  kialiInstance?: any;
  customRules?: any[];
}

export interface MeshModel {
  meshId: any;
  /** Unset: Istio (mutations set something else). */
  provider?: any;
  istioNamespace?: any;
  revision?: any;
  istioVersion?: any;
  install: 'sail' | 'helm' | 'istioctl';
  trustRoot?: { layout: 'cacerts' | 'kubernetes.io/tls'; rootValidityDays?: any; intermediateValidityDays?: any; organization?: any; algorithm?: any };
  /** none; pending (no credentials); credentials for every cluster (and optional extra names, for mutations). */
  endpointDiscovery: 'none' | 'pending' | 'credentials';
  extraCredentials?: string[];
  /** Clusters whose credential file is replaced by something that is not a token (mutations). */
  badTokens?: { cluster: string; content: string }[];
  tokenSecrets: boolean;
  clusters: ClusterModel[];
  accesses: AccessModel[];
}

const LABEL = /^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/;

/** Short DNS-1123 labels, not `root` (the TrustRoot's directory). */
export const labelArb = fc.stringMatching(LABEL).filter(s => s !== 'root' && s.length <= 12);

const NETWORKS = ['network1', 'network2', 'network3'];
const NAMESPACES = ['bookinfo', 'shop', 'apps', 'payments', 'istio-system'];

const selectorArb: fc.Arbitrary<LabelSelectorConfig> = fc.oneof(
  fc.record({ matchLabels: fc.constant({ 'istio-discovery': 'enabled' }) }),
  fc.record({ matchExpressions: fc.constant([{ key: 'env', operator: SelectorOperator.IN, values: ['prod', 'staging'] }]) }),
  fc.record({ matchExpressions: fc.constant([{ key: 'team', operator: SelectorOperator.EXISTS }]) }),
);

interface Skeleton {
  names: string[];
  networks: number[];
  roles: boolean[]; // true = remote (when possible)
  primaryPick: number[];
  gatewayType: boolean[]; // true = NodePort
  withAddress: boolean[];
  apiServer: boolean[];
  selectors: (LabelSelectorConfig[] | undefined)[];
}

function skeletonArb(maxClusters: number): fc.Arbitrary<Skeleton> {
  return fc.integer({ min: 1, max: maxClusters }).chain(n => fc.record({
    names: fc.uniqueArray(labelArb, { minLength: n, maxLength: n }),
    networks: fc.array(fc.integer({ min: 0, max: NETWORKS.length - 1 }), { minLength: n, maxLength: n }),
    roles: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    primaryPick: fc.array(fc.nat(), { minLength: n, maxLength: n }),
    gatewayType: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    withAddress: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    apiServer: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    selectors: fc.array(fc.option(fc.array(selectorArb, { minLength: 1, maxLength: 2 }), { nil: undefined }), { minLength: n, maxLength: n }),
  }));
}

function clustersOf(s: Skeleton, needApiServers: boolean): ClusterModel[] {
  const n = s.names.length;
  const clusters: ClusterModel[] = [];
  const primaries: number[] = [];
  for (let i = 0; i < n; i++) {
    const remote = i > 0 && s.roles[i] && primaries.length > 0;
    const c: ClusterModel = {
      id: s.names[i],
      network: NETWORKS[s.networks[i]],
      role: remote ? ControlPlaneRole.REMOTE : ControlPlaneRole.PRIMARY,
      primary: remote ? primaries[s.primaryPick[i] % primaries.length] : undefined,
      apiServer: needApiServers || s.apiServer[i] ? { url: `https://${s.names[i]}.example.com:6443`, caData: TEST_CA } : undefined,
      discoverySelectors: s.selectors[i],
    };
    if (!remote) { primaries.push(i); }
    clusters.push(c);
  }
  const multiNetwork = new Set(clusters.map(c => c.network)).size > 1;
  clusters.forEach((c, i) => {
    const hasRemotes = clusters.some(r => r.primary === i);
    if (!multiNetwork && !hasRemotes && !s.withAddress[i]) { return; }
    // A primary with remotes needs an address (global.remotePilotAddress); NodePort needs one anyway.
    const nodePort = s.gatewayType[i];
    const address = hasRemotes || nodePort || s.withAddress[i] ? `192.0.2.${10 + i}` : undefined;
    c.gateway = nodePort
      ? {
        serviceType: 'NodePort',
        address,
        nodePorts: hasRemotes ? { tls: 31443, tlsIstiod: 15012, tlsWebhook: 15017 } : { tls: 31443 },
      }
      : { serviceType: 'LoadBalancer', address };
  });
  return clusters;
}

function accessesArb(n: number): fc.Arbitrary<AccessModel[]> {
  if (n < 2) { return fc.constant([]); }
  const one = fc.record({
    read: fc.nat({ max: n - 1 }),
    offset: fc.integer({ min: 1, max: n - 1 }),
    kind: fc.constantFrom<'kiali' | 'argocd' | 'custom'>('kiali', 'argocd', 'custom'),
    namespaces: fc.option(fc.uniqueArray(fc.constantFrom(...NAMESPACES), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    credential: fc.boolean(),
    tokenSecret: fc.boolean(),
  // Kiali reads a remote cluster cluster-wide: it refuses namespace scope.
  }).map(({ offset, ...a }) => ({ ...a, namespaces: a.kind === 'kiali' ? undefined : a.namespaces, consumer: (a.read + offset) % n }));
  // One access per (cluster being read, consumer kind): one ServiceAccount has one set of rules.
  return fc.uniqueArray(one, { maxLength: 4, selector: a => `${a.read}/${a.kind}` });
}

/** A valid mesh of 1 to `maxClusters` clusters. */
export function meshModelArb(maxClusters = 12): fc.Arbitrary<MeshModel> {
  return fc.record({
    skeleton: skeletonArb(maxClusters),
    meshId: labelArb,
    istioNamespace: fc.option(fc.constantFrom('istio-system', 'mesh-system'), { nil: undefined }),
    revision: fc.option(fc.constantFrom('1-30-3', 'canary'), { nil: undefined }),
    install: fc.constantFrom<'sail' | 'helm' | 'istioctl'>('sail', 'helm', 'istioctl'),
    trustRoot: fc.option(fc.record({ layout: fc.constantFrom<'cacerts' | 'kubernetes.io/tls'>('cacerts', 'kubernetes.io/tls') }), { nil: undefined, freq: 3 }),
    endpointDiscovery: fc.constantFrom<'none' | 'pending' | 'credentials'>('none', 'pending', 'credentials', 'credentials'),
    tokenSecrets: fc.boolean(),
    accessSeed: fc.nat(),
  }).chain(m => accessesArb(m.skeleton.names.length).map(accesses => {
    const needApiServers = m.endpointDiscovery === 'credentials' || accesses.some(a => a.credential);
    const clusters = clustersOf(m.skeleton, needApiServers);
    return {
      meshId: m.meshId,
      istioNamespace: m.istioNamespace,
      revision: m.revision,
      install: m.install,
      trustRoot: m.trustRoot,
      endpointDiscovery: m.endpointDiscovery,
      tokenSecrets: m.tokenSecrets,
      clusters,
      accesses,
    } as MeshModel;
  }));
}

/** Where a built app writes, and the credentials it was given. */
export interface BuildTarget {
  readonly outdir: string;
  readonly keyStore: string;
  /** Token files, by cluster name (made once per case, reused by every build of it). */
  readonly tokenFiles: Record<string, string>;
}

function clusterNameOf(c: ClusterModel): string {
  return c.clusterName ?? c.id;
}

/** Builds the app a model describes. Throws what the library throws. */
export function buildApp(m: MeshModel, t: BuildTarget): MeshApp {
  const app = new MeshApp({ outdir: t.outdir, keyStore: t.keyStore });
  const install = m.install === 'helm' ? IstioInstall.helm() : m.install === 'istioctl' ? IstioInstall.istioctl() : IstioInstall.sail();
  const mesh = new Mesh(app, 'mesh', {
    meshId: m.meshId,
    provider: m.provider,
    istioNamespace: m.istioNamespace,
    revision: m.revision,
    install,
    istioVersion: m.istioVersion !== undefined ? IstioVersion.of(m.istioVersion) : undefined,
  });
  if (m.trustRoot) {
    new TrustRoot(app, 'TrustRoot', {
      mesh,
      algorithm: m.trustRoot.algorithm ?? KeyAlgorithm.ECDSA_P256,
      istioSecretLayout: m.trustRoot.layout as IstioCaSecretLayout,
      rootValidityDays: m.trustRoot.rootValidityDays,
      intermediateValidityDays: m.trustRoot.intermediateValidityDays,
      organization: m.trustRoot.organization,
      now: NOW,
    });
  }
  if (m.endpointDiscovery !== 'none') {
    const names = [...m.clusters.map(clusterNameOf), ...(m.extraCredentials ?? [])];
    const credentials = m.endpointDiscovery === 'credentials'
      ? Object.fromEntries(names.map(n => [n, Credential.fromTokenFile(t.tokenFiles[n])]))
      : undefined;
    mesh.enableEndpointDiscovery({ credentials, tokenSecrets: m.tokenSecrets });
  }
  const built: MeshCluster[] = [];
  m.clusters.forEach(c => {
    const primaryIndex = c.forcePrimary ?? c.primary;
    const cluster = new MeshCluster(app, c.id, {
      mesh,
      clusterName: c.clusterName,
      network: c.network,
      role: c.role,
      primary: primaryIndex !== undefined ? built[primaryIndex] : undefined,
      discoverySelectors: c.discoverySelectors,
      apiServer: c.apiServer
        ? ApiServer.fromUrl(c.apiServer.url, {
          caData: c.apiServer.caData === TEST_CA ? TEST_CA_PEM : c.apiServer.caData,
          insecureSkipTlsVerify: c.apiServer.insecure,
        })
        : undefined,
    });
    built.push(cluster);
    if (c.gateway) {
      const g = c.gateway;
      new EastWestGateway(cluster, 'EastWestGateway', {
        serviceType: g.serviceType as GatewayServiceType,
        address: g.address,
        nodePorts: g.nodePorts,
        replicas: g.replicas,
        minReplicas: g.minReplicas,
        maxReplicas: g.maxReplicas,
        additionalPorts: g.additionalPorts,
        loadBalancerSourceRanges: g.loadBalancerSourceRanges,
      });
    }
  });
  m.accesses.forEach((a, i) => {
    const read = built[a.read];
    const consumer = a.kind === 'kiali' ? AccessConsumer.kiali({ instanceName: a.kialiInstance })
      : a.kind === 'argocd' ? AccessConsumer.argoCd()
        : AccessConsumer.custom(a.customRules ?? [{ apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list', 'watch'] }]);
    new RemoteAccess(read, `Access${i}`, {
      consumer,
      consumerCluster: built[a.consumer],
      scope: a.namespaces ? AccessScope.namespaces(a.namespaces) : AccessScope.cluster(),
      credential: a.credential ? Credential.fromTokenFile(t.tokenFiles[clusterNameOf(m.clusters[a.read])]) : undefined,
      tokenSecret: a.tokenSecret,
    });
  });
  return app;
}

/** Every cluster name a model may need a token file for. */
export function tokenNames(m: MeshModel): string[] {
  return [...new Set([...m.clusters.map(c => String(clusterNameOf(c))), ...(m.extraCredentials ?? [])])];
}

/** How many runs of a property: `$PROPERTY_RUNS` when set (longer runs), else the CI default. */
export function runs(ciDefault: number): number {
  const env = Number(process.env.PROPERTY_RUNS);
  return Number.isInteger(env) && env > 0 ? env : ciDefault;
}

/** The seed: `$PROPERTY_SEED`, else fixed (CI runs are reproducible). */
export function seed(fixed: number): number {
  const env = Number(process.env.PROPERTY_SEED);
  return Number.isInteger(env) ? env : fixed;
}
