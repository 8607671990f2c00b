/**
 * Renders the bad-input catalogue (test/bad-inputs/) into docs/troubleshooting.md:
 * every message the library gives for bad input, exactly as its test asserts it.
 * test/bad-inputs/troubleshooting.test.ts fails when the committed file differs.
 *
 *   npx ts-node --project scripts/tsconfig.json scripts/troubleshooting.ts           write the file
 *   npx ts-node --project scripts/tsconfig.json scripts/troubleshooting.ts --check   exit 1 when it is out of date
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALL_CASES, AREAS, BadInputCase, Stage } from '../test/bad-inputs/catalogue';
import { CaseContext } from '../test/bad-inputs/context';

/** Where the page is written. */
export const TROUBLESHOOTING_FILE = path.join(__dirname, '..', 'docs', 'troubleshooting.md');

const REGENERATE = 'npx ts-node --project scripts/tsconfig.json scripts/troubleshooting.ts';

const WHEN: Record<Stage, string> = {
  [Stage.CONSTRUCT]: 'when the construct is created (the program stops there; nothing is written)',
  [Stage.SYNTH]: 'by `synth()`, with every other problem of the app, before anything is written',
  [Stage.MESH_FILE]: 'by `cdk8s-mesh synth -f mesh.yaml`, with every other problem of the file, before anything is written '
    + '(each line printed as `error: <line>`; exit code 1)',
  [Stage.CLI]: 'by the `cdk8s-mesh` command line on stderr, exactly as shown (nothing is written)',
};

/** How the case was given, for the command line: the command and its exit code. */
function invocation(c: BadInputCase): string[] {
  if (c.stage !== Stage.CLI) { return []; }
  const args = c.args.map(a => (a === '' ? "''" : a)).join(' ');
  return [`Command: \`cdk8s-mesh ${args}\` (exit code ${c.exitCode}).`, ''];
}

/** A fenced block that no backtick run inside `text` can close. */
function fence(text: string, info = 'text'): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map(r => r.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${info}\n${text}\n${f}`;
}

function renderCase(c: BadInputCase): string[] {
  return [
    `<a id="${c.id}"></a>`,
    '',
    `### ${c.title}`,
    '',
    `Reported ${WHEN[c.stage]}.`,
    '',
    ...invocation(c),
    fence(c.message),
    ...(c.fix ? ['', `**Fix:** ${c.fix}`] : []),
    '',
  ];
}

/** The page, for the given cases (every case of the catalogue by default). */
export function renderTroubleshooting(cases: readonly BadInputCase[] = ALL_CASES): string {
  const areas = (Object.keys(AREAS) as (keyof typeof AREAS)[]).filter(a => cases.some(c => c.area === a));
  const lines = [
    '# Troubleshooting: error messages',
    '',
    `<!-- Generated from the bad-input catalogue (test/bad-inputs/) by scripts/troubleshooting.ts: do not edit by hand. Regenerate with \`${REGENERATE}\`; `
      + 'test/bad-inputs/troubleshooting.test.ts fails when this file and the catalogue differ. -->',
    '',
    `Every message the library gives for bad input, exactly as a test asserts it: ${cases.length} cases, one per distinct bad input.`,
    '',
    '## Reading a message',
    '',
    '- `<construct path>: \'<prop>\' (<value received>) <what is expected>`: a prop refused when the construct is created. '
      + 'The program stops there; nothing is written.',
    '- `Validation failed with the following errors:`, then one `[<construct path>] <problem>` line per problem: checks that need the whole app '
      + '(cluster names, networks and gateways, credentials). `synth()` reports them all at once, before anything is written.',
    '- Messages about the output directory and the key store name the path as it was given.',
    '- In a mesh file, the place is `<file>:<line>:<column> <Kind>/<name>` and the prop is the field path '
      + '(`mesh.yaml:12:12 Cluster/east: \'spec.network\' ("N1") must be ...`). `cdk8s-mesh synth` reports every problem of the file at once, '
      + 'one `error:` line each, then `synth failed: <n> errors in <file>; nothing was written`, and exits 1.',
    '- The command line exits 2 on a usage error (unknown command or option, a missing or empty value, conflicting options) '
      + 'and 1 on invalid input or a failed check; nothing is written in either case.',
    '',
    'A synth that fails leaves the output directory and the key store exactly as they were. No message shows a token or a key: '
      + 'a credential that cannot be used is named by its file or environment variable, and a file that holds no token is reported without its content.',
    '',
    'The examples below ran in an empty directory (holding `mesh.yaml` for the mesh-file examples) with the default output directory (`dist`) '
      + 'and key store (`.mesh-keys`); '
      + '`<cwd>` stands for that directory where a message shows an absolute path. TrustRoot examples use the clock '
      + `\`now: new Date('${CaseContext.NOW.toISOString()}')\`.`,
    '',
    '## Contents',
    '',
    '| area | cases |',
    '|---|---:|',
    ...areas.map(a => `| [${AREAS[a]}](#area-${a}) | ${cases.filter(c => c.area === a).length} |`),
    '',
  ];
  for (const a of areas) {
    lines.push(`<a id="area-${a}"></a>`, '', `## ${AREAS[a]}`, '');
    for (const c of cases.filter(x => x.area === a)) {
      lines.push(...renderCase(c));
    }
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}

if (require.main === module) {
  const text = renderTroubleshooting();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(TROUBLESHOOTING_FILE) ? fs.readFileSync(TROUBLESHOOTING_FILE, 'utf-8') : '';
    if (current !== text) {
      process.stderr.write(`${path.relative(process.cwd(), TROUBLESHOOTING_FILE)} is out of date: run ${REGENERATE}\n`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(TROUBLESHOOTING_FILE, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), TROUBLESHOOTING_FILE)} (${ALL_CASES.length} cases)\n`);
  }
}
