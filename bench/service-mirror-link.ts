/**
 * Linkerd links at scale: N clusters of one Linkerd mesh linked both ways
 * (N(N-1) ServiceMirrorLinks), each with a credential (test tokens made now, in
 * a temporary directory): N(N-1) Links, 2N(N-1) credential Secrets in the key
 * store, N P-256 identity issuers. Half the links run their controller as
 * manifests. Prints construction, render and write times.
 *
 *   npx ts-node --project test/tsconfig.json bench/service-mirror-link.ts [N ...]
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ApiServer, ControllerMode, Credential, LinkerdMulticluster, Mesh, MeshApp, MeshCluster, MeshProvider, ServiceMirrorLink, TrustRoot,
} from '../src';

const CA = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'test-only-ca.crt'), 'utf-8');

function token(): string {
  const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64url');
  return `${b64(JSON.stringify({ alg: 'RS256', kid: randomBytes(4).toString('hex') }))}.${b64(JSON.stringify({ sub: 'bench' }))}.${b64(randomBytes(64))}`;
}

/** Runs one size; returns milliseconds per phase and counts. */
export function run(n: number): { n: number; links: number; secrets: number; constructMs: number; renderMs: number; synthMs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-links-'));
  try {
    let t = process.hrtime.bigint();
    const app = new MeshApp({ outdir: path.join(dir, 'dist'), keyStore: path.join(dir, 'keys') });
    const mesh = new Mesh(app, 'l5d', { provider: MeshProvider.LINKERD });
    new TrustRoot(app, 'TrustRoot', { mesh });
    const clusters: MeshCluster[] = [];
    for (let i = 0; i < n; i++) {
      const c = new MeshCluster(app, `c${i}`, { mesh, apiServer: ApiServer.fromUrl(`https://c${i}.example.com:6443`, { caData: CA }) });
      new LinkerdMulticluster(c, 'Multicluster', { gatewayAddresses: [`192.0.2.${i + 1}`] });
      clusters.push(c);
    }
    let links = 0;
    for (const source of clusters) {
      for (const target of clusters) {
        if (source === target) { continue; }
        const file = path.join(dir, `${source.clusterName}-${target.clusterName}.token`);
        fs.writeFileSync(file, token(), { mode: 0o600 });
        new ServiceMirrorLink(app, `${source.clusterName}-${target.clusterName}`, {
          source,
          target,
          credential: Credential.fromTokenFile(file),
          controllerMode: links % 2 === 0 ? ControllerMode.CHART : ControllerMode.MANIFESTS,
        });
        links++;
      }
    }
    const constructMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const secrets = app.synthKeyStoreFiles().filter(f => f.path.includes('cluster-credentials-')).length;
    const renderMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    app.synth();
    const synthMs = Number(process.hrtime.bigint() - t) / 1e6;
    return { n, links, secrets, constructMs, renderMs, synthMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number);
  console.log('| clusters | links | credential Secrets | construct (ms) | render (ms) | synth + write (ms) |');
  console.log('|---|---|---|---|---|---|');
  for (const n of sizes.length > 0 ? sizes : [3, 5, 10, 20]) {
    const r = run(n);
    console.log(`| ${r.n} | ${r.links} | ${r.secrets} | ${r.constructMs.toFixed(0)} | ${r.renderMs.toFixed(0)} | ${r.synthMs.toFixed(0)} |`);
  }
}
