import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import type { RbacRule } from './_rbac-rules';
import type { RemoteSecretProps } from './_remote-secrets';
import { AccessConsumer } from './access-consumer';
import { AccessScope, AccessScopeKind } from './access-scope';
import { Credential, resolveCredentialProp, tokenExpiryWarning } from './credential';
import { isMesh, isMeshCluster } from '../core/_brands';
import { jwtExpiry } from '../core/_jwt';
import { DNS1123_LABEL_RULE, fail, isDns1123Label, isDns1123Subdomain } from '../core/_validation';
import type { Mesh } from '../core/mesh';
import type { IMeshCluster, MeshCluster } from '../core/mesh-cluster';
import { MeshProvider, ControlPlaneRole } from '../core/mesh-kinds';
import { IstioVersion, parseIstioVersion } from '../istio/version';
import { credentialWarningDaysOf, keyStoreOf, KeyStoreFile } from '../output/_key-store-file';
import { addWarning } from '../output/_metadata';
import { shellQuote } from '../output/_shell';
import { stringifyYaml } from '../output/_yaml';
import { ConsumerContext, ConsumerPlan } from './consumers/_consumer';

/** Props of a `RemoteAccess`. */
export interface RemoteAccessProps {
  /** The tool that reads the cluster: `AccessConsumer.istio()`, `.kiali()`, `.linkerdServiceMirror()`, `.argoCd()` or `.custom(rules)`. */
  readonly consumer: AccessConsumer;
  /**
   * The cluster the consumer runs in: its remote-cluster Secret is built there
   * (in the key store) when `credential` is given. Must be another cluster than
   * the one being read.
   */
  readonly consumerCluster: IMeshCluster;
  /**
   * Where the consumer may read: every namespace, or only the listed ones
   * (Argo CD and custom consumers; istiod, Linkerd's service mirror and Kiali
   * read a remote cluster cluster-wide and refuse namespace scope).
   *
   * @default AccessScope.cluster()
   */
  readonly scope?: AccessScope;
  /**
   * The namespace of the ServiceAccount in the cluster being read. It must
   * exist: it is the consumer tool's own namespace, which this construct never
   * creates.
   *
   * @default - the upstream tool's: the Istio namespace (istio), `istio-system`
   * (kiali), `linkerd-multicluster` (linkerd), `kube-system` (argoCd, custom)
   */
  readonly namespace?: string;
  /**
   * The namespace of the consumer's remote-cluster Secret in the consumer cluster.
   *
   * @default - where the consumer looks: the consumer cluster's Istio namespace
   * (istio), `istio-system` (kiali, Kiali's deployment namespace),
   * `linkerd-multicluster` (linkerd; the destination controller's copy goes to
   * the Linkerd namespace), `argocd` (argoCd), `kube-system` (custom)
   */
  readonly consumerNamespace?: string;
  /**
   * What the consumer authenticates with. When given, the consumer-side Secret
   * is built (in the key store, never in the output tree); without it, the
   * synth warns that the Secret is pending and prints the command that
   * completes it.
   *
   * @default - none: the consumer-side Secret is pending
   */
  readonly credential?: Credential;
  /**
   * Emit an explicit long-lived token Secret (`kubernetes.io/service-account-token`,
   * annotated with the ServiceAccount) in the cluster being read, named as the
   * upstream tool names it. Kubernetes then keeps a non-expiring token for the
   * ServiceAccount until the Secret is deleted: convenient (the token survives
   * restarts and needs no renewal), but it never expires, so a leaked copy
   * works until an admin deletes the Secret. Prefer short-lived tokens
   * (`kubectl create token`) renewed by your pipeline.
   *
   * @default false
   */
  readonly tokenSecret?: boolean;
  /**
   * Emit the ServiceAccount and its roles and bindings in the cluster being read.
   *
   * @default - true, except for `AccessConsumer.istio()` on a cluster of an
   * Istio mesh of this app: its Istio install (Sail, Helm or istioctl) already
   * creates `istio-reader-service-account` and `istio-reader-clusterrole-*`,
   * and a second owner makes Helm and the Sail Operator refuse or fight over
   * them (what `istioctl create-remote-secret --create-service-account=false` avoids)
   */
  readonly createServiceAccount?: boolean;
  /**
   * Emit a Namespace object for each namespace listed in `AccessScope.namespaces()`.
   * Off by default: application namespaces belong to their applications, and a
   * Namespace in this output would be pruned by GitOps (with every workload in
   * it) the day the namespace leaves the list.
   *
   * @default false
   */
  readonly createNamespaces?: boolean;
}

