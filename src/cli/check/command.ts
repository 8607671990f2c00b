/**
 * `cdk8s-mesh check [dist] [--key-store .mesh-keys] [--at <date>] [--strict] [--output text|json]`: runs every
 * check of `CHECKS` over a synthesized tree and key store, offline, and prints
 * them grouped like `linkerd check`:
 *
 *   output tree
 *   -----------
 *   ✓ dist was written by cdk8s-mesh synth (2 clusters: east, west)
 *   ✗ east: kustomization.yaml does not list exactly the cluster's manifests
 *       not listed: service.sample.sleep.yaml
 *
 *   Status check results are ✗
 *
 * A check is a function from the loaded tree to result lines (types.ts); add
 * one to `CHECKS` to plug it in.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pendingAccessCheck } from './access';
import { CliError, ExitCode, Io, parseWarnDays, plural, Progress, requireNonEmpty } from '../io';
import { ambientCheck } from './ambient';
import { certificatesCheck } from './certificates';
import { discoverySelectorsCheck } from './discovery';
import { interruptedSynthCheck, namespacesCheck, privateMaterialCheck } from './hygiene';
import { identityCheck, meshSummaryCheck } from './identity';
import { kialiRemoteClustersCheck } from './kiali';
import { linkerdLinksCheck } from './linkerd';
import { linkerdCredentialsCheck, linkerdTrustCheck } from './linkerd-offline';
import { rbacAuditCheck } from './rbac';
import { remoteSecretsCheck, remoteSecretTokensCheck } from './remote-secrets';
import { secretDeliveryCheck } from './secret-delivery';
import { deliverySchemaCheck, kustomizationCheck, schemaCheck, treeCheck } from './structure';
import { loadKeyStore, loadOutputTree } from './tree';
import { Check, CheckContext, CheckResult } from './types';
import { ObjectValidator } from '../../output/_object-validator';

/** Every check, in print order (grouped by `group`). */
export const CHECKS: Check[] = [
  treeCheck,
  interruptedSynthCheck,
  kustomizationCheck,
  schemaCheck,
  deliverySchemaCheck,
  identityCheck,
  discoverySelectorsCheck,
  meshSummaryCheck,
  ambientCheck,
  remoteSecretsCheck,
  remoteSecretTokensCheck,
  kialiRemoteClustersCheck,
  pendingAccessCheck,
  certificatesCheck,
  linkerdLinksCheck,
  linkerdCredentialsCheck,
  linkerdTrustCheck,
  namespacesCheck,
  privateMaterialCheck,
  secretDeliveryCheck,
  rbacAuditCheck,
];

const SYMBOL = { ok: '✓', warn: '‼', fail: '✗' } as const;

/** Options of `check`. */
export interface CheckOptions {
  readonly outdir: string;
  readonly keyStore: string;
  /** Evaluate certificate expiry at this time (ISO 8601). */
  readonly at?: string;
  /** Warnings fail too (exit 1), for CI. */
  readonly strict?: boolean;
  /** No progress lines, even on a terminal. */
  readonly quiet?: boolean;
  /** `text` (like `linkerd check`, the default) or `json` (CHECK_JSON_VERSION, docs/cli.md). */
  readonly output?: string;
  /** Warn about certificates and tokens that expire within this many days (a positive integer). */
  readonly warnDays?: string;
}

/** The version of `check --output json`'s document (docs/cli.md); bumped on any incompatible change. */
export const CHECK_JSON_VERSION = 1;

/** The results as one JSON document (docs/cli.md, "check --output json"). */
export function jsonResults(groups: Map<string, CheckResult[]>, strict: boolean): string {
  const counts = { ok: 0, warn: 0, fail: 0 };
  const out = [...groups].filter(([, results]) => results.length > 0).map(([name, results]) => ({
    name,
    results: results.map(r => {
      counts[r.status]++;
      return { status: r.status, message: r.message, details: r.details ?? [] };
    }),
  }));
  const status = counts.fail > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'ok';
  const passed = counts.fail === 0 && !(strict && counts.warn > 0);
  return JSON.stringify({ version: CHECK_JSON_VERSION, status, strict, passed, counts, groups: out }, null, 2) + '\n';
}

