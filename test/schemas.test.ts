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
    // Descriptions are dropped (fields named `description`, such as AppProject's spec.description, stay).
    const described: string[] = [];
    const walk = (node: any, at: string): void => {
      if (Array.isArray(node)) { node.forEach((n, i) => walk(n, `${at}/${i}`)); return; }
      if (!node || typeof node !== 'object') { return; }
      for (const [k, v] of Object.entries(node)) {
        if (k === 'description') { described.push(at); }
        if (k === 'properties' || k === 'patternProperties') {
          for (const [name, sub] of Object.entries(v as any)) { walk(sub, `${at}/${name}`); }
        } else {
          walk(v, `${at}/${k}`);
        }
      }
    };
    walk(bundle.schemas, '');
    expect(described).toEqual([]);
    for (const key of ['argoproj.io/v1alpha1/Application', 'argoproj.io/v1alpha1/AppProject', 'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'source.toolkit.fluxcd.io/v1/GitRepository', 'source.toolkit.fluxcd.io/v1/HelmRepository', 'helm.toolkit.fluxcd.io/v2/HelmRelease']) {
      expect(Object.keys(bundle.schemas)).toContain(key);
    }
  });
});
