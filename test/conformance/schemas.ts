/**
 * The project's copy of the upstream CRD schemas: `schemas/crds.json` and
 * `src/imports/sail-versions.ts` must be what scripts/update-schemas.ts builds
 * from the upstream CRDs (`$CONFORMANCE_CRDS`, else `crds/` beside the upstream
 * directory, i.e. ../shared/crds).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Ledger } from './ledger';
import { REPO_ROOT } from './upstream';
import { buildBundle, bundleJson, sailVersionsSource } from '../../scripts/schemas';

export function runSchemas(upstream: string, ledger: Ledger): void {
  const dir = process.env.CONFORMANCE_CRDS ?? path.join(upstream, '..', 'crds');
  const site = { area: 'schemas' as const, chart: 'crds', version: 'pinned', case: 'project copy', object: 'schemas/crds.json' };
  if (!fs.existsSync(dir)) {
    ledger.check(site, 'the upstream CRDs are present', false, `no CRD directory at ${dir} (set CONFORMANCE_CRDS)`);
    return;
  }
  const bundle = buildBundle(dir);
  ledger.check(site, 'schemas/crds.json is the structural part of the upstream CRDs (regenerate: npx ts-node --project test/tsconfig.json scripts/update-schemas.ts)',
    fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'crds.json'), 'utf-8') === bundleJson(bundle), 'schemas/crds.json differs');
  ledger.check({ ...site, object: 'src/imports/sail-versions.ts' }, 'src/imports/sail-versions.ts is the Sail CRD version enum',
    fs.readFileSync(path.join(REPO_ROOT, 'src', 'imports', 'sail-versions.ts'), 'utf-8') === sailVersionsSource(bundle), 'sail-versions.ts differs');
}
