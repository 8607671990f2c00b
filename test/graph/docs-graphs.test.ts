import * as fs from 'fs';
import * as path from 'path';
import { GRAPHS_DIR, renderExampleGraphs } from '../../scripts/graphs';

describe('docs/graphs/', () => {
  test('holds every example drawn now (regenerate: npx ts-node --project scripts/tsconfig.json scripts/graphs.ts)', async () => {
    // GIVEN the examples  WHEN drawn
    const files = await renderExampleGraphs();
    // THEN docs/graphs/ holds exactly those files, byte for byte
    expect(fs.readdirSync(GRAPHS_DIR).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) {
      expect({ name, text: fs.readFileSync(path.join(GRAPHS_DIR, name), 'utf-8') }).toEqual({ name, text });
    }
  });

  test('the README shows the multi-primary picture', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8')).toContain('![The multi-primary example](docs/graphs/multi-primary.svg)');
  });
});
