import type { ConsumerBehaviour } from './_consumer';
import { isDns1123Label, fail } from '../../core/_validation';
import { kialiRules } from '../_rbac-rules';
import { kialiRemoteSecret, kialiRemoteSecretName } from '../_remote-secrets';
import type { KialiConsumerOptions } from '../access-consumer';
import { KialiResourceNaming } from '../consumer-kinds';

/** Kiali's options with defaults, checked. */
export interface KialiSettings {
  readonly viewOnly: boolean;
  readonly instanceName: string;
  readonly naming: KialiResourceNaming;
  readonly version?: string;
}

/** Checks Kiali's options and applies the defaults. */
export function kialiSettings(where: string, o: KialiConsumerOptions): KialiSettings {
  const instanceName = o.instanceName ?? 'kiali';
  if (!isDns1123Label(instanceName) || instanceName.length > 40) {
    fail(where, 'consumer.instanceName', instanceName,
      "must be a DNS-1123 label of at most 40 characters (Kiali appends suffixes such as '-service-account')");
  }
  const naming = o.naming ?? KialiResourceNaming.OPERATOR;
  if (!Object.values(KialiResourceNaming).includes(naming)) {
    fail(where, 'consumer.naming', naming, `must be one of ${Object.values(KialiResourceNaming).join(', ')}`);
  }
  if (o.version !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(o.version)) {
    fail(where, 'consumer.version', o.version, 'must be a valid label value such as "v2.15.0"');
  }
  return { viewOnly: o.viewOnly ?? true, instanceName, naming, version: o.version };
}

/** The Kiali server reading a remote cluster, as the Kiali operator (or the Helm chart) sets it up. @internal */
export const KIALI_CONSUMER: ConsumerBehaviour = {
  plan(consumer, where, _ctx, _namespaceScope) {
    const k = consumer._kiali(where);
    const role = k.viewOnly ? `${k.instanceName}-viewer` : k.instanceName;
    const sa = k.naming === KialiResourceNaming.OPERATOR ? `${k.instanceName}-service-account` : k.instanceName;
    const binding = k.naming === KialiResourceNaming.OPERATOR ? k.instanceName : role;
    const labels: { [key: string]: string } = {
      'app': 'kiali',
      'app.kubernetes.io/instance': k.instanceName,
      'app.kubernetes.io/name': 'kiali',
      'app.kubernetes.io/part-of': 'kiali',
    };
    if (k.version) {
      labels.version = k.version;
      labels['app.kubernetes.io/version'] = k.version;
    }
    return {
      serviceAccountName: sa,
      defaultNamespace: 'istio-system',
      labels,
      clusterRoleName: role,
      clusterRoleBindingName: binding,
      roleName: role,
      roleBindingName: binding,
      clusterRules: kialiRules(k.viewOnly),
      namespaceRules: kialiRules(k.viewOnly),
      namespaceModeClusterRules: [],
      namespaceModeClusterRoleName: role,
      includeOwnNamespace: true,
      tokenSecretName: sa,
    };
  },
  consumerNamespace() {
    return 'istio-system';
  },
  secretNames({ namespace: ns, clusterName }) {
    return [`${ns}/${kialiRemoteSecretName(clusterName)}`];
  },
  emitSecrets({ holder, secret }) {
    return [kialiRemoteSecret(holder, 'KialiRemoteSecret', secret)];
  },
};
