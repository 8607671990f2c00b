/**
 * PKI benchmark: a fresh 10-cluster mesh PKI made by `TrustRoot` (RSA-4096 and
 * ECDSA P-256), a re-synth with a full key store, and the same work done with
 * the openssl CLI the way Istio's tools/certs Makefile does it (root + 10
 * intermediates: genrsa 4096, req, x509 with the common.mk extfiles), measured
 * in the same run.
 *
 *   npx ts-node --project test/tsconfig.json bench/pki.ts
 *
 * PKI_BENCH_RUNS=3 repeats every scenario (alternating with the openssl
 * procedure, so both see the same machine load) and reports medians.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KeyAlgorithm, Mesh, MeshApp, MeshCluster, TrustRoot } from '../src';
import { generatedKeyCount, KEYGEN_THREADS_ENV, lastParallelBatch } from '../src/pki/_x509';

const CLUSTERS = 10;

interface Measure {
  readonly seconds: number;
  readonly keys: number;
}

const made: string[] = [];

/** A temporary directory, removed when the benchmark ends (they hold generated keys). */
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-bench-'));
  made.push(dir);
  return dir;
}

/** Builds and synthesizes a mesh with a TrustRoot and `CLUSTERS` clusters; returns the time and the keys generated. */
function synthMesh(dir: string, algorithm: KeyAlgorithm): Measure {
  const keysBefore = generatedKeyCount();
  const start = process.hrtime.bigint();
  const app = new MeshApp({ outdir: path.join(dir, 'dist'), keyStore: path.join(dir, 'keys') });
  const mesh = new Mesh(app, 'mesh1');
  new TrustRoot(app, 'trust', { mesh, algorithm });
  for (let i = 1; i <= CLUSTERS; i++) {
    new MeshCluster(app, `cluster${i}`, { mesh, network: 'network1' }); // one network: no east-west gateways needed
  }
  app.synth();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, keys: generatedKeyCount() - keysBefore };
}

function withThreads<T>(threads: string | undefined, f: () => T): T {
  const saved = process.env[KEYGEN_THREADS_ENV];
  if (threads === undefined) { delete process.env[KEYGEN_THREADS_ENV]; } else { process.env[KEYGEN_THREADS_ENV] = threads; }
  try {
    return f();
  } finally {
    if (saved === undefined) { delete process.env[KEYGEN_THREADS_ENV]; } else { process.env[KEYGEN_THREADS_ENV] = saved; }
  }
}

const REQ = ['[ req ]', 'encrypt_key = no', 'prompt = no', 'utf8 = yes', 'default_md = sha256', 'default_bits = 4096',
  'req_extensions = req_ext', 'x509_extensions = req_ext', 'distinguished_name = req_dn', '[ req_ext ]', 'subjectKeyIdentifier = hash'];
const KEY_USAGE = 'keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, keyCertSign';

