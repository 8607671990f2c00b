/**
 * Test helpers: synthesis into temporary directories, finding objects by kind
 * and name, and validation of every emitted object against its upstream schema:
 *
 * - Kubernetes core kinds: `kubernetes-models` (4.x, CommonJS);
 * - Istio, Sail Operator and Linkerd custom resources: the project's copy of the
 *   upstream CRD schemas (schemas/crds.json); the conformance tier checks that
 *   copy against the upstream CRDs (test/conformance/), unit tests never read
 *   outside the repository;
 * - Helm values and IstioOperator `spec.values`: the Sail Operator CRD's
 *   `spec.values` schema, which is generated from Istio's values API; the
 *   Linkerd charts' values with the key lists in ./linkerd.ts;
 *   IstioOperator itself with @kubernetes-models/istio.
 *
 * An object of a kind none of these knows fails validation.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { KIALI_CR_SCHEMA, kialiNamespaceModeErrors } from './kiali';
import { sopsShape } from '../../src/cli/check/structure';
import { linkerdValuesSchema } from '../../src/linkerd/_values-schema';
import { CrdValidator } from '../../src/output/_crd-validator';

let validator: CrdValidator | undefined;

/** The CRD validator over the project's copy of the upstream CRD schemas (schemas/crds.json). */
export function crdValidator(): CrdValidator {
  if (!validator) {
    validator = CrdValidator.bundled();
  }
  return validator;
}

function coreModel(apiVersion: string, kind: string): any {
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(modulePath)[kind];
  } catch {
    return undefined;
  }
}

/** Validates one object; returns error lines (empty when valid). */
export function validationErrors(obj: any): string[] {
  if (!obj || typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return ['not a Kubernetes object (apiVersion and kind required)'];
  }
  const v = crdValidator();
  if (v.knows(obj.apiVersion, obj.kind)) {
    return v.validate(obj);
  }
  if (obj.apiVersion === 'kiali.io/v1alpha1' && obj.kind === 'Kiali') {
    return [...v.validateWith('kiali-cr', KIALI_CR_SCHEMA, obj), ...kialiNamespaceModeErrors(obj)];
  }
  if (obj.apiVersion === 'install.istio.io/v1alpha1' && obj.kind === 'IstioOperator') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { IstioOperator } = require('@kubernetes-models/istio/install.istio.io/v1alpha1/IstioOperator');
    const errors: string[] = [];
    try {
      new IstioOperator(obj).validate();
    } catch (e: any) {
      errors.push(e.message);
    }
    return [...errors, ...helmValuesErrors(obj.spec?.values ?? {}), ...meshConfigErrors(obj.spec?.meshConfig)];
  }
  const Model = coreModel(obj.apiVersion, obj.kind);
  if (!Model) {
    return [`unknown kind ${obj.apiVersion}/${obj.kind}: no schema to validate it against`];
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (e: any) {
    return [e.message];
  }
}

function sailValuesSchema(): any {
  return crdValidator().schema('sailoperator.io/v1', 'Istio').properties.spec.properties.values;
}

/** Validates Helm values (istiod/base charts) against the Sail CRD's values schema. */
export function helmValuesErrors(values: any): string[] {
  return crdValidator().validateWith('helm-values', sailValuesSchema(), values);
}

/**
 * Validates the Helm values of a Linkerd chart (`linkerd-crds-values.yaml`,
 * `linkerd-control-plane-values.yaml`, `linkerd-multicluster-values.yaml`)
 * against the key lists in ./linkerd.ts.
 */
export function linkerdValuesErrors(file: string, values: any): string[] {
  const s = linkerdValuesSchema(file);
  if (!s) { return [`${file}: not a Linkerd values file`]; }
  return crdValidator().validateWith(s.key, s.schema, values);
}

function meshConfigErrors(meshConfig: any): string[] {
  if (meshConfig === undefined) { return []; }
  return crdValidator().validateWith('mesh-config', sailValuesSchema().properties.meshConfig, meshConfig);
}

