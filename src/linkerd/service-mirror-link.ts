import { createHash } from 'crypto';
import { isIP } from 'net';
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CREDENTIALS_HASH_ANNOTATION, LINKERD_NAMESPACE, LINKERD_GATEWAY } from './_constants';
import {
  checkControllerOptions, CheckedControllerOptions, CLUSTER_NAME_LABEL, CREATED_BY_ANNOTATION, MULTICLUSTER_NAMESPACE, renderControllerManifests,
} from './_controller';
import { ControllerMode, ServiceMirrorControllerOptions } from './controller-options';
import { requireAddresses } from './multicluster';
import type { ParsedLinkerdVersion } from './version';
import { kubeconfig, kubeconfigText, linkerdCredentialSecrets, linkerdCredentialsSecretName } from '../access/_remote-secrets';
import { AccessConsumer } from '../access/access-consumer';
import type { ApiServerEndpoint } from '../access/api-server';
import { Credential, ResolvedCredential, resolveCredentialProp } from '../access/credential';
import { _withoutPendingWarnings, RemoteAccess } from '../access/remote-access';
import { isMesh, isMeshCluster } from '../core/_brands';
import { requireSeconds } from '../core/_duration';
import { DNS1123_LABEL_RULE, fail, isDns1123Label, isDns1123Subdomain, isIpAddress, isLabelKey, requireCidrs, requireOptionalBoolean, requirePort, requirePositiveInteger } from '../core/_validation';
import { LabelSelectorConfig, renderLabelSelector } from '../core/label-selector';
import type { Mesh } from '../core/mesh';
import type { IMeshCluster, MeshCluster } from '../core/mesh-cluster';
import { MeshProvider } from '../core/mesh-kinds';
import { KeyStoreFile, keyStoreOf } from '../output/_key-store-file';
import { addWarning } from '../output/_metadata';
import { stringifyYaml } from '../output/_yaml';

export { CREDENTIALS_HASH_ANNOTATION };

/** `mirror.linkerd.io/exported`: the label the target's Services are exported with. */
const EXPORTED_LABEL = 'mirror.linkerd.io/exported';
const FEDERATED_LABEL = 'mirror.linkerd.io/federated';

/**
 * Where a link controller may send traffic: a NetworkPolicy on its pods that
 * allows only DNS, the local Linkerd control plane (its injected proxy), the
 * local and the target API servers, and the target's gateway.
 */
export interface ControllerEgressPolicy {
  /**
   * CIDRs of the source cluster's own API server, as pods reach it (the
   * endpoints behind the `kubernetes` Service, such as `10.0.0.1/32` or the
   * control-plane nodes' addresses): the controller writes mirror Services
   * there. All ports.
   */
  readonly localApiServerCidrs: string[];
  /**
   * CIDRs of the target cluster's API server.
   *
   * @default - the target's apiServer address when it is an IP (a /32 or /128)
   */
  readonly targetApiServerCidrs?: string[];
  /**
   * CIDRs of the target's gateway (the gateway and probe ports).
   *
   * @default - the gateway addresses that are IPs (a /32 or /128 each)
   */
  readonly gatewayCidrs?: string[];
}

