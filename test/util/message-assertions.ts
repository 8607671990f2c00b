/**
 * Finds the assertions of error-message text in the tests: `toThrow('...')`,
 * `toThrow("...")`, `toThrow(`...`)`, `toThrowError(...)`, regexes,
 * `expect(err.message).toBe/toEqual/toContain(...)` and
 * `expect(stderr).toEqual/toContain(...)`. Exact messages belong to the
 * bad-input catalogue (test/bad-inputs); test/bad-inputs/only-here.test.ts
 * uses this scanner to keep them there.
 *
 * Measure (counts, and how many repeat a catalogue message):
 *   npx ts-node --project test/tsconfig.json test/util/message-assertions.ts [--list]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** What an assertion checks the message with. */
export type AssertionKind =
  /** A string: jest checks that the message contains it. */
  | 'text'
  /** A regular expression literal. */
  | 'regex'
  /** A variable or call: what it holds is not visible to the scanner. */
  | 'indirect';

/** One assertion of message text. */
export interface MessageAssertion {
  /** The test file, relative to the repository root. */
  readonly file: string;
  readonly line: number;
  /** `toThrow`, `toThrowError`, `message.toEqual`, `stderr.toContain`, ... */
  readonly matcher: string;
  readonly kind: AssertionKind;
  /** The literal text (substitutions of template literals written `\u0000`), or the regex source. */
  readonly text: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const THROW_MATCHERS = new Set(['toThrow', 'toThrowError']);
const VALUE_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toMatch']);

/** Every `*.test.ts` under test/, outside test/bad-inputs, relative to the repository root. */
export function testFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (rel !== 'test/bad-inputs' && entry.name !== 'fixtures') walk(rel);
      } else if (entry.name.endsWith('.test.ts')) {
        out.push(rel);
      }
    }
  };
  walk('test');
  return out.sort();
}

/** The literal text of a string expression (`'a'`, `` `a${x}b` ``, `'a' + x`), or undefined when it is not one. */
function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map(s => `\u0000${s.literal.text}`).join('');
  }
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(node.left);
    const right = literalText(node.right);
    if (left === undefined && right === undefined) return undefined;
    return `${left ?? '\u0000'}${right ?? '\u0000'}`;
  }
  return undefined;
}

/** The subject of `expect(subject)` when `call` is `expect(subject).[not.]matcher(...)`. */
function expectSubject(call: ts.CallExpression): ts.Expression | undefined {
  let target = (call.expression as ts.PropertyAccessExpression).expression;
  if (ts.isPropertyAccessExpression(target) && ['not', 'resolves', 'rejects'].includes(target.name.text)) target = target.expression;
  if (ts.isCallExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'expect') return target.arguments[0];
  return undefined;
}

/** The message assertions of one file. */
export function scanFile(file: string): MessageAssertion[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: MessageAssertion[] = [];
  const add = (node: ts.Node, matcher: string, arg: ts.Expression): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const text = literalText(arg);
    if (text !== undefined) {
      found.push({ file, line, matcher, kind: 'text', text });
    } else if (ts.isRegularExpressionLiteral(arg)) {
      found.push({ file, line, matcher, kind: 'regex', text: arg.text.slice(1, arg.text.lastIndexOf('/')) });
    } else if (!(ts.isIdentifier(arg) && /Error$/.test(arg.text))) {
      found.push({ file, line, matcher, kind: 'indirect', text: arg.getText(source) });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length > 0) {
      const name = node.expression.name.text;
      if (THROW_MATCHERS.has(name)) {
        add(node, name, node.arguments[0]);
      } else if (VALUE_MATCHERS.has(name)) {
        const subject = expectSubject(node);
        const subjectText = subject?.getText(source) ?? '';
        const what = /\.message$/.test(subjectText) ? 'message' : /(^|\.)stderr$/.test(subjectText) ? 'stderr' : undefined;
        const text = literalText(node.arguments[0]);
        // An empty stderr is a behaviour ("nothing is printed"), not a message.
        if (what && !(text === '' && what === 'stderr')) add(node, `${what}.${name}`, node.arguments[0]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The message assertions of every test file outside test/bad-inputs. */
export function scanTests(): MessageAssertion[] {
  return testFiles().flatMap(scanFile);
}

/**
 * Whether an assertion spells (part of) a message rather than checking the
 * error's class or a field name: a string (any), or a regex with more than
 * 30 characters of literal text.
 */
export function spellsMessage(a: MessageAssertion): boolean {
  if (a.kind === 'text') return true;
  if (a.kind === 'regex') return a.text.replace(/\\.|[\^$.*+?()[\]{}|]/g, '').length > 30;
  return false;
}

function escape(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * A regex that matches the catalogue messages the assertion would accept,
 * up to the construct path (the catalogue's apps are named differently):
 * a leading `<path>: ` and every `[path]` are wildcards, and so are template
 * substitutions. `shape` also makes quoted and parenthesised values
 * wildcards: the same message for another value of the same prop.
 */
export function catalogueMatcher(a: MessageAssertion, shape = false): RegExp {
  const ANY = '[\\s\\S]*?';
  if (a.kind === 'regex') return new RegExp(a.text.replace(/^\^/, ''));
  let text = a.text;
  const parts: string[] = [];
  const pathPrefix = /^[A-Za-z0-9._/-]+: /.exec(text);
  if (pathPrefix) text = text.slice(pathPrefix[0].length);
  const tokens = shape
    ? /\u0000|\[[^\]\s]*\]|\([^()]*\)|"[^"]*"/g
    : /\u0000|\[[^\]\s]*\]/g;
  let last = 0;
  for (const m of text.matchAll(tokens)) {
    parts.push(escape(text.slice(last, m.index)), ANY);
    last = m.index! + m[0].length;
  }
  parts.push(escape(text.slice(last)));
  return new RegExp((pathPrefix ? ANY : '') + parts.join(''));
}

/** The catalogue case whose message the assertion repeats, if any. */
export function repeatedCase(a: MessageAssertion, cases: readonly { id: string; message: string }[], shape = false): string | undefined {
  if (a.kind === 'indirect') return undefined;
  const re = catalogueMatcher(a, shape);
  return cases.find(c => re.test(c.message))?.id;
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ALL_CASES } = require('../bad-inputs/catalogue') as typeof import('../bad-inputs/catalogue');
  const all = scanTests();
  const spelled = all.filter(spellsMessage);
  const exact = spelled.filter(a => repeatedCase(a, ALL_CASES));
  const shaped = spelled.filter(a => repeatedCase(a, ALL_CASES, true));
  const byKind = (k: AssertionKind): number => all.filter(a => a.kind === k).length;
  console.log(`message assertions outside test/bad-inputs: ${all.length} (text ${byKind('text')}, regex ${byKind('regex')}, indirect ${byKind('indirect')})`);
  console.log(`  spelling a message (text, or a regex of over 30 literal characters): ${spelled.length}`);
  console.log(`  repeating a catalogue message (up to the construct path): ${exact.length}`);
  console.log(`  repeating a catalogue message's shape (any values): ${shaped.length}`);
  if (process.argv.includes('--list')) {
    for (const a of spelled) {
      const id = repeatedCase(a, ALL_CASES) ?? (repeatedCase(a, ALL_CASES, true) ? `~${repeatedCase(a, ALL_CASES, true)}` : '-');
      console.log(`${a.file}:${a.line}\t${a.matcher}\t${id}\t${JSON.stringify(a.text).slice(0, 140)}`);
    }
  }
}