interface ServiceAccountEntry {
  /** The ServiceAccount's objects, when this app creates them (undefined: made elsewhere). */
  signature?: string;
  path: string;
  tokenSecret: boolean;
}

/*
 * The registries of RemoteAccess live on the clusters (MeshCluster._registry()):
 * - in the cluster being read: its ServiceAccounts (and their RBAC), to create each once,
 *   the namespaces made for createNamespaces, and whether pending warnings are off;
 * - in the consumer cluster: the pending-record key-store paths, to write each once, and
 *   Kiali's clustering registry per Kiali instance (consumers/_kiali-config.ts).
 */
const SERVICE_ACCOUNTS = 'RemoteAccess.serviceAccounts';
const NAMESPACES = 'RemoteAccess.namespaces';
const PENDING_RECORDS = 'RemoteAccess.pendingRecords';
const QUIET = 'RemoteAccess.quietPendingWarnings';

/**
 * Runs `fn` with the pending-Secret warnings of the `RemoteAccess` objects it
 * creates in `cluster` turned off (their creator reports them, as `EndpointDiscovery` does).
 * @internal
 */
export function _withoutPendingWarnings<T>(cluster: MeshCluster, fn: () => T): T {
  const quiet = cluster._registry(QUIET, () => ({ depth: 0 }));
  quiet.depth++;
  try {
    return fn();
  } finally {
    quiet.depth--;
  }
}

function enclosingCluster(scope: IConstruct): MeshCluster | undefined {
  return [...scope.node.scopes].reverse().find(s => isMeshCluster(s)) as MeshCluster | undefined;
}

function istioMesh(cluster: IMeshCluster): Mesh | undefined {
  const mesh = cluster.mesh;
  return mesh && isMesh(mesh) && mesh.provider === MeshProvider.ISTIO ? mesh : undefined;
}

/** `--kubeconfig=<file> --context=<ctx>` when the API server came from a kubeconfig, else `--context=<cluster>`. */
function kubectlTarget(cluster: IMeshCluster): string {
  const m = /^kubeconfig (.+) context (.+)$/.exec(cluster.apiServerEndpoint?.source ?? '');
  // Quoted for a POSIX shell: a kubeconfig context may be named anything (`x$(...)` must not run when pasted).
  return m ? `--kubeconfig=${shellQuote(m[1])} --context=${shellQuote(m[2])}` : `--context=${shellQuote(cluster.clusterName)}`;
}

/** The pending consumer-side Secrets of a `RemoteAccess`. @internal */
export interface PendingSecrets {
  /** The cluster being read. */
  readonly cluster: string;
  /** The consumer cluster. */
  readonly consumerCluster: string;
  /** `<namespace>/<name>` of each pending Secret. */
  readonly secrets: string[];
  /** Key-store files that the Secrets become. */
  readonly files: string[];
  /** The command that writes the token file. */
  readonly tokenCommand: string;
  /** The token file the command writes. */
  readonly tokenFile: string;
  /** The command that prints the token (`tokenCommand` without its redirection into `tokenFile`). */
  readonly printTokenCommand: string;
  /** True when the cluster being read has no API-server settings. */
  readonly needsApiServer: boolean;
}

/**
 * Least-privilege access for a tool in one cluster (the consumer: istiod,
 * Kiali, Linkerd's service mirror, Argo CD, or your own) to the cluster this
 * construct is added to (the cluster being read).
 *
 * In the cluster being read it emits what the tool's own installer creates,
 * with the same names, labels and rules, so resources made earlier by
 * istioctl, the Kiali operator or chart, the Linkerd chart or `argocd cluster
 * add` are adopted: a ServiceAccount, a ClusterRole and ClusterRoleBinding
 * (`AccessScope.cluster()`) or a Role and RoleBinding in each listed namespace
 * (`AccessScope.namespaces()`), and, when asked, an explicit long-lived token
 * Secret.
 *
 * In the consumer cluster it builds the consumer's remote-cluster Secret
 * (Istio `istio-remote-secret-<cluster>`, Kiali
 * `kiali-remote-cluster-secret-<cluster>`, Linkerd
 * `cluster-credentials-<cluster>`, Argo CD cluster Secret) when a credential is
 * supplied, with the server and CA of the cluster's `apiServer`. Those Secrets
 * carry a token or a key: they are written to the key store, never to the
 * output tree. Without a credential the synth warns which Secrets are pending
 * and how to complete them.
 *
 * ```ts
 * new RemoteAccess(east, 'Kiali', {
 *   consumer: AccessConsumer.kiali({ version: 'v2.29.0' }),
 *   consumerCluster: west,
 * });
 * ```
 */
