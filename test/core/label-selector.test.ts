/**
 * src/core/label-selector.ts: the canonical form of a label selector (as
 * discoverySelectors, ServiceMirrorLink selectors and the charts take it). The
 * messages for a bad selector are in the bad-input catalogue (cases/mesh-cluster.ts).
 */
import { LabelSelectorConfig, SelectorOperator } from '../../src';
import { renderLabelSelector } from '../../src/core/label-selector';

describe('renderLabelSelector', () => {
  test('labels are sorted by key; requirements keep their order; set-based ones keep their values', () => {
    // GIVEN a selector with labels out of order and three requirements
    const selector: LabelSelectorConfig = {
      matchLabels: { 'team': 'mesh', 'istio-discovery': 'enabled' },
      matchExpressions: [
        { key: 'env', operator: SelectorOperator.IN, values: ['prod', 'staging'] },
        { key: 'legacy', operator: SelectorOperator.DOES_NOT_EXIST },
        { key: 'tier', operator: SelectorOperator.NOT_IN, values: ['batch'] },
      ],
    };

    // WHEN
    const rendered = renderLabelSelector('east', 'discoverySelectors[0]', selector);

    // THEN
    expect(JSON.stringify(rendered)).toEqual(JSON.stringify({
      matchLabels: { 'istio-discovery': 'enabled', 'team': 'mesh' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'NotIn', values: ['batch'] },
      ],
    }));
  });

  test('empty parts are dropped: an empty selector renders as {}', () => {
    expect(renderLabelSelector('east', 'selector', {})).toEqual({});
    expect(renderLabelSelector('east', 'selector', { matchLabels: {}, matchExpressions: [] })).toEqual({});
    expect(renderLabelSelector('east', 'selector', { matchExpressions: [{ key: 'a', operator: SelectorOperator.EXISTS, values: [] }] }))
      .toEqual({ matchExpressions: [{ key: 'a', operator: 'Exists' }] });
  });

  test('the values given are copied, not shared', () => {
    const values = ['prod'];
    const rendered = renderLabelSelector('east', 'selector', { matchExpressions: [{ key: 'env', operator: SelectorOperator.IN, values }] });
    values.push('dev');
    expect(rendered.matchExpressions![0].values).toEqual(['prod']);
  });

  test('prefixed keys and the longest valid values are accepted', () => {
    const value = `a${'b'.repeat(61)}c`;
    expect(renderLabelSelector('east', 'selector', { matchLabels: { 'example.com/tier': value } }))
      .toEqual({ matchLabels: { 'example.com/tier': value } });
  });

  test.each([
    ['a string', 'istio-discovery=enabled' as unknown as LabelSelectorConfig],
    ['a bad label key', { matchLabels: { 'istio discovery': 'enabled' } }],
    ['a bad label value', { matchLabels: { team: 'a b' } }],
    ['an unknown operator', { matchExpressions: [{ key: 'env', operator: 'Equals' as SelectorOperator, values: ['x'] }] }],
    ['In without values', { matchExpressions: [{ key: 'env', operator: SelectorOperator.IN }] }],
    ['Exists with values', { matchExpressions: [{ key: 'env', operator: SelectorOperator.EXISTS, values: ['prod'] }] }],
  ])('%s is refused', (_name, selector) => {
    expect(() => renderLabelSelector('east', 'discoverySelectors[0]', selector)).toThrow(Error);
  });
});
