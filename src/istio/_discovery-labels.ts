/**
 * Discovery selectors (`meshConfig.discoverySelectors`) against the labels of
 * a Namespace we emit: istiod sees only Services and endpoints in namespaces a
 * selector matches (pkg/kube/namespace/filter.go), so every Namespace we own
 * that istiod must see is labelled to match one.
 */
/* A rendered selector: matchLabels and matchExpressions as Kubernetes writes them. */
export interface RenderedSelector {
  readonly matchLabels?: { [key: string]: string };
  readonly matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** True when `labels` satisfy a rendered label selector. */
export function matches(selector: RenderedSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) { return false; }
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In': if (!has || !(e.values ?? []).includes(labels[e.key])) { return false; } break;
      case 'NotIn': if (has && (e.values ?? []).includes(labels[e.key])) { return false; } break;
      case 'Exists': if (!has) { return false; } break;
      case 'DoesNotExist': if (has) { return false; } break;
    }
  }
  return true;
}

/**
 * The labels to add so that a namespace with `base` labels matches one of the
 * selectors (the first that can be satisfied: its matchLabels, the first value
 * of each `In`, "true" for each `Exists`); `{}` when it already matches one,
 * undefined when none can be satisfied.
 */
export function labelsForSelectors(selectors: readonly RenderedSelector[], base: Record<string, string>): Record<string, string> | undefined {
  if (selectors.some(s => matches(s, base))) { return {}; }
  for (const s of selectors) {
    const add: Record<string, string> = { ...(s.matchLabels ?? {}) };
    for (const e of s.matchExpressions ?? []) {
      if (e.key in add || e.key in base) { continue; }
      if (e.operator === 'In') { add[e.key] = (e.values ?? [])[0]; }
      if (e.operator === 'Exists') { add[e.key] = 'true'; }
    }
    if (Object.keys(add).some(k => k in base && base[k] !== add[k])) { continue; }
    if (matches(s, { ...base, ...add })) { return add; }
  }
  return undefined;
}
