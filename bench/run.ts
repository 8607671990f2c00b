/**
 * `npm run bench`: every benchmark, one table each. Not part of `npm test`.
 * Compare ratios within one run; absolute times vary with the machine's load.
 */
import { runFleetBench } from './fleet';
import { runPkiBench } from './pki';
import { runPlanBench } from './plan';

runFleetBench();
runPkiBench();
void runPlanBench();
