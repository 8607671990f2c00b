/**
 * Exclusive locks on the key store and the output tree for the whole synth.
 *
 * A lock is a file created atomically (written beside it, then hard-linked in
 * place, so it is never seen half-written) holding its owner: pid, host, the
 * process start time (from /proc on Linux) and when the lock was taken. A second
 * synth waits, printing one line, until the lock is released or its timeout
 * passes (`CDK8S_MESH_LOCK_TIMEOUT` seconds, default 120), then fails with
 * `LockTimeoutError` (the CLI's exit code 3). A lock whose owner is gone (same
 * host, and the pid is not running or is another process now) is stale: it is
 * removed, with one line saying so.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Who holds a lock. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The owner's process start time (clock ticks since boot, from /proc/<pid>/stat), when known. */
  readonly processStart?: string;
  /** When the lock was taken (ISO 8601). */
  readonly since: string;
  /** A random value telling two owners with the same pid apart. */
  readonly nonce: string;
}

/** The lock could not be taken before the timeout. */
export class LockTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockTimeoutError';
  }
}

/** A held lock. */
export interface Lock {
  readonly file: string;
  release(): void;
}

const POLL_MS = 50;
const BREAKER_STALE_MS = 10_000;

/** The start time of process `pid` (field 22 of /proc/<pid>/stat), or undefined where there is no /proc. */
export function processStartOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf-8');
    // The command name (field 2) is in parentheses and may hold spaces: fields after it are counted from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The `code` of a system error (`ENOENT`, ...), if it is one. */
function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf-8'));
    return typeof o?.pid === 'number' && typeof o?.host === 'string' ? o : { pid: -1, host: '?', since: '?', nonce: '?' };
  } catch (e) {
    return errno(e) === 'ENOENT' ? undefined : { pid: -1, host: '?', since: '?', nonce: '?' };
  }
}

/** Why the owner of a lock is gone, or undefined when it may still run (or runs on another host). */
function staleReason(owner: LockOwner): string | undefined {
  if (owner.host !== os.hostname()) { return undefined; }
  if (owner.pid === process.pid && owner.nonce !== undefined) { return undefined; }
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if (errno(e) === 'ESRCH') { return `pid ${owner.pid} is not running`; }
  }
  const start = processStartOf(owner.pid);
  if (owner.processStart !== undefined && start !== undefined && start !== owner.processStart) {
    return `pid ${owner.pid} is another process now`;
  }
  return undefined;
}

export function describeOwner(o: LockOwner): string {
  return `pid ${o.pid} on host ${o.host} since ${o.since}`;
}

/** Removes `file` when it still holds the stale `owner`; one breaker at a time. */
function breakStale(file: string, owner: LockOwner, reason: string, say: (line: string) => void): void {
  const breaker = `${file}.break`;
  try {
    fs.writeFileSync(breaker, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch {
    try {
      if (Date.now() - fs.statSync(breaker).mtimeMs > BREAKER_STALE_MS) { fs.rmSync(breaker, { force: true }); }
    } catch { /* gone meanwhile */ }
    return;
  }
  try {
    const now = readOwner(file);
    if (now && now.nonce === owner.nonce && now.pid === owner.pid) {
      fs.rmSync(file, { force: true });
      say(`removed a stale lock ${file} (${describeOwner(owner)}: ${reason})`);
    }
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

/**
 * Takes the lock `file` for `what` (such as `key store .mesh-keys`), waiting
 * while another process holds it. `say` prints one line (waiting, stale lock removed).
 */
export function acquireLock(file: string, what: string, say: (line: string) => void,
  timeoutMs = Number(process.env.CDK8S_MESH_LOCK_TIMEOUT ?? 120) * 1000): Lock {
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    processStart: processStartOf(process.pid),
    since: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  const tmp = path.join(path.dirname(file), `${path.basename(file)}.${owner.nonce}`);
  fs.writeFileSync(tmp, JSON.stringify(owner) + '\n', { mode: 0o600 });
  const deadline = Date.now() + (Number.isFinite(timeoutMs) ? timeoutMs : 120_000);
  let waited = false;
  try {
    for (;;) {
      try {
        fs.linkSync(tmp, file);
        break;
      } catch (e) {
        if (errno(e) !== 'EEXIST') { throw e; }
      }
      const held = readOwner(file);
      if (!held) { continue; }
      const reason = staleReason(held);
      if (reason) {
        breakStale(file, held, reason, say);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new LockTimeoutError(`${what} is locked by another synth (${describeOwner(held)}; lock file ${file}): `
          + `wait for it to finish and run again, or, if no synth runs on ${held.host}, remove ${file}`);
      }
      if (!waited) {
        waited = true;
        say(`waiting for ${what}: locked by ${describeOwner(held)} (lock file ${file})`);
      }
      sleep(POLL_MS);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  let released = false;
  const release = () => {
    if (released) { return; }
    released = true;
    process.removeListener('exit', release);
    if (readOwner(file)?.nonce === owner.nonce) { fs.rmSync(file, { force: true }); }
  };
  process.on('exit', release);
  return { file, release };
}
