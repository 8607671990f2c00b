/**
 * The one way user-named input files are read (token files, CA and
 * certificate files, kubeconfigs, mesh files): a regular file, of bounded
 * size, and for secrets readable by their owner only. A FIFO, a device or a
 * directory is refused before it is opened (a FIFO would block the synth
 * forever); a file larger than its kind can be is refused before it is read.
 */
import * as fs from 'fs';
import { fail } from './_validation';

/** What a file holds, and how large it may be. */
export interface InputFileKind {
  /** For messages: "token", "CA certificate", "kubeconfig", … */
  readonly what: string;
  /** The size limit in bytes. */
  readonly maxBytes: number;
  /** Secrets must not be readable by group or others (the key store's rule). */
  readonly secret?: boolean;
}

export const TOKEN_FILE: InputFileKind = { what: 'token', maxBytes: 64 * 1024, secret: true };
export const PEM_FILE: InputFileKind = { what: 'PEM', maxBytes: 1024 * 1024 };
export const KEY_FILE: InputFileKind = { what: 'private key', maxBytes: 1024 * 1024, secret: true };
export const KUBECONFIG_FILE: InputFileKind = { what: 'kubeconfig', maxBytes: 4 * 1024 * 1024 };
export const MESH_FILE: InputFileKind = { what: 'mesh', maxBytes: 16 * 1024 * 1024 };

/** Why `stat` is not an acceptable input of `kind`, or undefined. */
export function inputFileProblem(resolved: string, stat: fs.Stats | undefined, kind: InputFileKind): string | undefined {
  if (!stat) { return `${resolved} does not exist`; }
  if (!stat.isFile()) {
    const type = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device or special file';
    return `${resolved} is ${type}, not a regular file`;
  }
  if (stat.size > kind.maxBytes) {
    return `${resolved} is ${stat.size} bytes, more than a ${kind.what} file can be (${kind.maxBytes} bytes)`;
  }
  const permissions = stat.mode % 0o1000;
  // Group or other bits set (without bitwise operators: the lint rule forbids them).
  if (kind.secret && permissions % 0o100 !== 0) {
    return `${resolved} is readable by others (mode ${permissions.toString(8).padStart(4, '0')}): run chmod 600 ${resolved}`;
  }
  return undefined;
}

/** Reads a user-named input file, failing with `where`/`prop` when it is not acceptable. */
export function readInputFile(where: string, prop: string, shown: unknown, resolved: string, kind: InputFileKind): string {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch {
    stat = undefined;
  }
  const problem = inputFileProblem(resolved, stat, kind);
  if (problem) {
    fail(where, prop, shown, `must name a readable ${kind.what} file, but ${problem}`);
  }
  return fs.readFileSync(resolved, 'utf-8');
}
