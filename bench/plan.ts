/**
 * Plan and graph benchmark: a multi-primary full mesh of N clusters (east-west
 * gateways with addresses, a P-256 TrustRoot, full endpoint discovery with
 * supplied tokens, so the N(N-1) remote secrets are real), as the fleet
 * benchmark builds it. For each N, in one process and in this order:
 *
 * - synth: build + `app.synth()` over the tree and key store of a first synth (a re-synth)
 * - plan (no change): build + `app.plan()` against that tree (what `cdk8s-mesh plan` does)
 * - plan (edit): the same with one gateway address changed (a diff to compute)
 * - graph: build + `MeshGraph.of()` + DOT, and the SVG layout (Graphviz, WebAssembly), with its size
 *
 *   npx ts-node --project test/tsconfig.json bench/plan.ts [N ...]    (default: 2 10 50 100)
 *
 * PLAN_BENCH_RUNS=3 repeats each measurement and reports medians. Absolute
 * times vary with the machine's load; compare the columns of one run.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiServer, Credential, EastWestGateway, GatewayServiceType, KeyAlgorithm, Mesh, MeshApp, MeshCluster, MeshGraph, TrustRoot } from '../src';

const CA = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'test-only-ca.crt'), 'utf-8');

function token(): string {
  const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64url');
  return `${b64(JSON.stringify({ alg: 'RS256', kid: 'bench' }))}.${b64(JSON.stringify({ sub: 'bench' }))}.${b64(randomBytes(256))}`;
}

function build(dir: string, n: number, firstAddress: string): MeshApp {
  const credentials: { [name: string]: Credential } = {};
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, 'tokens', `c${i}.token`);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, token(), { mode: 0o600 });
    }
    credentials[`c${i}`] = Credential.fromTokenFile(file);
  }
  const app = new MeshApp({ outdir: path.join(dir, 'out'), keyStore: path.join(dir, 'keys') });
  const mesh = new Mesh(app, 'mesh1');
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256 });
  mesh.enableEndpointDiscovery({ credentials });
  for (let i = 0; i < n; i++) {
    const c = new MeshCluster(app, `c${i}`, { mesh, network: `network${i}`, apiServer: ApiServer.fromUrl(`https://c${i}.example.com:6443`, { caData: CA }) });
    // NodePort gateways: their addresses are written into every primary's meshNetworks, so an edit shows in the tree.
    new EastWestGateway(c, 'EastWestGateway', { address: i === 0 ? firstAddress : `10.${Math.floor(i / 250)}.${i % 250}.1`, serviceType: GatewayServiceType.NODE_PORT, nodePorts: { tls: 31443 } });
  }
  return app;
}

function quiet<T>(fn: () => T): T {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as any;
  try { return fn(); } finally { process.stderr.write = write; }
}

function ms<T>(fn: () => T): { ms: number; value: T } {
  const t = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

async function msAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row {
  readonly n: number;
  readonly synthMs: number;
  readonly planMs: number;
  readonly planEditMs: number;
  readonly planEditFiles: number;
  readonly graphDotMs: number;
  readonly svgMs: number;
  readonly svgBytes: number;
  readonly dotBytes: number;
}

/** Measures one size. */
export async function measure(n: number, runs: number): Promise<Row> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-plan-bench-'));
  try {
    quiet(() => build(dir, n, '10.0.0.1').synth());
    const synth: number[] = []; const plan: number[] = []; const edit: number[] = []; const dot: number[] = []; const svg: number[] = [];
    let editFiles = 0; let svgBytes = 0; let dotBytes = 0;
    for (let r = 0; r < runs; r++) {
      synth.push(ms(() => quiet(() => build(dir, n, '10.0.0.1').synth())).ms);
      const p = ms(() => quiet(() => build(dir, n, '10.0.0.1').plan()));
      if (p.value.changed) { throw new Error(`plan after a synth of ${n} clusters reports changes`); }
      plan.push(p.ms);
      const e = ms(() => quiet(() => build(dir, n, '10.0.0.99').plan()));
      editFiles = e.value.outputFiles.length;
      edit.push(e.ms);
      const g = ms(() => quiet(() => { const graph = MeshGraph.of(build(dir, n, '10.0.0.1')); return { graph, dot: graph.toDot() }; }));
      dot.push(g.ms);
      dotBytes = Buffer.byteLength(g.value.dot);
      const s = await msAsync(() => g.value.graph.toSvg());
      svg.push(s.ms);
      svgBytes = Buffer.byteLength(s.value);
    }
    return {
      n,
      synthMs: median(synth),
      planMs: median(plan),
      planEditMs: median(edit),
      planEditFiles: editFiles,
      graphDotMs: median(dot),
      svgMs: median(svg),
      svgBytes,
      dotBytes,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench`'s plan table. */
export async function runPlanBench(sizes: number[] = [2, 10, 50, 100]): Promise<void> {
  const runs = Number(process.env.PLAN_BENCH_RUNS ?? 1);
  const rows: Row[] = [];
  for (const n of sizes) { rows.push(await measure(n, runs)); }
  const f = (x: number) => x.toFixed(0).padStart(8);
  process.stdout.write(`\nplan and graph, multi-primary full mesh (median of ${runs} run${runs === 1 ? '' : 's'}; ms)\n`);
  process.stdout.write('clusters  re-synth      plan  plan/synth  plan(edit)  files changed  graph+DOT  SVG layout  SVG bytes  DOT bytes\n');
  for (const r of rows) {
    process.stdout.write(`${String(r.n).padStart(8)}  ${f(r.synthMs)}  ${f(r.planMs)}  ${(r.planMs / r.synthMs).toFixed(2).padStart(10)}  ${f(r.planEditMs)}    ${String(r.planEditFiles).padStart(11)}  ${f(r.graphDotMs)}   ${f(r.svgMs)}  ${String(r.svgBytes).padStart(9)}  ${String(r.dotBytes).padStart(9)}\n`);
  }
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter(x => x > 0);
  void runPlanBench(sizes.length > 0 ? sizes : undefined);
}