/** Props of a `ServiceMirrorLink`. */
export interface ServiceMirrorLinkProps {
  /** The cluster that mirrors the target's Services (where the Link and its controller run). */
  readonly source: IMeshCluster;
  /** The cluster whose exported Services are mirrored (read through its API server). */
  readonly target: IMeshCluster;
  /**
   * The link's name: the Link's `metadata.name`, its `spec.targetClusterName`
   * and the controller's `link.ref.name` (always the same value, as `linkerd mc
   * link-gen --cluster-name` sets them), the suffix of mirror Services
   * (`<service>-<link>`) and of `controller-<link>`, `probe-<link>` and
   * `cluster-credentials-<link>`. A DNS-1123 label of at most 57 characters.
   *
   * @default - the target's cluster name
   */
  readonly linkName?: string;
  /**
   * What the controller authenticates to the target's API server with: a
   * token of the remote-access ServiceAccount (`kubectl create token`). When
   * given, the two `cluster-credentials-<link>` Secrets are built (in the key
   * store, never in the output tree); without it, the synth warns that they are
   * pending and prints the command that completes them.
   *
   * @default - none: the credentials are pending
   */
  readonly credential?: Credential;
  /**
   * The remote-access ServiceAccount in the target (`linkerd mc allow
   * --service-account-name`): one per source cluster, so that each source's
   * access is revoked on its own.
   *
   * @default - `linkerd-service-mirror-remote-access-<source cluster>`
   */
  readonly serviceAccountName?: string;
  /**
   * Emit the ServiceAccount's long-lived token Secret `<serviceAccountName>-token`
   * in the target (what the chart creates for `link-gen`). It never expires;
   * prefer `kubectl create token` renewed by your pipeline.
   *
   * @default false
   */
  readonly tokenSecret?: boolean;
  /**
   * Mirror through the target's multicluster gateway (`linkerd-gateway`): the
   * Link gets the gateway address, port, identity and probe, and `selector`.
   * Off (link-gen's `--gateway=false`), the link is for pod-to-pod
   * (remote-discovery) and federated Services only, on a flat network.
   *
   * @default true
   */
  readonly useGateway?: boolean;
  /**
   * The addresses (IPs or DNS names) of the target's gateway (`gatewayAddress`).
   *
   * @default - the target's LinkerdMulticluster gatewayAddresses
   */
  readonly gatewayAddresses?: string[];
  /**
   * The gateway port the source dials (`gatewayPort`).
   *
   * @default - the target's LinkerdMulticluster gateway port (its node port with
   * a NodePort Service), else 4143
   */
  readonly gatewayPort?: number;
  /**
   * The gateway's identity (`gatewayIdentity`): what the source's proxies
   * require of the gateway's mTLS certificate.
   *
   * @default - `linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.<trust domain>`
   */
  readonly gatewayIdentity?: string;
  /**
   * The path of the gateway's health endpoint (`probeSpec.path`).
   *
   * @default '/ready'
   */
  readonly probePath?: string;
  /**
   * The gateway probe port the source dials (`probeSpec.port`).
   *
   * @default - the target's LinkerdMulticluster probe port (its node port with a
   * NodePort Service), else 4191
   */
  readonly probePort?: number;
  /**
   * Seconds between gateway probes (`probeSpec.period`, written as `<n>s` as
   * link-gen writes it).
   *
   * @default - the target's gatewayProbeSeconds, else 3
   */
  readonly probePeriodSeconds?: number;
  /**
   * Probe timeout in seconds (`probeSpec.timeout`, written as `<n>s`).
   *
   * @default - not set: the CRD's default (30s), as link-gen leaves it out
   */
  readonly probeTimeoutSeconds?: number;
  /**
   * Consecutive failed probes before the gateway counts as down (`probeSpec.failureThreshold`).
   *
   * @default - not set: the CRD's default (3), as link-gen leaves it out
   */
  readonly probeFailureThreshold?: number;
  /**
   * The target's Services mirrored through the gateway (`selector`; gateway links only).
   *
   * @default - `mirror.linkerd.io/exported: "true"`
   */
  readonly selector?: LabelSelectorConfig;
  /**
   * The target's Services mirrored in pod-to-pod mode (`remoteDiscoverySelector`).
   *
   * @default - `mirror.linkerd.io/exported: remote-discovery`
   */
  readonly remoteDiscoverySelector?: LabelSelectorConfig;
  /**
   * The target's members of federated Services (`federatedServiceSelector`).
   *
   * @default - `mirror.linkerd.io/federated: member`
   */
  readonly federatedServiceSelector?: LabelSelectorConfig;
  /**
   * Labels not copied onto mirror Services (`excludedLabels`), such as
   * `argocd.argoproj.io/instance`.
   *
   * @default - none
   */
  readonly excludedLabels?: string[];
  /**
   * Annotations not copied onto mirror Services (`excludedAnnotations`).
   *
   * @default - none
   */
  readonly excludedAnnotations?: string[];
  /**
   * Who runs the link's controller in the source.
   *
   * @default ControllerMode.CHART
   */
  readonly controllerMode?: ControllerMode;
  /**
   * The controller's settings (its `controllers[]` entry).
   *
   * @default - the source's controllerDefaults
   */
  readonly controller?: ServiceMirrorControllerOptions;
  /**
   * The source still runs this link's legacy controller
   * `linkerd-service-mirror-<link>` (made by `linkerd mc link` before 2.18):
   * the link then emits the Link and credentials only, and warns how to move
   * the controller to the chart. A chart or manifests controller beside it is
   * an error: both would compete for the Lease `service-mirror-write-<link>`.
   *
   * @default false
   */
  readonly legacyController?: boolean;
  /**
   * A NetworkPolicy `controller-<link>-egress` that limits the controller's
   * egress to DNS, the local Linkerd control plane and API server, and the
   * target's API server and gateway.
   *
   * @default - none: the controller may connect anywhere
   */
  readonly controllerEgressPolicy?: ControllerEgressPolicy;
}

function meshOf(where: string, prop: string, c: IMeshCluster): { cluster: MeshCluster; mesh: Mesh } {
  if (!isMeshCluster(c)) {
    fail(where, prop, (c as { clusterName?: unknown } | undefined)?.clusterName ?? c, 'must be a MeshCluster of this app');
  }
  const mesh = c.mesh;
  if (!mesh || !isMesh(mesh)) {
    fail(where, prop, c.clusterName, 'is in no mesh: a ServiceMirrorLink links two clusters of a Linkerd mesh');
  }
  if (mesh.provider !== MeshProvider.LINKERD) {
    fail(where, prop, c.clusterName,
      `is in mesh "${mesh.meshId}", whose provider is ${mesh.provider}: a ServiceMirrorLink links two clusters of a Linkerd mesh (Istio clusters use endpoint discovery)`);
  }
  return { cluster: c, mesh };
}