export class RemoteAccess extends Construct {
  /** The cluster being read. */
  public readonly cluster: IMeshCluster;
  /** The cluster the consumer runs in. */
  public readonly consumerCluster: IMeshCluster;
  /** The consumer. */
  public readonly consumer: AccessConsumer;
  /** The ServiceAccount's name in the cluster being read. */
  public readonly serviceAccountName: string;
  /** The ServiceAccount's namespace in the cluster being read. */
  public readonly serviceAccountNamespace: string;
  /** The namespace of the consumer-side Secret(s) in the consumer cluster. */
  public readonly consumerNamespace: string;
  /**
   * The namespaces that get a Role and RoleBinding (sorted; empty in cluster
   * scope). These namespaces must exist in the cluster being read for the
   * Roles to apply.
   */
  public readonly namespaces: string[];
  /** `<namespace>/<name>` of the consumer-side Secrets, built or pending. */
  public readonly consumerSecretNames: string[];
  /** True when the consumer-side Secrets are pending (no credential). */
  public readonly pending: boolean;

  /** What is pending, for the creator's warning. @internal */
  public readonly _pending?: PendingSecrets;
  /** When the given token expires (its JWT `exp`, ms since the epoch), for the graph and plan. @internal */
  public readonly _credentialExpiresAt?: number;

  constructor(scope: Construct, id: string, props: RemoteAccessProps) {
    super(scope, id);
    const where = this.node.path;

    // Checks.
    const { cluster, consumerCluster } = this.checkClusters(scope, props);
    this.cluster = cluster;
    this.consumer = props.consumer;
    this.consumerCluster = consumerCluster;
    const accessScope = props.scope ?? AccessScope.cluster();
    if (!(accessScope instanceof AccessScope)) {
      fail(where, 'scope', accessScope, 'must be AccessScope.cluster() or AccessScope.namespaces([...])');
    }
    const listed = accessScope._resolve(where, 'scope');
    const namespaceScope = accessScope.kind === AccessScopeKind.NAMESPACES;
    const plan = this.consumer._plan(where, this.context(cluster, consumerCluster, props.namespace), namespaceScope);
    if (namespaceScope && plan.namespaceScopeRefusal) {
      fail(where, 'scope', `AccessScope.namespaces(${JSON.stringify(listed)})`, plan.namespaceScopeRefusal);
    }

    // Defaults (each checked).
    this.serviceAccountNamespace = props.namespace ?? plan.defaultNamespace;
    if (!isDns1123Label(this.serviceAccountNamespace)) {
      fail(where, 'namespace', this.serviceAccountNamespace, `must be a namespace name: ${DNS1123_LABEL_RULE}`);
    }
    this.consumerNamespace = props.consumerNamespace ?? this.defaultConsumerNamespace(consumerCluster, plan);
    if (!isDns1123Label(this.consumerNamespace)) {
      fail(where, 'consumerNamespace', this.consumerNamespace, `must be a namespace name: ${DNS1123_LABEL_RULE}`);
    }
    this.consumer._behaviour.checkConsumerNamespace?.(where, this.consumerNamespace);
    this.serviceAccountName = plan.serviceAccountName;
    this.namespaces = namespaceScope
      ? [...new Set([...listed, ...(plan.includeOwnNamespace ? [this.serviceAccountNamespace] : [])])].sort()
      : [];
    const endpoint = this.checkedEndpoint(cluster);
    this.consumerSecretNames = this.secretNames(cluster, plan, endpoint?.server);
    const credential = resolveCredentialProp(where, props.credential, cluster.clusterName, endpoint);
    const tokenSecret = props.tokenSecret ?? false;

    // Every check passed: render.
    if (props.createServiceAccount ?? this.consumer._behaviour.createsServiceAccountByDefault(istioMesh(cluster) !== undefined)) {
      this.emitServiceAccount(cluster, plan, namespaceScope);
    }
    if (tokenSecret) {
      this.emitTokenSecret(cluster, plan);
    }
    if (props.createNamespaces ?? false) {
      this.emitNamespaces(cluster, listed);
    }
    if (credential !== undefined && endpoint !== undefined) {
      this.emitConsumerSecrets(consumerCluster, plan, { clusterName: cluster.clusterName, endpoint, credential, namespace: this.consumerNamespace });
      this.pending = false;
    } else {
      this.pending = true;
      this._pending = this.pendingSecrets(cluster, consumerCluster, plan, tokenSecret, this.consumerSecretNames);
      this.reportPending(cluster, this._pending);
    }
    this._credentialExpiresAt = jwtExpiry(credential?.token);
    const expiry = tokenExpiryWarning(credential?.token, cluster.clusterName, new Date(), credentialWarningDaysOf(this));
    if (expiry) { addWarning(this, expiry); }
    if (endpoint?.insecureSkipTlsVerify) {
      addWarning(this, `the credentials for cluster "${cluster.clusterName}" skip TLS verification of its API server (insecureSkipTlsVerify): `
        + 'anyone on the path can impersonate the server and capture the token; give the CA instead outside labs');
    }
    this.consumer._behaviour.register?.({
      consumer: this.consumer,
      where,
      consumerCluster,
      clusterName: cluster.clusterName,
      consumerNamespace: this.consumerNamespace,
      secretNames: this.consumerSecretNames,
      server: endpoint?.server,
      caPem: endpoint?.caPem,
    });
  }

