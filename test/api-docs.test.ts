import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './util';

const root = path.join(__dirname, '..');

describe('API.md', () => {
  test('is what jsii-docgen makes of the current API (regenerate: npx projen post-compile)', () => {
    // GIVEN the assembly that `npm test` compiles first
    expect(fs.existsSync(path.join(root, '.jsii'))).toBe(true);
    const out = path.join(tempDir(), 'API.md');

    // WHEN
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jsii-docgen', 'bin', 'jsii-docgen'), '-o', out], { cwd: root, encoding: 'utf-8' });

    // THEN
    expect(r.status).toEqual(0);
    expect(fs.readFileSync(out, 'utf-8')).toEqual(fs.readFileSync(path.join(root, 'API.md'), 'utf-8'));
  });
});
