import type { ConsumerBehaviour } from './_consumer';
import { registerKialiCluster } from './_kiali-config';
import { isDns1123Label, fail } from '../../core/_validation';
import { kialiRules } from '../_rbac-rules';
import { kialiRemoteSecret, kialiRemoteSecretName } from '../_remote-secrets';
import type { KialiConsumerOptions } from '../access-consumer';
import { KialiResourceNaming } from '../consumer-kinds';

/** The oldest and newest Kiali minor release (2.x) whose rules the library knows, read at their tags. */
export const KIALI_OLDEST_MINOR = 10;
export const KIALI_NEWEST_MINOR = 29;
/** The default Kiali release: the newest the library's rules were compared with. */
export const KIALI_DEFAULT_VERSION = `v2.${KIALI_NEWEST_MINOR}.0`;

/** Kiali's options with defaults, checked. */
export interface KialiSettings {
  readonly viewOnly: boolean;
  readonly instanceName: string;
  readonly naming: KialiResourceNaming;
  /** The release, as given (or the default). */
  readonly version: string;
  /** Its minor number (2.x). */
  readonly minor: number;
  /** True when the version was given (then it labels the objects, as the operator does). */
  readonly versionGiven: boolean;
}

/** Checks Kiali's version and returns its minor number. */
function kialiMinor(where: string, version: string): number {
  const m = /^v?2\.(\d{1,3})\.(\d{1,3})$/.exec(version);
  const minor = m ? Number(m[1]) : NaN;
  if (!m || minor < KIALI_OLDEST_MINOR || minor > KIALI_NEWEST_MINOR) {
    fail(where, 'consumer.version', version,
      `must be a Kiali release from v2.${KIALI_OLDEST_MINOR}.0 to v2.${KIALI_NEWEST_MINOR}.x (such as "${KIALI_DEFAULT_VERSION}"): `
      + 'the RBAC rules differ between releases and are known for these; for a newer Kiali give the newest known release and compare the roles with its chart');
  }
  return minor;
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
  const version = o.version ?? KIALI_DEFAULT_VERSION;
  const minor = kialiMinor(where, version);
  return { viewOnly: o.viewOnly ?? true, instanceName, naming, version, minor, versionGiven: o.version !== undefined };
}

/** Namespaces that never hold Kiali, and why. */
const NOT_KIALI_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['kube-public', 'is the cluster\'s public-read namespace'],
  ['kube-node-lease', 'holds only node Lease objects'],
  ['linkerd-multicluster', 'is Linkerd multicluster\'s namespace'],
  ['argocd', 'is Argo CD\'s namespace'],
]);

/** Where each release keeps a remote cluster's cache cluster-wide (kiali/kiali at the tag). */
function remoteCacheSource(minor: number): string {
  return minor < 22 ? 'kiali.go' : 'cmd/server.go';
}

/**
 * Why namespace scope on a cluster Kiali reads remotely cannot work, for every
 * release the library knows (read in kiali/kiali at v2.10.0, v2.22.0, v2.29.0, v2.30.0).
 */
export function kialiNamespaceScopeRefusal(k: KialiSettings): string {
  return `cannot be used with AccessConsumer.kiali() (Kiali ${k.version}) on a cluster Kiali reads remotely: Kiali limits only its home `
    + `cluster's cache to the accessible namespaces; every remote cluster's cache lists and watches cluster-wide (kiali/kiali ${remoteCacheSource(k.minor)}), `
    + 'and mesh discovery lists control planes cluster-wide ("Multi-cluster is not supported without cluster wide access", istio/discovery.go), '
    + 'so with Roles only those calls are Forbidden. Use AccessScope.cluster() (the viewer role is read-only) and choose what Kiali shows '
    + 'with its deployment.discovery_selectors';
}

/** The Kiali server reading a remote cluster, as the Kiali operator (or the Helm chart) sets it up. @internal */
export const KIALI_CONSUMER: ConsumerBehaviour = {
  pendingRecord: { consumer: 'kiali' },
  createsServiceAccountByDefault: () => true,
  register: registerKialiCluster,
  checkConsumerNamespace(where, namespace) {
    const owner = NOT_KIALI_NAMESPACES.get(namespace);
    if (owner) {
      fail(where, 'consumerNamespace', namespace,
        'must be the namespace Kiali runs in (deployment.namespace of its Kiali CR, the kiali-server chart\'s release namespace): '
        + `Kiali mounts remote cluster Secrets from its own namespace only, and ${namespace} ${owner}; leave it unset for istio-system`);
    }
  },
  plan(consumer, where, ctx, _namespaceScope) {
    const k = consumer._kiali(where);
    const role = k.viewOnly ? `${k.instanceName}-viewer` : k.instanceName;
    const sa = k.naming === KialiResourceNaming.OPERATOR ? `${k.instanceName}-service-account` : k.instanceName;
    // The operator names the binding <instance> whatever the role (and deletes it before a viewOnly flip);
    // the chart names it like its role, so a flip makes a new binding.
    const binding = k.naming === KialiResourceNaming.OPERATOR ? k.instanceName : role;
    const labels: { [key: string]: string } = {
      'app': 'kiali',
      'app.kubernetes.io/instance': k.instanceName,
      'app.kubernetes.io/name': 'kiali',
      'app.kubernetes.io/part-of': 'kiali',
    };
    if (k.versionGiven) {
      labels.version = k.version;
      labels['app.kubernetes.io/version'] = k.version;
    }
    const namespace = ctx.requestedNamespace ?? 'istio-system';
    const rules = kialiRules(k.viewOnly, {
      minor: k.minor,
      chart: k.naming === KialiResourceNaming.HELM_CHART,
      oauthClient: `${k.instanceName}-${namespace}`,
    });
    return {
      serviceAccountName: sa,
      defaultNamespace: 'istio-system',
      labels,
      clusterRoleName: role,
      clusterRoleBindingName: binding,
      roleName: role,
      roleBindingName: binding,
      clusterRules: rules,
      namespaceRules: rules,
      namespaceModeClusterRules: [],
      namespaceModeClusterRoleName: role,
      includeOwnNamespace: true,
      namespaceScopeRefusal: kialiNamespaceScopeRefusal(k),
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
