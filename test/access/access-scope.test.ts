/**
 * src/access/access-scope.ts: what a RemoteAccess grants its access in. The
 * messages for a bad scope are in the bad-input catalogue (cases/remote-access.ts:
 * remote-access-namespaces-empty, -duplicate, -bad-name).
 */
import { AccessScope, AccessScopeKind } from '../../src';

describe('AccessScope', () => {
  test('cluster(): every namespace (no namespace list)', () => {
    const scope = AccessScope.cluster();
    expect([scope.kind, scope.namespaceNames, scope._resolve('east/Kiali', 'scope')]).toEqual([AccessScopeKind.CLUSTER, [], []]);
  });

  test('namespaces(): the names, sorted when resolved; the list given is copied', () => {
    // GIVEN a list that changes after the scope is made
    const names = ['shop', 'bookinfo'];
    const scope = AccessScope.namespaces(names);
    names.push('other');

    // THEN the scope keeps the names it was given, and resolves them in order
    expect(scope.kind).toEqual(AccessScopeKind.NAMESPACES);
    expect(scope.namespaceNames).toEqual(['shop', 'bookinfo']);
    expect(scope._resolve('east/Kiali', 'scope')).toEqual(['bookinfo', 'shop']);
    expect(scope.namespaceNames).toEqual(['shop', 'bookinfo']);
  });

  test.each([
    ['no namespace', []],
    ['a namespace twice', ['shop', 'bookinfo', 'shop']],
    ['a name that is not a DNS-1123 label', ['Book_Info']],
  ])('namespaces() with %s is refused when resolved, not when made', (_name, names) => {
    const scope = AccessScope.namespaces(names);
    expect(() => scope._resolve('east/Kiali', 'scope')).toThrow(Error);
  });
});
