/**
 * The mesh file's documented defaults agree with the TypeScript props they stand for: for each
 * mesh-file field that maps to a prop, the facts in its default (numbers, versions, enum members,
 * quoted values) are those of the prop's `@default` in the jsii assembly (`.jsii.gz`, written by
 * the compile that `npm test` runs first).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { MESH_FILE_SCHEMA } from '../../src/mesh-file/schema';

interface JsiiProperty { readonly name: string; readonly docs?: { readonly default?: string } }
interface JsiiType { readonly properties?: JsiiProperty[] }

const ROOT = path.join(__dirname, '..', '..');

function assembly(): Record<string, JsiiType> {
  const file = path.join(ROOT, '.jsii.gz');
  if (!fs.existsSync(file)) {
    throw new Error('.jsii.gz is missing: compile first (npx projen compile; npm test does)');
  }
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf-8')).types;
}

function propDefault(types: Record<string, JsiiType>, type: string, prop: string): string {
  const p = types[`cdk8s-multicluster-mesh.${type}`]?.properties?.find(x => x.name === prop);
  if (!p?.docs?.default) {
    throw new Error(`${type}.${prop} has no @default`);
  }
  return p.docs.default;
}

type SchemaNode = { 'properties'?: Record<string, SchemaNode>; 'default'?: unknown; 'x-default'?: string };

function fieldDefault(definition: string, field: string): string {
  let node = (MESH_FILE_SCHEMA.definitions as Record<string, SchemaNode>)[definition];
  for (const part of field.split('.')) {
    node = node?.properties?.[part] as SchemaNode;
  }
  if (!node || (node.default === undefined && node['x-default'] === undefined)) {
    throw new Error(`${definition} ${field}: no default in the mesh-file schema`);
  }
  return node.default !== undefined ? String(node.default) : node['x-default']!;
}

/**
 * The facts of a default text: numbers and versions, UPPER_CASE enum members (their kebab/lower
 * mesh-file spelling is normalised to the same), and quoted values (`x` or 'x').
 */
function facts(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/edge-\d+\.\d+\.\d+|\d+(?:\.\d+)*/g)) { out.add(m[0]); }
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:PRIMARY|REMOTE|SIDECAR|AMBIENT|CHART|MANIFESTS|ISTIO|LINKERD)\b/g)) { out.add(m[0]); }
  for (const m of text.matchAll(/`([^`]+)`/g)) { out.add(m[1]); }
  for (const m of text.matchAll(/'([A-Za-z0-9][^'\s]*)'/g)) { out.add(m[1]); }
  return [...out].sort();
}

/** Mesh-file fields and the props they set (mesh-file/builder.ts), with how a literal mesh-file default is spelled as a prop. */
const MAPPING: { definition: string; field: string; type: string; prop: string; literal?: (v: string) => string }[] = [
  { definition: 'Mesh', field: 'spec.trustRoot.algorithm', type: 'TrustRootProps', prop: 'algorithm' },
  { definition: 'Mesh', field: 'spec.trustRoot.rootValidityDays', type: 'TrustRootProps', prop: 'rootValidityDays' },
  { definition: 'Mesh', field: 'spec.trustRoot.intermediateValidityDays', type: 'TrustRootProps', prop: 'intermediateValidityDays' },
  { definition: 'Mesh', field: 'spec.trustRoot.organization', type: 'TrustRootProps', prop: 'organization' },
  { definition: 'Mesh', field: 'spec.provider', type: 'MeshProps', prop: 'provider', literal: v => v.toUpperCase() },
  { definition: 'Mesh', field: 'spec.istio.version', type: 'MeshProps', prop: 'istioVersion' },
  { definition: 'Mesh', field: 'spec.istio.dataPlaneMode', type: 'MeshProps', prop: 'dataPlaneMode', literal: v => v.toUpperCase() },
  { definition: 'Mesh', field: 'spec.istio.globalNamespaces', type: 'MeshProps', prop: 'globalNamespaces' },
  { definition: 'Mesh', field: 'spec.linkerd.version', type: 'MeshProps', prop: 'linkerdVersion' },
  { definition: 'Cluster', field: 'spec.network', type: 'MeshClusterProps', prop: 'network' },
  { definition: 'Cluster', field: 'spec.role', type: 'MeshClusterProps', prop: 'role', literal: v => v.toUpperCase() },
  { definition: 'Cluster', field: 'spec.apiServer', type: 'MeshClusterProps', prop: 'apiServer' },
  { definition: 'Cluster', field: 'spec.discoverySelectors', type: 'MeshClusterProps', prop: 'discoverySelectors' },
  { definition: 'Cluster', field: 'spec.eastWestGateway.podDisruptionBudget', type: 'EastWestGatewayProps', prop: 'podDisruptionBudget' },
  { definition: 'ServiceMirrorLink', field: 'spec.controller.mode', type: 'ServiceMirrorLinkProps', prop: 'controllerMode', literal: v => v.toUpperCase() },
  { definition: 'ServiceMirrorLink', field: 'spec.gateway.identity', type: 'ServiceMirrorLinkProps', prop: 'gatewayIdentity' },
  { definition: 'ServiceMirrorLink', field: 'spec.federatedServiceSelector', type: 'ServiceMirrorLinkProps', prop: 'federatedServiceSelector' },
];

describe('mesh-file defaults and prop defaults', () => {
  const types = assembly();

  test.each(MAPPING.map(m => [`${m.definition} ${m.field} = ${m.type}.${m.prop}`, m] as const))('%s', (_name, m) => {
    // GIVEN the two documented defaults
    const file = fieldDefault(m.definition, m.field);
    const prop = propDefault(types, m.type, m.prop);

    // WHEN their facts are compared (a literal mesh-file default spelled as the prop's)
    const fileFacts = facts(m.literal && !file.startsWith('- ') ? m.literal(file) : file);

    // THEN they state the same values
    expect({ field: m.field, facts: fileFacts }).toEqual({ field: m.field, facts: facts(prop) });
  });

  test('the facts of a text are its numbers, versions, enum members and quoted values', () => {
    expect(facts('- `edge-26.8.3` (LinkerdVersion.DEFAULT)')).toEqual(['edge-26.8.3']);
    expect(facts('KeyAlgorithm.RSA_4096 for Istio, KeyAlgorithm.ECDSA_P256 for Linkerd')).toEqual(['4096', '256', 'ECDSA_P256', 'RSA_4096'].sort());
    expect(facts('- 3650 (ten years)')).toEqual(['3650']);
  });
});
