/**
 * Runs the README's "Use it in a cdk8s app" recipe as written, in a temporary directory:
 *
 *   1. the `clone` block, in a directory where `cdk8s-multicluster-mesh` is this checkout
 *      (its `git clone` line is the one line not run: the checkout is the clone);
 *   2. the `app` block (npm init, installs from the npm registry and the packed tarball);
 *   3. the files of the `tsconfig.json`, `cdk8s.yaml` and `main.ts` blocks, written as they are;
 *   4. the `run` block (`cdk8s synth`, `cdk8s-multicluster-mesh check dist`), twice: the second
 *      synth reuses the key store.
 *
 * Then it checks the result (a directory per cluster, the cacerts Secrets in the key store, no
 * private key in dist/, the package under its budget) and prints the timings.
 *
 *   npm run recipe        # needs the npm registry; CI runs it (.ci/run)
 *
 * Exit 0 when the recipe works as written, 1 otherwise.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TOTAL_BUDGET_BYTES } from './pack';

const root = path.join(__dirname, '..');
/** The public X25519 recipient of age's README (a public key: anyone may encrypt to it). */
const AGE_EXAMPLE_RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

/** The fenced block after `<!-- recipe: <name> -->` in README.md. */
export function recipeBlock(readme: string, name: string): string {
  const marker = `<!-- recipe: ${name} -->\n`;
  const at = readme.indexOf(marker);
  if (at < 0) {
    throw new Error(`README.md: no "<!-- recipe: ${name} -->" block`);
  }
  const m = /^```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at + marker.length));
  if (!m) {
    throw new Error(`README.md: the "${name}" marker is not followed by a fenced block`);
  }
  return m[1] + '\n';
}

function sh(cwd: string, script: string, label: string): number {
  const started = Date.now();
  console.log(`recipe: ${label} (in ${path.relative(os.tmpdir(), cwd) || '.'})`);
  execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
  });
  return Date.now() - started;
}

function fail(message: string): never {
  console.error(`recipe: ${message}`);
  process.exit(1);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p).map(f => path.join(e.name, f)) : [e.name];
  });
}

function main(): void {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-recipe-'));
  const timings: [string, number][] = [];
  try {
    fs.symlinkSync(root, path.join(work, 'cdk8s-multicluster-mesh'));

    const clone = recipeBlock(readme, 'clone').split('\n').filter(l => !l.startsWith('git clone ')).join('\n');
    timings.push(['build the tarball (npm ci, compile, package:js)', sh(work, clone, 'clone block')]);
    const tarball = path.join(root, 'dist', 'js', 'cdk8s-multicluster-mesh-0.0.0.tgz');
    if (!fs.existsSync(tarball)) {
      fail(`the clone block did not write ${path.relative(root, tarball)}`);
    }

    timings.push(['create the app, install from the registry', sh(work, recipeBlock(readme, 'app'), 'app block')]);
    const app = path.join(work, 'my-mesh');
    for (const file of ['tsconfig.json', 'cdk8s.yaml', 'main.ts']) {
      fs.writeFileSync(path.join(app, file), recipeBlock(readme, file));
    }
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'cdk8s-multicluster-mesh', 'package.json'), 'utf-8'));
    const unpacked = walk(path.join(app, 'node_modules', 'cdk8s-multicluster-mesh'))
      .reduce((n, f) => n + fs.statSync(path.join(app, 'node_modules', 'cdk8s-multicluster-mesh', f)).size, 0);

    const run = recipeBlock(readme, 'run');
    timings.push(['first cdk8s synth + check (keys generated)', sh(app, run, 'run block')]);
    timings.push(['second cdk8s synth + check (key store reused)', sh(app, run, 'run block again')]);

    // The CLI from the tarball too: every bundled dependency it loads (mesh-file schema, Graphviz, diff).
    const cli = [
      'npx cdk8s-multicluster-mesh init -f cli-mesh.yaml',
      'npx cdk8s-multicluster-mesh synth -f cli-mesh.yaml -o cli-dist --key-store cli-keys',
      'npx cdk8s-multicluster-mesh check cli-dist --key-store cli-keys > /dev/null',
      'npx cdk8s-multicluster-mesh graph -f cli-mesh.yaml --svg cli-mesh.svg',
      'npx cdk8s-multicluster-mesh plan -f cli-mesh.yaml -o cli-dist --key-store cli-keys',
      // SOPS delivery (age-encryption, run in a child process from the installed package), to age's own example recipient.
      `sed 's/^  trustRoot:/  secretDelivery: {sops: {ageRecipients: [${AGE_EXAMPLE_RECIPIENT}]}}\\n  trustRoot:/' cli-mesh.yaml > sops-mesh.yaml`,
      'npx cdk8s-multicluster-mesh synth -f sops-mesh.yaml -o sops-dist --key-store sops-keys',
      'grep -l "ENC\\[AES256_GCM" sops-dist/cluster1/*.sops.yaml > /dev/null',
    ].join('\n');
    timings.push(['the CLI from the tarball: init, synth, check, graph --svg, plan, SOPS synth', sh(app, cli, 'CLI')]);
    if (!fs.readFileSync(path.join(app, 'cli-mesh.svg'), 'utf-8').includes('<svg')) {
      fail('graph --svg wrote no SVG');
    }

    // THEN: one directory per cluster, the private material in the key store only.
    const dist = path.join(app, 'dist');
    for (const cluster of ['cluster1', 'cluster2']) {
      for (const f of ['kustomization.yaml', 'istio.default.yaml', 'gateway.istio-system.cross-network-gateway.yaml']) {
        if (!fs.existsSync(path.join(dist, cluster, f))) {
          fail(`dist/${cluster}/${f} is missing`);
        }
      }
      if (!fs.existsSync(path.join(app, '.mesh-keys', cluster, 'secret.istio-system.cacerts.yaml'))) {
        fail(`.mesh-keys/${cluster}/secret.istio-system.cacerts.yaml is missing`);
      }
    }
    const leaked = walk(dist).filter(f => /PRIVATE KEY-----/.test(fs.readFileSync(path.join(dist, f), 'utf-8')));
    if (leaked.length > 0) {
      fail(`private keys in dist/: ${leaked.join(', ')}`);
    }
    if (unpacked > TOTAL_BUDGET_BYTES) {
      fail(`the installed package is ${unpacked} bytes, over the budget of ${TOTAL_BUDGET_BYTES}`);
    }

    console.log(`\nrecipe: cdk8s-multicluster-mesh ${installed.version} installed from the tarball (${(unpacked / 1e6).toFixed(2)} MB unpacked)`);
    console.log('| step | seconds |\n|---|---:|');
    for (const [step, ms] of timings) {
      console.log(`| ${step} | ${(ms / 1000).toFixed(1)} |`);
    }
    console.log('recipe: passed');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    fail((e as Error).message);
  }
}
