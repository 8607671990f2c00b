/**
 * Internal: the library's one duration convention (CONTRIBUTING.md, construct
 * style). A public prop that is a duration is a whole number whose name ends
 * with its unit (`...Seconds`, `...Days`); where the emitted field is a Go
 * duration string (Flux `interval`, ExternalSecret `refreshInterval`, the
 * Linkerd Link's `probeSpec`), the number is written as one here. The mesh file
 * keeps its Go duration strings; its builder reads them with `parseGoDurationSeconds`.
 */
import { fail } from './_validation';

/** Validates a duration prop in whole seconds, `min` or more. @internal */
export function requireSeconds(where: string, prop: string, value: unknown, min: 0 | 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(where, prop, value, `must be a whole number of seconds, ${min} or more`);
  }
  return value;
}

/**
 * A whole number of seconds as a Go duration in its shortest form, as
 * `time.Duration.String()` writes it without zero units: 3600 → `1h`,
 * 600 → `10m`, 90 → `1m30s`, 5400 → `1h30m`, 0 → `0s`.
 * @internal
 */
export function goDuration(seconds: number): string {
  if (seconds === 0) { return '0s'; }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}

/** Nanoseconds per Go duration unit. */
const UNITS: { [unit: string]: number } = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * The whole seconds of a Go duration string (`time.ParseDuration` syntax, no
 * sign; `0` alone is zero), or undefined when it is not one or is not a whole
 * number of seconds (`1h` → 3600, `1m30s` → 90, `1.5s` → undefined).
 * @internal
 */
export function parseGoDurationSeconds(text: unknown): number | undefined {
  if (typeof text !== 'string' || text === '') { return undefined; }
  if (text === '0') { return 0; }
  let ns = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < text.length) {
    const at = TERM.lastIndex;
    const m = TERM.exec(text);
    if (!m || m.index !== at) { return undefined; }
    ns += Number(m[1]) * UNITS[m[2]];
  }
  const seconds = Math.round(ns / 1e6) / 1e3;
  return Number.isInteger(seconds) ? seconds : undefined;
}
