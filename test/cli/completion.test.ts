import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../util';
import { cdk8sMesh } from './run';

/** What bash completes for the words typed so far (the last one being completed), with the script loaded. */
function complete(script: string, words: string[], cwd: string): string[] {
  const file = path.join(cwd, 'completion.bash');
  fs.writeFileSync(file, script);
  const line = words.map(w => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _cdk8s_mesh; printf '%s\\n' "\${COMPREPLY[@]}"`],
    { cwd, encoding: 'utf-8' });
  expect(r.stderr).toEqual('');
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('cdk8s-mesh completion', () => {
  test('bash: commands, options per command, option values, files and directories', () => {
    // GIVEN
    const dir = tempDir('cdk8s-mesh-completion-');
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), '');

    // WHEN
    const r = cdk8sMesh(dir, ['completion', 'bash']);

    // THEN
    expect(r.code).toEqual(0);
    expect(r.stderr).toEqual('');
    expect(spawnSync('bash', ['-n'], { input: r.stdout }).status).toEqual(0);
    expect(r.stdout).toContain('complete -o default -F _cdk8s_mesh cdk8s-mesh cdk8s-multicluster-mesh\n');
    expect(complete(r.stdout, ['cdk8s-mesh', ''], dir)).toEqual(['--help', '--version', 'check', 'completion', 'graph', 'init', 'plan', 'synth']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'ch'], dir)).toEqual(['check']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'check', '--'], dir)).toEqual(['--at', '--help', '--key-store', '--output', '--quiet', '--strict', '--warn-days']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'check', '--output', ''], dir)).toEqual(['json', 'text']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'check', 'd'], dir)).toEqual(['dist']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'synth', '-f', 'me'], dir)).toEqual(['mesh.yaml']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'synth', '-o', ''], dir)).toEqual(['dist']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'completion', ''], dir)).toEqual(['bash', 'zsh']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'plan', '--output-format', ''], dir)).toEqual(['json', 'text']);
    expect(complete(r.stdout, ['cdk8s-mesh', 'graph', '--svg', 'me'], dir)).toEqual(['mesh.yaml']);
  });

  test('zsh: a #compdef function with every command and its options', () => {
    // WHEN
    const r = cdk8sMesh(tempDir(), ['completion', 'zsh']);

    // THEN
    expect(r.code).toEqual(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toEqual('#compdef cdk8s-mesh cdk8s-multicluster-mesh');
    expect(lines.filter(l => /^ {4}'[a-z]+:/.test(l)).map(l => l.trim().split(':')[0].slice(1)))
      .toEqual(['synth', 'check', 'graph', 'plan', 'init', 'completion']);
    expect(r.stdout).toContain("'--output[text (like linkerd check) or json (one document; its schema is in docs/cli.md)]:output:(text json)'");
    expect(r.stdout).toContain("'(-f --file)'{-f,--file}'[the mesh file]:file:_files'");
    // Where zsh is installed, the script parses (zsh -n).
    const zsh = spawnSync('zsh', ['-n'], { input: r.stdout });
    expect(zsh.error ? 'zsh not installed' : zsh.status).toEqual(zsh.error ? 'zsh not installed' : 0);
  });
});