function checkKeys(where: string, prop: string, v: unknown, what: string): string[] {
  if (!Array.isArray(v)) {
    fail(where, prop, v, `must be a list of ${what} keys`);
  }
  v.forEach((k, i) => {
    if (!isLabelKey(k)) {
      fail(where, `${prop}[${i}]`, k, `must be a valid ${what} key ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])`);
    }
  });
  return [...v];
}

/** A rendered label selector (`matchLabels`, `matchExpressions`). */
interface LinkSelector {
  readonly matchLabels?: { [key: string]: string };
  readonly matchExpressions?: { readonly key: string; readonly operator: string; readonly values?: string[] }[];
}

/** The Link's `spec` (the v1alpha3 CRD's fields we write; ports and thresholds are strings there). */
interface LinkSpec {
  readonly targetClusterName: string;
  readonly targetClusterDomain: string;
  readonly targetClusterLinkerdNamespace: string;
  readonly clusterCredentialsSecret: string;
  readonly gatewayAddress?: string;
  readonly gatewayPort?: string;
  readonly gatewayIdentity?: string;
  readonly probeSpec?: {
    readonly path: string;
    readonly port: string;
    readonly period: string;
    readonly timeout?: string;
    readonly failureThreshold?: string;
  };
  readonly selector?: LinkSelector;
  readonly remoteDiscoverySelector?: LinkSelector;
  readonly federatedServiceSelector?: LinkSelector;
  readonly excludedAnnotations?: string[];
  readonly excludedLabels?: string[];
}

/** The Link fields that are fixed once the props are checked. */
interface CheckedLinkSpec {
  readonly gatewayIdentity: string;
  readonly probePath: string;
  readonly probeTimeout?: string;
  readonly failureThreshold?: number;
  readonly selector?: LinkSelector;
  readonly remoteDiscoverySelector: LinkSelector;
  readonly federatedServiceSelector: LinkSelector;
  readonly excludedLabels: string[];
  readonly excludedAnnotations: string[];
}

/** Who runs the controller, with what options. */
interface CheckedController {
  /** Undefined with the legacy controller. */
  readonly mode?: ControllerMode;
  readonly options: CheckedControllerOptions;
  readonly legacyName: string;
  readonly migration: string;
}

function checkClusters(where: string, props: ServiceMirrorLinkProps): { source: MeshCluster; target: MeshCluster; mesh: Mesh } {
  if (!props || typeof props !== 'object') {
    fail(where, 'props', props, 'must give source and target');
  }
  const { cluster: source, mesh } = meshOf(where, 'source', props.source);
  const { cluster: target, mesh: targetMesh } = meshOf(where, 'target', props.target);
  if (target === source) {
    fail(where, 'target', target.clusterName, 'is the source cluster: a link mirrors another cluster\'s Services (a cluster reaches its own directly)');
  }
  if (targetMesh !== mesh) {
    fail(where, 'target', target.clusterName,
      `is in mesh "${targetMesh.meshId}", but the source "${source.clusterName}" is in mesh "${mesh.meshId}": `
      + 'linked Linkerd clusters must share one trust anchor, so a link stays inside one mesh');
  }
  return { source, target, mesh };
}

function checkLinkName(where: string, props: ServiceMirrorLinkProps, source: MeshCluster, target: MeshCluster): string {
  const linkName = props.linkName ?? target.clusterName;
  if (!isDns1123Label(linkName) || linkName.length > 57) {
    fail(where, props.linkName === undefined ? 'linkName (the target\'s cluster name)' : 'linkName', linkName,
      `must be ${DNS1123_LABEL_RULE.replace('at most 63 characters', 'at most 57 characters, so that probe-<link> stays a valid Service name')}`);
  }
  const taken = source._linkerd!._checkOutgoingLink(linkName, target);
  if (taken) {
    fail(where, taken.prop, taken.prop === 'target' ? target.clusterName : linkName, taken.message);
  }
  return linkName;
}

