/**
 * The key store and the outdir under concurrency and SIGKILL (issue #16): the
 * compiled CLI is killed at the fault points of its writes (the test hook
 * CDK8S_MESH_TEST_KILL_AT, see src/output/_fault.ts) and at random moments;
 * after each kill the key store, once recovered, must be the old one or the new
 * one (never a certificate beside another certificate's key), and the next synth
 * must succeed. N synths at once must leave one consistent result.
 *
 * Bounded for CI (a selection of the fault points); a longer run:
 *   KEYSTORE_FAULT_TRIALS=all KEYSTORE_FAULT_RANDOM=50 npx jest test/cli/key-store-faults.test.ts
 */
import { spawn } from 'child_process';
import { X509Certificate, createPrivateKey } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { cdk8sMesh, CliRun, MAIN } from './run';
import { KeyAlgorithm, Mesh, MeshApp, MeshCluster, TrustRoot } from '../../src';
import { recoverKeyStore } from '../../src/output/_store';
import { tempDir } from '../util';

const TEST_CA = Buffer.from(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8')).toString('base64');
const CLUSTERS = ['east', 'west'];
const ROOT_DIR = 'root-mesh1';
const PER_CLUSTER = ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem', 'secret.istio-system.cacerts.yaml'];
const DAY = 86_400_000;

const MESH_FILE = [
  'apiVersion: cdk8s-mesh.io/v1alpha1', 'kind: Mesh', 'metadata:', '  name: mesh1', 'spec:', '  istio: {install: helm}',
  '  trustRoot: {algorithm: ECDSA_P256, intermediateValidityDays: 365}', '  endpointDiscovery: full',
  ...CLUSTERS.flatMap(c => ['---', 'apiVersion: cdk8s-mesh.io/v1alpha1', 'kind: Cluster', 'metadata:', `  name: ${c}`, 'spec:', '  mesh: mesh1',
    '  network: n1', '  apiServer:', `    server: https://${c}.example.com:6443`, `    caData: ${TEST_CA}`]),
  '',
].join('\n');

/** Trials per scenario: a spread of the fault points in CI, every point with KEYSTORE_FAULT_TRIALS=all. */
const TRIALS = process.env.KEYSTORE_FAULT_TRIALS ?? '6';
const RANDOM_TRIALS = Number(process.env.KEYSTORE_FAULT_RANDOM ?? 1);

function workdir(): string {
  const dir = fs.realpathSync(tempDir('cdk8s-mesh-faults-'));
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH_FILE);
  return dir;
}

const SYNTH = ['synth', '-f', 'mesh.yaml', '-o', 'dist', '--key-store', 'keys'];

