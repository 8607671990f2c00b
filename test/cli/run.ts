/**
 * Runs the built `cdk8s-mesh` binary (lib/cli/main.js, compiled by jsii before
 * jest in `npm test`) as a user would: a child process in a directory.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { formatWarning } from '../../src/output/_warnings';

/** The compiled binary. */
export const MAIN = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.js');

/** What a run printed and returned. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdk8s-mesh <args>` in `cwd` (stdin, stdout and stderr are pipes, so not a terminal); `input` is its stdin. */
export function cdk8sMesh(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): CliRun {
  if (!fs.existsSync(MAIN)) {
    throw new Error(`${MAIN} does not exist: compile first (npx jsii --silence-warnings=reserved-word, or npm test)`);
  }
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.CDK8S_MESH_KEY_STORE;
  delete base.CDK8S_OUTDIR;
  delete base.CDK8S_MESH_DEBUG;
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf-8', env: { ...base, ...env }, input: input ?? '', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file below `dir`, relative, sorted (hidden files included). */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); } else { out.push(path.relative(dir, p)); }
    }
  };
  if (fs.existsSync(dir)) { walk(dir); }
  return out.sort();
}

/**
 * Expected stderr lines, with each one-line `warning: ...` expectation in the form the CLI prints
 * it (src/output/_warnings.ts: a headline, then the steps on their own lines).
 */
export function printed(lines: string[]): string[] {
  return lines.flatMap(l => l.startsWith('warning: ') ? formatWarning(l.slice('warning: '.length)).split('\n').slice(0, -1) : [l]);
}
