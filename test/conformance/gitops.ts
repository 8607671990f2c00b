/**
 * gitops: the Helm sources of every GitOps delivery the examples write
 * (Argo CD Applications, Flux HelmReleases) name an upstream chart at the
 * mesh's version, the values file of the cluster directory, and the release
 * and namespace its `install/` header documents; real Helm renders each with
 * those values, leaf by leaf equal to the render of the header's own
 * `helm install` parameters. Flux's phase directories build with the real
 * `kubectl kustomize` (LoadRestrictionsNone, as kustomize-controller builds)
 * into exactly their files' objects and the values ConfigMaps.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { compareObjects, objectId } from './leaves';
import { Site } from './ledger';
import { quietly } from './meshes';
import type { Context } from './run';
import { REPO_ROOT } from './upstream';

/** A Helm source of a delivery. */
interface HelmSource {
  readonly object: string;
  readonly chart: string;
  readonly version: string;
  readonly release: string;
  readonly namespace: string;
  /** The values file, relative to the outdir. */
  readonly valuesFile: string | undefined;
}

function docsOf(file: string): any[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(d => d.toJS()).filter(Boolean);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** `$values/<prefix>/<cluster>/install/x.yaml` → `<cluster>/install/x.yaml`: the shortest suffix that is a file of the outdir. */
function inOutdir(outdir: string, repoPath: string): string | undefined {
  const parts = repoPath.replace(/^\$values\//, '').split('/');
  for (let i = 0; i < parts.length; i++) {
    const rel = parts.slice(i).join('/');
    if (fs.existsSync(path.join(outdir, rel)) && rel.split('/').length === 3) { return rel; }
  }
  return undefined;
}

function helmSources(outdir: string): HelmSource[] {
  const root = path.join(outdir, '_delivery');
  const out: HelmSource[] = [];
  for (const file of walk(root).filter(f => f.endsWith('.yaml') && path.basename(f) !== 'kustomization.yaml').sort()) {
    for (const o of docsOf(file)) {
      if (o.kind === 'Application' && o.spec.sources) {
        const chart = o.spec.sources.find((s: any) => s.chart);
        out.push({
          object: `Application/${o.metadata.name}`,
          chart: chart.chart,
          version: chart.targetRevision,
          release: chart.helm.releaseName,
          namespace: o.spec.destination.namespace,
          valuesFile: inOutdir(outdir, chart.helm.valueFiles[0]),
        });
      } else if (o.kind === 'HelmRelease') {
        const k = YAML.parse(fs.readFileSync(path.join(path.dirname(file), 'kustomization.yaml'), 'utf-8'));
        const gen = (k.configMapGenerator ?? []).find((g: any) => g.name === o.spec.valuesFrom[0].name);
        const rel = gen && path.relative(outdir, path.resolve(path.dirname(file), gen.files[0].split('=')[1]));
        out.push({
          object: `HelmRelease/${o.metadata.name}`,
          chart: o.spec.chart.spec.chart,
          version: o.spec.chart.spec.version,
          release: o.spec.releaseName,
          namespace: o.spec.targetNamespace,
          valuesFile: rel,
        });
      }
    }
  }
  return out;
}

/** The upstream chart directory of a chart at a version. */
function upstreamChart(upstream: string, chart: string, version: string): string | undefined {
  const istioDirs: Record<string, string> = { 'base': 'base', 'istiod': 'istio-discovery', 'istiod-remote': 'istiod-remote', 'gateway': 'gateway' };
  let dir: string | undefined;
  if (chart in istioDirs) {
    dir = path.join(upstream, 'istio', version, 'charts', istioDirs[chart]);
  } else if (chart.startsWith('linkerd-')) {
    const m = /^20(\d\d)\.(\d+)\.(\d+)$/.exec(version);
    dir = m ? path.join(upstream, 'linkerd', `edge-${m[1]}.${m[2]}.${m[3]}`, 'charts', chart) : undefined;
  } else if (chart === 'kiali-server') {
    dir = path.join(upstream, 'kiali', `v${version}`, 'charts', chart);
  }
  return dir && fs.existsSync(path.join(dir, 'Chart.yaml')) ? dir : undefined;
}

/** The `helm install|upgrade --install <release> <repo>/<chart> -n <ns> [--version <v>]` of a values file's header. */
function headerInstall(text: string): { release: string; chart: string; namespace: string; version?: string } | undefined {
  const m = /helm (?:install|upgrade --install) (\S+) \S+\/(\S+) -n (\S+)(?:[^\n]*--version (\S+))?/.exec(text);
  return m ? { release: m[1], chart: m[2], namespace: m[3], version: m[4] } : undefined;
}

function checkHelmSources(ctx: Context, caseName: string, outdir: string): void {
  for (const h of helmSources(outdir)) {
    const site: Site = { area: 'gitops', chart: h.chart, version: h.version, case: caseName, object: h.object };
    const dir = upstreamChart(ctx.upstream, h.chart, h.version);
    if (!dir) {
      ctx.ledger.renderFailed(site, `no upstream chart ${h.chart} at version ${h.version}`);
      continue;
    }
    ctx.ledger.check(site, 'the upstream chart at that version has this name',
      YAML.parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf-8')).name === h.chart);
    if (!h.valuesFile) {
      ctx.ledger.check(site, 'the values file is a file of the cluster directory', false);
      continue;
    }
    const text = fs.readFileSync(path.join(outdir, h.valuesFile), 'utf-8');
    const header = headerInstall(text);
    ctx.ledger.check(site, 'chart, release, namespace and version are those the values file\'s header installs',
      header !== undefined && header.chart === h.chart && header.release === h.release && header.namespace === h.namespace
        && (header.version === undefined || header.version === h.version),
      `header ${JSON.stringify(header)}, delivery ${JSON.stringify(h)}`);
    const values = YAML.parse(text) ?? {};
    const ours = ctx.helm.template({ chart: dir, label: `${h.chart} ${h.version}`, release: h.release, namespace: h.namespace, values, valuesSource: h.valuesFile });
    const theirs = ctx.helm.template({
      chart: dir,
      label: `${h.chart} ${h.version}`,
      release: header?.release ?? h.release,
      namespace: header?.namespace ?? h.namespace,
      values,
      valuesSource: `${h.valuesFile} (header)`,
    });
    const byId = new Map(theirs.map(o => [objectId(o), o]));
    for (const o of ours) {
      const u = byId.get(objectId(o));
      if (u) { ctx.ledger.compared({ ...site, object: `${h.object} ${objectId(o)}` }, compareObjects(u, o)); } else { ctx.ledger.unmatched({ ...site, object: `${h.object} ${objectId(o)}` }, 'extra'); }
      byId.delete(objectId(o));
    }
    for (const id of byId.keys()) { ctx.ledger.unmatched({ ...site, object: `${h.object} ${id}` }, 'missing'); }
  }
}

/** Flux phase directories: `kubectl kustomize --load-restrictor LoadRestrictionsNone` yields their files' objects and values ConfigMaps. */
function checkFluxPhases(ctx: Context, caseName: string, outdir: string): void {
  const root = path.join(outdir, '_delivery', 'flux');
  if (!fs.existsSync(root)) { return; }
  for (const k of walk(root).filter(f => path.basename(f) === 'kustomization.yaml' && path.dirname(f) !== root).sort()) {
    const dir = path.dirname(k);
    const site: Site = { area: 'gitops', chart: 'kubectl kustomize', version: 'v5.4.2', case: caseName, object: path.relative(outdir, dir) };
    const run = spawnSync(ctx.kubectl, ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) {
      ctx.ledger.renderFailed(site, `kubectl kustomize ${dir} failed:\n${run.stderr}`);
      continue;
    }
    ctx.ledger.rendered(site);
    const built = YAML.parseAllDocuments(run.stdout).map(d => d.toJS()).filter(Boolean);
    const spec = YAML.parse(fs.readFileSync(k, 'utf-8'));
    const listed = (spec.resources as string[]).flatMap(r => docsOf(path.resolve(dir, r)));
    const expected = [
      ...listed.map(o => objectId(o)),
      ...(spec.configMapGenerator ?? []).map((g: any) => objectId({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name, namespace: g.namespace } })),
    ].sort();
    ctx.ledger.check(site, 'builds exactly the listed files\' objects and the values ConfigMaps',
      JSON.stringify(built.map(o => objectId(o)).sort()) === JSON.stringify(expected), `built ${built.length}, expected ${expected.length}`);
    for (const g of spec.configMapGenerator ?? []) {
      const cm = built.find(o => o.kind === 'ConfigMap' && o.metadata.name === g.name);
      const [key, file] = g.files[0].split('=');
      ctx.ledger.check({ ...site, object: `${site.object} ConfigMap/${g.name}` }, 'the values ConfigMap holds the values file byte for byte',
        cm?.data?.[key] === fs.readFileSync(path.resolve(dir, file), 'utf-8'));
    }
  }
}

export function runGitops(ctx: Context): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-conformance-gitops-'));
  try {
    const examples = path.join(REPO_ROOT, 'examples');
    for (const name of fs.readdirSync(examples).sort()) {
      const main = path.join(examples, name, 'main.ts');
      if (!fs.existsSync(main)) { continue; }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { build } = require(main);
      const outdir = path.join(root, name, 'dist');
      quietly(() => build({ outdir, keyStore: path.join(root, name, 'keys') }).synth());
      if (!fs.existsSync(path.join(outdir, '_delivery'))) { continue; }
      checkHelmSources(ctx, `example ${name}`, outdir);
      checkFluxPhases(ctx, `example ${name}`, outdir);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
