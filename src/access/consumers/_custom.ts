import type { ConsumerBehaviour } from './_consumer';
import { DNS1123_LABEL_RULE, fail, isDns1123Label, isDns1123Subdomain } from '../../core/_validation';
import type { RbacRule } from '../_rbac-rules';
import { kubeconfigSecret } from '../_remote-secrets';
import type { CustomConsumerOptions, PolicyRule } from '../access-consumer';

/** The custom consumer's options with defaults, checked. */
export interface CustomSettings {
  readonly serviceAccountName: string;
  readonly secretName?: string;
}

/** Checks the custom consumer's options and applies the defaults. */
export function customSettings(where: string, o: CustomConsumerOptions): CustomSettings {
  const serviceAccountName = o.serviceAccountName ?? 'remote-access-reader';
  if (!isDns1123Label(serviceAccountName) || serviceAccountName.length > 55) {
    fail(where, 'consumer.serviceAccountName', serviceAccountName,
      `must be ${DNS1123_LABEL_RULE.replace('at most 63 characters', 'at most 55 characters, so that its derived names stay valid')}`);
  }
  if (o.secretName !== undefined && !isDns1123Subdomain(o.secretName)) {
    fail(where, 'consumer.secretName', o.secretName, 'must be a DNS-1123 subdomain (a Secret name)');
  }
  return { serviceAccountName, secretName: o.secretName };
}

function renderCustomRule(where: string, prop: string, r: PolicyRule, allowWildcards: boolean, clusterScoped: boolean): RbacRule {
  if (!r || typeof r !== 'object') {
    fail(where, prop, r, 'must be a PolicyRule ({ apiGroups, resources, verbs } or { nonResourceUrls, verbs })');
  }
  const list = (name: string, v: unknown): string[] | undefined => {
    if (v === undefined) { return undefined; }
    if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) {
      fail(where, `${prop}.${name}`, v, 'must be a list of strings');
    }
    return [...v];
  };
  const verbs = list('verbs', r.verbs);
  const apiGroups = list('apiGroups', r.apiGroups);
  const resources = list('resources', r.resources);
  const resourceNames = list('resourceNames', r.resourceNames);
  const nonResourceUrls = list('nonResourceUrls', r.nonResourceUrls);
  if (!verbs || verbs.length === 0) {
    fail(where, `${prop}.verbs`, r.verbs, 'must list at least one verb, such as get, list or watch');
  }
  const hasResources = resources !== undefined && resources.length > 0;
  const hasUrls = nonResourceUrls !== undefined && nonResourceUrls.length > 0;
  if (hasResources === hasUrls) {
    fail(where, prop, r, 'must give either resources (with apiGroups) or nonResourceUrls');
  }
  if (hasResources && (!apiGroups || apiGroups.length === 0)) {
    fail(where, `${prop}.apiGroups`, r.apiGroups, 'must list the API groups of the resources ("" for the core group)');
  }
  if (hasUrls && !clusterScoped) {
    fail(where, `${prop}.nonResourceUrls`, nonResourceUrls, 'are only allowed in cluster scope: a Role in a namespace cannot grant non-resource URLs (use AccessScope.cluster() or clusterScopedRules)');
  }
  if (!allowWildcards) {
    for (const [name, values] of [['verbs', verbs], ['resources', resources], ['apiGroups', apiGroups], ['nonResourceUrls', nonResourceUrls]] as [string, string[] | undefined][]) {
      if (values?.some(v => v.includes('*'))) {
        fail(where, `${prop}.${name}`, values,
          'contains the wildcard "*", which also grants whatever the API server adds later: list what the consumer needs, or set allowWildcards: true to accept it');
      }
    }
  }
  if (hasUrls) {
    return { nonResourceURLs: nonResourceUrls, verbs };
  }
  return resourceNames && resourceNames.length > 0 ? { apiGroups, resources, resourceNames, verbs } : { apiGroups, resources, verbs };
}

/** A consumer of your own, with your own rules. @internal */
export const CUSTOM_CONSUMER: ConsumerBehaviour = {
  pendingRecord: { consumer: 'custom' },
  createsServiceAccountByDefault: () => true,
  plan(consumer, where, _ctx, namespaceScope) {
    const c = consumer._custom(where);
    const o = consumer._options.custom ?? {};
    const allow = o.allowWildcards ?? false;
    const rules = consumer._options.rules;
    if (!Array.isArray(rules) || rules.length === 0) {
      fail(where, 'consumer.rules', rules, 'must list at least one PolicyRule');
    }
    const extra = o.clusterScopedRules ?? [];
    if (!Array.isArray(extra)) {
      fail(where, 'consumer.clusterScopedRules', extra, 'must be a list of PolicyRules');
    }
    return {
      serviceAccountName: c.serviceAccountName,
      defaultNamespace: 'kube-system',
      labels: {},
      clusterRoleName: c.serviceAccountName,
      clusterRoleBindingName: c.serviceAccountName,
      roleName: c.serviceAccountName,
      roleBindingName: c.serviceAccountName,
      clusterRules: rules.map((r, i) => renderCustomRule(where, `consumer.rules[${i}]`, r, allow, true)),
      namespaceRules: namespaceScope ? rules.map((r, i) => renderCustomRule(where, `consumer.rules[${i}]`, r, allow, false)) : [],
      namespaceModeClusterRules: extra.map((r, i) => renderCustomRule(where, `consumer.clusterScopedRules[${i}]`, r, allow, true)),
      namespaceModeClusterRoleName: `${c.serviceAccountName}-cluster`,
      includeOwnNamespace: false,
      tokenSecretName: `${c.serviceAccountName}-token`,
    };
  },
  consumerNamespace(plan) {
    return plan.defaultNamespace;
  },
  secretNames({ namespace: ns, customSecretName }) {
    return [`${ns}/${customSecretName()}`];
  },
  emitSecrets({ holder, secret, customSecretName }) {
    return [kubeconfigSecret(holder, 'KubeconfigSecret', customSecretName(), secret)];
  },
};
