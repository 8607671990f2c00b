import * as fs from 'fs';
import * as path from 'path';
import { buildBundle, bundleJson, sailVersionsSource, SHARED_CRDS } from '../scripts/schemas';

const root = path.join(__dirname, '..');
const shared = fs.existsSync(SHARED_CRDS);

describe('the project copy of the upstream CRD schemas', () => {
  (shared ? test : test.skip)('schemas/crds.json is the structural part of ../shared/crds (regenerate with scripts/update-schemas.ts)', () => {
    expect(fs.readFileSync(path.join(root, 'schemas', 'crds.json'), 'utf-8')).toEqual(bundleJson(buildBundle()));
  });

  (shared ? test : test.skip)('src/imports/sail-versions.ts is the Sail CRD version enum', () => {
    expect(fs.readFileSync(path.join(root, 'src', 'imports', 'sail-versions.ts'), 'utf-8')).toEqual(sailVersionsSource(buildBundle()));
  });

  test('the copy holds every kind the library emits', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'crds.json'), 'utf-8'));
    for (const key of ['sailoperator.io/v1/Istio', 'networking.istio.io/v1/Gateway', 'networking.istio.io/v1/VirtualService',
      'networking.istio.io/v1beta1/Gateway', 'multicluster.linkerd.io/v1alpha3/Link']) {
      expect(Object.keys(bundle.schemas)).toContain(key);
    }
    expect(bundle.scopes['sailoperator.io/Istio']).toEqual('Cluster');
    expect(JSON.stringify(bundle)).not.toContain('"description"');
  });
});
