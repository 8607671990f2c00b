/**
 * `MeshApp.plan()`: what a synth would change, for a scripted edit sequence
 * (add a cluster, rotate a credential, change a gateway address, a renewal
 * window), checked against what the synth then really changed; and plan never
 * writes anything.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  ApiServer, CertificateAction, ControlPlaneRole, Credential, EastWestGateway, FileChange, KeyAlgorithm, Mesh, MeshApp, MeshCluster, MeshPlan,
  TrustRoot,
} from '../../src';
import { readTree, tempDir } from '../util';
import { testToken } from '../util/credentials';

const CA = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

interface Setup {
  readonly dir: string;
  /** Extra primaries beside cluster1 (a primary) and cluster2 (its remote). */
  readonly extra: string[];
  readonly remoteAddress: string;
  readonly now?: Date;
}

/** A primary-remote mesh with a token for cluster2 and full endpoint discovery. */
function build(s: Setup): MeshApp {
  const app = new MeshApp({ outdir: path.join(s.dir, 'dist'), keyStore: path.join(s.dir, 'keys') });
  const mesh = new Mesh(app, 'mesh1');
  new TrustRoot(app, 'TrustRoot', { mesh, algorithm: KeyAlgorithm.ECDSA_P256, ...(s.now ? { now: s.now } : {}) });
  mesh.enableEndpointDiscovery({ credentials: { cluster2: Credential.fromTokenFile(path.join(s.dir, 'cluster2.token')) } });
  const cluster1 = new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
  new EastWestGateway(cluster1, 'EastWestGateway', { address: s.remoteAddress });
  const cluster2 = new MeshCluster(app, 'cluster2', {
    mesh,
    network: 'network2',
    role: ControlPlaneRole.REMOTE,
    primary: cluster1,
    apiServer: ApiServer.fromUrl('https://cluster2.example.com:6443', { caData: CA }),
  });
  new EastWestGateway(cluster2, 'EastWestGateway');
  for (const name of s.extra) {
    const c = new MeshCluster(app, name, { mesh, network: 'network1', apiServer: ApiServer.fromUrl(`https://${name}.example.com:6443`, { caData: CA }) });
    new EastWestGateway(c, 'EastWestGateway');
  }
  return app;
}

/** Plan and synth the same app quietly; returns the plan. */
function quiet<T>(fn: () => T): T {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as any;
  try { return fn(); } finally { process.stderr.write = write; }
}

/** What changed between two trees: path → change. */
function changes(before: Record<string, string>, after: Record<string, string>): Record<string, FileChange> {
  const out: Record<string, FileChange> = {};
  for (const p of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(p in before)) {
      out[p] = FileChange.ADDED;
    } else if (!(p in after)) {
      out[p] = FileChange.REMOVED;
    } else if (before[p] !== after[p]) {
      out[p] = FileChange.CHANGED;
    }
  }
  return out;
}

const asMap = (files: { path: string; change: FileChange }[]) => Object.fromEntries(files.map(f => [f.path, f.change]));
const withoutMarker = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).filter(([p]) => p !== '.cdk8s-mesh'));

/** Hash of every file (path, content, mode) below `dir`, and of the directories themselves. */
function hashTree(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    if (!fs.existsSync(d)) { h.update(`missing ${d}`); return; }
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      h.update(`${path.relative(dir, p)} ${st.mode} ${st.mtimeMs}\n`);
      if (e.isDirectory()) { walk(p); } else if (e.isFile()) { h.update(fs.readFileSync(p)); }
    }
  };
  walk(dir);
  return h.digest('hex');
}

/**
 * Plans `s`, checks that plan wrote nothing, synthesizes it, and checks that
 * the plan named exactly the files the synth changed. Returns the plan.
 */
function planThenSynth(s: Setup): MeshPlan {
  const outdir = path.join(s.dir, 'dist');
  const keys = path.join(s.dir, 'keys');
  const before = { out: withoutMarker(readTree(outdir)), keys: readTree(keys), hash: hashTree(s.dir) };
  const plan = quiet(() => build(s).plan());
  expect(hashTree(s.dir)).toBe(before.hash);
  quiet(() => build(s).synth());
  expect(asMap(plan.outputFiles)).toEqual(changes(before.out, withoutMarker(readTree(outdir))));
  expect(asMap(plan.keyStoreFiles)).toEqual(changes(before.keys, readTree(keys)));
  expect(plan.changed).toBe(plan.outputFiles.length + plan.keyStoreFiles.length > 0);
  return plan;
}

