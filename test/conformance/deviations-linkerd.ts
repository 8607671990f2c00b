/** The linkerd part of the deviation table (see deviations.ts for the fields). */
import type { Deviation } from './deviations';

export const LINKERD_DEVIATIONS: readonly Deviation[] = [
];