/** Throws when any object is invalid; the message lists every problem. */
export function expectValid(objects: any[]): void {
  const problems: string[] = [];
  for (const o of objects) {
    for (const e of validationErrors(o)) {
      problems.push(`${o?.kind}/${o?.metadata?.name}: ${e}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`invalid objects:\n  ${problems.join('\n  ')}`);
  }
}

/** Finds exactly one object by kind and name (and namespace when given). */
export function findObject(objects: any[], kind: string, name: string, namespace?: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name
    && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind} "${name}"${namespace ? ` in ${namespace}` : ''}, found ${found.length} `
      + `(objects: ${objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ')})`);
  }
  return found[0];
}

/** All objects of a kind. */
export function objectsOfKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/** Temporary directories made by this test file: removed after its last test (they hold test keys and tokens). */
const madeDirs: string[] = [];
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const d of madeDirs.splice(0)) {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
}

/** A fresh temporary directory, removed after the test file's last test. */
export function tempDir(prefix = 'cdk8s-mesh-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Every file below `dir` (relative paths, sorted) with its text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); } else { out[path.relative(dir, p)] = fs.readFileSync(p, 'utf-8'); }
    }
  };
  if (fs.existsSync(dir)) { walk(dir); }
  return Object.fromEntries(Object.keys(out).sort().map(k => [k, out[k]]));
}

/** Parses every document of a YAML text. */
export function parseYaml(text: string): any[] {
  return YAML.parseAllDocuments(text).map(d => d.toJSON()).filter(d => d !== null && d !== undefined);
}

/**
 * Loads a synthesized cluster directory: its applied objects (in kustomization
 * order, checking that the kustomization lists exactly the manifest files) and
 * its install files.
 */
export function loadCluster(clusterDir: string): { objects: any[]; install: Record<string, any[]>; resources: string[] } {
  const kustomization = YAML.parse(fs.readFileSync(path.join(clusterDir, 'kustomization.yaml'), 'utf-8'));
  const resources: string[] = kustomization.resources;
  const files = fs.readdirSync(clusterDir).filter(f => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();
  expect([...resources].sort()).toEqual(files);
  const objects = resources.flatMap(r => parseYaml(fs.readFileSync(path.join(clusterDir, r), 'utf-8')));
  const install: Record<string, any[]> = {};
  const installDir = path.join(clusterDir, 'install');
  if (fs.existsSync(installDir)) {
    for (const f of fs.readdirSync(installDir).sort()) {
      install[f] = parseYaml(fs.readFileSync(path.join(installDir, f), 'utf-8'));
    }
  }
  return { objects, install, resources };
}

/**
 * Validates every object and install file of a synthesized output tree; returns
 * the number of objects checked.
 */
export function validateTree(outdir: string): number {
  let count = 0;
  for (const cluster of fs.readdirSync(outdir).filter(d => fs.statSync(path.join(outdir, d)).isDirectory()).sort()) {
    if (cluster === '_delivery') {
      // The GitOps engine's objects (kustomize files aside), against the Argo CD / Flux CRD schemas.
      const files = Object.entries(readTree(path.join(outdir, cluster))).filter(([f]) => path.posix.basename(f) !== 'kustomization.yaml');
      const docs = files.flatMap(([, text]) => parseYaml(text));
      expectValid(docs);
      count += docs.length;
      continue;
    }
    const { objects, install } = loadCluster(path.join(outdir, cluster));
    // A SOPS-encrypted Secret (secretDelivery) validates in the shape it decrypts to, as `check` does it.
    expectValid(objects.map(o => (o && typeof o === 'object' && 'sops' in o ? sopsShape(o) : o)));
    count += objects.length;
    for (const [file, docs] of Object.entries(install)) {
      for (const doc of docs) {
        const errors = linkerdValuesSchema(file) ? linkerdValuesErrors(file, doc)
          : /^kiali.*-server-values\.yaml$/.test(file) ? crdValidator().validateWith('kiali-server-values', KIALI_CR_SCHEMA.properties.spec, doc)
            : file.endsWith('-values.yaml') ? helmValuesErrors(doc) : validationErrors(doc);
        if (errors.length > 0) {
          throw new Error(`${cluster}/install/${file}: ${errors.join('; ')}`);
        }
        count++;
      }
    }
  }
  return count;
}
