/**
 * One measurement of the fleet benchmark, in its own process so that peak RSS
 * is its own. Uses the compiled library ($FLEET_BENCH_LIB, else lib/). Prints one JSON line.
 *
 *   node bench/fleet-worker.js mesh <clusters> <dir>       multi-primary full mesh
 *   node bench/fleet-worker.js baseline <clusters> <dir>   bare cdk8s, same objects
 *
 * Tokens are made here, for the benchmark only (random, JWT-shaped, never valid).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const [kind, nArg, dir] = process.argv.slice(2);
const n = Number(nArg);
const libDir = path.resolve(process.env.FLEET_BENCH_LIB || path.join(__dirname, '..', 'lib'));
const lib = require(libDir);
const outdir = path.join(dir, 'out');
const keyStore = path.join(dir, 'keys');

function treeStats(root) {
  let files = 0;
  let bytes = 0;
  const sizes = [];
  const walk = d => {
    if (!fs.existsSync(d)) { return; }
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); } else if (e.name.endsWith('.yaml') && e.name !== 'kustomization.yaml' && !p.includes(`${path.sep}install${path.sep}`)) {
        const size = fs.statSync(p).size;
        files++; bytes += size; sizes.push({ cluster: path.relative(root, p).split(path.sep)[0], size });
      } else if (e.isFile()) {
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(root);
  return { files, bytes, sizes };
}

function token() {
  const b64 = x => Buffer.from(x).toString('base64url');
  return `${b64(JSON.stringify({ alg: 'RS256', kid: 'bench' }))}.${b64(JSON.stringify({ sub: 'system:serviceaccount:istio-system:istio-reader-service-account' }))}.${b64(crypto.randomBytes(256))}`;
}

function mesh() {
  const ca = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'test-only-ca.crt'), 'utf-8');
  const tokens = path.join(dir, 'tokens');
  fs.mkdirSync(tokens, { recursive: true });
  const credentials = {};
  for (let i = 0; i < n; i++) {
    const file = path.join(tokens, `c${i}.token`);
    if (!fs.existsSync(file)) { fs.writeFileSync(file, token(), { mode: 0o600 }); }
    credentials[`c${i}`] = lib.Credential.fromTokenFile(file);
  }
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const app = new lib.MeshApp({ outdir, keyStore });
  const m = new lib.Mesh(app, 'mesh1');
  new lib.TrustRoot(app, 'TrustRoot', { mesh: m, algorithm: lib.KeyAlgorithm.ECDSA_P256 });
  m.enableEndpointDiscovery({ credentials });
  for (let i = 0; i < n; i++) {
    const c = new lib.MeshCluster(app, `c${i}`, {
      mesh: m,
      network: `network${i}`,
      apiServer: lib.ApiServer.fromUrl(`https://c${i}.example.com:6443`, { caData: ca }),
    });
    new lib.EastWestGateway(c, 'EastWestGateway', { address: `10.${Math.floor(i / 250)}.${i % 250}.1` });
  }
  const t1 = process.hrtime.bigint();
  const stderr = process.stderr.write.bind(process.stderr);
  process.stderr.write = () => true; // the benchmark does not print the synth's warnings
  app.synth();
  process.stderr.write = stderr;
  const t2 = process.hrtime.bigint();
  const cpu = process.cpuUsage(c0);
  const out = treeStats(outdir);
  const keys = treeStats(keyStore);
  fs.writeFileSync(path.join(dir, 'sizes.json'), JSON.stringify([...out.sizes, ...keys.sizes]));
  let generated = 0;
  try { generated = require(path.join(libDir, 'pki', '_x509')).generatedKeyCount(); } catch { generated = -1; }
  return {
    constructMs: Number(t1 - t0) / 1e6, synthMs: Number(t2 - t1) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000,
    objects: out.files + keys.files, bytes: out.bytes + keys.bytes, keysGenerated: generated,
  };
}

function baseline() {
  const { App, Chart, ApiObject, YamlOutputType } = require('cdk8s');
  const sizes = JSON.parse(fs.readFileSync(path.join(dir, 'sizes.json'), 'utf-8'));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const app = new App({ outdir: path.join(dir, 'baseline'), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const charts = new Map();
  let i = 0;
  for (const { cluster, size } of sizes) {
    let chart = charts.get(cluster);
    if (!chart) { chart = new Chart(app, cluster, { disableResourceNameHashes: true }); charts.set(cluster, chart); }
    const name = `object-${i++}`;
    new ApiObject(chart, name, {
      apiVersion: 'v1', kind: 'Secret',
      metadata: { name, namespace: 'istio-system' },
      stringData: { data: 'x'.repeat(Math.max(0, size - 90)) },
    });
  }
  const t1 = process.hrtime.bigint();
  app.synth();
  const t2 = process.hrtime.bigint();
  const cpu = process.cpuUsage(c0);
  const out = treeStats(path.join(dir, 'baseline'));
  return { constructMs: Number(t1 - t0) / 1e6, synthMs: Number(t2 - t1) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, objects: out.files, bytes: out.bytes, keysGenerated: 0 };
}

const result = kind === 'baseline' ? baseline() : mesh();
result.peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result) + '\n');
