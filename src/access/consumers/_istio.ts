import type { ConsumerBehaviour } from './_consumer';
import { fail } from '../../core/_validation';
import { ControlPlaneRole } from '../../core/mesh-kinds';
import { istioReaderRules } from '../_rbac-rules';
import { istioRemoteSecret, istioRemoteSecretName } from '../_remote-secrets';

/** istiod reading a remote cluster (endpoint discovery), as `istioctl create-remote-secret` sets it up. @internal */
export const ISTIO_CONSUMER: ConsumerBehaviour = {
  pendingRecord: {},
  // Every Istio install already renders istio-reader-service-account and its ClusterRole: no second owner.
  createsServiceAccountByDefault: inIstioMesh => !inIstioMesh,
  checkConsumerCluster(where, consumerCluster) {
    if (consumerCluster.role === ControlPlaneRole.REMOTE) {
      fail(where, 'consumerCluster', consumerCluster.clusterName,
        `is a primary-remote remote: it runs no istiod to read remote secrets; give its primary ("${consumerCluster.primary?.clusterName}")`);
    }
  },
  plan(_consumer, _where, ctx, _namespaceScope) {
    const name = `istio-reader-clusterrole${ctx.istioRevision ? `-${ctx.istioRevision}` : ''}-${ctx.istioNamespace}`;
    return {
      serviceAccountName: 'istio-reader-service-account',
      defaultNamespace: ctx.istioNamespace,
      labels: { 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader' },
      clusterRoleName: name,
      clusterRoleBindingName: name,
      roleName: name,
      roleBindingName: name,
      clusterRules: istioReaderRules(ctx.istioMinor, ctx.remoteProfile),
      namespaceRules: [],
      namespaceModeClusterRules: [],
      namespaceModeClusterRoleName: name,
      includeOwnNamespace: false,
      namespaceScopeRefusal: 'cannot be used with AccessConsumer.istio(): istiod lists and watches Services, Pods, EndpointSlices, Namespaces and Nodes '
          + 'across the whole cluster and filters them itself; use AccessScope.cluster() and limit what istiod reads with discoverySelectors',
      tokenSecretName: 'istio-reader-service-account-istio-remote-secret-token',
    };
  },
  consumerNamespace(_plan, istioNamespace) {
    return istioNamespace ?? 'istio-system';
  },
  secretNames({ namespace: ns, clusterName }) {
    return [`${ns}/${istioRemoteSecretName(clusterName)}`];
  },
  emitSecrets({ holder, secret }) {
    return [istioRemoteSecret(holder, 'IstioRemoteSecret', secret)];
  },
};