function checkLinkSpec(where: string, props: ServiceMirrorLinkProps, useGateway: boolean, trustDomain: string): CheckedLinkSpec {
  const gatewayProps: [string, unknown][] = [
    ['gatewayAddresses', props.gatewayAddresses], ['gatewayPort', props.gatewayPort], ['gatewayIdentity', props.gatewayIdentity],
    ['probePath', props.probePath], ['probePort', props.probePort], ['probePeriodSeconds', props.probePeriodSeconds],
    ['probeTimeoutSeconds', props.probeTimeoutSeconds], ['probeFailureThreshold', props.probeFailureThreshold], ['selector', props.selector],
  ];
  const given = useGateway ? undefined : gatewayProps.find(([, v]) => v !== undefined);
  if (given) {
    fail(where, given[0], given[1], 'is only used by a link through the gateway (useGateway is false: a pod-to-pod link has no gateway, probe or selector)');
  }
  const gatewayIdentity = props.gatewayIdentity
    ?? `${LINKERD_GATEWAY}.${MULTICLUSTER_NAMESPACE}.serviceaccount.identity.${LINKERD_NAMESPACE}.${trustDomain}`;
  if (!isDns1123Subdomain(gatewayIdentity)) {
    fail(where, 'gatewayIdentity', gatewayIdentity, 'must be a DNS name such as "linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local"');
  }
  const probePath = props.probePath ?? '/ready';
  if (typeof probePath !== 'string' || !/^\/[^\s]*$/.test(probePath)) {
    fail(where, 'probePath', probePath, 'must be an HTTP path starting with "/"');
  }
  const selector: LinkSelector | undefined = useGateway
    ? renderLabelSelector(where, 'selector', props.selector ?? { matchLabels: { [EXPORTED_LABEL]: 'true' } })
    : undefined;
  return {
    gatewayIdentity,
    probePath,
    probeTimeout: props.probeTimeoutSeconds === undefined ? undefined : `${requireSeconds(where, 'probeTimeoutSeconds', props.probeTimeoutSeconds, 1)}s`,
    failureThreshold: props.probeFailureThreshold === undefined
      ? undefined : requirePositiveInteger(where, 'probeFailureThreshold', props.probeFailureThreshold),
    selector,
    remoteDiscoverySelector: renderLabelSelector(where, 'remoteDiscoverySelector',
      props.remoteDiscoverySelector ?? { matchLabels: { [EXPORTED_LABEL]: 'remote-discovery' } }),
    federatedServiceSelector: renderLabelSelector(where, 'federatedServiceSelector',
      props.federatedServiceSelector ?? { matchLabels: { [FEDERATED_LABEL]: 'member' } }),
    excludedLabels: props.excludedLabels === undefined ? [] : checkKeys(where, 'excludedLabels', props.excludedLabels, 'label'),
    excludedAnnotations: props.excludedAnnotations === undefined ? [] : checkKeys(where, 'excludedAnnotations', props.excludedAnnotations, 'annotation'),
  };
}

function checkController(where: string, props: ServiceMirrorLinkProps, linkName: string, sourceName: string,
  version: ParsedLinkerdVersion): CheckedController {
  const legacy = requireOptionalBoolean(where, 'legacyController', props.legacyController) ?? false;
  if (props.controllerMode !== undefined && !Object.values(ControllerMode).includes(props.controllerMode)) {
    fail(where, 'controllerMode', props.controllerMode, `must be one of ${Object.values(ControllerMode).join(', ')} (ControllerMode)`);
  }
  const legacyName = `linkerd-service-mirror-${linkName}`;
  const migration = `linkerd mc unlink --cluster-name ${linkName} --only-controller | kubectl delete -f -`;
  if (legacy && props.controllerMode !== undefined) {
    fail(where, 'controllerMode', props.controllerMode,
      `is set while legacyController is true: the legacy controller ${legacyName} and a ${props.controllerMode === ControllerMode.CHART ? 'chart' : 'manifests'} `
      + `controller controller-${linkName} for one link compete for the Lease service-mirror-write-${linkName}, the legacy one keeps it, and linkerd mc check `
      + `fails with "too many service mirror controller deployments". Migrate: run, against cluster "${sourceName}": ${migration} `
      + '(it deletes only the legacy controller and its RBAC, and keeps the Link, the credentials and the mirror Services); then remove legacyController');
  }
  if (legacy && props.controller !== undefined) {
    fail(where, 'controller', props.controller, `is not used with legacyController: the legacy controller ${legacyName} is not managed here`);
  }
  if (legacy && props.controllerEgressPolicy !== undefined) {
    fail(where, 'controllerEgressPolicy', props.controllerEgressPolicy,
      `is only used with a chart or manifests controller (it selects the pods of controller-${linkName}), not with the legacy controller ${legacyName}`);
  }
  return {
    mode: legacy ? undefined : props.controllerMode ?? ControllerMode.CHART,
    options: checkControllerOptions(where, 'controller', props.controller, version),
    legacyName,
    migration,
  };
}

function cidrOf(address: string): string | undefined {
  const family = isIP(address);
  return family === 4 ? `${address}/32` : family === 6 ? `${address}/128` : undefined;
}

