/** The kiali part of the deviation table (see deviations.ts for the fields). */
import type { Deviation } from './deviations';

export const KIALI_DEVIATIONS: readonly Deviation[] = [
];