describe('MeshApp.plan() over a scripted edit sequence', () => {
  const dir = tempDir();
  const base: Setup = { dir, extra: [], remoteAddress: '192.0.2.10' };
  fs.writeFileSync(path.join(dir, 'cluster2.token'), testToken(365), { mode: 0o600 });

  test('the first plan adds everything and generates the root and each intermediate', () => {
    // GIVEN an empty outdir and key store  WHEN planned, then synthesized
    const plan = planThenSynth(base);
    // THEN every file is added, and the root and both intermediates are generated because they are missing
    expect(plan.outputFiles.every(f => f.change === FileChange.ADDED)).toBe(true);
    expect(plan.outputFiles.find(f => f.path === 'cluster1/kustomization.yaml')?.diff).toMatch(/^--- \/dev\/null\n\+\+\+ b\/cluster1\/kustomization.yaml\n/);
    expect(plan.certificates.map(c => [c.certificate, c.cluster, c.action])).toEqual([
      ['root', undefined, CertificateAction.GENERATE],
      ['intermediate CA', 'cluster1', CertificateAction.GENERATE],
      ['intermediate CA', 'cluster2', CertificateAction.GENERATE],
    ]);
    expect(plan.certificates[1].reason).toBe('missing: the key store holds none');
  });

  test('a plan right after the synth changes nothing', () => {
    // GIVEN the synthesized tree  WHEN planned again
    const plan = planThenSynth(base);
    // THEN nothing would change
    expect(plan).toMatchObject({ changed: false, outputFiles: [], keyStoreFiles: [], certificates: [] });
  });

  test('adding a cluster: its directory, its intermediate, the remote secrets that read it, and the files that name it', () => {
    // GIVEN a third cluster  WHEN planned
    const plan = planThenSynth({ ...base, extra: ['cluster3'] });
    // THEN its files are added, and its intermediate CA is generated
    expect(plan.outputFiles.filter(f => f.path.startsWith('cluster3/')).every(f => f.change === FileChange.ADDED)).toBe(true);
    expect(plan.outputFiles.some(f => f.path === 'cluster3/kustomization.yaml')).toBe(true);
    expect(plan.keyStoreFiles).toContainEqual({ path: 'cluster3/ca-key.pem', change: FileChange.ADDED });
    expect(plan.certificates.map(c => [c.cluster, c.action, c.reason])).toEqual([['cluster3', CertificateAction.GENERATE, 'missing: the key store holds none']]);
  });

  test('rotating a credential changes one key-store file, by name only', () => {
    // GIVEN a new token for cluster2  WHEN planned
    const token = testToken(365);
    fs.writeFileSync(path.join(dir, 'cluster2.token'), token, { mode: 0o600 });
    const plan = planThenSynth({ ...base, extra: ['cluster3'] });
    // THEN only the remote secrets that carry it change (in both primaries that read cluster2), and no output file
    expect(plan.outputFiles).toEqual([]);
    expect(plan.keyStoreFiles).toEqual([
      { path: 'cluster1/secret.istio-system.istio-remote-secret-cluster2.yaml', change: FileChange.CHANGED },
      { path: 'cluster3/secret.istio-system.istio-remote-secret-cluster2.yaml', change: FileChange.CHANGED },
    ]);
    expect(plan.certificates).toEqual([]);
    // AND the token is nowhere in the plan
    expect(JSON.stringify(plan)).not.toContain(token.split('.')[2]);
  });

  test('changing the gateway address changes the remote\'s values, with a unified diff', () => {
    // GIVEN another address for cluster1's gateway (the remote's discovery address)  WHEN planned
    const plan = planThenSynth({ ...base, extra: ['cluster3'], remoteAddress: '192.0.2.99' });
    // THEN the files that name it change, with the old and the new address in their diff
    expect(plan.outputFiles.length).toBeGreaterThan(0);
    expect(plan.outputFiles.every(f => f.change === FileChange.CHANGED)).toBe(true);
    const diff = plan.outputFiles.map(f => f.diff).join('');
    expect(diff).toMatch(/^-.*192\.0\.2\.10$/m);
    expect(diff).toMatch(/^\+.*192\.0\.2\.99$/m);
    expect(plan.keyStoreFiles).toEqual([]);
  });

  test('removing a cluster removes its directory', () => {
    // GIVEN cluster3 removed  WHEN planned
    const plan = planThenSynth({ ...base, remoteAddress: '192.0.2.99' });
    // THEN its files are removed (the key store keeps its certificates: a synth never deletes them)
    expect(plan.outputFiles.filter(f => f.path.startsWith('cluster3/')).length).toBeGreaterThan(0);
    expect(plan.outputFiles.filter(f => f.path.startsWith('cluster3/')).every(f => f.change === FileChange.REMOVED)).toBe(true);
  });

  test('an intermediate inside its renewal window is re-issued, and the plan says why', () => {
    // GIVEN the clock 300 days on (the default renewal window is the last third of 365 days)  WHEN planned
    const now = new Date(Date.now() + 300 * 86_400_000);
    const plan = quiet(() => build({ ...base, remoteAddress: '192.0.2.99', now }).plan());
    // THEN both intermediates would be re-issued because of the renewal window
    expect(plan.certificates.map(c => [c.cluster, c.action])).toEqual([['cluster1', CertificateAction.REISSUE], ['cluster2', CertificateAction.REISSUE]]);
    expect(plan.certificates[0].reason).toMatch(/^it is inside its renewal window: it expires on \d{4}-/);
    expect(plan.keyStoreFiles).toContainEqual({ path: 'cluster1/ca-cert.pem', change: FileChange.CHANGED });
  });
});

describe('MeshApp.plan() writes nothing', () => {
  test('not on a fresh directory (no outdir, no key store is created)', () => {
    // GIVEN a directory with nothing in it  WHEN planned
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'cluster2.token'), testToken(), { mode: 0o600 });
    const before = hashTree(dir);
    const plan = quiet(() => build({ dir, extra: [], remoteAddress: '192.0.2.10' }).plan());
    // THEN it reports changes and the directory is as it was
    expect(plan.changed).toBe(true);
    expect(hashTree(dir)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['cluster2.token']);
  });

  test('not on error: an outdir that is not ours', () => {
    // GIVEN an outdir that holds someone else's file  WHEN planned
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'cluster2.token'), testToken(), { mode: 0o600 });
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'notes.txt'), 'mine');
    const before = hashTree(dir);
    // THEN it throws the synth's error and writes nothing
    expect(() => quiet(() => build({ dir, extra: [], remoteAddress: '192.0.2.10' }).plan())).toThrow(/not written by/);
    expect(hashTree(dir)).toBe(before);
  });
});