  /** The cluster being read (the enclosing MeshCluster) and the consumer cluster, checked. */
  private checkClusters(scope: Construct, props: RemoteAccessProps): { cluster: MeshCluster; consumerCluster: MeshCluster } {
    const where = this.node.path;
    const cluster = enclosingCluster(this);
    if (!cluster) {
      fail(where, 'scope', scope.node.path, 'must be the MeshCluster being read (or a construct inside it): new RemoteAccess(cluster, id, props)');
    }
    if (!props || !(props.consumer instanceof AccessConsumer)) {
      fail(where, 'consumer', props?.consumer, 'must be an AccessConsumer: AccessConsumer.istio(), .kiali(), .linkerdServiceMirror(), .argoCd() or .custom(rules)');
    }
    const consumerCluster: unknown = props.consumerCluster;
    if (!isMeshCluster(consumerCluster)) {
      const name = (consumerCluster as { clusterName?: unknown } | undefined)?.clusterName ?? consumerCluster;
      fail(where, 'consumerCluster', name, 'must be a MeshCluster of this app: the cluster the consumer runs in');
    }
    if (consumerCluster === cluster) {
      fail(where, 'consumerCluster', consumerCluster.clusterName,
        'is the cluster being read: a RemoteAccess gives a tool in another cluster access to this one (a tool reads its own cluster with its in-cluster ServiceAccount)');
    }
    props.consumer._behaviour.checkConsumerCluster?.(where, consumerCluster);
    return { cluster, consumerCluster };
  }

  /** The API server of the cluster being read, refused without a CA unless TLS verification is knowingly off. */
  private checkedEndpoint(cluster: MeshCluster) {
    const endpoint = cluster.apiServerEndpoint;
    if (endpoint && !endpoint.caPem && !endpoint.insecureSkipTlsVerify) {
      fail(this.node.path, 'cluster.apiServer', endpoint.server,
        `of cluster "${cluster.clusterName}" has no CA certificate, so the consumer could not verify the API server: `
        + 'give caData or caFile in ApiServer.fromUrl() (or certificate-authority-data in the kubeconfig), '
        + 'or set insecureSkipTlsVerify: true to accept an unverified server (labs only)');
    }
    return endpoint;
  }

  /** Records the pending Secrets (for consumers check follows) and warns, unless the creator reports them. */
  private reportPending(cluster: MeshCluster, pending: PendingSecrets): void {
    if (this.consumer._behaviour.pendingRecord) {
      this.recordPendingRemoteSecret(pending);
    }
    if (cluster._registry(QUIET, () => ({ depth: 0 })).depth === 0) {
      addWarning(this, pendingWarning(pending));
    }
  }

