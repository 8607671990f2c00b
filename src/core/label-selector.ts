import { fail, isLabelKey, isLabelValue } from './_validation';

/** The operator of a label selector requirement. */
export enum SelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label's value is none of `values` (or the label is absent). */
  NOT_IN = 'NotIn',
  /** The label is present, whatever its value. `values` must be empty. */
  EXISTS = 'Exists',
  /** The label is absent. `values` must be empty. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a Kubernetes label selector (`matchExpressions[]`). */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label is matched. */
  readonly operator: SelectorOperator;
  /**
   * The values for `In` and `NotIn` (at least one); none for `Exists` and `DoesNotExist`.
   *
   * @default - no values
   */
  readonly values?: string[];
}

/**
 * A Kubernetes label selector (`metav1.LabelSelector`), as used by Istio's
 * `meshConfig.discoverySelectors` and Linkerd's link selectors. Both parts are
 * AND'ed; an empty selector matches everything.
 */
export interface LabelSelectorConfig {
  /**
   * Labels that must all be present with exactly these values.
   *
   * @default - no label equality requirements
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Set-based requirements, all of which must hold.
   *
   * @default - no set-based requirements
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

const OPERATORS: string[] = Object.values(SelectorOperator);

/**
 * A label selector as Kubernetes and Istio's meshConfig write it (keys sorted, empty parts dropped).
 * @internal
 */
export interface RenderedLabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: { readonly key: string; readonly operator: string; readonly values?: string[] }[];
}

/**
 * Checks a label selector and returns its canonical JSON form (keys sorted,
 * empty parts dropped). `prop` is the path of the selector in the props, such as
 * `discoverySelectors[0]`.
 * @internal
 */
export function renderLabelSelector(where: string, prop: string, selector: LabelSelectorConfig): RenderedLabelSelector {
  if (!selector || typeof selector !== 'object' || Array.isArray(selector)) {
    fail(where, prop, selector, 'must be a label selector with matchLabels and/or matchExpressions');
  }
  const out: { matchLabels?: Record<string, string>; matchExpressions?: RenderedLabelSelector['matchExpressions'] } = {};
  const labels = selector.matchLabels ?? {};
  if (typeof labels !== 'object' || Array.isArray(labels)) {
    fail(where, `${prop}.matchLabels`, labels, 'must be a map of label keys to label values');
  }
  for (const key of Object.keys(labels).sort()) {
    if (!isLabelKey(key)) {
      fail(where, `${prop}.matchLabels`, key, 'has a key that is not a valid label key ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])');
    }
    if (!isLabelValue(labels[key])) {
      fail(where, `${prop}.matchLabels.${key}`, labels[key], 'must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit)');
    }
  }
  if (Object.keys(labels).length > 0) {
    out.matchLabels = Object.fromEntries(Object.keys(labels).sort().map(k => [k, labels[k]]));
  }
  const expressions = selector.matchExpressions ?? [];
  if (!Array.isArray(expressions)) {
    fail(where, `${prop}.matchExpressions`, expressions, 'must be a list of requirements');
  }
  const rendered = expressions.map((e, i) => {
    const at = `${prop}.matchExpressions[${i}]`;
    if (!isLabelKey(e?.key)) {
      fail(where, `${at}.key`, e?.key, 'must be a valid label key ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])');
    }
    if (!OPERATORS.includes(e.operator)) {
      fail(where, `${at}.operator`, e.operator, `must be one of ${OPERATORS.join(', ')}`);
    }
    const values = e.values ?? [];
    if (!Array.isArray(values)) {
      fail(where, `${at}.values`, values, 'must be a list of label values');
    }
    const setBased = e.operator === SelectorOperator.IN || e.operator === SelectorOperator.NOT_IN;
    if (setBased && values.length === 0) {
      fail(where, `${at}.values`, values, `must list at least one value for operator ${e.operator}`);
    }
    if (!setBased && values.length > 0) {
      fail(where, `${at}.values`, values, `must be empty for operator ${e.operator}`);
    }
    values.forEach((v, j) => {
      if (!isLabelValue(v)) {
        fail(where, `${at}.values[${j}]`, v, 'must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit)');
      }
    });
    return setBased ? { key: e.key, operator: e.operator, values: [...values] } : { key: e.key, operator: e.operator };
  });
  if (rendered.length > 0) {
    out.matchExpressions = rendered;
  }
  return out;
}
