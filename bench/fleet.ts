/**
 * Fleet benchmark: multi-primary full meshes of N clusters (every cluster with
 * an east-west gateway, a P-256 TrustRoot, and full endpoint discovery with
 * supplied tokens, so the N(N-1) remote secrets are real), next to a bare cdk8s
 * app that emits the same number of objects of the same sizes, in the same run.
 * Each measurement runs in its own process (bench/fleet-worker.js, compiled
 * library in lib/) so that peak RSS is its own.
 *
 *   npx projen compile && npx ts-node --project test/tsconfig.json bench/fleet.ts [N ...]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Result {
  readonly constructMs: number;
  readonly synthMs: number;
  readonly objects: number;
  readonly bytes: number;
  readonly keysGenerated: number;
  readonly peakRssMiB: number;
}

function worker(kind: string, n: number, dir: string): Result {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'fleet-worker.js'), kind, String(n), dir], { encoding: 'utf-8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`fleet-worker ${kind} ${n} failed: ${r.stderr}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function treeBytes(dir: string): Buffer[] {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); } else { out.push(Buffer.concat([Buffer.from(path.relative(dir, p)), fs.readFileSync(p)])); }
    }
  };
  walk(dir);
  return out;
}

function identical(a: Buffer[], b: Buffer[]): boolean {
  return a.length === b.length && a.every((x, i) => x.equals(b[i]));
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map(r => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map(r => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  return [line(cells[0]), '|' + widths.map(w => '-'.repeat(w + 2)).join('|') + '|', ...cells.slice(1).map(line)].join('\n');
}

/** Runs the fleet benchmark for the given sizes and prints its table. */
export function runFleetBench(sizes: number[] = [2, 10, 50, 100]): void {
  if (!fs.existsSync(path.join(__dirname, '..', 'lib', 'index.js'))) {
    throw new Error('lib/ is missing: run `npx projen compile` first');
  }
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-fleet-${n}-`));
    try {
      const fresh = worker('mesh', n, dir);
      const before = [...treeBytes(path.join(dir, 'out')), ...treeBytes(path.join(dir, 'keys'))];
      const again = worker('mesh', n, dir);
      const after = [...treeBytes(path.join(dir, 'out')), ...treeBytes(path.join(dir, 'keys'))];
      const base = worker('baseline', n, dir);
      const meshMs = again.constructMs + again.synthMs;
      const baseMs = base.constructMs + base.synthMs;
      rows.push([
        n, n * (n - 1), again.objects, (again.bytes / 1024 / 1024).toFixed(1),
        (fresh.constructMs + fresh.synthMs).toFixed(0), fresh.keysGenerated,
        meshMs.toFixed(0), (meshMs / again.objects * 1000).toFixed(1), again.keysGenerated, identical(before, after) ? 'yes' : 'NO',
        baseMs.toFixed(0), (meshMs / baseMs).toFixed(2), again.peakRssMiB.toFixed(0), base.peakRssMiB.toFixed(0),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\nFleet synth: multi-primary full mesh (${os.cpus().length} cores, Node ${process.version}); times in ms, in-process (construct + synth)\n`);
  console.log(table([
    'clusters', 'remote secrets', 'objects', 'MiB', 'fresh ms', 'keys made', 're-synth ms', 'ms/1k obj', 'keys made', 'identical',
    'bare cdk8s ms', 'ratio', 'peak RSS MiB', 'bare RSS MiB',
  ], rows));
  console.log('\nre-synth = a second synth with the key store from the first (the steady state); ratio = re-synth / bare cdk8s with the same objects.');
}

if (require.main === module) {
  const args = process.argv.slice(2).map(Number).filter(x => x > 0);
  runFleetBench(args.length ? args : undefined);
}
