/**
 * Draws every example mesh (examples/<name>/main.ts) into docs/graphs/<name>.svg
 * (and the Mermaid text beside it), with an empty key store in a temporary
 * directory and without expiry dates, so the pictures change only when the
 * examples or the drawing change. test/graph/docs-graphs.test.ts fails when a
 * committed picture differs.
 *
 *   npx ts-node --project scripts/tsconfig.json scripts/graphs.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build as linkerd } from '../examples/linkerd/main';
import { build as multiPrimary } from '../examples/multi-primary/main';
import { build as primaryRemote } from '../examples/primary-remote/main';
import { MeshApp, MeshAppProps, MeshGraph } from '../src';

/** Where the pictures are written. */
export const GRAPHS_DIR = path.join(__dirname, '..', 'docs', 'graphs');

const EXAMPLES: Record<string, (props: MeshAppProps) => MeshApp> = {
  'multi-primary': multiPrimary,
  'primary-remote': primaryRemote,
  'linkerd': linkerd,
};

/** The files of docs/graphs/ (name → text), drawn now. */
export async function renderExampleGraphs(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-graphs-'));
  try {
    for (const [name, build] of Object.entries(EXAMPLES)) {
      const app = build({ outdir: path.join(tmp, name, 'dist'), keyStore: path.join(tmp, name, 'keys') });
      const graph = MeshGraph.of(app, { showExpiry: false });
      out[`${name}.svg`] = await graph.toSvg();
      out[`${name}.mmd`] = graph.toMermaid();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) {
  void renderExampleGraphs().then(files => {
    fs.mkdirSync(GRAPHS_DIR, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(GRAPHS_DIR, name), text);
      process.stdout.write(`wrote docs/graphs/${name} (${Buffer.byteLength(text)} bytes)\n`);
    }
  });
}
