/**
 * The meshes the conformance tier builds (through the public API only), and
 * reading back what a synth wrote: per cluster, the objects of its directory
 * and its install files.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import {
  ControlPlaneRole, EastWestGateway, EastWestGatewayLayout, EastWestGatewayProps, GatewayServiceType, IstioInstall, IstioVersion,
  Mesh, MeshApp, MeshCluster, MeshProps, TolerationEffect, TolerationOperator,
} from '../../src';

/** What a synth wrote for one cluster. */
export interface ClusterOutput {
  readonly name: string;
  readonly dir: string;
  /** The objects of the cluster directory (every file but kustomization.yaml and install/). */
  readonly objects: any[];
  /** install/<file> → parsed content (the first document). */
  readonly install: Map<string, any>;
}

/** A synthesized mesh. */
export interface MeshOutput {
  readonly outdir: string;
  readonly keyStore: string;
  readonly clusters: Map<string, ClusterOutput>;
}

/** Reads a synthesized outdir back. */
export function readOutdir(outdir: string, keyStore = ''): MeshOutput {
  const clusters = new Map<string, ClusterOutput>();
  for (const name of fs.readdirSync(outdir).sort()) {
    const dir = path.join(outdir, name);
    if (name.startsWith('.') || !fs.statSync(dir).isDirectory()) { continue; }
    const objects: any[] = [];
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.yaml') || f === 'kustomization.yaml') { continue; }
      for (const d of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8'))) {
        const o = d.toJS();
        if (o) { objects.push(o); }
      }
    }
    const install = new Map<string, any>();
    const installDir = path.join(dir, 'install');
    if (fs.existsSync(installDir)) {
      for (const f of fs.readdirSync(installDir).sort()) {
        install.set(f, YAML.parse(fs.readFileSync(path.join(installDir, f), 'utf-8')) ?? {});
      }
    }
    clusters.set(name, { name, dir, objects, install });
  }
  return { outdir, keyStore, clusters };
}

const made: string[] = [];
const outdirs: [string, string][] = [];

/** Every outdir synthesize() wrote in this run, with its case name (for the kustomize area). */
export function synthesizedOutdirs(): [string, string][] {
  return outdirs.filter(([, d]) => fs.existsSync(d));
}

/** Synthesizes an app built by `build` into a fresh temporary outdir and key store. */
export function synthesize(build: (app: MeshApp) => void, caseName = 'mesh'): MeshOutput {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-conformance-'));
  made.push(root);
  const outdir = path.join(root, 'dist');
  outdirs.push([caseName, outdir]);
  const keyStore = path.join(root, 'keys');
  const app = new MeshApp({ outdir, keyStore });
  build(app);
  quietly(() => app.synth());
  return readOutdir(outdir, keyStore);
}

/** Runs fn with stderr writes (the synth's warnings about pending credentials) swallowed. */
export function quietly<T>(fn: () => T): T {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as any;
  try {
    return fn();
  } finally {
    process.stderr.write = write;
  }
}

export function cleanupMeshes(): void {
  for (const d of made.splice(0)) { fs.rmSync(d, { recursive: true, force: true }); }
  outdirs.splice(0);
}

/** The install methods, by the name the tables use. */
export const INSTALL_METHODS: Record<string, () => IstioInstall> = {
  helm: () => IstioInstall.helm(),
  sail: () => IstioInstall.sail(),
  istioctl: () => IstioInstall.istioctl(),
};

/** One Istio mesh of the matrix. */
export interface IstioCase {
  readonly name: string;
  /** Mesh props besides version and install. */
  readonly mesh?: Partial<MeshProps>;
  readonly topology: 'multi-primary' | 'primary-remote';
  readonly gateway?: EastWestGatewayProps;
  readonly discoverySelectors?: boolean;
  /** Whether the case exercises the control plane (otherwise only the gateway). */
  readonly controlPlane: boolean;
}

export const ISTIO_CASES: IstioCase[] = [
  { name: 'multi-primary', topology: 'multi-primary', controlPlane: true },
  { name: 'primary-remote', topology: 'primary-remote', controlPlane: true },
  { name: 'revision', topology: 'multi-primary', mesh: { revision: 'canary' }, controlPlane: true },
  { name: 'primary-remote-revision', topology: 'primary-remote', mesh: { revision: 'canary' }, controlPlane: true },
  { name: 'discovery-selectors', topology: 'multi-primary', discoverySelectors: true, controlPlane: true },
  {
    name: 'nodeport',
    topology: 'multi-primary',
    controlPlane: false,
    gateway: { serviceType: GatewayServiceType.NODE_PORT, nodePorts: { tls: 31443 } },
  },
  { name: 'replicas', topology: 'multi-primary', controlPlane: false, gateway: { replicas: 2 } },
  {
    name: 'autoscaling',
    topology: 'multi-primary',
    controlPlane: false,
    gateway: {
      minReplicas: 2,
      maxReplicas: 4,
      resources: { cpuRequest: '200m', cpuLimit: '1500m', memoryRequest: '256Mi', memoryLimit: '1024Mi' },
    },
  },
  {
    name: 'disruption-budget',
    topology: 'multi-primary',
    controlPlane: false,
    gateway: { layout: EastWestGatewayLayout.GATEWAY_CHART, replicas: 2, podDisruptionBudget: { maxUnavailable: 1 } },
  },
  {
    // The Sail Operator's multicluster guide (and ristioctl) install the istioctl shape on any control plane.
    name: 'istioctl-layout',
    topology: 'multi-primary',
    controlPlane: false,
    gateway: {
      layout: EastWestGatewayLayout.ISTIOCTL,
      minReplicas: 2,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'edge', operator: TolerationOperator.EQUAL, value: 'true', effect: TolerationEffect.NO_SCHEDULE }],
    },
  },
];

/** The layout a case's gateways get: the explicit one, else the install method's default. */
export function gatewayLayoutOf(c: IstioCase, method: string): EastWestGatewayLayout {
  return c.gateway?.layout ?? (method === 'istioctl' ? EastWestGatewayLayout.ISTIOCTL : EastWestGatewayLayout.GATEWAY_CHART);
}

/** The gateway address of each cluster in the matrix (documentation addresses). */
export const ADDRESSES: Record<string, string> = { cluster1: '192.0.2.10', cluster2: '198.51.100.20' };

/** Builds one Istio case at a version and install method; undefined when the library refuses the combination (reason given). */
export function buildIstioCase(c: IstioCase, version: string, method: string): { output?: MeshOutput; refused?: string } {
  try {
    const output = synthesize(app => {
      const mesh = new Mesh(app, 'mesh1', {
        istioVersion: IstioVersion.of(version), install: INSTALL_METHODS[method](), ...c.mesh,
      });
      const selectors = c.discoverySelectors ? [{ matchLabels: { 'istio-discovery': 'enabled' } }] : undefined;
      const cluster1 = new MeshCluster(app, 'cluster1', { mesh, network: 'network1', discoverySelectors: selectors });
      const cluster2 = c.topology === 'primary-remote'
        ? new MeshCluster(app, 'cluster2', { mesh, network: 'network2', role: ControlPlaneRole.REMOTE, primary: cluster1 })
        : new MeshCluster(app, 'cluster2', { mesh, network: 'network2', discoverySelectors: selectors });
      for (const cluster of [cluster1, cluster2]) {
        new EastWestGateway(cluster, 'EastWestGateway', { address: ADDRESSES[cluster.clusterName], ...c.gateway });
      }
    }, `istio ${version} ${c.name}/${method}`);
    return { output };
  } catch (e: any) {
    return { refused: String(e.message ?? e) };
  }
}
