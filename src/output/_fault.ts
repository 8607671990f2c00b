/**
 * A deterministic test hook for fault injection: every write, rename and removal
 * of the key store and the output tree calls `faultPoint()` first. With
 * `CDK8S_MESH_TEST_KILL_AT=<n>` the process SIGKILLs itself at the n-th point
 * (1-based); with `CDK8S_MESH_TEST_KILL_AT=count` it prints `fault points: <n>`
 * to stderr at exit. Unset (always, outside tests), it does nothing.
 */
let points = 0;
let countingAtExit = false;

/** Called before each step that changes the file system. */
export function faultPoint(): void {
  const at = process.env.CDK8S_MESH_TEST_KILL_AT;
  if (at === undefined || at === '') { return; }
  points++;
  if (at === 'count') {
    if (!countingAtExit) {
      countingAtExit = true;
      process.on('exit', () => process.stderr.write(`fault points: ${points}\n`));
    }
    return;
  }
  if (points === Number(at)) {
    process.kill(process.pid, 'SIGKILL');
  }
}
