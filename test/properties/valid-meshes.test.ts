/**
 * Property: every valid mesh (1 to 12 clusters, random roles, networks,
 * gateways where they are needed, consumers, endpoint discovery with test
 * tokens, a P-256 TrustRoot) synthesizes schema-valid, deterministic output
 * with no private material in the output tree.
 *
 * Seeded and bounded for CI; PROPERTY_RUNS=500 (and PROPERTY_SEED=<n>) for a longer run.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { buildApp, meshModelArb, MeshModel, runs, seed, tokenNames } from './model';
import { generatedKeyCount } from '../../src/pki/_x509';
import { expectValid, parseYaml, readTree, tempDir, validateTree } from '../util';
import { testToken } from '../util/credentials';
import { describeFindings, filesHolding, scanTree } from '../util/secrets';

/** File modes below `dir` (relative path → octal permission bits). */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of Object.keys(readTree(dir))) {
    out[f] = (fs.statSync(path.join(dir, f)).mode % 0o1000).toString(8);
  }
  return out;
}

/** Runs `fn` with stderr captured; returns what it printed. */
function capturingStderr(fn: () => void): string {
  const write = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: any) => { text += String(chunk); return true; }) as any;
  try {
    fn();
  } finally {
    process.stderr.write = write;
  }
  return text;
}

function check(model: MeshModel): void {
  const dir = tempDir('cdk8s-mesh-property-');
  try {
    // GIVEN: a token per cluster, made now
    const tokens: Record<string, string> = {};
    const tokenFiles: Record<string, string> = {};
    for (const name of tokenNames(model)) {
      tokens[name] = testToken();
      tokenFiles[name] = path.join(dir, 'tokens', `${name}.token`);
      fs.mkdirSync(path.dirname(tokenFiles[name]), { recursive: true });
      fs.writeFileSync(tokenFiles[name], `${tokens[name]}\n`, { mode: 0o600 });
    }
    const keyStore = path.join(dir, 'keys');
    const out1 = path.join(dir, 'out1');
    const out2 = path.join(dir, 'out2');

    // WHEN: two synths into different outdirs, the second with the key store of the first
    const printed1 = capturingStderr(() => buildApp(model, { outdir: out1, keyStore, tokenFiles }).synth());
    const keys = readTree(keyStore);
    const keyModes = fs.existsSync(keyStore) ? modes(keyStore) : {};
    const generated = generatedKeyCount();
    const printed2 = capturingStderr(() => buildApp(model, { outdir: out2, keyStore, tokenFiles }).synth());

    // THEN: schema-valid, in the outdir and in the key store
    expect(validateTree(out1)).toBeGreaterThan(0);
    expectValid(Object.entries(keys).filter(([f]) => f.endsWith('.yaml')).flatMap(([, text]) => parseYaml(text)));
    // AND: deterministic: identical bytes, no key generated, the key store as it was
    expect(readTree(out2)).toEqual(readTree(out1));
    expect(generatedKeyCount()).toEqual(generated);
    expect(readTree(keyStore)).toEqual(keys);
    expect(printed2).toEqual(printed1);
    // AND: no private material in the output tree, nor in what was printed
    expect(describeFindings(scanTree(out1))).toEqual([]);
    const privateKeys = Object.values(keys).filter(t => /PRIVATE KEY-----/.test(t) && !t.startsWith('apiVersion'));
    expect(filesHolding(readTree(out1), [...Object.values(tokens), ...privateKeys])).toEqual([]);
    expect(filesHolding({ stderr: printed1 }, [...Object.values(tokens), ...privateKeys])).toEqual([]);
    // AND: the key store keeps its secrets to its owner, and tells git to ignore it
    for (const [file, text] of Object.entries(keys)) {
      if (file !== '.gitignore' && (file.endsWith('.yaml') || /PRIVATE KEY-----/.test(text))) {
        expect([file, keyModes[file]]).toEqual([file, '600']);
      }
    }
    if (Object.keys(keys).length > 0) {
      expect(keys['.gitignore']).toContain('\n*\n');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('random valid meshes', () => {
  test('synthesize schema-valid, deterministic output, with no private material in the output tree', () => {
    fc.assert(fc.property(meshModelArb(12), check), { seed: seed(8008), numRuns: runs(40) });
  });
});
