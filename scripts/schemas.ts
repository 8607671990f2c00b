/**
 * Builds the project's copy of the upstream CRD schemas from ../shared/crds.
 *
 *   npx ts-node --project test/tsconfig.json scripts/update-schemas.ts
 *
 * The copy keeps only the structural part of each `openAPIV3Schema` (types, enums,
 * required, patterns, formats, x-kubernetes-* markers): descriptions are dropped.
 * test/schemas.test.ts rebuilds it in memory and fails when it drifts from ../shared/crds.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** Where the upstream CRDs live, relative to the repository root. */
export const SHARED_CRDS = path.join(__dirname, '..', '..', 'shared', 'crds');

/** The files of ../shared/crds, with their upstream origin (see ../shared/crds/README.md). */
export const CRD_SOURCES: Record<string, string> = {
  'istio-crd-all.yaml': 'istio/istio manifests/charts/base/files/crd-all.gen.yaml @ 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c',
  'sail-operator-istios.yaml': 'istio-ecosystem/sail-operator chart/crds/sailoperator.io_istios.yaml @ 328df99dc9fc973a7dd0c6442145dc86459a1481',
  'sail-operator-istiocnis.yaml': 'istio-ecosystem/sail-operator chart/crds/sailoperator.io_istiocnis.yaml @ 328df99dc9fc973a7dd0c6442145dc86459a1481',
  'sail-operator-ztunnels.yaml': 'istio-ecosystem/sail-operator chart/crds/sailoperator.io_ztunnels.yaml @ 4241170416706137c6263939099a4f4aaefc76d1 (1.30.3)',
  'gateway-api-v1.6.1-standard-gateways.yaml': 'kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_gateways.yaml @ 8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3 (v1.6.1)',
  'linkerd-multicluster-link-crd.yaml': 'linkerd/linkerd2 multicluster/charts/linkerd-multicluster/templates/link-crd.yaml @ b24cd4059841f8cee2fb7a9c2ac23a693c583579',
  'sealed-secrets-v0.36.6-sealedsecrets.yaml': 'bitnami-labs/sealed-secrets helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml @ 6dc880366d1cafa16683173cc3c8e3b58e930937',
  'external-secrets-v2.9.0-externalsecrets.yaml': 'external-secrets/external-secrets config/crds/bases/external-secrets.io_externalsecrets.yaml @ 378bdb622ed9712ef4a58370f6a17af033b7d343',
  'external-secrets-v2.9.0-secretstores.yaml': 'external-secrets/external-secrets config/crds/bases/external-secrets.io_secretstores.yaml @ 378bdb622ed9712ef4a58370f6a17af033b7d343',
  'external-secrets-v2.9.0-clustersecretstores.yaml': 'external-secrets/external-secrets config/crds/bases/external-secrets.io_clustersecretstores.yaml @ 378bdb622ed9712ef4a58370f6a17af033b7d343',
  'argo-cd-v3.5.1-application.yaml': 'argoproj/argo-cd v3.5.1 manifests/crds/application-crd.yaml @ 109ca7ca71139e514114499d294a492e7910a965',
  'argo-cd-v3.5.1-appproject.yaml': 'argoproj/argo-cd v3.5.1 manifests/crds/appproject-crd.yaml @ 109ca7ca71139e514114499d294a492e7910a965',
  'flux-kustomize-controller-v1.9.4-kustomizations.yaml': 'fluxcd/kustomize-controller v1.9.4 config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml @ 1324b615da01038e2859cbcde604bd5434f21933',
  'flux-source-controller-v1.9.1-gitrepositories.yaml': 'fluxcd/source-controller v1.9.1 config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml @ 092bcff3c9c3f258a44310507201d295ff294ba6',
  'flux-source-controller-v1.9.1-helmrepositories.yaml': 'fluxcd/source-controller v1.9.1 config/crd/bases/source.toolkit.fluxcd.io_helmrepositories.yaml @ 092bcff3c9c3f258a44310507201d295ff294ba6',
  'flux-helm-controller-v1.6.3-helmreleases.yaml': 'fluxcd/helm-controller v1.6.3 config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml @ 372c34e2b4a455d24ef6cbb8321c82c4533dbbd8',
};

