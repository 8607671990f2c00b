/**
 * Synthesizes every example into examples-out/<example>/<cluster>/, with its key
 * store in .mesh-keys/examples/<example>/ (both git-ignored). Not dist/: that is the
 * CLI's and cdk8s's default output directory and jsii's (dist/js), which the examples
 * must not fill.
 *
 *   npm run synth:examples
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const examples = fs.readdirSync(path.join(root, 'examples'))
  .filter(d => fs.existsSync(path.join(root, 'examples', d, 'main.ts')))
  .sort();

for (const name of examples) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join(root, 'examples', name, 'main.ts'));
  const outdir = path.join('examples-out', name);
  build({ outdir, keyStore: path.join('.mesh-keys', 'examples', name) }).synth();
  console.log(`${name}: ${outdir}/`);
}
