/**
 * Full-mesh endpoint discovery at scale: N primaries, one credential each (test
 * tokens made now, in a temporary directory), N(N-1) remote secrets in the key
 * store. Prints construction, render and write times.
 *
 *   npx ts-node --project test/tsconfig.json bench/endpoint-discovery.ts [N ...]
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiServer, Credential, Mesh, MeshApp, MeshCluster } from '../src';

const CA = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'test-only-ca.crt'), 'utf-8');

function token(): string {
  const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64url');
  return `${b64(JSON.stringify({ alg: 'RS256', kid: randomBytes(4).toString('hex') }))}.${b64(JSON.stringify({ sub: 'bench' }))}.${b64(randomBytes(64))}`;
}

/** Runs one size; returns milliseconds per phase and counts. */
export function run(n: number): { n: number; secrets: number; constructMs: number; renderMs: number; synthMs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-discovery-'));
  try {
    const credentials: Record<string, Credential> = {};
    for (let i = 0; i < n; i++) {
      const file = path.join(dir, `c${i}.token`);
      fs.writeFileSync(file, token(), { mode: 0o600 });
      credentials[`c${i}`] = Credential.fromTokenFile(file);
    }
    let t = process.hrtime.bigint();
    const app = new MeshApp({ outdir: path.join(dir, 'dist'), keyStore: path.join(dir, 'keys') });
    const mesh = new Mesh(app, 'mesh1');
    mesh.enableEndpointDiscovery({ credentials });
    for (let i = 0; i < n; i++) {
      new MeshCluster(app, `c${i}`, { mesh, network: 'network1', apiServer: ApiServer.fromUrl(`https://c${i}.example.com:6443`, { caData: CA }) });
    }
    const constructMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const secrets = app.synthKeyStoreFiles().filter(f => f.path.includes('istio-remote-secret-')).length;
    const renderMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    app.synth();
    const synthMs = Number(process.hrtime.bigint() - t) / 1e6;
    return { n, secrets, constructMs, renderMs, synthMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number);
  console.log('| primaries | remote secrets | construct (ms) | render (ms) | synth + write (ms) |');
  console.log('|---|---|---|---|---|');
  for (const n of sizes.length > 0 ? sizes : [5, 10, 20, 40]) {
    const r = run(n);
    console.log(`| ${r.n} | ${r.secrets} | ${r.constructMs.toFixed(0)} | ${r.renderMs.toFixed(0)} | ${r.synthMs.toFixed(0)} |`);
  }
}
