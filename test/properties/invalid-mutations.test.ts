/**
 * Property: one invalid mutation of a valid mesh always fails with one of the
 * library's own errors (`<path>: '<prop>' (...) ...`, `Validation failed with
 * the following errors:`, or, for the output directory and key store, the
 * writer's messages), never a TypeError or an error from inside a dependency,
 * and leaves the outdir and the key store (of an earlier, valid synth, when
 * there was one) exactly as they were, printing nothing.
 *
 * Seeded and bounded for CI; PROPERTY_RUNS=2000 (and PROPERTY_SEED=<n>) for a longer run.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { buildApp, ClusterModel, meshModelArb, MeshModel, runs, seed, TEST_CA, tokenNames } from './model';
import { ControlPlaneRole, SelectorOperator } from '../../src';
import { snapshotTree } from '../bad-inputs/context';
import { notOurError, PROP_FORMAT, VALIDATION_FORMAT, WRITER_FORMAT } from '../bad-inputs/our-errors';
import { tempDir } from '../util';
import { testToken } from '../util/credentials';

/** One invalid change to a valid model. */
interface Mutation {
  readonly name: string;
  /** Changes the model (a copy) so that it is invalid. */
  readonly apply: (m: MeshModel) => void;
  /** Prepares the file system instead (outdir or key store in the way). */
  readonly prepare?: (dirs: { outdir: string; keyStore: string }) => void;
  /** True for the writer's own messages (outdir, key store). */
  readonly writer?: boolean;
}

const BAD_LABELS: unknown[] = ['East_1', 'UPPER', '-lead', 'trail-', 'a'.repeat(64), '', 'dot.name', 'sp ace', 42, { name: 'x' }, ['x']];
const BAD_ADDRESSES: unknown[] = ['https://192.0.2.10', '192.0.2.10:15443', '1.2.3', 'Bad_Host.example.com', '', 42, ['192.0.2.10']];
const BAD_COUNTS: unknown[] = [0, -1, 1.5, '2', NaN, null];

/** A valid extra primary cluster for `m` (on the first network, with a gateway when the mesh spans networks, with API-server settings). */
function addPrimary(m: MeshModel, id: string): number {
  const multiNetwork = new Set(m.clusters.map(c => c.network)).size > 1;
  const network = m.clusters[0]?.network ?? 'network1';
  const c: ClusterModel = {
    id,
    network,
    role: ControlPlaneRole.PRIMARY,
    apiServer: { url: `https://${id}.example.com:6443`, caData: TEST_CA },
    gateway: multiNetwork ? { serviceType: 'LoadBalancer' } : undefined,
  };
  m.clusters.push(c);
  return m.clusters.length - 1;
}

/** Makes sure the model has at least `n` clusters (extra primaries). */
function atLeast(m: MeshModel, n: number): void {
  while (m.clusters.length < n) {
    addPrimary(m, `extra${m.clusters.length}`);
  }
}

