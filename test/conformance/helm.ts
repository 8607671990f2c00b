/**
 * `helm template` of an upstream chart with given values, each distinct input
 * rendered once per run.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

/** One render request. */
export interface RenderInput {
  /** The chart directory. */
  readonly chart: string;
  /** For messages: the chart name and version (`gateway 1.30.3`). */
  readonly label: string;
  readonly release: string;
  readonly namespace: string;
  /** The values (written to a file that the error message names). */
  readonly values: unknown;
  /** Where the values came from, for messages (`dist/.../istiod-values.yaml`). */
  readonly valuesSource?: string;
}

/** A failed render: the chart, version, values file and Helm's stderr. */
export class RenderError extends Error {
  constructor(public readonly input: RenderInput, public readonly valuesFile: string, public readonly stderr: string) {
    super(`helm template of ${input.label} (${input.chart}) with values ${input.valuesSource ?? valuesFile} failed:\n${stderr.trim()}`);
  }
}

export class Helm {
  private readonly cache = new Map<string, any[] | RenderError>();
  private readonly dir: string;
  public renders = 0;

  constructor(private readonly helm: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-conformance-values-'));
  }

  /** The rendered objects (documents without content dropped); throws RenderError when Helm fails. */
  public template(input: RenderInput): any[] {
    const values = YAML.stringify(input.values ?? {});
    const key = crypto.createHash('sha256').update(JSON.stringify([input.chart, input.release, input.namespace, values])).digest('hex');
    let result = this.cache.get(key);
    if (!result) {
      const valuesFile = path.join(this.dir, `${key.slice(0, 16)}.yaml`);
      fs.writeFileSync(valuesFile, values);
      const run = spawnSync(this.helm, ['template', input.release, input.chart, '-n', input.namespace, '-f', valuesFile],
        { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
      this.renders++;
      if (run.status !== 0) {
        result = new RenderError(input, valuesFile, run.stderr || run.error?.message || `exit ${run.status}`);
      } else {
        result = YAML.parseAllDocuments(run.stdout).map(d => d.toJS()).filter(o => o && typeof o === 'object');
      }
      this.cache.set(key, result);
    }
    if (result instanceof RenderError) { throw result; }
    return structuredClone(result);
  }

  public cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
