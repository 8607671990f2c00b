/**
 * Transactional writes of the key store and the output tree, and the recovery
 * of an interrupted synth. Callers hold the locks of `_lock.ts`.
 *
 * Key store: the changed files are staged in `<keyStore>/.transaction/` and a
 * journal naming them is renamed into place (the commit); then each staged file
 * is renamed over its target. A synth that starts finds a committed journal and
 * completes it (roll forward), or finds staging without a journal and removes it
 * (roll back): after recovery, the key store is the old one or the new one,
 * never a mix (a certificate beside another certificate's key).
 *
 * Output tree: written to `.<outdir>.staging-*`, renamed to `.<outdir>.ready-*`
 * when complete, and swapped in with two renames. Between those two renames the
 * outdir is missing for a moment; a synth killed there is recovered by the next
 * one (the ready tree, else the old tree, is renamed into place).
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { faultPoint } from './_fault';

/** A file to write: a path relative to its root, its text and mode. */
export interface StoreFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

/** The directory of an interrupted or running key-store transaction. */
export const TRANSACTION_DIR = '.transaction';
const JOURNAL = 'journal.json';
/** Temporary files of the per-file writer of earlier versions. */
const LEGACY_TMP = /\.tmp-[0-9a-f]{8}$/;

interface JournalEntry {
  /** Target, relative to the key store. */
  readonly path: string;
  /** Staged file name in the transaction directory; absent for a removal. */
  readonly staged?: string;
}

/**
 * `p` with symbolic links resolved: the real directory a link points at (so
 * that a swap replaces the target, not the link), or for a path that does not
 * exist yet, its deepest existing parent resolved.
 */
export function realPath(p: string): string {
  const abs = path.resolve(p);
  let st: fs.Stats | undefined;
  try { st = fs.lstatSync(abs); } catch { st = undefined; }
  if (st?.isSymbolicLink()) {
    try {
      return fs.realpathSync(abs);
    } catch {
      throw new Error(`"${p}" is a symbolic link to ${fs.readlinkSync(abs)}, which does not exist: create its target or remove the link`);
    }
  }
  if (st) { return fs.realpathSync(abs); }
  const parent = path.dirname(abs);
  return parent === abs ? abs : path.join(realPath(parent), path.basename(abs));
}

/** A staged key-store transaction: `commit()` makes it visible at once, `abort()` drops it. */
export interface KeyStoreTransaction {
  readonly files: number;
  commit(): void;
  abort(): void;
}

/**
 * Writes `file` and flushes it to the disk (fsync) before it is renamed anywhere: a power loss
 * after the commit point then finds every staged file complete, not empty. Used for the key
 * store only: its files cannot be regenerated (the root key), the output tree can.
 */
function writeDurable(file: string, content: string, mode: number): void {
  const fd = fs.openSync(file, 'w', mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a directory's entries (the renames into it) to the disk, where the platform allows. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms and file systems cannot fsync a directory: the renames are then as durable as they make them.
  } finally {
    if (fd !== undefined) { fs.closeSync(fd); }
  }
}

function rename(from: string, to: string): void {
  faultPoint();
  fs.renameSync(from, to);
}

function mkdirs(dir: string, mode: number): void {
  if (fs.existsSync(dir)) { return; }
  mkdirs(path.dirname(dir), mode);
  faultPoint();
  fs.mkdirSync(dir, { mode });
}

/**
 * Stages `writes` (changed files) and `removals` (relative paths) of the key
 * store `root` (absolute, real). Nothing is visible until `commit()`.
 */
export function stageKeyStore(root: string, writes: StoreFile[], removals: string[]): KeyStoreTransaction {
  const txn = path.join(root, TRANSACTION_DIR);
  const entries: JournalEntry[] = [];
  if (writes.length > 0 || removals.length > 0) {
    mkdirs(root, 0o700);
    faultPoint();
    fs.mkdirSync(txn, { mode: 0o700 });
    writes.forEach((f, i) => {
      const staged = String(i);
      faultPoint();
      writeDurable(path.join(txn, staged), f.content, f.mode);
      entries.push({ path: f.path, staged });
    });
    entries.push(...removals.map(p => ({ path: p })));
  }
  const drop = () => fs.rmSync(txn, { recursive: true, force: true });
  return {
    files: entries.length,
    abort: () => { if (entries.length > 0) { faultPoint(); drop(); } },
    commit: () => {
      if (entries.length === 0) { return; }
      faultPoint();
      writeDurable(path.join(txn, `${JOURNAL}.tmp`), JSON.stringify(entries) + '\n', 0o600);
      syncDirectory(txn); // the staged files' names
      rename(path.join(txn, `${JOURNAL}.tmp`), path.join(txn, JOURNAL)); // the commit point
      syncDirectory(txn);
      applyJournal(root, entries);
    },
  };
}

