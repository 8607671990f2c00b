/**
 * Reading the parsed YAML of a tree (user-editable, so `unknown` until
 * narrowed): the value at a path of keys and indexes, narrowed to a string, a
 * map or a list. A missing step, or a step into something that is not an object,
 * gives undefined (or an empty list), as optional chaining would.
 */
import { isJsonObject, JsonObject } from '../../core/_json';

/** A key of a map or an index of a list. */
export type Step = string | number;

export { isJsonObject as isRecord };

/** The value at `path` under `v` (`at(o, 'metadata', 'name')` is `o?.metadata?.name`). */
export function at(v: unknown, ...path: Step[]): unknown {
  let current = v;
  for (const step of path) {
    if (current === null || typeof current !== 'object') { return undefined; }
    current = (current as Record<Step, unknown>)[step];
  }
  return current;
}

/** The string at `path`, or undefined when it is missing or not a string. */
export function str(v: unknown, ...path: Step[]): string | undefined {
  const value = at(v, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** The map at `path`, or undefined when it is missing or not a map. */
export function record(v: unknown, ...path: Step[]): JsonObject | undefined {
  const value = at(v, ...path);
  return isJsonObject(value) ? value : undefined;
}

/** The list at `path`, or an empty list when it is missing or not a list. */
export function list(v: unknown, ...path: Step[]): unknown[] {
  const value = at(v, ...path);
  return Array.isArray(value) ? value : [];
}