/** Runs the checks and returns their results per group, in order. */
export function runChecks(ctx: CheckContext, checks: Check[] = CHECKS): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const check of checks) {
    let results: CheckResult[];
    try {
      results = check.run(ctx);
    } catch (e) {
      results = [{ status: 'fail', message: `${check.name}: the check itself failed: ${(e as Error).message}` }];
    }
    groups.set(check.group, [...(groups.get(check.group) ?? []), ...results]);
  }
  return groups;
}

/** Formats the results like `linkerd check`. */
export function formatResults(groups: Map<string, CheckResult[]>, strict = false): string {
  const out: string[] = [];
  let failures = 0;
  let warnings = 0;
  for (const [group, results] of groups) {
    if (results.length === 0) { continue; }
    out.push(group, '-'.repeat(group.length));
    for (const r of results) {
      out.push(`${SYMBOL[r.status]} ${r.message}`);
      for (const d of r.details ?? []) {
        out.push(`    ${d}`);
      }
      if (r.status === 'fail') { failures++; }
      if (r.status === 'warn') { warnings++; }
    }
    out.push('');
  }
  const counts = [failures ? plural(failures, 'failure') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
  const symbol = failures > 0 || (strict && warnings > 0) ? SYMBOL.fail : SYMBOL.ok;
  out.push(`Status check results are ${symbol}${counts ? ` (${counts}${strict && warnings > 0 ? '; --strict: warnings fail' : ''})` : ''}`);
  return out.join('\n') + '\n';
}

/** Runs `check`; throws a CliError when the tree cannot be read. */
export function checkCommand(opts: CheckOptions, io: Io): ExitCode {
  const progress = new Progress(io, opts.quiet);
  requireNonEmpty('the output directory argument', opts.outdir, 'give the directory to check, or leave it out for the default (dist)');
  requireNonEmpty('--key-store', opts.keyStore, 'give the key store synth wrote, or leave --key-store out for the default');
  const output = opts.output ?? 'text';
  if (output !== 'text' && output !== 'json') {
    throw new CliError(ExitCode.USAGE, [`--output "${output}" is not a format: give text (the default) or json`]);
  }
  const root = path.resolve(opts.outdir);
  if (!fs.existsSync(root)) {
    throw new CliError(ExitCode.INVALID, [`output directory "${opts.outdir}" does not exist: run cdk8s-mesh synth first, or name the directory to check`]);
  }
  if (!fs.statSync(root).isDirectory()) {
    throw new CliError(ExitCode.INVALID, [`output directory "${opts.outdir}" is not a directory`]);
  }
  let now = new Date();
  if (opts.at !== undefined) {
    const t = Date.parse(opts.at);
    if (isNaN(t)) {
      throw new CliError(ExitCode.USAGE, [`--at "${opts.at}" is not a date: give an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z`]);
    }
    now = new Date(t);
  }
  const warnDays = parseWarnDays(opts.warnDays);
  const keyStore = path.resolve(opts.keyStore);
  if (fs.existsSync(keyStore) && !fs.statSync(keyStore).isDirectory()) {
    throw new CliError(ExitCode.INVALID, [`key store "${opts.keyStore}" exists and is not a directory: give the key store synth wrote with --key-store`]);
  }
  progress.step(`loading ${opts.outdir}`);
  const ctx: CheckContext = {
    outdirName: opts.outdir,
    keyStoreName: opts.keyStore,
    tree: loadOutputTree(root),
    keyStore: loadKeyStore(keyStore),
    validator: new ObjectValidator(),
    now,
    warnDays,
  };
  progress.step('checking');
  const groups = runChecks(ctx);
  const strict = opts.strict ?? false;
  io.stdout(output === 'json' ? jsonResults(groups, strict) : formatResults(groups, strict));
  const all = [...groups.values()].flat();
  const failed = all.some(r => r.status === 'fail') || (strict && all.some(r => r.status === 'warn'));
  return failed ? ExitCode.INVALID : ExitCode.OK;
}
