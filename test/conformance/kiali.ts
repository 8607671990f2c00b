/** Kiali: placeholder while the area is built. */
import type { Context } from './run';

export function runKiali(ctx: Context): void {
  void ctx;
}