const DROP = new Set(['description', 'example', 'examples']);

function structural(node: any): any {
  if (Array.isArray(node)) { return node.map(structural); }
  if (node && typeof node === 'object') {
    const out: any = {};
    for (const key of Object.keys(node).sort()) {
      if (DROP.has(key)) { continue; }
      // `properties` keys are field names, never keywords: keep every one of them.
      out[key] = key === 'properties' || key === 'patternProperties'
        ? Object.fromEntries(Object.keys(node[key]).sort().map(k => [k, structural(node[key][k])]))
        : structural(node[key]);
    }
    return out;
  }
  return node;
}

export interface SchemaBundle {
  readonly sources: Record<string, string>;
  readonly licence: string;
  /** `group/version/Kind` → structural openAPIV3Schema. */
  readonly schemas: Record<string, any>;
  /** `group/Kind` → scope (Namespaced or Cluster). */
  readonly scopes: Record<string, string>;
}

/** Reads ../shared/crds and returns the structural bundle. */
export function buildBundle(dir: string = SHARED_CRDS): SchemaBundle {
  const schemas: Record<string, any> = {};
  const scopes: Record<string, string> = {};
  for (const file of Object.keys(CRD_SOURCES)) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8')).map(d => d.toJSON());
    for (const crd of docs) {
      if (!crd || crd.kind !== 'CustomResourceDefinition') { continue; }
      const group = crd.spec.group;
      const kind = crd.spec.names.kind;
      scopes[`${group}/${kind}`] = crd.spec.scope;
      for (const v of crd.spec.versions) {
        if (v.served === false) { continue; }
        schemas[`${group}/${v.name}/${kind}`] = structural(v.schema.openAPIV3Schema);
      }
    }
  }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map(k => [k, schemas[k]]));
  const sortedScopes = Object.fromEntries(Object.keys(scopes).sort().map(k => [k, scopes[k]]));
  return {
    sources: CRD_SOURCES,
    licence: 'Apache-2.0 (Istio, Sail Operator, Linkerd, Kubernetes Gateway API, Sealed Secrets, External Secrets, Argo CD and Flux authors)',
    schemas: sorted,
    scopes: sortedScopes,
  };
}

/** The Sail Operator's `spec.version` enum, in the CRD's order. */
export function sailVersions(bundle: SchemaBundle): string[] {
  return bundle.schemas['sailoperator.io/v1/Istio'].properties.spec.properties.version.enum;
}

/** The text of src/imports/sail-versions.ts. */
export function sailVersionsSource(bundle: SchemaBundle): string {
  return [
    '// Generated by scripts/update-schemas.ts from the Sail Operator CRD',
    `// (${CRD_SOURCES['sail-operator-istios.yaml']}). Do not edit.`,
    '',
    '/** The values the Sail Operator `Istio` CRD accepts in `spec.version`. */',
    'export const SAIL_VERSIONS: readonly string[] = [',
    ...sailVersions(bundle).map(v => `  '${v}',`),
    '];',
    '',
    `/** The values the Sail Operator \`ZTunnel\` CRD accepts in \`spec.version\` (${CRD_SOURCES['sail-operator-ztunnels.yaml']}). */`,
    'export const SAIL_ZTUNNEL_VERSIONS: readonly string[] = [',
    ...bundle.schemas['sailoperator.io/v1/ZTunnel'].properties.spec.properties.version.enum.map((v: string) => `  '${v}',`),
    '];',
    '',
  ].join('\n');
}

/** The text of schemas/crds.json. */
export function bundleJson(bundle: SchemaBundle): string {
  return JSON.stringify(bundle) + '\n';
}
