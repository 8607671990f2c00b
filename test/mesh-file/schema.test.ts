import * as fs from 'fs';
import { BEGIN, DOCS_FILE, END, renderDocs, renderReference, renderSchemaFile, SCHEMA_FILE } from '../../scripts/mesh-file-docs';
import { didYouMean, editDistance } from '../../src/mesh-file/problems';
import { KINDS, MESH_FILE_SCHEMA, NATIVE_API_VERSION, RISTIOCTL_API_VERSION } from '../../src/mesh-file/schema';

/** Every property node of a schema, with its path and whether its parent requires it. */
function properties(schema: any, prefix = ''): { path: string; node: any; required: boolean }[] {
  const out: { path: string; node: any; required: boolean }[] = [];
  for (const [name, node] of Object.entries<any>(schema.properties ?? {})) {
    const p = prefix ? `${prefix}.${name}` : name;
    out.push({ path: p, node, required: (schema.required ?? []).includes(name) });
    out.push(...properties(node, p));
    if (node.items?.properties) { out.push(...properties(node.items, `${p}[]`)); }
  }
  return out;
}

/** The fields of DESIGN.md §4, per kind (the contract the schema must cover). */
const DESIGN_FIELDS: Record<string, string[]> = {
  Mesh: ['spec.provider', 'spec.trustRoot.algorithm', 'spec.trustRoot.rootValidityDays', 'spec.trustRoot.intermediateValidityDays',
    'spec.trustRoot.organization', 'spec.istio.version', 'spec.istio.install', 'spec.istio.revision', 'spec.linkerd.version', 'spec.endpointDiscovery'],
  Cluster: ['spec.mesh', 'spec.network', 'spec.role', 'spec.primary', 'spec.apiServer.server', 'spec.apiServer.caFile', 'spec.apiServer.caData',
    'spec.kubeconfig.file', 'spec.kubeconfig.context', 'spec.eastWestGateway.enabled', 'spec.eastWestGateway.serviceType',
    'spec.eastWestGateway.address', 'spec.eastWestGateway.replicas', 'spec.discoverySelectors', 'spec.sampleApps'],
  RemoteAccess: ['spec.cluster', 'spec.consumer', 'spec.consumerCluster', 'spec.consumerNamespace', 'spec.scope', 'spec.namespaces',
    'spec.viewOnly', 'spec.tokenSecret', 'spec.credentials.tokenFile'],
  ServiceMirrorLink: ['spec.source', 'spec.target', 'spec.controller.mode', 'spec.controller.replicas', 'spec.controller.logLevel',
    'spec.controller.logFormat', 'spec.controller.resources', 'spec.gateway.address', 'spec.gateway.port', 'spec.gateway.identity',
    'spec.selector', 'spec.remoteDiscoverySelector', 'spec.federatedServiceSelector'],
  RistioctlCertificate: ['spec.validityHours', 'spec.sanSuffix', 'spec.meshID', 'spec.folder', 'spec.password'],
  RistioctlCluster: ['spec.kubeconfigFile', 'spec.context', 'spec.meshID', 'spec.version', 'spec.installHelloWorld'],
};

/**
 * Fields beyond DESIGN.md §4, each on purpose: ristioctl's misplaced field (read to warn about it),
 * and the Link fields and link credentials a ServiceMirrorLink needs to be complete from a mesh file
 * (Link v1alpha3 exclusions; the token of the link's credential Secrets, as RemoteAccess has it).
 */
const EXTENSIONS: Record<string, string[]> = {
  RistioctlCertificate: ['spec.installHelloWorld'],
  // The gateway layout (issue #13): which upstream route's objects the gateway adopts.
  Cluster: ['spec.eastWestGateway.layout', 'spec.eastWestGateway.podDisruptionBudget.minAvailable', 'spec.eastWestGateway.podDisruptionBudget.maxUnavailable',
    // Ambient waypoints (issue #20).
    'spec.waypoints'],
  ServiceMirrorLink: ['spec.excludedLabels', 'spec.excludedAnnotations', 'spec.credentials.tokenFile'],
  // Ambient mode (issue #20): the data-plane mode and the namespaces whose Services are global;
  // secret delivery (issue #19): how the key-store Secrets reach the clusters through Git.
  Mesh: ['spec.istio.dataPlaneMode', 'spec.istio.globalNamespaces', 'spec.secretDelivery.keyStore', 'spec.secretDelivery.sops.ageRecipients', 'spec.secretDelivery.sealedSecrets.certificateFile',
    'spec.secretDelivery.sealedSecrets.scope', 'spec.secretDelivery.externalSecrets.storeName', 'spec.secretDelivery.externalSecrets.storeKind',
    'spec.secretDelivery.externalSecrets.remoteKeyPrefix', 'spec.secretDelivery.externalSecrets.refreshInterval',
    'spec.secretDelivery.externalSecrets.storeOutsideTree'],
};