/** Runs the CLI without waiting; `killAfterMs` sends SIGKILL after that long. */
function runAsync(cwd: string, env: Record<string, string> = {}, killAfterMs?: number): Promise<CliRun & { signal: string | null }> {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.CDK8S_MESH_KEY_STORE;
  delete base.CDK8S_MESH_TEST_KILL_AT;
  return new Promise(resolve => {
    const child = spawn(process.execPath, [MAIN, ...SYNTH], { cwd, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      if (timer) { clearTimeout(timer); }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function readDir(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); } else { out[path.relative(dir, p)] = fs.readFileSync(p); }
    }
  };
  if (fs.existsSync(dir)) { walk(dir); }
  return out;
}

/** What is wrong with the key store `keys`: pairs that do not match, intermediates another root signed, stale files. */
function inconsistencies(keys: string): string[] {
  const problems: string[] = [];
  const read = (f: string) => fs.readFileSync(path.join(keys, f), 'utf-8');
  const rootPem = read(`${ROOT_DIR}/root-cert.pem`);
  const root = new X509Certificate(rootPem);
  if (!root.checkPrivateKey(createPrivateKey(read(`${ROOT_DIR}/root-key.pem`)))) { problems.push('root key does not match the root'); }
  for (const c of CLUSTERS) {
    const ca = new X509Certificate(read(`${c}/ca-cert.pem`));
    if (!ca.checkPrivateKey(createPrivateKey(read(`${c}/ca-key.pem`)))) { problems.push(`${c}: ca-key.pem does not match ca-cert.pem`); }
    if (!ca.verify(root.publicKey)) { problems.push(`${c}: ca-cert.pem is not signed by the root`); }
    if (read(`${c}/root-cert.pem`) !== rootPem) { problems.push(`${c}: root-cert.pem is another root`); }
    if (read(`${c}/cert-chain.pem`) !== read(`${c}/ca-cert.pem`) + rootPem) { problems.push(`${c}: cert-chain.pem is another chain`); }
    const secret = YAML.parse(read(`${c}/secret.istio-system.cacerts.yaml`));
    for (const f of ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']) {
      if (Buffer.from(secret.data[f], 'base64').toString() !== read(`${c}/${f}`)) { problems.push(`${c}: the cacerts Secret holds another ${f}`); }
    }
  }
  return problems;
}

/** Files an interrupted synth may leave: none may survive a successful synth. */
function leftovers(dir: string): string[] {
  const keys = Object.keys(readDir(path.join(dir, 'keys'))).filter(f => f.startsWith('.transaction') || f === '.lock' || /\.tmp-/.test(f));
  return [...keys, ...fs.readdirSync(dir).filter(n => n.startsWith('.dist.') || n.startsWith('.keys.'))];
}

/** The CLI's fault points for a synth of a copy of `dir`. */
async function countPoints(dir: string): Promise<number> {
  const copy = workdir();
  fs.cpSync(dir, copy, { recursive: true });
  const r = await runAsync(copy, { CDK8S_MESH_TEST_KILL_AT: 'count' });
  expect(r.code).toEqual(0);
  return Number(/fault points: (\d+)/.exec(r.stderr)![1]);
}

/** The points to kill at: every point, or `n` spread over 1..total (first and last included). */
function pointsToTry(total: number): number[] {
  if (TRIALS === 'all') { return Array.from({ length: total }, (_, i) => i + 1); }
  const n = Math.min(Number(TRIALS), total);
  return [...new Set(Array.from({ length: n }, (_, i) => 1 + Math.round(i * (total - 1) / Math.max(n - 1, 1))))];
}

interface Tally { trials: number; kills: number; corruptions: string[] }

/**
 * Kills a synth of a copy of `base` at each point (and at random moments), then
 * checks that the recovered key store is `isOld` or consistent and new, and that
 * the next synth succeeds and leaves no leftovers.
 */
async function killTrials(base: string, isOld: (keys: string) => boolean): Promise<Tally> {
  const tally: Tally = { trials: 0, kills: 0, corruptions: [] };
  const total = await countPoints(base);
  const plans: { env?: Record<string, string>; after?: number; name: string }[] = [
    ...pointsToTry(total).map(k => ({ env: { CDK8S_MESH_TEST_KILL_AT: String(k) }, name: `point ${k}/${total}` })),
    ...Array.from({ length: RANDOM_TRIALS }, (_, i) => ({ after: 150 + ((i * 7919) % 600), name: `random kill ${i}` })),
  ];
  for (const plan of plans) {
    const dir = workdir();
    fs.cpSync(base, dir, { recursive: true });
    const killed = await runAsync(dir, plan.env, plan.after);
    tally.trials++;
    if (killed.signal === 'SIGKILL') { tally.kills++; }
    const keys = path.join(dir, 'keys');
    if (fs.existsSync(keys)) { recoverKeyStore(keys); }
    const complete = fs.existsSync(path.join(keys, ROOT_DIR, 'root-key.pem'))
      && CLUSTERS.every(c => PER_CLUSTER.every(f => fs.existsSync(path.join(keys, c, f))));
    if (!isOld(keys) && !(complete && inconsistencies(keys).length === 0)) {
      tally.corruptions.push(`${plan.name}: the key store is neither the old nor a consistent new one (${complete ? inconsistencies(keys).join('; ') : 'files missing'})`);
    }
    const next = await runAsync(dir);
    if (next.code !== 0 || inconsistencies(keys).length > 0 || leftovers(dir).length > 0) {
      tally.corruptions.push(`${plan.name}: the next synth exited ${next.code} (${next.stderr.trim()}); ${inconsistencies(keys).join('; ')} ${leftovers(dir).join(', ')}`);
    }
  }
  return tally;
}

function report(what: string, t: Tally): void {
  process.stdout.write(`${what}: ${t.trials} trials, ${t.kills} killed mid-synth, ${t.corruptions.length} corruptions\n`);
}

beforeAll(() => {
  if (!fs.existsSync(MAIN)) { throw new Error(`${MAIN} does not exist: compile first (npx projen compile)`); }
});

/** The long run (every point) takes minutes. */
const LONG_RUN = TRIALS === 'all' || RANDOM_TRIALS > 1 ? 3_600_000 : undefined;

describe('cdk8s-mesh synth under SIGKILL', () => {
  test('a first synth killed at any write or rename leaves no key store or a complete one, and the next synth succeeds', async () => {
    // GIVEN: an empty key store
    const base = workdir();

    // WHEN
    const isEmpty = (keys: string) => !fs.existsSync(path.join(keys, ROOT_DIR)) && CLUSTERS.every(c => !fs.existsSync(path.join(keys, c)));
    const tally = await killTrials(base, isEmpty);

    // THEN
    report('first synth', tally);
    expect(tally.corruptions).toEqual([]);
    expect(tally.kills).toBeGreaterThanOrEqual(pointsToTry(3).length);
  }, LONG_RUN);

  test('a synth killed while it re-issues every intermediate leaves the old intermediates or the new ones, never a mix', async () => {
    // GIVEN: a key store whose intermediates entered their renewal window (issued 300 of 365 days ago)
    const base = workdir();
    const app = new MeshApp({ outdir: path.join(base, 'old-dist'), keyStore: path.join(base, 'keys') });
    const mesh = new Mesh(app, 'mesh1');
    new TrustRoot(app, 'trust', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, rootDirectory: ROOT_DIR, intermediateValidityDays: 365, now: new Date(Date.now() - 300 * DAY) });
    CLUSTERS.forEach(c => new MeshCluster(app, c, { mesh, network: 'n1' }));
    app.synth();
    fs.rmSync(path.join(base, 'old-dist'), { recursive: true });
    const old = readDir(path.join(base, 'keys'));
    const intermediates = CLUSTERS.flatMap(c => PER_CLUSTER.map(f => `${c}/${f}`));
    const isOld = (keys: string) => {
      const now = readDir(keys);
      return intermediates.every(f => now[f]?.equals(old[f]));
    };

    // WHEN
    const tally = await killTrials(base, isOld);

    // THEN
    report('re-issue', tally);
    expect(tally.corruptions).toEqual([]);
  }, LONG_RUN);
});

