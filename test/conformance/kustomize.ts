/**
 * kustomize: every cluster directory of every example and of every mesh the
 * tier synthesized builds with the real `kubectl kustomize`, and yields exactly
 * the objects of the directory's manifest files (every file listed once).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { Ledger } from './ledger';
import { quietly, synthesizedOutdirs } from './meshes';
import { REPO_ROOT } from './upstream';

/** JSON with map keys sorted: kustomize prints keys in its own order. */
function stable(v: any): string {
  if (Array.isArray(v)) { return `[${v.map(stable).join(',')}]`; }
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function canonical(o: any): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/** Synthesizes every example into a temporary outdir; returns [name, outdir]. */
function exampleOutdirs(root: string): [string, string][] {
  const examples = path.join(REPO_ROOT, 'examples');
  const out: [string, string][] = [];
  for (const name of fs.readdirSync(examples).sort()) {
    const main = path.join(examples, name, 'main.ts');
    if (!fs.existsSync(main)) { continue; }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(main);
    const outdir = path.join(root, name, 'dist');
    quietly(() => build({ outdir, keyStore: path.join(root, name, 'keys') }).synth());
    out.push([`example ${name}`, outdir]);
  }
  return out;
}

export function checkClusterDirectory(kubectl: string, ledger: Ledger, caseName: string, dir: string): void {
  const site = { area: 'kustomize' as const, chart: 'kubectl kustomize', version: 'v5.4.2', case: caseName, object: path.basename(dir) };
  const run = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) {
    ledger.renderFailed(site, `kubectl kustomize ${dir} failed:\n${run.stderr}`);
    return;
  }
  ledger.rendered(site);
  const built = YAML.parseAllDocuments(run.stdout).map(d => d.toJS()).filter(Boolean);
  const kustomization = YAML.parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf-8'));
  const listed: string[] = kustomization.resources ?? [];
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();
  ledger.check(site, 'every manifest file is listed in kustomization.yaml exactly once',
    JSON.stringify([...listed].sort()) === JSON.stringify(files),
    `listed ${listed.length}, files ${files.length}`);
  const written = listed.flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).map(d => d.toJS()).filter(Boolean));
  const a = new Map(built.map(o => [canonical(o), stable(o)]));
  const b = new Map(written.map(o => [canonical(o), stable(o)]));
  const same = a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  ledger.check(site, 'kubectl kustomize yields exactly the objects of the listed files', same,
    `kustomize built ${a.size} objects, the files hold ${b.size}; differing: ${[...new Set([...a.keys(), ...b.keys()])].filter(k => a.get(k) !== b.get(k)).slice(0, 5).join(', ')}`);
}

export function runKustomize(kubectl: string, ledger: Ledger): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-conformance-examples-'));
  try {
    for (const [caseName, outdir] of [...exampleOutdirs(root), ...synthesizedOutdirs()]) {
      for (const name of fs.readdirSync(outdir).sort()) {
        const dir = path.join(outdir, name);
        if (fs.statSync(dir).isDirectory() && fs.existsSync(path.join(dir, 'kustomization.yaml'))) {
          checkClusterDirectory(kubectl, ledger, caseName, dir);
        }
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