/** Istio's tools/certs procedure (common.mk + Makefile.selfsigned.mk), command by command. */
function opensslProcedure(dir: string): Measure {
  const run = (...args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) { throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`); }
  };
  const start = process.hrtime.bigint();
  // root-ca.conf, root-key.pem, root-cert.csr, root-cert.pem
  fs.writeFileSync(path.join(dir, 'root-ca.conf'), [...REQ, 'basicConstraints = critical, CA:true', KEY_USAGE,
    '[ req_dn ]', 'O = Istio', 'CN = Root CA'].join('\n') + '\n');
  run('genrsa', '-out', 'root-key.pem', '4096');
  run('req', '-sha256', '-new', '-key', 'root-key.pem', '-config', 'root-ca.conf', '-out', 'root-cert.csr');
  run('x509', '-req', '-sha256', '-days', '3650', '-signkey', 'root-key.pem', '-extensions', 'req_ext', '-extfile', 'root-ca.conf',
    '-in', 'root-cert.csr', '-out', 'root-cert.pem');
  // <cluster>-cacerts
  for (let i = 1; i <= CLUSTERS; i++) {
    const c = `cluster${i}`;
    fs.mkdirSync(path.join(dir, c));
    fs.writeFileSync(path.join(dir, c, 'intermediate.conf'), [...REQ, 'basicConstraints = critical, CA:true, pathlen:0', KEY_USAGE,
      'subjectAltName=@san', '[ san ]', 'DNS.1 = istiod.istio-system.svc', '[ req_dn ]', 'O = Istio', 'CN = Intermediate CA', `L = ${c}`].join('\n') + '\n');
    run('genrsa', '-out', `${c}/ca-key.pem`, '4096');
    run('req', '-sha256', '-new', '-config', `${c}/intermediate.conf`, '-key', `${c}/ca-key.pem`, '-out', `${c}/cluster-ca.csr`);
    run('x509', '-req', '-sha256', '-days', '3650', '-CA', 'root-cert.pem', '-CAkey', 'root-key.pem', '-CAcreateserial',
      '-extensions', 'req_ext', '-extfile', `${c}/intermediate.conf`, '-in', `${c}/cluster-ca.csr`, '-out', `${c}/ca-cert.pem`);
    fs.writeFileSync(path.join(dir, c, 'cert-chain.pem'),
      fs.readFileSync(path.join(dir, c, 'ca-cert.pem'), 'utf-8') + fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf-8'));
    fs.copyFileSync(path.join(dir, 'root-cert.pem'), path.join(dir, c, 'root-cert.pem'));
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, keys: 1 + CLUSTERS };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function fmt(seconds: number): string {
  return seconds >= 1 ? `${seconds.toFixed(2)} s` : `${(seconds * 1000).toFixed(0)} ms`;
}

/** Runs the benchmark and prints its table. */
export function runPkiBench(): void {
  try {
    bench();
  } finally {
    for (const dir of made.splice(0)) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function bench(): void {
  const runs = Math.max(1, Number(process.env.PKI_BENCH_RUNS ?? 1) || 1);
  const opensslVersion = spawnSync('openssl', ['version'], { encoding: 'utf-8' });
  const hasOpenssl = opensslVersion.status === 0;
  const cores = typeof (os as any).availableParallelism === 'function' ? (os as any).availableParallelism() : os.cpus().length;

  // Warm up module loading and the JIT with a small ECDSA synth.
  synthMesh(tmp(), KeyAlgorithm.ECDSA_P256);

  const rows: Record<'rsa' | 'openssl' | 'serial' | 'ec' | 'resynth' | 'resynthEc', Measure[]> = {
    rsa: [], openssl: [], serial: [], ec: [], resynth: [], resynthEc: [],
  };
  let workerKeys = 0;
  let threads = 0;
  for (let r = 0; r < runs; r++) {
    const rsaDir = tmp();
    rows.rsa.push(synthMesh(rsaDir, KeyAlgorithm.RSA_4096));
    ({ threads, byWorkers: workerKeys } = lastParallelBatch());
    rows.resynth.push(synthMesh(rsaDir, KeyAlgorithm.RSA_4096));
    if (hasOpenssl) { rows.openssl.push(opensslProcedure(tmp())); }
    rows.serial.push(withThreads('1', () => synthMesh(tmp(), KeyAlgorithm.RSA_4096)));
    const ecDir = tmp();
    rows.ec.push(synthMesh(ecDir, KeyAlgorithm.ECDSA_P256));
    rows.resynthEc.push(synthMesh(ecDir, KeyAlgorithm.ECDSA_P256));
  }

  const t = (ms: Measure[]) => median(ms.map(m => m.seconds));
  const k = (ms: Measure[]) => Math.max(...ms.map(m => m.keys));
  const base = hasOpenssl ? t(rows.openssl) : undefined;
  const ratio = (ms: Measure[]) => base === undefined ? 'n/a (no openssl)' : `${(t(ms) / base).toFixed(2)}×`;
  const lines = [
    `PKI benchmark: ${CLUSTERS} clusters, ${runs} run(s), median; ${cores} cores, load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}, `
      + `node ${process.version}, ${hasOpenssl ? opensslVersion.stdout.trim() : 'openssl CLI not installed'}`,
    '',
    '| scenario | time | keys generated | vs openssl procedure |',
    '|---|---:|---:|---:|',
    `| fresh PKI, RSA-4096, TrustRoot (keys in parallel: ${threads} threads, ${workerKeys} keys by workers) | ${fmt(t(rows.rsa))} | ${k(rows.rsa)} | ${ratio(rows.rsa)} |`,
    `| fresh PKI, RSA-4096, TrustRoot with ${KEYGEN_THREADS_ENV}=1 (serial) | ${fmt(t(rows.serial))} | ${k(rows.serial)} | ${ratio(rows.serial)} |`,
    `| fresh PKI, RSA-4096, openssl CLI as tools/certs does it (genrsa, req, x509 per CA) | ${base === undefined ? 'n/a' : fmt(base)} | ${1 + CLUSTERS} | 1.00× |`,
    `| fresh PKI, ECDSA P-256, TrustRoot | ${fmt(t(rows.ec))} | ${k(rows.ec)} | ${ratio(rows.ec)} |`,
    `| re-synth with a full key store (RSA-4096) | ${fmt(t(rows.resynth))} | ${k(rows.resynth)} | ${ratio(rows.resynth)} |`,
    `| re-synth with a full key store (ECDSA P-256) | ${fmt(t(rows.resynthEc))} | ${k(rows.resynthEc)} | ${ratio(rows.resynthEc)} |`,
    '',
    'TrustRoot times are whole synths: construct tree, PKI, rendering and writing every cluster directory and the key store.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const problems = [
    ...(k(rows.resynth) !== 0 || k(rows.resynthEc) !== 0 ? ['a re-synth generated keys'] : []),
    ...(t(rows.ec) >= 0.2 ? [`ECDSA P-256 took ${fmt(t(rows.ec))} (target: under 200 ms)`] : []),
    ...(base !== undefined && t(rows.rsa) / base > 0.5 ? [`RSA-4096 took ${ratio(rows.rsa)} of the openssl procedure (target: at most 0.5×)`] : []),
  ];
  for (const p of problems) {
    process.stdout.write(`target missed: ${p}\n`);
  }
}

if (require.main === module) {
  runPkiBench();
}