function applyJournal(root: string, entries: JournalEntry[]): void {
  const txn = path.join(root, TRANSACTION_DIR);
  for (const e of entries) {
    const target = path.join(root, e.path);
    if (e.staged === undefined) {
      faultPoint();
      fs.rmSync(target, { force: true });
      continue;
    }
    const staged = path.join(txn, e.staged);
    if (!fs.existsSync(staged)) { continue; } // renamed before an interruption
    mkdirs(path.dirname(target), 0o700);
    rename(staged, target);
  }
  // The renamed files' new names are on the disk before the journal that would redo them goes.
  for (const dir of new Set(entries.filter(e => e.staged !== undefined).map(e => path.dirname(path.join(root, e.path))))) {
    syncDirectory(dir);
  }
  faultPoint();
  fs.rmSync(path.join(txn, JOURNAL), { force: true });
  faultPoint();
  fs.rmSync(txn, { recursive: true, force: true });
}

/**
 * Recovers the key store `root` (absolute, real) after an interrupted synth;
 * returns the line to print, or undefined when there was nothing to recover.
 */
export function recoverKeyStore(root: string): string | undefined {
  if (!fs.existsSync(root)) { return undefined; }
  const txn = path.join(root, TRANSACTION_DIR);
  const lines: string[] = [];
  if (fs.existsSync(txn)) {
    let entries: JournalEntry[] | undefined;
    try {
      entries = JSON.parse(fs.readFileSync(path.join(txn, JOURNAL), 'utf-8'));
    } catch {
      entries = undefined;
    }
    if (entries) {
      applyJournal(root, entries);
      lines.push(`completed the key-store update of an interrupted synth (${entries.length} files)`);
    } else {
      const staged = fs.readdirSync(txn).length;
      faultPoint();
      fs.rmSync(txn, { recursive: true, force: true });
      lines.push(`removed the staged key-store update of an interrupted synth (${staged} files; the key store was not changed)`);
    }
  }
  const strays = legacyTempFiles(root);
  for (const f of strays) {
    faultPoint();
    fs.rmSync(f, { force: true });
  }
  if (strays.length > 0) {
    lines.push(`removed ${strays.length} temporary files of an interrupted synth (${strays.map(f => path.relative(root, f)).join(', ')})`);
  }
  return lines.length > 0 ? `key store ${root}: ${lines.join('; ')}` : undefined;
}

function legacyTempFiles(root: string): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, d.name);
    if (d.isFile() && LEGACY_TMP.test(d.name)) { out.push(p); }
    if (d.isDirectory() && d.name !== TRANSACTION_DIR) {
      for (const f of fs.readdirSync(p, { withFileTypes: true })) {
        if (f.isFile() && LEGACY_TMP.test(f.name)) { out.push(path.join(p, f.name)); }
      }
    }
  }
  return out;
}

/**
 * What an interrupted synth left, read without changing anything (for `cdk8s-mesh check`): the
 * key store's transaction (committed: the next synth completes it; not committed: it removes it)
 * and the output tree's staging, ready and old directories beside it.
 */
export function interruptedSynth(keyStore: string, outdir: string): { transaction?: 'committed' | 'staged'; outdirSiblings: string[] } {
  const txn = path.join(keyStore, TRANSACTION_DIR);
  const transaction = fs.existsSync(txn) ? (fs.existsSync(path.join(txn, JOURNAL)) ? 'committed' : 'staged') : undefined;
  let real: string;
  try { real = fs.realpathSync(outdir); } catch { real = path.resolve(outdir); }
  const s = siblings(real);
  return { transaction, outdirSiblings: [...s.staging, ...s.ready, ...s.old].map(p => path.basename(p)).sort() };
}

