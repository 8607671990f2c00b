import type { ConsumerBehaviour } from './_consumer';
import { DNS1123_LABEL_RULE, fail, isDns1123Label, isDns1123Subdomain, requireDomain } from '../../core/_validation';
import { linkerdRemoteAccessRules } from '../_rbac-rules';
import { linkerdCredentialSecrets, linkerdCredentialsSecretName } from '../_remote-secrets';
import type { LinkerdServiceMirrorOptions } from '../access-consumer';

/** Linkerd's options with defaults, checked. */
export interface LinkerdSettings {
  readonly serviceAccountName: string;
  readonly linkerdNamespace: string;
  readonly trustDomain: string;
  readonly clusterDomain: string;
}

/** Checks the service mirror's options and applies the defaults. */
export function linkerdSettings(where: string, o: LinkerdServiceMirrorOptions): LinkerdSettings {
  const serviceAccountName = o.serviceAccountName ?? 'linkerd-service-mirror-remote-access-default';
  if (!isDns1123Subdomain(serviceAccountName)) {
    fail(where, 'consumer.serviceAccountName', serviceAccountName, 'must be a DNS-1123 subdomain (a ServiceAccount name)');
  }
  const linkerdNamespace = o.linkerdNamespace ?? 'linkerd';
  if (!isDns1123Label(linkerdNamespace)) {
    fail(where, 'consumer.linkerdNamespace', linkerdNamespace, `must be ${DNS1123_LABEL_RULE}`);
  }
  const trustDomain = o.trustDomain ?? 'cluster.local';
  const clusterDomain = o.clusterDomain ?? 'cluster.local';
  requireDomain(where, 'consumer.trustDomain', trustDomain);
  requireDomain(where, 'consumer.clusterDomain', clusterDomain);
  return { serviceAccountName, linkerdNamespace, trustDomain, clusterDomain };
}

/** Linkerd's service mirror (and destination controller) reading a link's target cluster. @internal */
export const LINKERD_CONSUMER: ConsumerBehaviour = {
  createsServiceAccountByDefault: () => true,
  plan(consumer, where, _ctx, _namespaceScope) {
    const l = consumer._linkerd(where);
    return {
      serviceAccountName: l.serviceAccountName,
      defaultNamespace: 'linkerd-multicluster',
      // remote-access-service-mirror-rbac.yaml labels all four objects: `linkerd mc uninstall` selects them by it.
      labels: { 'linkerd.io/extension': 'multicluster' },
      clusterRoleName: l.serviceAccountName,
      clusterRoleBindingName: l.serviceAccountName,
      roleName: l.serviceAccountName,
      roleBindingName: l.serviceAccountName,
      clusterRules: linkerdRemoteAccessRules(),
      namespaceRules: [],
      namespaceModeClusterRules: [],
      namespaceModeClusterRoleName: l.serviceAccountName,
      includeOwnNamespace: false,
      namespaceScopeRefusal: 'cannot be used with AccessConsumer.linkerdServiceMirror(): the service mirror watches Services and Endpoints '
          + 'in every namespace of the target cluster; use AccessScope.cluster() and choose what is mirrored with the link\'s selectors',
      tokenSecretName: `${l.serviceAccountName}-token`,
    };
  },
  consumerNamespace() {
    return 'linkerd-multicluster';
  },
  secretNames({ namespace: ns, clusterName, consumer, where }) {
    const l = consumer._linkerd(where);
    return [`${ns}/${linkerdCredentialsSecretName(clusterName)}`, `${l.linkerdNamespace}/${linkerdCredentialsSecretName(clusterName)}`];
  },
  emitSecrets({ holder, secret, consumer, where, plan }) {
    const l = consumer._linkerd(where);
    return linkerdCredentialSecrets(holder, '', {
      ...secret,
      serviceAccountName: plan.serviceAccountName,
      linkerdNamespace: l.linkerdNamespace,
      trustDomain: l.trustDomain,
      clusterDomain: l.clusterDomain,
    });
  },
};
