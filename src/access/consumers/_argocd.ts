import type { ConsumerBehaviour } from './_consumer';
import { argoCdRules } from '../_rbac-rules';
import { argoCdClusterSecret, argoCdClusterSecretName, argoCdServer } from '../_remote-secrets';

/** Argo CD deploying to a remote cluster, as `argocd cluster add` sets it up. @internal */
export const ARGO_CD_CONSUMER: ConsumerBehaviour = {
  pendingRecord: { consumer: 'argocd' },
  createsServiceAccountByDefault: () => true,
  plan(_consumer, _where, _ctx, _namespaceScope) {
    return {
      serviceAccountName: 'argocd-manager',
      defaultNamespace: 'kube-system',
      labels: {},
      clusterRoleName: 'argocd-manager-role',
      clusterRoleBindingName: 'argocd-manager-role-binding',
      roleName: 'argocd-manager-role',
      roleBindingName: 'argocd-manager-role-binding',
      clusterRules: argoCdRules(true),
      namespaceRules: argoCdRules(false),
      namespaceModeClusterRules: [],
      namespaceModeClusterRoleName: 'argocd-manager-role',
      includeOwnNamespace: false,
      tokenSecretName: 'argocd-manager-long-lived-token',
    };
  },
  consumerNamespace() {
    return 'argocd';
  },
  secretNames({ namespace: ns, clusterName, server }) {
    return [`${ns}/${server ? argoCdClusterSecretName(argoCdServer(server)) : `cluster-<host of ${clusterName}>-<hash>`}`];
  },
  emitSecrets({ holder, secret, namespaces }) {
    return [argoCdClusterSecret(holder, 'ArgoCdClusterSecret', { ...secret, namespaces })];
  },
};
