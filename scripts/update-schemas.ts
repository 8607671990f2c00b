/* Regenerates schemas/crds.json and src/imports/sail-versions.ts from ../shared/crds. */
import * as fs from 'fs';
import * as path from 'path';
import { buildBundle, bundleJson, sailVersionsSource } from './schemas';

const root = path.join(__dirname, '..');
const bundle = buildBundle();
fs.writeFileSync(path.join(root, 'schemas', 'crds.json'), bundleJson(bundle));
fs.writeFileSync(path.join(root, 'src', 'imports', 'sail-versions.ts'), sailVersionsSource(bundle));
console.log(`wrote ${Object.keys(bundle.schemas).length} schemas`);
