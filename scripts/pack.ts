/**
 * Builds the npm tarball: the files npm would pack (the `files` allowlist and the bundled
 * dependencies), staged in a temporary directory without what nothing runs (the bundled
 * dependencies' source maps, TypeScript sources, Markdown, ESM/browser duplicates and tests),
 * packed there, and checked against the package budget:
 *
 *   - unpacked size at most 5 MB without the Graphviz and age engines, 8 MB with them (BUDGET_BYTES);
 *   - no test, fixture, example, key store, private key or token in it.
 *
 *   npx ts-node --project scripts/tsconfig.json scripts/pack.ts [destination]   # default dist/js
 *
 * `npx projen package:js` runs it. Prints one table; exits 1 when the budget is broken.
 * Run after `npx projen compile` (lib/ and the gzipped schemas must exist).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The unpacked-size budgets. #17 set 5 MB for the library and CLI (BUDGET_BYTES); two later issues
 * asked for maintained engines that are big on their own (ENGINES): Graphviz compiled to
 * WebAssembly for `graph` (#21: @viz-js/viz's self-contained viz.cjs, 1.19 MB) and the age
 * implementation for SOPS (#19: age-encryption and its @noble/@scure primitives, 1.8 MB, ESM loaded
 * by a child process; together 3 MB). The package without them stays within 5 MB, and with them within 8 MB.
 */
export const BUDGET_BYTES = 5_000_000;
export const TOTAL_BUDGET_BYTES = 8_000_000;
/** The bundled engines the 5 MB budget does not count (see above). */
export const ENGINES = /^node_modules\/(@viz-js\/viz|age-encryption|@noble\/[^/]+|@scure\/base)\//;

const root = path.join(__dirname, '..');

interface PackedFile {
  readonly path: string;
  readonly size: number;
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: PackedFile[];
}

/** Paths inside a bundled dependency that nothing loads at run time under Node. */
const NOT_RUN: RegExp[] = [
  /\.map$/, // source maps
  /(?<!\.d)\.(c|m)?ts$/, // TypeScript sources (declarations stay)
  /\.md$/i, // READMEs, changelogs (licence files stay)
  /^yaml\/browser\//, // yaml's ESM copy for bundlers (Node loads dist/)
  /^asn1js\/build\/index\.es\.js$/, // asn1js's ESM copy
  /\.mjs$/, // ESM copies (every bundled package has a CommonJS main)
  /^fast-uri\/(test|benchmark)\//, // fast-uri's own tests
  /^ajv\/lib\//, // ajv's TypeScript sources (dist/ is what runs)
  /^ajv\/dist\/(jtd|2019|2020)\.(js|d\.ts)$/, // ajv's other entry points (we load draft-07 `ajv` only)
  /^ajv\/dist\/(compile\/jtd|vocabularies\/jtd|standalone|refs\/json-schema-2019-09|refs\/json-schema-2020-12)\//,
  /^ajv\/dist\/refs\/jtd-schema\.(js|d\.ts)$/,
  /^@viz-js\/viz\/(lib|src)\//, // viz.js's sources: dist/viz.cjs is self-contained (Graphviz as WebAssembly)
  /^@viz-js\/viz\/dist\/viz(-global)?\.js$/, // its ESM and browser-global builds (Node requires dist/viz.cjs)
  /^diff\/(libesm|dist)\//, // diff's ESM and UMD builds (Node requires libcjs/)
  // Type declarations of the bundled packages that no declaration of our public API imports
  // (the internal modules that do are not reachable from lib/index.d.ts; @peculiar's are, and stay).
  /^(ajv|ajv-formats|fast-uri|yaml|commander|diff|@viz-js\/viz|json-schema-traverse|fast-deep-equal|require-from-string|age-encryption|@noble\/[^/]+|@scure\/base)\/.*\.d\.(c|m)?ts$/,
];