/** The host of a URL, without brackets. */
function hostOf(server: string): string {
  const host = new URL(server).hostname;
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

function portOf(server: string): number {
  const url = new URL(server);
  return url.port ? Number(url.port) : 443;
}

/**
 * A Linkerd multicluster link (Linkerd 2.18+): the source cluster mirrors the
 * target cluster's exported Services.
 *
 * In the source it emits what `linkerd multicluster link-gen --cluster-name
 * <link>` prints: the Link (`multicluster.linkerd.io/v1alpha3`, named after the
 * link, in `linkerd-multicluster`) and, when a credential is given, the two
 * `cluster-credentials-<link>` Secrets (in the key store). The link's
 * controller is an entry in the source's `linkerd-multicluster` values
 * (`controllers[]`, `ControllerMode.CHART`), or, on request, the manifests the
 * chart renders for it (`ControllerMode.MANIFESTS`).
 *
 * In the target it emits the remote-access ServiceAccount and RBAC the
 * controller reads with (a `RemoteAccess` with `AccessConsumer.linkerdServiceMirror()`),
 * and, for a gateway link, turns on the target's `linkerd-gateway` (ports
 * 4143 `mc-gateway` and 4191 `mc-probe`).
 *
 * The Link and the manifests-mode pod template carry the SHA-256 of the
 * credentials in `cdk8s-mesh.io/credentials-sha256`: the controller re-reads
 * its credentials only when its Link changes, so a rotated credential changes
 * the Link.
 *
 * ```ts
 * new ServiceMirrorLink(app, 'west-to-east', { source: west, target: east, gatewayAddresses: ['203.0.113.10'] });
 * ```
 */
export class ServiceMirrorLink extends Construct {
  /** The cluster that mirrors. */
  public readonly source: IMeshCluster;
  /** The cluster whose Services are mirrored. */
  public readonly target: IMeshCluster;
  /** The link's name (Link name, targetClusterName and link.ref.name). */
  public readonly linkName: string;
  /** Who runs the controller; undefined with the legacy controller. */
  public readonly controllerMode?: ControllerMode;
  /** Whether the link goes through the target's gateway. */
  public readonly useGateway: boolean;
  /** The remote-access ServiceAccount in the target. */
  public readonly serviceAccountName: string;
  /** True when the credential Secrets are pending (no credential). */
  public readonly pending: boolean;
  /**
   * The SHA-256 (hex) of the credentials kubeconfig.
   *
   * @default - none while the credentials are pending
   */
  public readonly credentialsHash?: string;
  /** The target-side remote access. */
  public readonly remoteAccess: RemoteAccess;

  private readonly targetCluster: MeshCluster;
  private readonly gatewayAddressesProp?: string[];
  private readonly gatewayPortProp?: number;
  private readonly probePortProp?: number;
  private readonly probePeriodProp?: number;
  private readonly egress?: { local: string[]; targetApi: string[]; gateway?: string[] };

  constructor(scope: Construct, id: string, props: ServiceMirrorLinkProps) {
    super(scope, id);
    const where = this.node.path;

    // --- checks (nothing is emitted until every prop has passed) ---
    const { source, target, mesh } = checkClusters(where, props);
    this.source = source;
    this.target = target;
    this.targetCluster = target;
    this.linkName = checkLinkName(where, props, source, target);
    this.serviceAccountName = props.serviceAccountName ?? `linkerd-service-mirror-remote-access-${source.clusterName}`;
    if (!isDns1123Subdomain(this.serviceAccountName)) {
      fail(where, 'serviceAccountName', this.serviceAccountName, 'must be a DNS-1123 subdomain (a ServiceAccount name)');
    }
    this.useGateway = requireOptionalBoolean(where, 'useGateway', props.useGateway) ?? true;
    this.gatewayAddressesProp = props.gatewayAddresses === undefined ? undefined : requireAddresses(where, 'gatewayAddresses', props.gatewayAddresses);
    this.gatewayPortProp = props.gatewayPort === undefined ? undefined : requirePort(where, 'gatewayPort', props.gatewayPort);
    this.probePortProp = props.probePort === undefined ? undefined : requirePort(where, 'probePort', props.probePort);
    this.probePeriodProp = props.probePeriodSeconds === undefined ? undefined : requireSeconds(where, 'probePeriodSeconds', props.probePeriodSeconds, 1);
    const spec = checkLinkSpec(where, props, this.useGateway, mesh.linkerdTrustDomain);
    const controller = checkController(where, props, this.linkName, source.clusterName, mesh._linkerdVersion);
    this.controllerMode = controller.mode;
    this.egress = props.controllerEgressPolicy === undefined ? undefined : this.checkEgress(where, props.controllerEgressPolicy, target);
    const endpoint = target.apiServerEndpoint;
    const credential = resolveCredentialProp(where, props.credential, target.clusterName, endpoint);
    const tokenSecret = requireOptionalBoolean(where, 'tokenSecret', props.tokenSecret) ?? false;
    // The target's remote access checks the target's API-server settings, so it comes before anything is emitted here.
    this.remoteAccess = this.addRemoteAccess(where, mesh, source, target, tokenSecret);

    // --- defaults: the credentials and their hash ---
    const credentialsText = credential !== undefined && endpoint !== undefined
      ? kubeconfigText(kubeconfig(this.linkName, endpoint, credential, this.serviceAccountName))
      : undefined;
    this.credentialsHash = credentialsText === undefined ? undefined : createHash('sha256').update(credentialsText, 'utf-8').digest('hex');
    this.pending = credentialsText === undefined;

    // --- render ---
    source._linkerd!._addOutgoingLink(where, this.linkName, target);
    const holder = new Construct(source, `ServiceMirrorLink.${where.replace(/\//g, '.')}`);
    this.renderLink(holder, mesh, spec);
    if (credential !== undefined && endpoint !== undefined) {
      this.renderCredentials(holder, mesh, endpoint, credential);
    } else {
      this.addPendingWarning(source, target);
    }
    this.renderController(holder, mesh, controller);
    if (this.egress) {
      this.emitEgressPolicy(holder, this.egress);
    }
    if (this.useGateway) {
      target._linkerd!._addGatewayLink(where);
    }
    target._linkerd!._addRemoteAccount(where, this.serviceAccountName);
    this.node.addValidation({ validate: () => this.validateLink() });
  }

  private hashAnnotation(): { [key: string]: string } {
    return this.credentialsHash === undefined ? {} : { [CREDENTIALS_HASH_ANNOTATION]: this.credentialsHash };
  }

  private addRemoteAccess(where: string, mesh: Mesh, source: MeshCluster, target: MeshCluster, tokenSecret: boolean): RemoteAccess {
    return _withoutPendingWarnings(target, () => new RemoteAccess(target, `ServiceMirrorLink.${where.replace(/\//g, '.')}`, {
      consumer: AccessConsumer.linkerdServiceMirror({
        serviceAccountName: this.serviceAccountName,
        linkerdNamespace: LINKERD_NAMESPACE,
        trustDomain: mesh.linkerdTrustDomain,
        clusterDomain: mesh.linkerdClusterDomain,
      }),
      consumerCluster: source,
      tokenSecret,
    }));
  }

  /** The Link, as `linkerd mc link-gen --cluster-name <link>` prints it; gateway fields are read at synth. */
  private renderLink(holder: Construct, mesh: Mesh, s: CheckedLinkSpec): void {
    const base: LinkSpec = {
      targetClusterName: this.linkName,
      targetClusterDomain: mesh.linkerdClusterDomain,
      targetClusterLinkerdNamespace: LINKERD_NAMESPACE,
      clusterCredentialsSecret: linkerdCredentialsSecretName(this.linkName),
    };
    const produce = (): LinkSpec => {
      const gateway: Partial<LinkSpec> = !this.useGateway ? {} : {
        gatewayAddress: this.gatewayAddresses().join(','),
        gatewayPort: String(this.gatewayPort()),
        gatewayIdentity: s.gatewayIdentity,
        probeSpec: {
          path: s.probePath,
          port: String(this.probePort()),
          period: this.probePeriod(),
          ...(s.probeTimeout !== undefined ? { timeout: s.probeTimeout } : {}),
          ...(s.failureThreshold !== undefined ? { failureThreshold: String(s.failureThreshold) } : {}),
        },
        selector: s.selector,
      };
      return {
        ...base,
        ...gateway,
        remoteDiscoverySelector: s.remoteDiscoverySelector,
        federatedServiceSelector: s.federatedServiceSelector,
        ...(s.excludedAnnotations.length > 0 ? { excludedAnnotations: s.excludedAnnotations } : {}),
        ...(s.excludedLabels.length > 0 ? { excludedLabels: s.excludedLabels } : {}),
      };
    };
    new ApiObject(holder, 'Link', {
      apiVersion: 'multicluster.linkerd.io/v1alpha3',
      kind: 'Link',
      metadata: {
        name: this.linkName,
        namespace: MULTICLUSTER_NAMESPACE,
        annotations: { [CREATED_BY_ANNOTATION]: `linkerd/cli ${mesh._linkerdVersion.version}`, ...this.hashAnnotation() },
      },
      spec: Lazy.any({ produce }),
    });
  }

  private renderCredentials(holder: Construct, mesh: Mesh, endpoint: ApiServerEndpoint, credential: ResolvedCredential): void {
    linkerdCredentialSecrets(holder, '', {
      clusterName: this.linkName,
      endpoint,
      credential,
      namespace: MULTICLUSTER_NAMESPACE,
      serviceAccountName: this.serviceAccountName,
      linkerdNamespace: LINKERD_NAMESPACE,
      trustDomain: mesh.linkerdTrustDomain,
      clusterDomain: mesh.linkerdClusterDomain,
    });
  }

  private renderController(holder: Construct, mesh: Mesh, c: CheckedController): void {
    const source = this.source as MeshCluster;
    const controlPlane = source._linkerd!;
    if (c.mode === ControllerMode.CHART) {
      controlPlane._addChartController({
        linkName: this.linkName, options: c.options, gatewayEnabled: this.useGateway, credentialsHash: this.credentialsHash,
      });
    } else if (c.mode === ControllerMode.MANIFESTS) {
      controlPlane._addManifestsController(this.node.path);
      renderControllerManifests(holder, {
        linkName: this.linkName,
        options: { ...controlPlane._controllerDefaults(), ...c.options },
        gatewayEnabled: this.useGateway,
        version: mesh._linkerdVersion.version,
        adminPortName: mesh._linkerdVersion.controllerAdminPortName,
        enableNamespaceCreation: () => controlPlane.enableNamespaceCreation(),
        podAnnotations: () => this.hashAnnotation(),
        probeServiceCreatedBy: mesh._linkerdVersion.probeServiceCreatedBy,
        podDisruptionBudget: c.options.enablePodAntiAffinity ?? false,
      });
    } else {
      addWarning(this, `Link "${this.linkName}" in cluster "${source.clusterName}" keeps its legacy controller ${c.legacyName} from linkerd mc link `
        + '(deprecated since Linkerd 2.18; linkerd mc check warns "using legacy service mirror controller"). To move it to the chart: '
        + `run, against cluster "${source.clusterName}": ${c.migration} ; then remove legacyController and synthesize again `
        + `(the chart's controller-${this.linkName} takes over the Lease service-mirror-write-${this.linkName})`);
    }
  }

  /** The gateway addresses the Link dials (empty when unknown). */
  public gatewayAddresses(): string[] {
    return [...(this.gatewayAddressesProp ?? this.targetCluster._linkerd!._settings?.gatewayAddresses ?? [])];
  }

  private gatewayPort(): number {
    return this.gatewayPortProp ?? this.targetCluster._linkerd!._settings?.linkGatewayPort ?? 4143;
  }

  private probePort(): number {
    return this.probePortProp ?? this.targetCluster._linkerd!._settings?.linkProbePort ?? 4191;
  }

  private probePeriod(): string {
    return `${this.probePeriodProp ?? this.targetCluster._linkerd!._settings?.gatewayProbeSeconds ?? 3}s`;
  }

  private checkEgress(where: string, e: ControllerEgressPolicy, target: MeshCluster): { local: string[]; targetApi: string[]; gateway?: string[] } {
    if (!e || typeof e !== 'object') {
      fail(where, 'controllerEgressPolicy', e, 'must be { localApiServerCidrs, targetApiServerCidrs, gatewayCidrs }');
    }
    const local = requireCidrs(where, 'controllerEgressPolicy.localApiServerCidrs', e.localApiServerCidrs);
    let targetApi: string[];
    if (e.targetApiServerCidrs !== undefined) {
      targetApi = requireCidrs(where, 'controllerEgressPolicy.targetApiServerCidrs', e.targetApiServerCidrs);
    } else {
      const server = target.apiServerEndpoint?.server;
      const cidr = server === undefined ? undefined : cidrOf(hostOf(server));
      if (cidr === undefined) {
        fail(where, 'controllerEgressPolicy.targetApiServerCidrs', undefined,
          `must be given: the API server of cluster "${target.clusterName}" is ${server === undefined ? 'unknown (no apiServer)' : `${server}, not an IP address`}, `
          + 'and a NetworkPolicy allows IP blocks only');
      }
      targetApi = [cidr];
    }
    const gateway = e.gatewayCidrs === undefined ? undefined : requireCidrs(where, 'controllerEgressPolicy.gatewayCidrs', e.gatewayCidrs);
    if (gateway !== undefined && !this.useGateway) {
      fail(where, 'controllerEgressPolicy.gatewayCidrs', gateway, 'is only used by a link through the gateway (useGateway is false)');
    }
    return { local, targetApi, gateway };
  }

  private emitEgressPolicy(holder: Construct, e: { local: string[]; targetApi: string[]; gateway?: string[] }): void {
    const tcp = (port: number) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' });
    const blocks = (cidrs: string[]) => cidrs.map(cidr => ({ ipBlock: { cidr } }));
    const server = this.targetCluster.apiServerEndpoint?.server;
    const rules: k8s.NetworkPolicyEgressRule[] = [
      // DNS: the gateway addresses and the API server names are resolved.
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' }, tcp(53)],
      },
      // The controller is meshed: its proxy talks to identity (8080), destination (8086) and policy (8090).
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': LINKERD_NAMESPACE } } }], ports: [tcp(8080), tcp(8086), tcp(8090)] },
      // The local API server: mirror Services, Endpoints, the Link, the Lease.
      { to: blocks(e.local) },
      // The target's API server: the exported Services.
      { to: blocks(e.targetApi), ports: [tcp(server === undefined ? 443 : portOf(server))] },
    ];
    new k8s.KubeNetworkPolicy(holder, 'ControllerEgressPolicy', {
      metadata: {
        name: `controller-${this.linkName}-egress`,
        namespace: MULTICLUSTER_NAMESPACE,
        labels: { 'linkerd.io/extension': 'multicluster', 'component': 'controller', [CLUSTER_NAME_LABEL]: this.linkName },
      },
      spec: {
        podSelector: { matchLabels: { component: 'controller', [CLUSTER_NAME_LABEL]: this.linkName } },
        policyTypes: ['Egress'],
        egress: Lazy.any({
          produce: () => {
            if (!this.useGateway) { return rules; }
            // The target's gateway: probes (and the gateway port).
            const cidrs = e.gateway ?? this.gatewayAddresses().map(cidrOf).filter((c): c is string => c !== undefined);
            return [...rules, { to: blocks(cidrs), ports: [tcp(this.gatewayPort()), tcp(this.probePort())] }];
          },
        }),
      },
    });
  }

  private addPendingWarning(source: MeshCluster, target: MeshCluster): void {
    const p = this.remoteAccess._pending!;
    const keyStore = keyStoreOf(this).replace(/\/+$/, '');
    const name = linkerdCredentialsSecretName(this.linkName);
    const secrets = [`${MULTICLUSTER_NAMESPACE}/${name}`, `${LINKERD_NAMESPACE}/${name}`];
    const files = secrets.map(s => `${keyStore}/${source.clusterName}/secret.${s.replace('/', '.')}.yaml`);
    this.recordPending(source, target, secrets);
    addWarning(this, `Secret ${secrets.join(' and Secret ')} in cluster "${source.clusterName}" (the credentials of Link "${this.linkName}", `
      + `for cluster "${target.clusterName}") are pending: no credential was given. Complete them: `
      + `${p.needsApiServer ? `set apiServer on cluster "${target.clusterName}"; ` : ''}run ${p.tokenCommand} ; `
      + `pass credential: Credential.fromTokenFile('${p.tokenFile}') to this ServiceMirrorLink ; synthesize again, `
      + `and apply ${files.join(' and ')} to cluster "${source.clusterName}"`);
  }

  /**
   * Records the pending credentials in the key store (`<source>/secret.linkerd-multicluster.cluster-credentials-<link>.yaml.pending`),
   * as `RemoteAccess` does for Istio, so that `cdk8s-mesh check` lists them with the command that completes them.
   * The record holds no credential; its paths are relative to the key store.
   */
  private recordPending(source: MeshCluster, target: MeshCluster, secrets: string[]): void {
    const p = this.remoteAccess._pending!;
    const files = secrets.map(s => `${source.clusterName}/secret.${s.replace('/', '.')}.yaml`);
    new KeyStoreFile(this, 'PendingRecord', {
      path: `${files[0]}.pending`,
      mode: 0o644,
      content: [
        '# cdk8s-multicluster-mesh: these Linkerd link credentials are pending (no credential was given); cdk8s-mesh check lists them.',
        '# It holds no credential. Paths are relative to the key store; written by every synth that still needs it.',
      ].join('\n') + '\n' + stringifyYaml({
        kind: 'linkerd-link-credentials',
        link: this.linkName,
        secret: secrets[0],
        secrets,
        cluster: target.clusterName,
        consumerCluster: source.clusterName,
        needsApiServer: p.needsApiServer,
        tokenCommand: p.printTokenCommand,
        tokenFile: `${target.clusterName}/${this.serviceAccountName}.token`,
        file: files[0],
        files,
      }),
    });
  }

  private validateLink(): string[] {
    if (!this.useGateway) { return []; }
    const errors: string[] = [];
    const target = this.targetCluster;
    const settings = target._linkerd!._settings;
    if (settings?.gatewayEnabled === false) {
      errors.push(`link "${this.linkName}" uses the gateway of cluster "${target.clusterName}", but ${settings.node.path} sets gatewayEnabled: false: `
        + 'enable the gateway there, or set useGateway: false on the link (pod-to-pod)');
    }
    if (this.gatewayAddresses().length === 0) {
      errors.push(`link "${this.linkName}" uses the gateway of cluster "${target.clusterName}", but its address is unknown: `
        + `give gatewayAddresses on the link, or gatewayAddresses in new LinkerdMulticluster(<${target.clusterName} cluster>, 'Multicluster', { ... }); `
        + 'or set useGateway: false for a pod-to-pod link');
    }
    const hostnames = this.gatewayAddresses().filter(a => !isIpAddress(a));
    if (this.egress !== undefined && this.egress.gateway === undefined && hostnames.length > 0) {
      errors.push(`the controllerEgressPolicy of link "${this.linkName}" needs gatewayCidrs: the gateway addresses ${hostnames.join(', ')} are DNS names, `
        + 'and a NetworkPolicy allows IP blocks only');
    }
    return errors;
  }
}
