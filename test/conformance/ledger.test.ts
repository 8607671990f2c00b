/**
 * The conformance tier's own logic (no upstream files, no Helm): leaves,
 * matching against the deviation table, stale entries, version ranges.
 */
import type { Deviation } from './deviations';
import { compareObjects, leavesOf } from './leaves';
import { glob, Ledger } from './ledger';
import { compareVersions, inRange } from './upstream';

const SITE = { area: 'istio' as const, chart: 'gateway', version: '1.30.3', case: 'c', object: 'Deployment/gw' };

describe('leaves', () => {
  test('named list items are addressed by name, other lists by index; empty maps, lists and null are absent', () => {
    // GIVEN
    const obj = {
      metadata: { name: 'gw', labels: { 'app.kubernetes.io/name': 'gw' }, annotations: {} },
      spec: { ports: [{ name: 'tls', port: 15443 }], args: ['a', 'b'], empty: [], nothing: null },
    };

    // WHEN
    const leaves = leavesOf(obj);

    // THEN
    expect([...leaves]).toEqual([
      ['metadata.name', 'gw'],
      ['metadata.labels["app.kubernetes.io/name"]', 'gw'],
      ['spec.ports[name=tls].name', 'tls'],
      ['spec.ports[name=tls].port', 15443],
      ['spec.args[0]', 'a'],
      ['spec.args[1]', 'b'],
    ]);
  });

  test('a comparison reports changed, missing and extra leaves and counts the equal ones', () => {
    // WHEN
    const c = compareObjects({ a: 1, b: '2', c: true }, { a: 1, b: 2, d: 'x' });

    // THEN
    expect(c.equal).toBe(1);
    expect(c.leaves).toBe(4);
    expect(c.diffs).toEqual([
      { kind: 'changed', path: 'b', upstream: '2', ours: 2 },
      { kind: 'missing', path: 'c', upstream: true },
      { kind: 'extra', path: 'd', ours: 'x' },
    ]);
  });
});

describe('patterns and versions', () => {
  test('glob: * is any text, @(a|b) alternatives, the rest literal', () => {
    expect(glob('spec.@(minReadySeconds|strategy.*)', 'spec.strategy.type')).toBe(true);
    expect(glob('spec.@(minReadySeconds|strategy.*)', 'spec.replicas')).toBe(false);
    expect(glob('metadata.labels["x"]', 'metadata.labels["x"]')).toBe(true);
    expect(glob('a.b', 'axb')).toBe(false);
  });

  test('version ranges', () => {
    expect(inRange('1.25.5', '1.25')).toBe(true);
    expect(inRange('1.26.8', '1.25')).toBe(false);
    expect(inRange('1.30.3', '>=1.30')).toBe(true);
    expect(inRange('1.29.6', '<1.30')).toBe(true);
    expect(inRange('1.23.6', '1.22..1.23')).toBe(true);
    expect(inRange('1.24.6', '1.22..1.23')).toBe(false);
    expect(inRange('edge-25.10.1', '>=edge-25.10')).toBe(true);
    expect(['1.30.3', '1.22.8', '1.28.10', '1.9.0'].sort(compareVersions)).toEqual(['1.9.0', '1.22.8', '1.28.10', '1.30.3']);
  });
});

describe('ledger', () => {
  const entry = (over: Partial<Deviation>): Deviation => ({
    area: 'istio',
    chart: 'gateway',
    object: 'Deployment/*',
    path: 'spec.replicas',
    diff: 'changed',
    status: 'documented',
    upstream: 'values.yaml:1',
    reason: 'r',
    ...over,
  });

  test('a difference no entry covers is new; a covered one counts as documented or open', () => {
    // GIVEN
    const open = entry({ path: 'spec.paused', diff: 'extra', status: 'open', closes: 'Istio' });
    const ledger = new Ledger([entry({}), open]);

    // WHEN
    ledger.compared(SITE, compareObjects({ spec: { replicas: 1, minReadySeconds: 0 } }, { spec: { replicas: 2, paused: true } }));

    // THEN
    expect(ledger.allRows()).toEqual([expect.objectContaining({ objects: 1, leaves: 3, equal: 0, documented: 1, open: 1, undocumented: 1 })]);
    expect(ledger.undocumented).toEqual([expect.objectContaining({ diff: 'missing', path: 'spec.minReadySeconds' })]);
    expect(ledger.openDeviations()).toEqual([open]);
  });

  test('an entry that covers nothing is stale; entries of areas that did not run are not', () => {
    // GIVEN
    const stale = entry({ path: 'spec.template' });
    const other = entry({ area: 'kiali', chart: 'kiali-server' });
    const ledger = new Ledger([stale, other]);

    // WHEN
    ledger.check(SITE, 'passes', true);

    // THEN
    expect(ledger.stale(new Set(['istio']))).toEqual([stale]);
  });

  test('versions and cases restrict an entry', () => {
    // GIVEN
    const ledger = new Ledger([entry({ versions: '<1.30', case: 'nodeport/*' })]);

    // WHEN
    ledger.compared({ ...SITE, case: 'nodeport/helm' }, compareObjects({ spec: { replicas: 1 } }, { spec: { replicas: 2 } }));
    ledger.compared({ ...SITE, case: 'other/helm' }, compareObjects({ spec: { replicas: 1 } }, { spec: { replicas: 2 } }));

    // THEN: 1.30.3 is outside <1.30, so neither is covered
    expect(ledger.undocumented).toHaveLength(2);
  });
});
