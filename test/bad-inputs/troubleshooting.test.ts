import * as fs from 'fs';
import { ALL_CASES } from './catalogue';
import { renderTroubleshooting, TROUBLESHOOTING_FILE } from '../../scripts/troubleshooting';

describe('docs/troubleshooting.md', () => {
  test('is the catalogue rendered (regenerate: npx ts-node --project scripts/tsconfig.json scripts/troubleshooting.ts)', () => {
    expect(fs.readFileSync(TROUBLESHOOTING_FILE, 'utf-8')).toEqual(renderTroubleshooting());
  });

  test('every case has its anchor and its exact message on the page', () => {
    const page = renderTroubleshooting();
    for (const c of ALL_CASES) {
      expect(page).toContain(`<a id="${c.id}"></a>`);
      expect(page).toContain(`\n${c.message}\n`);
    }
  });
});