describe('mesh-file JSON Schema', () => {
  test('covers every kind and field of DESIGN.md §4, and nothing else at the spec level', () => {
    // Delivery (issue #18, GitOps delivery) is not in DESIGN.md §4: docs/gitops.md describes it.
    expect(Object.keys(KINDS[NATIVE_API_VERSION])).toEqual(['Mesh', 'Cluster', 'RemoteAccess', 'ServiceMirrorLink', 'Delivery']);
    expect(Object.keys(KINDS[RISTIOCTL_API_VERSION])).toEqual(['Certificate', 'Cluster']);
    for (const [definition, fields] of Object.entries(DESIGN_FIELDS)) {
      const paths = properties(MESH_FILE_SCHEMA.definitions[definition]).map(p => p.path);
      expect({ definition, missing: fields.filter(f => !paths.includes(f)) }).toEqual({ definition, missing: [] });
      const leaves = paths.filter(p => p.startsWith('spec.') && !paths.some(q => q.startsWith(`${p}.`)) && !p.includes('[]')
        && !p.startsWith('spec.controller.resources.'));
      expect({ definition, extra: leaves.filter(l => !fields.includes(l)) }).toEqual({ definition, extra: EXTENSIONS[definition] ?? [] });
    }
  });

  test('documents every field: a description, and a default for every optional one', () => {
    const undocumented: string[] = [];
    for (const [name, def] of Object.entries<any>(MESH_FILE_SCHEMA.definitions)) {
      for (const { path, node, required } of properties(def)) {
        if (!node.description) { undocumented.push(`${name} ${path}: no description`); }
        if (!required && !('default' in node) && !node['x-default'] && !['apiVersion', 'kind'].includes(path)) {
          undocumented.push(`${name} ${path}: no default`);
        }
        if ((node.pattern || node.anyOf) && !node['x-expected']) {
          undocumented.push(`${name} ${path}: a pattern without x-expected`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  test('ristioctl fields say what they become', () => {
    for (const def of ['RistioctlCertificate', 'RistioctlCluster']) {
      const missing = properties(MESH_FILE_SCHEMA.definitions[def])
        .filter(p => p.path.startsWith('spec.') && !p.node['x-ristioctl'])
        .map(p => p.path);
      expect({ def, missing }).toEqual({ def, missing: [] });
    }
  });

  test('docs/mesh-file.md carries the reference generated from the schema (run scripts/mesh-file-docs.ts)', () => {
    const current = fs.readFileSync(DOCS_FILE, 'utf-8');
    expect(current).toContain(BEGIN);
    expect(current).toContain(END);
    expect(current).toEqual(renderDocs(current));
    expect(renderReference()).toContain('| `spec.network` | DNS-1123 label | the cluster name: every cluster on its own network |');
  });

  test('schemas/mesh-file.schema.json is the schema (run scripts/mesh-file-docs.ts)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf-8')).toEqual(renderSchemaFile());
  });
});

describe('did you mean', () => {
  test.each([
    ['netwrok', ['mesh', 'network', 'role'], 'network'],
    ['Network', ['mesh', 'network'], 'network'],
    ['kubeConfigFile', ['kubeconfigFile', 'context'], 'kubeconfigFile'],
    ['rol', ['role', 'primary'], 'role'],
    ['sampleApp', ['sampleApps'], 'sampleApps'],
    ['replicas', ['mesh', 'network', 'role'], undefined],
    ['x', ['mesh'], undefined],
  ])('%s among %j → %s', (name, known, expected) => {
    expect(didYouMean(name as string, known as string[])).toEqual(expected);
  });

  test('edit distance counts a transposition as one edit', () => {
    expect(editDistance('netwrok', 'network')).toEqual(1);
    expect(editDistance('kitten', 'sitting')).toEqual(3);
  });
});
