/**
 * A structural schema for the parts of the Kiali CR (`kiali.io/v1alpha1`
 * `Kiali`) that the library writes as install snippets, written from the Kiali
 * operator's CRD and defaults (kiali/kiali-operator; no Kiali CRD ships with the
 * upstream CRD set). Unknown fields are errors, as for the CRDs.
 *
 * It also checks the rule the Kiali server enforces with
 * `cluster_wide_access: false` (reference §1, `config.extractAccessibleNamespaceList`):
 * `discovery_selectors.default` may only select by `kubernetes.io/metadata.name`
 * (matchLabels with that single key, or matchExpressions with that key and `In`).
 */
const NAME_LABEL = 'kubernetes.io/metadata.name';

const labelSelector = {
  type: 'object',
  anyOf: [{ required: ['matchLabels'] }, { required: ['matchExpressions'] }],
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

/** The Kiali CR subset schema. */
export const KIALI_CR_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['kiali.io/v1alpha1'] },
    kind: { type: 'string', enum: ['Kiali'] },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, namespace: { type: 'string' } },
    },
    spec: {
      type: 'object',
      properties: {
        clustering: {
          type: 'object',
          properties: {
            clusters: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string' }, secret_name: { type: 'string' } },
              },
            },
          },
        },
        deployment: {
          type: 'object',
          properties: {
            cluster_wide_access: { type: 'boolean' },
            instance_name: { type: 'string', maxLength: 40, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
            namespace: { type: 'string' },
            remote_cluster_resources_only: { type: 'boolean' },
            view_only_mode: { type: 'boolean' },
            discovery_selectors: {
              type: 'object',
              properties: {
                default: { type: 'array', items: labelSelector },
                overrides: { type: 'object', additionalProperties: { type: 'array', items: labelSelector } },
              },
            },
          },
        },
        auth: {
          type: 'object',
          properties: { strategy: { type: 'string', enum: ['', 'anonymous', 'token', 'openshift', 'openid', 'header'] } },
        },
      },
    },
  },
};

/** The server's rule for `discovery_selectors.default` when `cluster_wide_access` is false. */
export function kialiNamespaceModeErrors(obj: any): string[] {
  const deployment = obj?.spec?.deployment ?? {};
  if (deployment.cluster_wide_access !== false) { return []; }
  const selectors = deployment.discovery_selectors?.default;
  if (!Array.isArray(selectors) || selectors.length === 0) {
    return ['/spec/deployment/discovery_selectors/default: must be set when cluster_wide_access is false'];
  }
  const errors: string[] = [];
  selectors.forEach((s: any, i: number) => {
    const labels = Object.keys(s.matchLabels ?? {});
    const exprs: any[] = s.matchExpressions ?? [];
    const ok = (labels.length === 0 || (labels.length === 1 && labels[0] === NAME_LABEL))
      && exprs.every(e => e.key === NAME_LABEL && e.operator === 'In' && Array.isArray(e.values) && e.values.length > 0);
    if (!ok) {
      errors.push(`/spec/deployment/discovery_selectors/default/${i}: with cluster_wide_access false Kiali accepts only ${NAME_LABEL} (matchLabels, or matchExpressions with In)`);
    }
  });
  return errors;
}
