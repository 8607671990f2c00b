/**
 * The mesh file's documented defaults agree with the TypeScript props they stand for: for each
 * mesh-file field that maps to a prop, the facts in its default (numbers, versions, enum members,
 * quoted values) are those of the prop's `@default` in the jsii assembly (`.jsii.gz`, written by
 * the compile that `npm test` runs first).
 */
import { MAPPED, schemaNode, schemaPathOf } from './props-mapping';
import { assemblyTypes, JsiiType, PACKAGE } from '../util/jsii';

const TYPES = assemblyTypes();

function propDefault(types: Record<string, JsiiType>, type: string, prop: string): string {
  const p = types[`${PACKAGE}.${type}`]?.properties?.find(x => x.name === prop);
  if (!p?.docs?.default) {
    throw new Error(`${type}.${prop} has no @default`);
  }
  return p.docs.default;
}

function fieldDefault(definition: string, field: string): string {
  const node = schemaNode(`${definition} ${field}`);
  if (!node || (node.default === undefined && node['x-default'] === undefined)) {
    throw new Error(`${definition} ${field}: no default in the mesh-file schema`);
  }
  return node.default !== undefined ? String(node.default) : node['x-default']!;
}

function hasFieldDefault(schemaPath: string): boolean {
  const node = schemaNode(schemaPath);
  return node !== undefined && (node.default !== undefined || node['x-default'] !== undefined);
}

function hasPropDefault(type: string, prop: string): boolean {
  return TYPES[`${PACKAGE}.${type}`]?.properties?.find(x => x.name === prop)?.docs?.default !== undefined;
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
  // enum-like members and factories (`SealedSecretScope.STRICT`, `IstioInstall.sail()`), aliases such as DEFAULT aside
  for (const m of text.matchAll(/\b[A-Z][A-Za-z0-9]*\.([A-Z][A-Z0-9_]*)\b(?!\()/g)) { if (m[1] !== 'DEFAULT') out.add(m[1]); }
  for (const m of text.matchAll(/\b[A-Z][A-Za-z0-9]*\.([a-z][A-Za-z0-9]*)\(\)/g)) { out.add(m[1].replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()); }
  for (const m of text.matchAll(/"([^"\s]+)"/g)) { out.add(m[1]); }
  for (const m of text.matchAll(/\b(true|false)\b/g)) { out.add(m[1]); }
  return [...out].sort();
}

/**
 * Facts in the same spelling on both sides: an enum member (`EastWestGatewayLayout.GATEWAY_CHART`) and a
 * mesh-file literal (`gateway-chart`, `LoadBalancer`, `strict`) become UPPER_SNAKE; names of other props
 * (`loadBalancerIp`) and calls (`mesh.addCluster()`) are references, not values, and are dropped.
 */
function comparable(values: string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (/^[a-z]+[A-Z][A-Za-z0-9]*$/.test(v) || v.endsWith(')')) continue;
    const key = /^(\w+): \{\}$/.exec(v)?.[1]; // a mesh-file choice written as its map (`keyStore: {}`)
    if (key) { out.add(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()); continue; }
    if (v.includes(': ')) continue; // a mesh-file field (`istio.install: istioctl`): a reference
    const member = /^[A-Z][A-Za-z0-9]*\.([A-Z][A-Z0-9_]*)$/.exec(v)?.[1] ?? v;
    out.add(/^[A-Za-z][A-Za-z0-9-]*$/.test(member) ? member.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase() : member);
  }
  return [...out].sort();
}

/**
 * Mesh-file fields and the props they set (test/mesh-file/props-mapping.ts, from mesh-file/builder.ts): every mapped
 * pair whose field and prop both document a default, unless the mesh file's default differs on purpose.
 */
const MAPPING: { definition: string; field: string; type: string; prop: string; literal?: (v: string) => string }[] = Object.entries(MAPPED)
  .filter(([, m]) => typeof m === 'string' || m.defaultDiffers === undefined)
  .map(([propPath, m]) => {
    const [definition, field] = schemaPathOf(m).split(' ');
    const parts = propPath.split('.');
    return { definition, field, type: parts[0], prop: parts.slice(1).join('.'), literal: typeof m === 'string' ? undefined : m.literal };
  })
  .filter(m => m.prop.indexOf('.') < 0 && hasFieldDefault(`${m.definition} ${m.field}`) && hasPropDefault(m.type, m.prop));

describe('mesh-file defaults and prop defaults', () => {
  const types = TYPES;

  test.each(MAPPING.map(m => [`${m.definition} ${m.field} = ${m.type}.${m.prop}`, m] as const))('%s', (_name, m) => {
    // GIVEN the two documented defaults
    const file = fieldDefault(m.definition, m.field);
    const prop = propDefault(types, m.type, m.prop);

    // WHEN their facts are compared (a literal mesh-file default spelled as the prop's, a quoted value)
    const literal = file.startsWith('- ') ? file : `\`${m.literal ? m.literal(file) : file}\``;

    // THEN they state the same values
    expect({ field: m.field, facts: comparable(facts(literal)) }).toEqual({ field: m.field, facts: comparable(facts(prop)) });
  });

  test('facts are compared in one spelling: enum members and mesh-file literals alike, references dropped', () => {
    expect(comparable(['EastWestGatewayLayout.GATEWAY_CHART', 'gateway-chart', 'LoadBalancer', 'LOAD_BALANCER', 'strict'])).toEqual(['GATEWAY_CHART', 'LOAD_BALANCER', 'STRICT']);
    expect(comparable(['loadBalancerIp', 'mesh.addCluster()', 'istio.install: istioctl', 'keyStore: {}', '1.30.3', 'edge-26.8.3', 'mesh/']))
      .toEqual(['1.30.3', 'KEY_STORE', 'edge-26.8.3', 'mesh/'].sort());
  });

  test('the facts of a text are its numbers, versions, enum members and quoted values', () => {
    expect(facts('- `edge-26.8.3` (LinkerdVersion.DEFAULT)')).toEqual(['edge-26.8.3']);
    expect(facts('KeyAlgorithm.RSA_4096 for Istio, KeyAlgorithm.ECDSA_P256 for Linkerd')).toEqual(['4096', '256', 'ECDSA_P256', 'RSA_4096'].sort());
    expect(facts('- 3650 (ten years)')).toEqual(['3650']);
  });
});
