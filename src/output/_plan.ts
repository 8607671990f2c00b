/**
 * `plan`: what a synth would change in the outdir and the key store, computed
 * from the in-memory render (`renderApp`) and a read of both directories.
 * Nothing is written and no lock is taken (a running synth is never blocked,
 * and plan never waits for one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { createTwoFilesPatch } from 'diff';
import { compareText } from './_order';
import { checkOutdir, OWNER_MARKER, planKeyStore, RenderedFile, RenderedTree } from './_writer';
import { CertificateAction, FileChange, MeshPlan, PlannedCertificate, PlannedKeyStoreFile, PlannedOutputFile } from './mesh-plan';
import type { TrustIssuance } from '../pki/trust-root';

/** Where to compare, and how the outdir's private material is treated. */
export interface PlanTargets {
  readonly outdir: string;
  readonly keyStore: string;
  /** Private material is written into the outdir (demos): its files get no diff. */
  readonly privateMaterialInOutdir?: boolean;
}

/** The files of `root`, relative to it, with their text (symbolic links and special files are listed with no text). */
function readTree(root: string): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        walk(path.join(dir, e.name), r);
      } else {
        files.set(r, e.isFile() ? fs.readFileSync(path.join(dir, e.name), 'utf-8') : undefined);
      }
    }
  };
  if (fs.existsSync(root)) { walk(root, ''); }
  files.delete(OWNER_MARKER);
  return files;
}

function patch(file: string, before: string | undefined, after: string | undefined): string {
  return createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${file}`, after === undefined ? '/dev/null' : `b/${file}`,
    before ?? '', after ?? '', undefined, undefined, { context: 3 })
    .replace(/^=+\n/, '');
}

/** A file the plan must not show: a Secret in an outdir that holds private material. */
function holdsPrivate(file: string, targets: PlanTargets): boolean {
  return targets.privateMaterialInOutdir === true && path.posix.basename(file).startsWith('secret.');
}

/** The output tree's changes. */
export function outdirChanges(targets: PlanTargets, files: RenderedFile[]): PlannedOutputFile[] {
  checkOutdir(targets.outdir);
  const existing = readTree(path.resolve(targets.outdir));
  const out: PlannedOutputFile[] = [];
  const wanted = new Set<string>();
  for (const f of files) {
    wanted.add(f.path);
    const before = existing.get(f.path);
    if (existing.has(f.path) && before === f.content) { continue; }
    const change = existing.has(f.path) ? FileChange.CHANGED : FileChange.ADDED;
    out.push({ path: f.path, change, diff: holdsPrivate(f.path, targets) ? '' : patch(f.path, existing.has(f.path) ? before ?? '' : undefined, f.content) });
  }
  for (const [p, before] of existing) {
    if (!wanted.has(p)) {
      out.push({ path: p, change: FileChange.REMOVED, diff: holdsPrivate(p, targets) ? '' : patch(p, before ?? '', undefined) });
    }
  }
  return out.sort((a, b) => compareText(a.path, b.path));
}

/** The key store's changes, names only; throws the synth's error when the key store is not private. */
export function keyStoreChanges(keyStore: string, files: RenderedFile[]): PlannedKeyStoreFile[] {
  const root = path.resolve(keyStore);
  const ks = planKeyStore(root, keyStore, files);
  if (ks.problems.length > 0) {
    throw new Error(`key store "${keyStore}" is not private to this user, so a synth would write nothing:\n  ${ks.problems.join('\n  ')}`);
  }
  const out: PlannedKeyStoreFile[] = [
    ...ks.writes.map(w => ({ path: w.path, change: fs.existsSync(path.join(root, w.path)) ? FileChange.CHANGED : FileChange.ADDED })),
    ...ks.removals.map(p => ({ path: p, change: FileChange.REMOVED })),
  ];
  return out.sort((a, b) => compareText(a.path, b.path));
}

/** The constructs of `app` that issue certificates (trust roots), read after the render materialized them. */
function issuances(app: App): TrustIssuance[] {
  return app.node.findAll()
    .filter((c): c is IConstruct & { _issuance(): TrustIssuance } => '_issuance' in c && typeof c._issuance === 'function')
    .map(c => c._issuance());
}

/** The certificates a synth would make. */
export function plannedCertificates(app: App): PlannedCertificate[] {
  const out: PlannedCertificate[] = [];
  for (const t of issuances(app)) {
    const intermediate = t.istio ? 'intermediate CA' : 'identity issuer';
    for (const c of [t.root, ...t.intermediates]) {
      if (c.state !== 'generated' && c.state !== 'reissued') { continue; }
      out.push({
        meshId: t.meshId,
        ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
        certificate: c.cluster === undefined ? 'root' : intermediate,
        action: c.state === 'generated' ? CertificateAction.GENERATE : CertificateAction.REISSUE,
        reason: c.reason ?? 'missing',
        notAfter: c.notAfter,
      });
    }
  }
  return out;
}

/** The plan of a rendered app against its outdir and key store. */
export function planTree(app: App, tree: RenderedTree, targets: PlanTargets): MeshPlan {
  const outputFiles = outdirChanges(targets, tree.outdir);
  const keyStoreFiles = keyStoreChanges(targets.keyStore, tree.keyStore);
  const certificates = plannedCertificates(app);
  return {
    outdir: targets.outdir,
    keyStore: targets.keyStore,
    changed: outputFiles.length > 0 || keyStoreFiles.length > 0,
    outputFiles,
    keyStoreFiles,
    certificates,
    warnings: tree.warnings,
  };
}