describe('cdk8s-mesh synth, concurrently', () => {
  test('4 synths at once on one key store and outdir: every one succeeds, one root, a consistent key store; the next synth changes nothing', async () => {
    // GIVEN
    const dir = workdir();

    // WHEN
    const runs = await Promise.all([1, 2, 3, 4].map(() => runAsync(dir)));

    // THEN
    expect(runs.map(r => r.code)).toEqual([0, 0, 0, 0]);
    const keys = path.join(dir, 'keys');
    expect(inconsistencies(keys)).toEqual([]);
    expect(leftovers(dir)).toEqual([]);
    const after = readDir(keys);
    const next = cdk8sMesh(dir, SYNTH);
    expect(next.code).toEqual(0);
    expect(readDir(keys)).toEqual(after);
    process.stdout.write(`concurrency: 4 synths, ${runs.filter(r => /waiting for key store/.test(r.stderr)).length} waited, 0 corruptions\n`);
  });

  test('a synth that cannot take the lock before CDK8S_MESH_LOCK_TIMEOUT fails with exit code 3, writes nothing and names the owner', () => {
    // GIVEN: a live process (this test) holds the key-store lock
    const dir = workdir();
    fs.mkdirSync(path.join(dir, 'keys'), { mode: 0o700 });
    const lock = path.join(dir, 'keys', '.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', nonce: 'test' }));

    // WHEN
    const r = cdk8sMesh(dir, SYNTH, { CDK8S_MESH_LOCK_TIMEOUT: '0.3' });

    // THEN
    expect(r.code).toEqual(3);
    // the message: cli-synth-key-store-locked in the bad-input catalogue; here, that it names the owner and the lock file
    expect(r.stderr).toMatch(/^note: waiting for .*\nerror: /);
    expect(r.stderr).toContain(`pid ${process.pid} on host ${os.hostname()}`);
    expect(r.stderr).toContain(lock);
    expect(Object.keys(readDir(path.join(dir, 'keys')))).toEqual(['.lock']);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('a stale lock (its pid no longer runs) is removed with one line, and the synth succeeds', () => {
    // GIVEN: the lock of a process that has exited
    const dir = workdir();
    fs.mkdirSync(path.join(dir, 'keys'), { mode: 0o700 });
    const lock = path.join(dir, 'keys', '.lock');
    const gone = cdk8sMesh(dir, ['--version']);
    expect(gone.code).toEqual(0);
    const deadPid = 4_000_000; // above pid_max on Linux (4194304 at most): never a running process here
    fs.writeFileSync(lock, JSON.stringify({ pid: deadPid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', nonce: 'dead' }));

    // WHEN
    const r = cdk8sMesh(dir, SYNTH);

    // THEN
    expect(r.code).toEqual(0);
    expect(r.stderr.split('\n').filter(l => l.startsWith('note:'))).toEqual([
      `note: removed a stale lock ${lock} (pid ${deadPid} on host ${os.hostname()} since 2026-01-01T00:00:00.000Z: pid ${deadPid} is not running)`,
    ]);
    expect(fs.existsSync(lock)).toBe(false);
    expect(inconsistencies(path.join(dir, 'keys'))).toEqual([]);
  });
});

describe('cdk8s-mesh synth with symbolic links', () => {
  test('a symlinked outdir stays a link (its target is swapped); a key store linked into the outdir is refused', () => {
    // GIVEN: dist is a link to real-dist
    const dir = workdir();
    fs.mkdirSync(path.join(dir, 'real-dist'));
    fs.symlinkSync('real-dist', path.join(dir, 'dist'));

    // WHEN
    const first = cdk8sMesh(dir, SYNTH);
    const second = cdk8sMesh(dir, SYNTH);

    // THEN
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(fs.lstatSync(path.join(dir, 'dist')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(dir, 'real-dist', 'east', 'kustomization.yaml'))).toBe(true);
    expect(leftovers(dir)).toEqual([]);

    // AND WHEN: a key store that is a link into the outdir
    fs.symlinkSync(path.join('real-dist', 'east'), path.join(dir, 'linked-keys'));
    const linked = cdk8sMesh(dir, ['synth', '-f', 'mesh.yaml', '-o', 'dist', '--key-store', 'linked-keys']);

    // THEN: refused before anything is written
    expect(linked.code).toEqual(2);
    expect(linked.stderr).toMatch(/--key-store "linked-keys"/); // the message: cli-synth-key-store-inside-output
    expect(fs.existsSync(path.join(dir, 'real-dist', 'east', 'kustomization.yaml'))).toBe(true);
  });
});
