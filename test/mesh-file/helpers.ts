import * as fs from 'fs';
import * as path from 'path';
import { MeshFileModel } from '../../src/mesh-file/model';
import { parseMeshText } from '../../src/mesh-file/parse';
import { formatProblem, MeshFileError } from '../../src/mesh-file/problems';
import { tempDir } from '../util';

export const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

/** A kubeconfig with one context (and cluster) per name; the user token is never read. */
export function kubeconfig(clusters: string[]): string {
  const ca = Buffer.from(TEST_CA_PEM).toString('base64');
  return [
    'apiVersion: v1', 'kind: Config', `current-context: ${clusters[0]}`, 'clusters:',
    ...clusters.flatMap(c => [`- name: ${c}`, '  cluster:', `    server: https://${c}.example.com:6443`, `    certificate-authority-data: ${ca}`]),
    'contexts:',
    ...clusters.flatMap(c => [`- name: ${c}`, `  context: {cluster: ${c}, user: admin}`]),
    'users:', '- name: admin', '  user: {token: not-read}', '',
  ].join('\n');
}

/** A directory holding `files`, used as the mesh file's directory. */
export function baseDir(files: Record<string, string> = {}): string {
  const dir = fs.realpathSync(tempDir('cdk8s-mesh-file-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    // Token files owner-only, as the command of the pending warning writes them (umask 077).
    fs.writeFileSync(path.join(dir, name), text, { mode: /\.(jwt|token)$/.test(name) ? 0o600 : 0o644 });
  }
  return dir;
}

/** Parses `text` as `mesh.yaml` in `dir`. */
export function parse(text: string, dir: string = baseDir()): MeshFileModel {
  return parseMeshText(text, 'mesh.yaml', { baseDir: dir });
}

/** The formatted errors and warnings `fn` throws as a MeshFileError (fails when it does not throw one). */
export function problemsOf(fn: () => unknown): { errors: string[]; warnings: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MeshFileError) {
      return { errors: e.errors.map(formatProblem), warnings: e.warnings.map(formatProblem) };
    }
    throw e;
  }
  throw new Error('expected a MeshFileError, but nothing was thrown');
}

/** Joins YAML documents. */
export function docs(...parts: string[]): string {
  return parts.map(p => p.replace(/^\n/, '')).join('---\n');
}

export const NATIVE = 'apiVersion: cdk8s-mesh.io/v1alpha1';
export const RISTIOCTL = 'apiVersion: ristioctl.k8smgmt.io/v3';

/** `line:col` (1-based) of the `n`th (0-based) occurrence of `needle` in `text`. */
export function loc(text: string, needle: string, n = 0): string {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) { throw new Error(`"${needle}" not found ${n + 1} times`); }
  }
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** `line:col` of `sub` inside the first occurrence of `context` (to point into a repeated word). */
export function at(text: string, context: string, sub: string = context): string {
  const i = text.indexOf(context);
  if (i < 0) { throw new Error(`"${context}" not found`); }
  const j = context.indexOf(sub);
  if (j < 0) { throw new Error(`"${sub}" not in "${context}"`); }
  const before = text.slice(0, i + j).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * Where a problem is reported: `mesh.yaml:<line>:<col> <document>: '<field>'`. Tests assert where; the
 * message itself is the bad-input catalogue's (test/bad-inputs/cases/mesh-file.ts).
 */
export function where(problem: string): string {
  return /^mesh\.yaml(?::\d+:\d+)?:? ?(?:[A-Za-z]+\/[\w.-]+|document \d+|[A-Za-z]+ \(document \d+\))?(?:: '[^']*')?/.exec(problem)![0].trimEnd();
}
