/**
 * Generates the jsii bindings for Python, Java, .NET and Go (`jsii-pacmak --code-only`, offline:
 * no Python, Maven, dotnet or Go toolchain needed) into a temporary directory, then byte-compiles
 * the Python sources with `python3 -m compileall` (syntax and imports-as-written; the jsii runtime
 * itself is not installed). Prints one line per language.
 *
 *   npm run pacmak        # after `npx projen compile` (it reads .jsii); CI runs it (.ci/run)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
export const TARGETS = ['python', 'java', 'dotnet', 'go'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

function main(): number {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-pacmak-'));
  try {
    const pacmak = path.join(root, 'node_modules', '.bin', 'jsii-pacmak');
    execFileSync(pacmak, ['--code-only', '--outdir', out, '--targets', ...TARGETS], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
    const ext: Record<string, string> = { python: '.py', java: '.java', dotnet: '.cs', go: '.go' };
    let failed = 0;
    for (const target of TARGETS) {
      const dir = path.join(out, target);
      const sources = fs.existsSync(dir) ? files(dir).filter(f => f.endsWith(ext[target])) : [];
      const name = target === 'python' ? pkg.jsii.targets.python.distName
        : target === 'java' ? `${pkg.jsii.targets.java.maven.groupId}:${pkg.jsii.targets.java.maven.artifactId}`
          : target === 'dotnet' ? pkg.jsii.targets.dotnet.packageId : pkg.jsii.targets.go.moduleName;
      if (sources.length === 0) {
        console.error(`pacmak: ${target}: no ${ext[target]} sources generated`);
        failed++;
        continue;
      }
      console.log(`pacmak: ${target.padEnd(6)} ${String(sources.length).padStart(4)} ${ext[target]} files  (${name})`);
    }
    // Python: byte-compile every generated module (a syntax error fails).
    execFileSync('python3', ['-m', 'compileall', '-q', path.join(out, 'python')], { stdio: 'inherit' });
    console.log('pacmak: python sources compile (python3 -m compileall)');
    return failed > 0 ? 1 : 0;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.exit(main());
}