  private context(cluster: MeshCluster, consumerCluster: MeshCluster, requestedNamespace: string | undefined): ConsumerContext {
    const mesh = istioMesh(cluster) ?? istioMesh(consumerCluster);
    const parsed = mesh ? mesh._version : parseIstioVersion(IstioVersion.DEFAULT.version);
    return {
      istioNamespace: mesh?.istioNamespace ?? 'istio-system',
      istioRevision: mesh?.revision,
      istioMinor: typeof parsed === 'string' ? 0 : parsed.minor,
      remoteProfile: cluster.role === ControlPlaneRole.REMOTE,
      requestedNamespace,
    };
  }

  private defaultConsumerNamespace(consumerCluster: MeshCluster, plan: ConsumerPlan): string {
    return this.consumer._behaviour.consumerNamespace(plan, istioMesh(consumerCluster)?.istioNamespace ?? istioMesh(this.cluster)?.istioNamespace);
  }

  private emitServiceAccount(cluster: MeshCluster, plan: ConsumerPlan, namespaceScope: boolean): void {
    const ns = this.serviceAccountNamespace;
    const labels = Object.keys(plan.labels).length > 0 ? { ...plan.labels } : undefined;
    const subject = { kind: 'ServiceAccount', name: plan.serviceAccountName, namespace: ns };
    const objects: RbacObject[] = [];
    objects.push({ kind: 'ServiceAccount', id: 'ServiceAccount', props: { metadata: { name: plan.serviceAccountName, namespace: ns, labels } } });
    if (!namespaceScope) {
      objects.push({ kind: 'ClusterRole', id: 'ClusterRole', props: { metadata: { name: plan.clusterRoleName, labels }, rules: plan.clusterRules } });
      objects.push({
        kind: 'ClusterRoleBinding',
        id: 'ClusterRoleBinding',
        props: {
          metadata: { name: plan.clusterRoleBindingName, labels },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: plan.clusterRoleName },
          subjects: [subject],
        },
      });
    } else {
      for (const n of this.namespaces) {
        objects.push({ kind: 'Role', id: `Role-${n}`, props: { metadata: { name: plan.roleName, namespace: n, labels }, rules: plan.namespaceRules } });
        objects.push({
          kind: 'RoleBinding',
          id: `RoleBinding-${n}`,
          props: {
            metadata: { name: plan.roleBindingName, namespace: n, labels },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: plan.roleName },
            subjects: [subject],
          },
        });
      }
      if (plan.namespaceModeClusterRules.length > 0) {
        const name = plan.namespaceModeClusterRoleName;
        objects.push({ kind: 'ClusterRole', id: 'ClusterRole', props: { metadata: { name, labels }, rules: plan.namespaceModeClusterRules } });
        objects.push({
          kind: 'ClusterRoleBinding',
          id: 'ClusterRoleBinding',
          props: {
            metadata: { name, labels },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
            subjects: [subject],
          },
        });
      }
    }

    const key = `${ns}/${plan.serviceAccountName}`;
    const signature = JSON.stringify(objects.map(o => [o.kind, o.props]));
    const registry = cluster._registry(SERVICE_ACCOUNTS, () => new Map<string, ServiceAccountEntry>());
    const existing = registry.get(key);
    if (existing?.signature !== undefined) {
      if (existing.signature !== signature) {
        fail(this.node.path, 'consumer', key,
          `creates ServiceAccount ${key} in cluster "${cluster.clusterName}" with other rules, names or namespaces than ${existing.path} does: `
          + 'one ServiceAccount has one set of rules; give the same consumer and scope, or another ServiceAccount '
          + '(instanceName, serviceAccountName or namespace)');
      }
      return;
    }
    if (existing) {
      existing.signature = signature;
      existing.path = this.node.path;
    } else {
      registry.set(key, { signature, path: this.node.path, tokenSecret: false });
    }

    for (const o of objects) {
      switch (o.kind) {
        case 'ServiceAccount': new k8s.KubeServiceAccount(this, o.id, o.props); break;
        case 'ClusterRole': new k8s.KubeClusterRole(this, o.id, toL1Rules(o.props)); break;
        case 'ClusterRoleBinding': new k8s.KubeClusterRoleBinding(this, o.id, o.props); break;
        case 'Role': new k8s.KubeRole(this, o.id, toL1Rules(o.props)); break;
        case 'RoleBinding': new k8s.KubeRoleBinding(this, o.id, o.props); break;
      }
    }
  }

  private emitTokenSecret(cluster: MeshCluster, plan: ConsumerPlan): void {
    const ns = this.serviceAccountNamespace;
    const key = `${ns}/${plan.serviceAccountName}`;
    const registry = cluster._registry(SERVICE_ACCOUNTS, () => new Map<string, ServiceAccountEntry>());
    let entry = registry.get(key);
    if (!entry) {
      // The ServiceAccount is made elsewhere (the Istio install); record it for the token Secret only.
      entry = { path: this.node.path, tokenSecret: false };
      registry.set(key, entry);
    }
    if (entry.tokenSecret) {
      return;
    }
    entry.tokenSecret = true;
    // No token in it: the token controller fills it in, in the cluster. It stays in the output tree.
    new k8s.KubeSecret(this, 'TokenSecret', {
      metadata: {
        name: plan.tokenSecretName,
        namespace: ns,
        annotations: { 'kubernetes.io/service-account.name': plan.serviceAccountName },
        labels: Object.keys(plan.labels).length > 0 ? { ...plan.labels } : undefined,
      },
      type: 'kubernetes.io/service-account-token',
    });
  }

  private emitNamespaces(cluster: MeshCluster, listed: string[]): void {
    const made = cluster._registry(NAMESPACES, () => new Set<string>());
    const controlPlane = istioMesh(cluster)?.istioNamespace;
    for (const n of listed) {
      if (made.has(n) || n === controlPlane) {
        continue;
      }
      made.add(n);
      new k8s.KubeNamespace(this, `Namespace-${n}`, { metadata: { name: n } });
    }
  }

  private secretNames(cluster: MeshCluster, plan: ConsumerPlan, server?: string): string[] {
    return this.consumer._behaviour.secretNames({
      consumer: this.consumer,
      where: this.node.path,
      namespace: this.consumerNamespace,
      clusterName: cluster.clusterName,
      server,
      customSecretName: () => this.customSecretName(cluster, plan),
    });
  }

  private customSecretName(cluster: MeshCluster, plan: ConsumerPlan): string {
    const name = this.consumer._custom(this.node.path).secretName ?? `${plan.serviceAccountName}-${cluster.clusterName}-kubeconfig`;
    if (!isDns1123Subdomain(name)) {
      fail(this.node.path, 'consumer.secretName', name, 'must be a DNS-1123 subdomain (a Secret name)');
    }
    return name;
  }

  private emitConsumerSecrets(consumerCluster: MeshCluster, plan: ConsumerPlan, secret: RemoteSecretProps): ApiObject[] {
    const holder = new Construct(consumerCluster, `RemoteAccess.${this.node.path.replace(/\//g, '.')}`);
    return this.consumer._behaviour.emitSecrets({
      consumer: this.consumer,
      where: this.node.path,
      holder,
      plan,
      secret,
      namespaces: this.namespaces,
      customSecretName: () => this.customSecretName(this.cluster as MeshCluster, plan),
    });
  }

  private pendingSecrets(cluster: MeshCluster, consumerCluster: MeshCluster, plan: ConsumerPlan,
    tokenSecret: boolean, secrets: string[]): PendingSecrets {
    const keyStore = keyStoreOf(this).replace(/\/+$/, '');
    const tokenFile = `${keyStore}/${cluster.clusterName}/${plan.serviceAccountName}.token`;
    const target = kubectlTarget(cluster);
    const ns = this.serviceAccountNamespace;
    const printTokenCommand = tokenSecret
      ? `kubectl ${target} -n ${ns} get secret ${plan.tokenSecretName} -o jsonpath='{.data.token}' | base64 -d`
      : `kubectl ${target} -n ${ns} create token ${plan.serviceAccountName} --duration=8760h`;
    return {
      cluster: cluster.clusterName,
      consumerCluster: consumerCluster.clusterName,
      secrets,
      files: secrets.map(s => `${keyStore}/${consumerCluster.clusterName}/${secretFileName(s)}`),
      // umask 077: the token file is created readable by its owner only, as the key store requires.
      tokenCommand: `(umask 077; ${printTokenCommand} > ${shellQuote(tokenFile)})`,
      tokenFile,
      printTokenCommand,
      needsApiServer: cluster.apiServerEndpoint === undefined,
    };
  }

  /**
   * Records a pending remote secret (Istio's; Kiali's, marked `consumer: kiali`) in the key store, beside the file the
   * Secret becomes (`<Secret file>.pending`), so that `cdk8s-mesh check` can list
   * it with the command that completes it. The record holds no credential, and
   * its paths are relative to the key store. The writer removes records that a
   * later synth no longer makes (the Secret was built, or is no longer wanted).
   */
  private recordPendingRemoteSecret(p: PendingSecrets): void {
    const path = `${p.consumerCluster}/${secretFileName(p.secrets[0])}.pending`;
    // Its path starts with the consumer cluster's directory: one registry per consumer cluster.
    const written = (this.consumerCluster as MeshCluster)._registry(PENDING_RECORDS, () => new Set<string>());
    if (written.has(path)) {
      return;
    }
    written.add(path);
    const header = [
      '# cdk8s-multicluster-mesh: this remote secret is pending (no credential was given); cdk8s-mesh check lists it.',
      '# It holds no credential. Paths are relative to the key store; written by every synth that still needs it.',
    ];
    new KeyStoreFile(this, 'PendingRecord', {
      path,
      mode: 0o644,
      content: header.join('\n') + '\n' + stringifyYaml({
        ...this.consumer._behaviour.pendingRecord,
        secret: p.secrets[0],
        cluster: p.cluster,
        consumerCluster: p.consumerCluster,
        needsApiServer: p.needsApiServer,
        tokenCommand: p.printTokenCommand,
        tokenFile: `${p.cluster}/${this.serviceAccountName}.token`,
        file: `${p.consumerCluster}/${secretFileName(p.secrets[0])}`,
      }),
    });
  }
}