function pick<T>(xs: T[], i: number): T {
  return xs[i % xs.length];
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof<fc.Arbitrary<Mutation>[]>(
  fc.tuple(fc.nat(), fc.nat()).map(([i, v]): Mutation => ({
    name: `clusterName ${JSON.stringify(pick(BAD_LABELS, v))}`,
    apply: m => { pick(m.clusters, i).clusterName = pick(BAD_LABELS, v); },
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([i, v]): Mutation => ({
    name: `network ${JSON.stringify(pick(BAD_LABELS, v))}`,
    apply: m => { pick(m.clusters, i).network = pick(BAD_LABELS, v); },
  })),
  fc.nat().map((v): Mutation => ({ name: 'meshId', apply: m => { m.meshId = pick(BAD_LABELS, v); } })),
  fc.constantFrom<any>('consul', 'Istio', 1).map((v): Mutation => ({ name: `provider ${v}`, apply: m => { m.provider = v; } })),
  fc.constantFrom('Canary', '1.30', '-x', 7).map((v): Mutation => ({ name: `revision ${v}`, apply: m => { m.revision = v; } })),
  fc.constantFrom('Istio-System', 'istio_system', '').map((v): Mutation => ({ name: `istioNamespace ${v}`, apply: m => { m.istioNamespace = v; } })),
  fc.constantFrom<any>('1.30', 'latest', '', '1.45.0', '1.22.3', 7).map((v): Mutation => ({
    name: `istioVersion ${v}`,
    apply: m => {
      m.istioVersion = v;
      m.install = 'sail'; // 1.22.3 is a release, but not one the Sail Operator serves
    },
  })),
  fc.nat().map((i): Mutation => ({
    name: 'duplicate cluster name',
    apply: m => {
      atLeast(m, 2);
      const a = i % m.clusters.length;
      const b = (a + 1) % m.clusters.length;
      m.clusters[b].clusterName = m.clusters[a].clusterName ?? m.clusters[a].id;
    },
  })),
  fc.nat().map((i): Mutation => ({
    name: 'remote without primary',
    apply: m => {
      const c = pick(m.clusters, i);
      c.role = ControlPlaneRole.REMOTE;
      c.primary = undefined;
    },
  })),
  fc.constant<Mutation>({
    name: 'remote of a remote',
    apply: m => {
      const x = addPrimary(m, 'chain1');
      m.clusters[x].role = ControlPlaneRole.REMOTE;
      m.clusters[x].primary = 0;
      const y = addPrimary(m, 'chain2');
      m.clusters[y].role = ControlPlaneRole.REMOTE;
      m.clusters[y].primary = x;
    },
  }),
  fc.constant<Mutation>({
    name: 'primary with a primary',
    apply: m => { m.clusters[addPrimary(m, 'extra-primary')].forcePrimary = 0; },
  }),
  fc.constantFrom('role', 'Primary', 3).map((v): Mutation => ({ name: `role ${v}`, apply: m => { m.clusters[0].role = v; } })),
  fc.nat().map((i): Mutation => ({
    name: 'several networks, a cluster without gateway',
    apply: m => {
      atLeast(m, 2);
      const c = pick(m.clusters, i);
      const other = m.clusters.find(x => x !== c)!;
      c.gateway = undefined;
      c.network = other.network === 'network9' ? 'network8' : 'network9';
      for (const x of m.clusters) {
        if (x !== c && !x.gateway) { x.gateway = { serviceType: 'LoadBalancer', address: `192.0.2.${100 + m.clusters.indexOf(x)}` }; }
      }
    },
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([i, v]): Mutation => ({
    name: `gateway address ${JSON.stringify(pick(BAD_ADDRESSES, v))}`,
    apply: m => {
      const c = pick(m.clusters, i);
      c.gateway = { ...(c.gateway ?? { serviceType: 'LoadBalancer' }), address: pick(BAD_ADDRESSES, v) };
    },
  })),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('replicas', 'minReplicas', 'maxReplicas')).map(([i, v, prop]): Mutation => ({
    name: `gateway ${prop} ${JSON.stringify(pick(BAD_COUNTS, v))}`,
    apply: m => {
      const c = pick(m.clusters, i);
      c.gateway = { ...(c.gateway ?? { serviceType: 'LoadBalancer' }), [prop]: pick(BAD_COUNTS, v) };
    },
  })),
  fc.nat().map((i): Mutation => ({
    name: 'gateway minReplicas > maxReplicas',
    apply: m => {
      const c = pick(m.clusters, i);
      c.gateway = { ...(c.gateway ?? { serviceType: 'LoadBalancer' }), minReplicas: 4, maxReplicas: 3 };
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom<any[]>(
    [{ name: 'mtls', port: 15443 }], [{ name: 'a', port: 0 }], [{ name: 'a', port: 70000 }], [{ name: 'tls', port: 16443 }],
    [{ name: 'a', port: 16443 }, { name: 'b', port: 16443 }], [{ name: 'Bad_Name', port: 16443 }], [{ name: 'a', port: '16443' }], [{ name: 'a' }],
  )).map(([i, ports]): Mutation => ({
    name: `gateway additionalPorts ${JSON.stringify(ports)}`,
    apply: m => {
      const c = pick(m.clusters, i);
      c.gateway = { ...(c.gateway ?? { serviceType: 'LoadBalancer' }), additionalPorts: ports };
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom<any>(['10.0.0.0/33'], ['nope'], '10.0.0.0/8', [42])).map(([i, ranges]): Mutation => ({
    name: `gateway loadBalancerSourceRanges ${JSON.stringify(ranges)}`,
    apply: m => {
      const c = pick(m.clusters, i);
      c.gateway = { ...(c.gateway ?? { serviceType: 'LoadBalancer' }), serviceType: 'LoadBalancer', loadBalancerSourceRanges: ranges };
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom<any>({}, { tls: 31443, tlsIstiod: 31443 }, { tls: '31443' }, { tls: 0 })).map(([i, nodePorts]): Mutation => ({
    name: `NodePort gateway nodePorts ${JSON.stringify(nodePorts)}`,
    apply: m => {
      const c = pick(m.clusters, i);
      c.gateway = { serviceType: 'NodePort', address: '192.0.2.200', nodePorts };
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom<any>(
    [{ matchExpressions: [{ key: 'env', operator: 'Equals', values: ['x'] }] }],
    [{ matchExpressions: [{ key: 'env', operator: SelectorOperator.IN }] }],
    [{ matchExpressions: [{ key: 'env', operator: SelectorOperator.EXISTS, values: ['x'] }] }],
    [{ matchLabels: { 'bad key': 'x' } }],
    [{ matchLabels: { env: 'bad value!' } }],
    ['env=prod'],
    [{ matchExpressions: 'env' }],
    [{ matchLabels: ['env'] }],
  )).map(([i, selectors]): Mutation => ({
    name: `discoverySelectors ${JSON.stringify(selectors)}`,
    apply: m => { pick(m.clusters, i).discoverySelectors = selectors; },
  })),
  fc.tuple(fc.nat(), fc.constantFrom<any>(
    { url: 'http://10.0.0.1:6443' }, { url: 'not a url' }, { url: 'https://10.0.0.1:6443', caData: 'bm90IGEgY2VydA==' }, { url: 42 },
  )).map(([i, apiServer]): Mutation => ({
    name: `apiServer ${JSON.stringify(apiServer)}`,
    apply: m => { pick(m.clusters, i).apiServer = apiServer; },
  })),
  fc.constantFrom<any>(
    { rootValidityDays: 0 }, { rootValidityDays: -5 }, { rootValidityDays: 1.5 }, { intermediateValidityDays: 3650 },
    { organization: '' }, { organization: 'o'.repeat(65) }, { layout: 'tls' }, { rootValidityDays: '3650' }, { algorithm: 'RSA_1024' },
  ).map((props): Mutation => ({
    name: `TrustRoot ${JSON.stringify(props)}`,
    apply: m => { m.trustRoot = { layout: 'cacerts', ...props }; },
  })),
  fc.constant<Mutation>({
    name: 'a credential for a cluster not in the mesh',
    apply: m => {
      m.endpointDiscovery = 'credentials';
      m.extraCredentials = ['ghost'];
      for (const c of m.clusters) { c.apiServer ??= { url: `https://${c.id}.example.com:6443`, caData: TEST_CA }; }
    },
  }),
  fc.constantFrom('', '\n', 'not-a-token', 'a.b.c', 'e30.e30', '-----BEGIN PRIVATE KEY-----').map((content): Mutation => ({
    name: `a token file holding ${JSON.stringify(content)}`,
    apply: m => {
      m.endpointDiscovery = 'credentials';
      for (const c of m.clusters) { c.apiServer ??= { url: `https://${c.id}.example.com:6443`, caData: TEST_CA }; }
      addPrimary(m, 'reader'); // reads cluster 0, so its credential is used
      m.badTokens = [{ cluster: m.clusters[0].clusterName ?? m.clusters[0].id, content }];
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom<any>([], ['Bad_NS'], ['shop', 'shop'], 'bookinfo', [42])).map(([i, namespaces]): Mutation => ({
    name: `RemoteAccess namespaces ${JSON.stringify(namespaces)}`,
    apply: m => {
      atLeast(m, 2);
      if (m.accesses.length === 0) {
        m.accesses.push({ read: 0, consumer: 1, kind: 'kiali', credential: false, tokenSecret: false });
      }
      pick(m.accesses, i).namespaces = namespaces;
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom<any>(
    [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }], [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }], [],
    [{ resources: ['pods'], verbs: ['get'] }], [{ apiGroups: [''], resources: ['pods'], verbs: [] }], [{ apiGroups: [''], resources: 'pods', verbs: ['get'] }],
    ['get pods'],
  )).map(([i, rules]): Mutation => ({
    name: `custom consumer rules ${JSON.stringify(rules)}`,
    apply: m => {
      atLeast(m, 2);
      m.accesses = [{ read: i % m.clusters.length, consumer: (i + 1) % m.clusters.length, kind: 'custom', customRules: rules, credential: false, tokenSecret: false }];
    },
  })),
  fc.constantFrom('k'.repeat(41), 'Kiali', '').map((instance): Mutation => ({
    name: `Kiali instance ${instance}`,
    apply: m => {
      atLeast(m, 2);
      m.accesses = [{ read: 0, consumer: 1, kind: 'kiali', kialiInstance: instance, credential: false, tokenSecret: false }];
    },
  })),
  fc.constant<Mutation>({
    name: 'outdir is a file',
    apply: () => undefined,
    prepare: d => { fs.writeFileSync(d.outdir, 'a file'); },
    writer: true,
  }),
  fc.constant<Mutation>({
    name: 'outdir holds files of someone else',
    apply: () => undefined,
    prepare: d => {
      fs.mkdirSync(d.outdir, { recursive: true });
      fs.writeFileSync(path.join(d.outdir, 'README.md'), 'mine');
    },
    writer: true,
  }),
  fc.constant<Mutation>({
    name: 'key store is a file',
    apply: m => { m.trustRoot ??= { layout: 'cacerts' }; },
    prepare: d => { fs.writeFileSync(d.keyStore, 'a file'); },
    writer: true,
  }),
).map(m => Object.assign(m, { [fc.toStringMethod]: () => `Mutation(${m.name})` }));

/**
 * A token file per cluster name of `m`: the files of `reuse` where there is
 * one, a bad one where the model says so, else a new token.
 */
function writeTokens(m: MeshModel, dir: string, reuse: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of tokenNames(m)) {
    const bad = m.badTokens?.find(b => b.cluster === name);
    if (!bad && reuse[name]) {
      files[name] = reuse[name];
      continue;
    }
    files[name] = path.join(dir, `${Object.keys(files).length}-${String(name).replace(/[^a-z0-9-]/g, '_')}.token`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(files[name], bad ? bad.content : `${testToken()}\n`, { mode: 0o600 });
  }
  return files;
}

function check(model: MeshModel, mutation: Mutation, earlierSynth: boolean): void {
  const dir = tempDir('cdk8s-mesh-property-');
  const write = process.stderr.write;
  let printed = '';
  try {
    const outdir = path.join(dir, 'out');
    const keyStore = path.join(dir, 'keys');
    const mutated: MeshModel = structuredClone(model);
    mutation.apply(mutated);
    const tokens = writeTokens(model, path.join(dir, 'tokens'));
    const tokenFiles = writeTokens(mutated, path.join(dir, 'tokens-mutated'), tokens);
    process.stderr.write = ((chunk: any) => { printed += String(chunk); return true; }) as any;
    if (mutation.prepare) {
      mutation.prepare({ outdir, keyStore });
    } else if (earlierSynth) {
      buildApp(model, { outdir, keyStore, tokenFiles: tokens }).synth();
    }
    printed = '';
    const before = snapshotTree(dir);

    // WHEN
    let error: unknown;
    try {
      buildApp(mutated, { outdir, keyStore, tokenFiles }).synth();
    } catch (e) {
      error = e;
    }

    // THEN: one of our own errors, nothing written, nothing printed
    if (error === undefined) {
      throw new Error(`mutation "${mutation.name}" was accepted`);
    }
    const formats = mutation.writer ? [PROP_FORMAT, VALIDATION_FORMAT, WRITER_FORMAT] : [PROP_FORMAT, VALIDATION_FORMAT];
    const problem = notOurError(error, formats);
    if (problem !== undefined) {
      throw new Error(`mutation "${mutation.name}": ${problem}\n${(error as Error)?.stack ?? ''}`);
    }
    expect(snapshotTree(dir)).toEqual(before);
    expect(printed).toEqual('');
  } finally {
    process.stderr.write = write;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('random invalid mutations of valid meshes', () => {
  test('always fail with one of our own errors, and leave the outdir and the key store untouched', () => {
    fc.assert(fc.property(meshModelArb(6), mutationArb, fc.boolean(), check), { seed: seed(4711), numRuns: runs(200) });
  });
});