/** The names of the outdir's sibling directories: `.<name>.staging-*`, `.<name>.ready-*`, `.<name>.old-*`. */
function siblings(real: string): { staging: string[]; ready: string[]; old: string[] } {
  const parent = path.dirname(real);
  const prefix = `.${path.basename(real)}.`;
  const out = { staging: [] as string[], ready: [] as string[], old: [] as string[] };
  let names: string[];
  try { names = fs.readdirSync(parent); } catch { return out; }
  for (const n of names) {
    if (!n.startsWith(prefix)) { continue; }
    const rest = n.slice(prefix.length);
    for (const kind of ['staging', 'ready', 'old'] as const) {
      if (new RegExp(`^${kind}-[0-9a-f]{8}$`).test(rest)) { out[kind].push(path.join(parent, n)); }
    }
  }
  return out;
}

/**
 * Recovers the outdir `real` (absolute, real) after an interrupted synth:
 * puts a tree back when it is missing, removes every staging, ready and old
 * directory. Returns the line to print, or undefined.
 */
export function recoverOutdir(real: string): string | undefined {
  const s = siblings(real);
  const lines: string[] = [];
  if (!fs.existsSync(real) && (s.ready.length > 0 || s.old.length > 0)) {
    const back = s.ready.length > 0 ? s.ready.shift()! : s.old.shift()!;
    rename(back, real);
    lines.push(`restored ${real} from ${path.basename(back)} (the synth was interrupted while swapping the tree)`);
  }
  const stale = [...s.staging, ...s.ready, ...s.old];
  for (const d of stale) {
    faultPoint();
    fs.rmSync(d, { recursive: true, force: true });
  }
  if (stale.length > 0) {
    lines.push(`removed ${stale.length} directories of an interrupted synth (${stale.map(d => path.basename(d)).join(', ')})`);
  }
  return lines.length > 0 ? `output directory: ${lines.join('; ')}` : undefined;
}

/** A staged output tree: `swap()` puts it in place of the outdir, `abort()` drops it. */
export interface StagedOutdir {
  swap(): void;
  abort(): void;
}

/**
 * Hard-links `old` (the current outdir's file) to `target` when it already holds
 * exactly `f` (bytes and mode): a re-synth creates no file it does not change,
 * and the swap stays atomic (the staged tree is complete before it). False when
 * it cannot (no such file, other bytes, a file system without hard links).
 */
function linkUnchanged(old: string, target: string, f: StoreFile): boolean {
  try {
    const st = fs.lstatSync(old);
    if (!st.isFile() || (st.mode & 0o777) !== f.mode || st.size !== Buffer.byteLength(f.content) // eslint-disable-line no-bitwise
      || fs.readFileSync(old, 'utf-8') !== f.content) {
      return false;
    }
    fs.linkSync(old, target);
    return true;
  } catch {
    return false;
  }
}

/** Writes `files` into a complete tree beside the outdir `real` (absolute, real). */
export function stageOutdir(real: string, files: StoreFile[]): StagedOutdir {
  const parent = path.dirname(real);
  mkdirs(parent, 0o755);
  const id = randomBytes(4).toString('hex');
  const staging = path.join(parent, `.${path.basename(real)}.staging-${id}`);
  const ready = path.join(parent, `.${path.basename(real)}.ready-${id}`);
  const drop = (d: string) => { faultPoint(); fs.rmSync(d, { recursive: true, force: true }); };
  try {
    faultPoint();
    fs.mkdirSync(staging);
    const made = new Set<string>([staging]);
    for (const f of files) {
      const target = path.join(staging, f.path);
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      faultPoint();
      if (!linkUnchanged(path.join(real, f.path), target, f)) {
        fs.writeFileSync(target, f.content, { mode: f.mode });
      }
    }
    rename(staging, ready);
  } catch (e) {
    drop(staging);
    throw e;
  }
  return {
    abort: () => drop(ready),
    swap: () => {
      if (!fs.existsSync(real)) {
        rename(ready, real);
        return;
      }
      const old = path.join(parent, `.${path.basename(real)}.old-${id}`);
      rename(real, old);
      try {
        rename(ready, real);
      } catch (e) {
        rename(old, real);
        drop(ready);
        throw e;
      }
      drop(old);
    },
  };
}
