/**
 * `cdk8s-mesh completion bash|zsh`: prints a shell completion script, built from the
 * program's own commands and options (so it cannot drift from them).
 *
 *   source <(cdk8s-mesh completion bash)                      # bash, this shell
 *   cdk8s-mesh completion zsh > "${fpath[1]}/_cdk8s-mesh"      # zsh, then restart it
 */
import type { Command, Option } from 'commander';
import { CliError, ExitCode } from './io';

/** The shells `completion` writes for. */
export const SHELLS = ['bash', 'zsh'];

/** What an option's value (or a command's argument) completes to: files, directories, or fixed words. */
type ValueHint = 'file' | 'dir' | readonly string[];

/** Value hints by `<command> <long option>` (or `<command> <argument>`); options not listed take free text. */
const HINTS: Record<string, ValueHint> = {
  'synth --file': 'file',
  'synth --output': 'dir',
  'synth --key-store': 'dir',
  'check --key-store': 'dir',
  'check --output': ['text', 'json'],
  'check dist': 'dir',
  'init --file': 'file',
  'graph --file': 'file',
  'graph --output': 'dir',
  'graph --key-store': 'dir',
  'graph --svg': 'file',
  'graph --mermaid': 'file',
  'graph --dot': 'file',
  'plan --file': 'file',
  'plan --output': 'dir',
  'plan --key-store': 'dir',
  'plan --output-format': ['text', 'json'],
  'completion shell': SHELLS,
};

interface Flag {
  readonly names: string[];
  readonly description: string;
  readonly takesValue: boolean;
  readonly hint?: ValueHint;
}

interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly flags: Flag[];
  readonly argument?: { readonly name: string; readonly hint?: ValueHint };
}

function flagsOf(cmd: Command): Flag[] {
  // The visible options include the help option, which commander keeps apart.
  const options: readonly Option[] = cmd.createHelp().visibleOptions(cmd);
  return options.map(o => ({
    names: [o.short, o.long].filter((n): n is string => typeof n === 'string'),
    description: o.description,
    takesValue: o.required || o.optional,
    hint: HINTS[`${cmd.name()} ${o.long}`],
  }));
}

function specs(program: Command): CommandSpec[] {
  return program.commands.map(cmd => {
    const arg = cmd.registeredArguments[0];
    return {
      name: cmd.name(),
      summary: cmd.summary() || cmd.description(),
      flags: flagsOf(cmd),
      argument: arg ? { name: arg.name(), hint: HINTS[`${cmd.name()} ${arg.name()}`] } : undefined,
    };
  });
}

/** The `COMPREPLY=(...)` that completes a value, or undefined for free text. */
function bashReply(hint: ValueHint | undefined): string | undefined {
  if (hint === 'file') { return 'COMPREPLY=($(compgen -f -- "$cur"))'; }
  if (hint === 'dir') { return 'COMPREPLY=($(compgen -d -- "$cur"))'; }
  return hint ? `COMPREPLY=($(compgen -W "${hint.join(' ')}" -- "$cur"))` : undefined;
}

function bash(program: Command, bins: string[]): string {
  const cmds = specs(program);
  const lines = [
    `# bash completion for ${bins.join(' and ')} (cdk8s-mesh completion bash). Load it with:`,
    '#   source <(cdk8s-mesh completion bash)',
    '_cdk8s_mesh() {',
    '  local cur prev cmd opts',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=($(compgen -W "${cmds.map(c => c.name).join(' ')} --help --version" -- "$cur"))`,
    '    return',
    '  fi',
    '  cmd="${COMP_WORDS[1]}"',
    '  case "$cmd" in',
  ];
  for (const c of cmds) {
    lines.push(`    ${c.name})`);
    const valued = c.flags.filter(f => f.takesValue);
    if (valued.length > 0) {
      lines.push('      case "$prev" in');
      for (const f of valued) {
        lines.push(`        ${f.names.join('|')}) ${bashReply(f.hint) ?? ':'}; return;;`);
      }
      lines.push('      esac');
    }
    lines.push(`      opts="${c.flags.flatMap(f => f.names).join(' ')}"`);
    lines.push('      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); return; fi');
    lines.push(`      ${bashReply(c.argument?.hint) ?? 'COMPREPLY=($(compgen -W "$opts" -- "$cur"))'}`);
    lines.push('      ;;');
  }
  lines.push('  esac', '}', `complete -o default -F _cdk8s_mesh ${bins.join(' ')}`, '');
  return lines.join('\n');
}

/** A zsh `_arguments` spec's text, quoted for single quotes. */
function zq(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/[[\]:]/g, m => `\\${m}`);
}

function zshValues(label: string, hint: ValueHint | undefined): string {
  if (hint === 'file') { return `:${label}:_files`; }
  if (hint === 'dir') { return `:${label}:_files -/`; }
  if (hint) { return `:${label}:(${hint.join(' ')})`; }
  return `:${label}: `;
}

function zsh(program: Command, bins: string[]): string {
  const cmds = specs(program);
  const lines = [
    `#compdef ${bins.join(' ')}`,
    '# zsh completion for cdk8s-mesh (cdk8s-mesh completion zsh). Install it with:',
    '#   cdk8s-mesh completion zsh > "${fpath[1]}/_cdk8s-mesh"   (then start a new shell)',
    '_cdk8s_mesh() {',
    '  local -a commands',
    '  commands=(',
    ...cmds.map(c => `    '${c.name}:${zq(c.summary)}'`),
    '  )',
    '  if (( CURRENT == 2 )); then',
    "    _describe -t commands 'cdk8s-mesh command' commands",
    "    _arguments '(-h --help)'{-h,--help}'[show help]' '(-V --version)'{-V,--version}'[print the version]'",
    '    return',
    '  fi',
    '  local cmd=$words[2]',
    '  shift words',
    '  (( CURRENT-- ))',
    '  case $cmd in',
  ];
  for (const c of cmds) {
    const args = c.flags.map(f => {
      const value = f.takesValue ? zshValues(f.names[f.names.length - 1].replace(/^-+/, ''), f.hint) : '';
      const names = f.names.length > 1 ? `'(${f.names.join(' ')})'{${f.names.join(',')}}'` : `'${f.names[0]}`;
      return `${names}[${zq(f.description)}]${value}'`;
    });
    if (c.argument) {
      args.push(`'1${zshValues(c.argument.name, c.argument.hint)}'`);
    }
    lines.push(`    ${c.name}) _arguments ${args.join(' ')} ;;`);
  }
  lines.push('  esac', '}', '_cdk8s_mesh "$@"', '');
  return lines.join('\n');
}

/** The completion script for `shell`, for both of the CLI's names. */
export function completionScript(program: Command, shell: string): string {
  const bins = ['cdk8s-mesh', 'cdk8s-multicluster-mesh'];
  if (shell === 'bash') { return bash(program, bins); }
  if (shell === 'zsh') { return zsh(program, bins); }
  throw new CliError(ExitCode.USAGE, [`completion: "${shell}" is not a shell this command writes for: give ${SHELLS.join(' or ')}`]);
}
