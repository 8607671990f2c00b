import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

// The copy's equality with the upstream CRDs is checked by the conformance tier
// (test/conformance/), which reads outside the repository; unit tests do not.
describe('the project copy of the upstream CRD schemas', () => {
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
