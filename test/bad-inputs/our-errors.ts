/**
 * What "one of our own errors" means, for the catalogue and the property tests:
 * a plain `Error` (or the CLI's and mesh file's own error classes) thrown by the
 * library's code, never a TypeError or an error from inside a dependency, with
 * a message in one of the library's formats.
 */
import * as path from 'path';

/** Error classes the library throws. */
export const OUR_ERROR_NAMES = ['Error', 'MeshFileError', 'CliError'];

/**
 * `<construct path>: '<prop>' (<value received>) <what is expected>`; in a mesh
 * file, the location is `<file>:<line>:<col> <Kind>/<name>`.
 */
export const PROP_FORMAT = /^[^'\n]*: '[^'\n]+' \([\s\S]*\) \S/;
/** Checks that need the whole app, reported together at synth. */
export const VALIDATION_FORMAT = /^Validation failed with the following errors:\n {2}\[[^\]]*\] \S/;
/** The writer's own messages: `<construct path>: <message>`, or about the outdir and key store. */
export const WRITER_FORMAT = /^(\S+: \S|(outdir|key store|key-store file) ")/;

/**
 * A mesh-file problem that is not about one field: `<file>[:<line>:<col>][ <Kind>/<name> | document <n>]: <message>`
 * (an empty file, a YAML syntax error, a document that is not a map, a construct check located at its document).
 */
export const MESH_FILE_FORMAT = /^\S+\.ya?ml(:\d+:\d+)?( (document \d+|[A-Z][A-Za-z]*(\/\S+| \(document \d+\))))?: \S/;

/** The formats a message of the library has. */
export const MESSAGE_FORMATS = [PROP_FORMAT, VALIDATION_FORMAT, WRITER_FORMAT, MESH_FILE_FORMAT];

const SOURCE_DIRS = [path.join(__dirname, '..', '..', 'src') + path.sep, path.join(__dirname, '..', '..', 'lib') + path.sep];

/** The first stack frame's file, when the error has a stack. */
function throwingFile(e: Error): string | undefined {
  const frame = (e.stack ?? '').split('\n').find(l => /^\s+at /.test(l));
  const m = frame ? /\(?((?:[A-Za-z]:)?[^():]+):\d+:\d+\)?\s*$/.exec(frame) : null;
  return m ? m[1] : undefined;
}

/**
 * Why `e` is not one of our own errors, or undefined when it is. `formats`
 * are the message formats accepted.
 */
export function notOurError(e: unknown, formats: RegExp[] = MESSAGE_FORMATS): string | undefined {
  if (!(e instanceof Error)) {
    return `not an Error: ${String(e)}`;
  }
  if (!OUR_ERROR_NAMES.includes(e.name) || !OUR_ERROR_NAMES.includes(e.constructor.name)) {
    return `a ${e.constructor.name} (${e.name}), not one of ${OUR_ERROR_NAMES.join(', ')}: ${e.message}`;
  }
  const file = throwingFile(e);
  if (file !== undefined && !SOURCE_DIRS.some(d => file.startsWith(d))) {
    return `thrown from ${file}, outside the library's own code: ${e.message}`;
  }
  if (!formats.some(f => f.test(e.message))) {
    return `the message is in none of the library's formats: ${e.message}`;
  }
  return undefined;
}