/** Role or ClusterRole props before the rules are spelled as the L1 classes spell them. */
interface RoleProps {
  readonly metadata: k8s.ObjectMeta;
  readonly rules: RbacRule[];
}

/** One object of a consumer's ServiceAccount and RBAC, before it is rendered. */
type RbacObject =
  | { readonly kind: 'ServiceAccount'; readonly id: string; readonly props: k8s.KubeServiceAccountProps }
  | { readonly kind: 'ClusterRole' | 'Role'; readonly id: string; readonly props: RoleProps }
  | { readonly kind: 'ClusterRoleBinding'; readonly id: string; readonly props: k8s.KubeClusterRoleBindingProps }
  | { readonly kind: 'RoleBinding'; readonly id: string; readonly props: k8s.KubeRoleBindingProps };

/** The key-store file name of a Secret given as `<namespace>/<name>`. */
function secretFileName(secret: string): string {
  return `secret.${secret.replace('/', '.')}.yaml`;
}

/** Role or ClusterRole props with the rules as the `k8s` L1 classes spell them (`nonResourceUrLs`). */
function toL1Rules<T extends { readonly rules: RbacRule[] }>(props: T): Omit<T, 'rules'> & { readonly rules: k8s.PolicyRule[] } {
  return {
    ...props,
    rules: props.rules.map(r => ({
      apiGroups: r.apiGroups,
      resources: r.resources,
      resourceNames: r.resourceNames,
      nonResourceUrLs: r.nonResourceURLs,
      verbs: r.verbs,
    })),
  };
}

/** The warning for pending consumer-side Secrets. */
function pendingWarning(p: PendingSecrets): string {
  const secrets = p.secrets.map(s => `Secret ${s}`).join(' and ');
  return `${secrets} in cluster "${p.consumerCluster}" (credentials for cluster "${p.cluster}") ${p.secrets.length > 1 ? 'are' : 'is'} pending: no credential was given. `
    + `Complete ${p.secrets.length > 1 ? 'them' : 'it'}: ${p.needsApiServer ? `set apiServer on cluster "${p.cluster}"; ` : ''}`
    + `run ${p.tokenCommand} ; `
    + `pass credential: Credential.fromTokenFile('${p.tokenFile}') ; synthesize again, and apply ${p.files.join(' and ')} to cluster "${p.consumerCluster}"`;
}
