/**
 * The CLI's streams, exit codes and errors. Commands write through an `Io` so
 * that tests and the binary share one code path.
 */
import * as fs from 'fs';

/** Exit codes of every command. */
export enum ExitCode {
  /** Done (synth wrote the tree; every check passed, warnings allowed). */
  OK = 0,
  /** Invalid input, or a failed check. Nothing was written. */
  INVALID = 1,
  /** Usage error: unknown command or option, missing or conflicting arguments. */
  USAGE = 2,
  /** The key store or the output directory stayed locked by another synth (`CDK8S_MESH_LOCK_TIMEOUT`). Nothing was written. */
  LOCKED = 3,
}

/** Where a command writes. */
export interface Io {
  /** True when stderr is a terminal: progress is shown only then. */
  readonly interactive: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY),
  };
}

/** An error that ends a command with an exit code and message lines (printed as `error: <line>`). */
export class CliError extends Error {
  constructor(public readonly exitCode: ExitCode, public readonly lines: string[], public readonly footer?: string) {
    super(lines.join('\n'));
    this.name = 'CliError';
  }
}

/**
 * Refuses an empty option or argument (often an unset shell variable): an
 * empty path would resolve to the current directory. `what` ends the message.
 */
export function requireNonEmpty(name: string, value: string | undefined, what: string): void {
  if (value === '') {
    throw new CliError(ExitCode.USAGE, [`${name} is empty: ${what}`]);
  }
}

/** Progress of slow work on stderr, only when stderr is a terminal and `--quiet` was not given. */
export class Progress {
  private lastCount = '';

  constructor(private readonly io: Io, private readonly quiet = false) {}

  /** Announces a step. */
  public step(message: string): void {
    if (this.io.interactive && !this.quiet) {
      this.io.stderr(`${message}…\n`);
    }
  }

  /** How far a counted piece of work has got (`generating RSA-4096 keys: 3/10`), rewritten in place. */
  public count(what: string, done: number, total: number): void {
    const line = `  generating ${what}: ${done}/${total}`;
    if (!this.io.interactive || this.quiet || line === this.lastCount) {
      return;
    }
    this.lastCount = line;
    this.io.stderr(`\r${line}${done >= total ? '\n' : ''}`);
  }
}

/**
 * Reads all of stdin (synchronously, like `kubectl apply -f -`), or returns undefined as soon as it
 * is longer than `maxBytes`.
 */
export function readStdin(maxBytes: number): string | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { continue; } // a non-blocking stdin with nothing yet: try again
      if (code === 'EOF') { break; }
      throw e;
    }
    if (n === 0) { break; }
    total += n;
    if (total > maxBytes) { return undefined; }
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf-8');
}

/** `n thing` / `n things`. */
export function plural(n: number, thing: string, things = `${thing}s`): string {
  return `${n} ${n === 1 ? thing : things}`;
}

/** The default of `--warn-days`. */
export const DEFAULT_WARN_DAYS = 30;

/** `--warn-days`: a whole number of days, 1 to 3650. */
export function parseWarnDays(value: string | undefined): number {
  if (value === undefined) { return DEFAULT_WARN_DAYS; }
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 3650)) {
    throw new CliError(ExitCode.USAGE, [`--warn-days "${value}" is not a whole number of days from 1 to 3650: give how many days before expiry to warn, such as 30`]);
  }
  return n;
}
