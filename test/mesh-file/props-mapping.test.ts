/**
 * Drift between the TypeScript props and the mesh file (issue #12): every prop
 * of the public props structs the mesh file builds is either set by a mesh-file
 * field that exists in the schema, or listed as API-only with a reason
 * (props-mapping.ts). A prop added to the API without a decision fails here.
 */
import { API_ONLY, MAPPED, ROOTS, schemaNode, schemaPathOf } from './props-mapping';
import { assemblyTypes, JsiiType, PACKAGE, structOf } from '../util/jsii';

/**
 * Every prop path of the roots: `Struct.prop`, and `Struct.prop.child` for the
 * props of a struct-typed prop that is mapped (an API-only prop's children are
 * API-only with it).
 */
function propPaths(types: Record<string, JsiiType>): string[] {
  const out: string[] = [];
  const walk = (struct: JsiiType, prefix: string, seen: string[]): void => {
    for (const p of struct.properties ?? []) {
      const at = `${prefix}.${p.name}`;
      out.push(at);
      const child = structOf(types, p.type);
      if (child && at in MAPPED && !seen.includes(child.fqn)) walk(child, at, [...seen, child.fqn]);
    }
  };
  for (const root of ROOTS) {
    const t = types[`${PACKAGE}.${root}`];
    if (!t) throw new Error(`${root} is not a struct of the assembly: rename it in ROOTS (test/mesh-file/props-mapping.ts)`);
    walk(t, root, [t.fqn]);
  }
  return out;
}

describe('props ↔ mesh-file mapping', () => {
  const types = assemblyTypes();
  const props = propPaths(types);

  test('every prop of the structs the mesh file builds is mapped to a field or listed as API-only', () => {
    // GIVEN the props of the jsii assembly
    // WHEN each is looked up in the two lists
    const undecided = props.filter(p => !(p in MAPPED) && !(p in API_ONLY));

    // THEN none is in neither: the message says where to decide
    expect({
      undecided,
      where: undecided.length === 0 ? 'ok'
        : 'add each to MAPPED (its mesh-file field) or API_ONLY (a one-line reason) in test/mesh-file/props-mapping.ts',
    }).toEqual({ undecided: [], where: 'ok' });
  });

  test('no prop is in both lists, and no entry names a prop that does not exist', () => {
    const both = Object.keys(MAPPED).filter(p => p in API_ONLY);
    const stale = [...Object.keys(MAPPED), ...Object.keys(API_ONLY)].filter(p => !props.includes(p));
    expect({ both, stale }).toEqual({ both: [], stale: [] });
  });

  test('every mapped prop names a field of the mesh-file schema', () => {
    const missing = Object.entries(MAPPED).map(([p, m]) => [p, schemaPathOf(m)]).filter(([, s]) => schemaNode(s) === undefined);
    expect(missing).toEqual([]);
  });

  test('every API-only prop has a one-line reason', () => {
    const bad = Object.entries(API_ONLY).filter(([, why]) => why.trim().length < 10 || why.includes('\n')).map(([p]) => p);
    expect(bad).toEqual([]);
  });

  test('the schema lookup follows $ref, list items and alternatives, and finds nothing for a field that does not exist', () => {
    expect(schemaNode('Cluster spec.discoverySelectors[].matchExpressions[].operator')).toBeDefined();
    expect(schemaNode('ServiceMirrorLink spec.selector.matchLabels')).toBeDefined();
    expect(schemaNode('Cluster spec.netwrok')).toBeUndefined();
    expect(schemaNode('Clustre spec.network')).toBeUndefined();
  });
});
