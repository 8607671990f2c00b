/**
 * The conformance tier: every emitted object compared with upstream's own
 * render of the same input, by real Helm over the upstream charts.
 *
 *   npm run conformance                 # compare, print the tables, check docs/conformance.md
 *   npm run conformance -- --update     # also rewrite docs/conformance.md
 *   npm run conformance -- --only istio # one area (istio, linkerd, kiali, kustomize, schemas, gitops)
 *
 * Environment: HELM, KUBECTL (tools.ts), CONFORMANCE_UPSTREAM (upstream.ts),
 * CONFORMANCE_CACHE, CONFORMANCE_ISTIO_EXTRA (ambient.ts: the istio/cni and istio/ztunnel charts). Without the upstream directory the run prints how to get
 * it and exits 0 (skipped), except under CI=true, where absence fails.
 * Exit codes: 0 every difference is in the deviation table and no entry is
 * stale; 1 otherwise; 2 the tier itself could not run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runAmbient } from './ambient';
import { runCerts } from './certs';
import { renderDocs } from './docs';
import { runGitops } from './gitops';
import { Helm } from './helm';
import { runIstio } from './istio';
import { runKiali } from './kiali';
import { runKustomize } from './kustomize';
import { Area, Finding, Ledger } from './ledger';
import { runLinkerd } from './linkerd';
import { cleanupMeshes } from './meshes';
import { runSamples } from './samples';
import { runSchemas } from './schemas';
import { findTools } from './tools';
import { findUpstream, HOW_TO_GET, REPO_ROOT } from './upstream';

type Runner = (ctx: Context) => void;

export interface Context {
  readonly upstream: string;
  readonly helm: Helm;
  readonly kubectl: string;
  readonly ledger: Ledger;
}

/** The areas, in run order. */
export const AREAS: { area: Area; name: string; run: Runner }[] = [
  { area: 'schemas', name: 'CRD schemas', run: ctx => runSchemas(ctx.upstream, ctx.ledger) },
  { area: 'istio', name: 'Istio charts', run: ctx => runIstio(ctx.upstream, ctx.helm, ctx.ledger) },
  { area: 'istio', name: 'Istio samples', run: ctx => runSamples(ctx.upstream, ctx.ledger) },
  { area: 'istio', name: 'Istio tools/certs', run: ctx => runCerts(ctx.upstream, ctx.ledger) },
  { area: 'istio', name: 'Istio ambient', run: ctx => runAmbient(ctx.upstream, ctx.helm, ctx.ledger) },
  { area: 'linkerd', name: 'Linkerd charts', run: runLinkerd },
  { area: 'kiali', name: 'Kiali chart', run: runKiali },
  { area: 'kustomize', name: 'kustomize', run: ctx => runKustomize(ctx.kubectl, ctx.ledger) },
  { area: 'gitops', name: 'GitOps delivery Helm sources', run: runGitops },
];

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? '(none)' : s.length > 120 ? s.slice(0, 117) + '...' : s;
}

export function describeFinding(f: Finding): string {
  const where = `${f.area} ${f.chart} ${f.version} [${f.case}] ${f.object}`;
  switch (f.diff) {
    case 'changed': return `${where} ${f.path}: upstream ${short(f.upstream)}, ours ${short(f.ours)}`;
    case 'missing': return `${where} ${f.path}: upstream ${short(f.upstream ?? '(object)')}, ours has none`;
    case 'extra': return `${where} ${f.path}: ours ${short(f.ours ?? '(object)')}, upstream has none`;
    default: return `${where} ${f.diff} ${f.path}: ${f.message ?? ''}`;
  }
}

function main(argv: string[]): number {
  const update = argv.includes('--update');
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1]?.split(',') : undefined;
  const upstream = findUpstream();
  if (!upstream) {
    process.stdout.write(`conformance: no upstream artefacts at ${process.env.CONFORMANCE_UPSTREAM ?? path.join(REPO_ROOT, '..', 'shared', 'upstream')}.\n${HOW_TO_GET}\n`);
    if (process.env.CI === 'true') {
      process.stdout.write('conformance: 0 passed, 1 failed (CI requires the upstream artefacts)\n');
      return 1;
    }
    process.stdout.write('conformance: skipped\n');
    return 0;
  }
  const started = Date.now();
  const tools = findTools();
  const helm = new Helm(tools.helm);
  const ledger = new Ledger();
  const ctx: Context = { upstream, helm, kubectl: tools.kubectl, ledger };
  const ran = new Set<Area>();
  try {
    for (const a of AREAS) {
      if (only && !only.includes(a.area)) { continue; }
      const t = Date.now();
      a.run(ctx);
      ran.add(a.area);
      process.stderr.write(`conformance: ${a.name} done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    helm.cleanup();
    cleanupMeshes();
  }

  process.stdout.write(`conformance: upstream ${upstream}; ${tools.source}\n`);
  const report = renderDocs(ledger, ran);
  process.stdout.write(report.tables + '\n');
  const stale = ledger.stale(ran);
  const problems: string[] = [];
  for (const f of ledger.undocumented) { problems.push(`new difference: ${describeFinding(f)}`); }
  for (const d of stale) { problems.push(`stale deviation (covers nothing): ${d.area} ${d.chart} ${d.object} ${d.path} (${d.diff})`); }

  const docsFile = path.join(REPO_ROOT, 'docs', 'conformance.md');
  // The extra Istio charts add rows that a run without them lacks: such a run does not judge the docs.
  const fullRun = !only && !process.env.CONFORMANCE_UPSTREAM && !process.env.CONFORMANCE_ISTIO_EXTRA;
  if (fullRun) {
    if (update) {
      fs.writeFileSync(docsFile, report.markdown);
      process.stdout.write(`conformance: wrote ${path.relative(REPO_ROOT, docsFile)}\n`);
    } else if (!fs.existsSync(docsFile) || fs.readFileSync(docsFile, 'utf-8') !== report.markdown) {
      problems.push('docs/conformance.md is not what this run produced: run `npm run conformance -- --update` and review the diff');
    }
  }
  const open = ledger.openDeviations();
  process.stdout.write(`conformance: ${helm.renders} helm renders, ${((Date.now() - started) / 1000).toFixed(1)} s; `
    + `${open.length} open deviations (${[...new Set(open.map(d => d.closes))].join(', ') || 'none'})\n`);
  if (problems.length > 0) {
    const max = 200;
    process.stdout.write(problems.slice(0, max).map(p => `  ✗ ${p}`).join('\n') + '\n');
    if (problems.length > max) { process.stdout.write(`  … and ${problems.length - max} more\n`); }
  }
  const checks = ledger.allRows().reduce((n, r) => n + r.leaves, 0);
  process.stdout.write(`conformance: ${checks - problems.length} passed, ${problems.length} failed\n`);
  return problems.length > 0 ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e: any) {
    process.stderr.write(`conformance: ${e?.message ?? e}\n`);
    process.exitCode = 2;
  }
}
