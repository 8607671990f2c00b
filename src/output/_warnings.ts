/**
 * How a warning is printed (the CLI's synth and `MeshApp.synth()`): a headline, then the steps
 * that resolve it as numbered, indented lines, with each command on a line of its own, so that it
 * can be copied. The warning's text itself (what `tree.warnings` holds) stays one line: steps are
 * separated by " ; " and introduced by "Complete it: " / "Complete them: ".
 *
 *   warning: <where>: <what> is pending: no credential was given.
 *     Complete it:
 *     1. run:
 *          (umask 077; kubectl --context=c2 ... > keys/c2/x.token)
 *     2. synthesize again, and apply keys/c1/secret....yaml to cluster "c1"
 */

const COMPLETE = /\. (Complete (?:it|them)): /;

/** `run <command>` or `run, against cluster "x": <command>` → the label and the command. */
function runStep(step: string): { label: string; command: string } | undefined {
  const m = /^run(, [^:]+)?:? (\(umask .*|kubectl .*|linkerd .*|istioctl .*)$/.exec(step);
  return m ? { label: `run${m[1] ?? ''}:`, command: m[2] } : undefined;
}

/** The printed form of one warning (without the "warning: " prefix in `message`), ending in a newline. */
export function formatWarning(message: string): string {
  const m = COMPLETE.exec(message);
  if (!m) {
    return `warning: ${message}\n`;
  }
  const headline = message.slice(0, m.index + 1);
  const steps = message.slice(m.index + m[0].length)
    .split(' ; ')
    .flatMap(s => s.split(/; (?=run[ ,])/))
    .map(s => s.trim())
    .filter(s => s.length > 0);
  const lines = [`warning: ${headline}`, `  ${m[1]}:`];
  steps.forEach((s, i) => {
    const run = runStep(s);
    const n = steps.length > 1 ? `${i + 1}. ` : '- ';
    if (run) {
      lines.push(`  ${n}${run.label}`, `       ${run.command}`);
    } else {
      lines.push(`  ${n}${s}`);
    }
  });
  return lines.join('\n') + '\n';
}