/** What must never be in the package (our own files; checked on the final list). */
const FORBIDDEN: { what: string; test: (f: PackedFile, text: () => string) => boolean }[] = [
  { what: 'a test or fixture', test: f => /^(test|examples|bench|scripts|coverage|\.ci)\//.test(f.path) || /\.test\.(js|ts)$/.test(f.path) },
  { what: 'a key store or output tree', test: f => /(^|\/)\.mesh-keys\//.test(f.path) || /^dist\//.test(f.path) },
  { what: 'a private key or token file', test: f => /\.(key|token|pem)$/.test(f.path) && !f.path.startsWith('node_modules/') },
  { what: 'a PEM private key', test: (f, text) => !f.path.startsWith('node_modules/') && /\.(js|json|ya?ml|txt)$/.test(f.path) && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text()) },
];

function npmPack(cwd: string, args: string[]): PackResult {
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', ...args], { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] });
  return (JSON.parse(out) as PackResult[])[0];
}

function notRun(file: string): boolean {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+\/.*)$/.exec(file);
  return m !== null && NOT_RUN.some(r => r.test(m[1]));
}

/** Packs the library into `destination`; returns npm's report of the staged tarball and of the unstaged one. */
export function pack(destination: string): { staged: PackResult; unstaged: PackResult } {
  const unstaged = npmPack(root, ['--dry-run']);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-pack-'));
  try {
    for (const f of unstaged.files) {
      if (notRun(f.path)) {
        continue;
      }
      const to = path.join(stage, f.path);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(path.join(root, f.path), to);
    }
    fs.mkdirSync(destination, { recursive: true });
    const staged = npmPack(stage, ['--pack-destination', path.resolve(destination)]);
    return { staged, unstaged };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** The unpacked bytes of the package without the bundled engines (ENGINES). */
export function withoutEngines(result: PackResult): number {
  return result.files.filter(f => !ENGINES.test(f.path)).reduce((n, f) => n + f.size, 0);
}

/** The budget's complaints about a packed file list (empty when it holds). */
export function budgetProblems(result: PackResult): string[] {
  const problems: string[] = [];
  const own = withoutEngines(result);
  if (own > BUDGET_BYTES) {
    problems.push(`unpacked size without the Graphviz and age engines, ${own} bytes, is over the budget of ${BUDGET_BYTES}`);
  }
  if (result.unpackedSize > TOTAL_BUDGET_BYTES) {
    problems.push(`unpacked size ${result.unpackedSize} bytes is over the budget of ${TOTAL_BUDGET_BYTES}`);
  }
  for (const f of result.files) {
    const text = () => fs.readFileSync(path.join(root, f.path), 'utf-8');
    for (const rule of FORBIDDEN) {
      if (rule.test(f, text)) {
        problems.push(`${f.path}: ${rule.what} must not be in the package`);
      }
    }
  }
  return problems;
}

function mb(n: number): string {
  return `${(n / 1_000_000).toFixed(2)} MB`;
}

if (require.main === module) {
  const destination = process.argv[2] ?? path.join(root, 'dist', 'js');
  const { staged, unstaged } = pack(destination);
  const rows = [
    ['', 'packed', 'unpacked', 'files'],
    ['npm pack of the checkout', mb(unstaged.size), mb(unstaged.unpackedSize), String(unstaged.entryCount)],
    ['the published tarball', mb(staged.size), mb(staged.unpackedSize), String(staged.entryCount)],
    ['  without Graphviz and age', '', mb(withoutEngines(staged)), String(staged.files.filter(f => !ENGINES.test(f.path)).length)],
  ];
  for (const r of rows) {
    console.log(`| ${r[0].padEnd(26)} | ${r[1].padStart(8)} | ${r[2].padStart(9)} | ${r[3].padStart(5)} |`);
  }
  console.log(`tarball: ${path.join(destination, staged.filename)} (budget: unpacked ≤ ${mb(TOTAL_BUDGET_BYTES)}, `
    + `≤ ${mb(BUDGET_BYTES)} without Graphviz and age)`);
  const problems = budgetProblems(staged);
  for (const p of problems) {
    console.error(`pack: ${p}`);
  }
  process.exit(problems.length > 0 ? 1 : 0);
}
