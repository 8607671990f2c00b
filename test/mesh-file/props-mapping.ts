/**
 * Where each prop of the public props structs the mesh file builds
 * (src/mesh-file/builder.ts) is set in a mesh file, or why it is not.
 * props-mapping.test.ts checks that every prop of the jsii assembly is in
 * exactly one of the two lists and that every schema path exists;
 * defaults.test.ts checks that the documented defaults of each mapped pair
 * agree.
 *
 * A new prop: add it to MAPPED (`'<Struct>.<prop>': '<Definition> <field path>'`,
 * the field of src/mesh-file/schema.ts, `[]` for a list item) when the mesh file
 * sets it, else to API_ONLY with the one-line reason a mesh-file user would need.
 * A prop whose type is a struct is followed into that struct's props when it is
 * mapped (`MeshClusterProps.discoverySelectors.matchLabels`).
 */

import { MESH_FILE_SCHEMA } from '../../src/mesh-file/schema';

export type SchemaNode = {
  'properties'?: Record<string, SchemaNode>;
  'items'?: SchemaNode;
  '$ref'?: string;
  'oneOf'?: SchemaNode[];
  'anyOf'?: SchemaNode[];
  'allOf'?: SchemaNode[];
  'default'?: unknown;
  'x-default'?: string;
};

const DEFINITIONS = MESH_FILE_SCHEMA.definitions as Record<string, SchemaNode>;

/** A node with its $ref resolved; the referencing node's own keywords (description, default) win. */
function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const { $ref, ...own } = node;
  return { ...deref(DEFINITIONS[$ref.replace('#/definitions/', '')]), ...own };
}

/** The node of `Definition a.b[].c`, following $ref, items (`[]`) and oneOf/anyOf/allOf branches. */
export function schemaNode(schemaPath: string): SchemaNode | undefined {
  const [definition, field] = schemaPath.split(' ');
  let nodes: SchemaNode[] = [DEFINITIONS[definition]].filter(n => n !== undefined);
  for (const part of (field ?? '').split('.').filter(p => p !== '')) {
    const name = part.replace(/\[\]$/, '');
    const next: SchemaNode[] = [];
    for (const n of nodes) {
      const branches = [n, ...(n.oneOf ?? []), ...(n.anyOf ?? []), ...(n.allOf ?? [])].map(deref);
      for (const b of branches) {
        const child = deref(b?.properties?.[name]);
        if (child) next.push(part.endsWith('[]') ? deref(child.items)! : child);
      }
    }
    nodes = next.filter(n => n !== undefined);
  }
  return nodes[0];
}

/** The props structs (and factory options) that the mesh-file builder passes to the API. */
export const ROOTS: readonly string[] = [
  'MeshProps', 'MeshClusterProps', 'TrustRootProps', 'EastWestGatewayProps', 'SampleAppsProps', 'WaypointProps',
  'ApiServerOptions', 'KubeconfigOptions', 'RemoteAccessProps', 'KialiConsumerOptions',
  'ServiceMirrorLinkProps', 'LinkerdMulticlusterProps', 'MeshAppProps',
  'ArgoCdDeliveryOptions', 'FluxDeliveryOptions',
  'SopsDeliveryOptions', 'SealedSecretsDeliveryOptions', 'ExternalSecretsDeliveryOptions',
];

/** A prop the mesh file sets. */
export interface MappedProp {
  /** `<Definition> <field path>` in the mesh-file schema. */
  readonly schema: string;
  /** How a literal mesh-file default (`primary`) is spelled as the prop's (`PRIMARY`). */
  readonly literal?: (v: string) => string;
  /** Why the mesh file's default differs from the prop's on purpose (then the texts are not compared). */
  readonly defaultDiffers?: string;
}

const UPPER = (v: string): string => v.toUpperCase();

/** Props the mesh file sets: prop path → schema path. */
export const MAPPED: Record<string, string | MappedProp> = {
  // Mesh
  'MeshProps.meshId': 'Mesh metadata.name',
  'MeshProps.provider': { schema: 'Mesh spec.provider', literal: UPPER },
  'MeshProps.istioVersion': 'Mesh spec.istio.version',
  'MeshProps.install': 'Mesh spec.istio.install',
  'MeshProps.revision': 'Mesh spec.istio.revision',
  'MeshProps.dataPlaneMode': { schema: 'Mesh spec.istio.dataPlaneMode', literal: UPPER },
  'MeshProps.globalNamespaces': 'Mesh spec.istio.globalNamespaces',
  'MeshProps.linkerdVersion': 'Mesh spec.linkerd.version',
  // TrustRoot (Mesh spec.trustRoot)
  'TrustRootProps.mesh': 'Mesh spec.trustRoot',
  'TrustRootProps.algorithm': 'Mesh spec.trustRoot.algorithm',
  'TrustRootProps.rootValidityDays': 'Mesh spec.trustRoot.rootValidityDays',
  'TrustRootProps.intermediateValidityDays': 'Mesh spec.trustRoot.intermediateValidityDays',
  'TrustRootProps.organization': 'Mesh spec.trustRoot.organization',
  // MeshCluster
  'MeshClusterProps.clusterName': 'Cluster metadata.name',
  'MeshClusterProps.mesh': 'Cluster spec.mesh',
  'MeshClusterProps.network': 'Cluster spec.network',
  'MeshClusterProps.role': { schema: 'Cluster spec.role', literal: UPPER },
  'MeshClusterProps.primary': 'Cluster spec.primary',
  'MeshClusterProps.apiServer': 'Cluster spec.apiServer',
  'MeshClusterProps.discoverySelectors': 'Cluster spec.discoverySelectors',
  'MeshClusterProps.discoverySelectors.matchLabels': 'Cluster spec.discoverySelectors[].matchLabels',
  'MeshClusterProps.discoverySelectors.matchExpressions': 'Cluster spec.discoverySelectors[].matchExpressions',
  'MeshClusterProps.discoverySelectors.matchExpressions.key': 'Cluster spec.discoverySelectors[].matchExpressions[].key',
  'MeshClusterProps.discoverySelectors.matchExpressions.operator': 'Cluster spec.discoverySelectors[].matchExpressions[].operator',
  'MeshClusterProps.discoverySelectors.matchExpressions.values': 'Cluster spec.discoverySelectors[].matchExpressions[].values',
  'ApiServerOptions.caFile': 'Cluster spec.apiServer.caFile',
  'ApiServerOptions.caData': 'Cluster spec.apiServer.caData',
  'KubeconfigOptions.context': 'Cluster spec.kubeconfig.context',
  // EastWestGateway (Cluster spec.eastWestGateway)
  'EastWestGatewayProps.serviceType': 'Cluster spec.eastWestGateway.serviceType',
  'EastWestGatewayProps.address': 'Cluster spec.eastWestGateway.address',
  'EastWestGatewayProps.replicas': 'Cluster spec.eastWestGateway.replicas',
  'EastWestGatewayProps.layout': 'Cluster spec.eastWestGateway.layout',
  'EastWestGatewayProps.podDisruptionBudget': 'Cluster spec.eastWestGateway.podDisruptionBudget',
  'EastWestGatewayProps.podDisruptionBudget.minAvailable': 'Cluster spec.eastWestGateway.podDisruptionBudget.minAvailable',
  'EastWestGatewayProps.podDisruptionBudget.maxUnavailable': 'Cluster spec.eastWestGateway.podDisruptionBudget.maxUnavailable',
  // Waypoint (Cluster spec.waypoints[])
  'WaypointProps.namespace': 'Cluster spec.waypoints[].namespace',
  'WaypointProps.name': 'Cluster spec.waypoints[].name',
  'WaypointProps.global': 'Cluster spec.waypoints[].global',
  // RemoteAccess
  'RemoteAccessProps.consumer': 'RemoteAccess spec.consumer',
  'RemoteAccessProps.consumerCluster': 'RemoteAccess spec.consumerCluster',
  'RemoteAccessProps.consumerNamespace': {
    schema: 'RemoteAccess spec.consumerNamespace',
    defaultDiffers: 'the same namespaces in prose: a mesh file has no custom consumer (kube-system) and its Istio namespace is istio-system',
  },
  'RemoteAccessProps.scope': 'RemoteAccess spec.scope',
  'RemoteAccessProps.tokenSecret': 'RemoteAccess spec.tokenSecret',
  'RemoteAccessProps.credential': 'RemoteAccess spec.credentials.tokenFile',
  'KialiConsumerOptions.viewOnly': 'RemoteAccess spec.viewOnly',
  // ServiceMirrorLink
  'ServiceMirrorLinkProps.source': 'ServiceMirrorLink spec.source',
  'ServiceMirrorLinkProps.target': 'ServiceMirrorLink spec.target',
  'ServiceMirrorLinkProps.useGateway': {
    schema: 'ServiceMirrorLink spec.gateway',
    defaultDiffers: 'a link uses the gateway when the document has spec.gateway (the prop defaults to true; the field has no default)',
  },
  'ServiceMirrorLinkProps.gatewayAddresses': 'ServiceMirrorLink spec.gateway.address',
  'ServiceMirrorLinkProps.gatewayPort': 'ServiceMirrorLink spec.gateway.port',
  'ServiceMirrorLinkProps.gatewayIdentity': 'ServiceMirrorLink spec.gateway.identity',
  'ServiceMirrorLinkProps.selector': 'ServiceMirrorLink spec.selector',
  'ServiceMirrorLinkProps.remoteDiscoverySelector': 'ServiceMirrorLink spec.remoteDiscoverySelector',
  'ServiceMirrorLinkProps.federatedServiceSelector': 'ServiceMirrorLink spec.federatedServiceSelector',
  'ServiceMirrorLinkProps.selector.matchLabels': 'ServiceMirrorLink spec.selector.matchLabels',
  'ServiceMirrorLinkProps.selector.matchExpressions': 'ServiceMirrorLink spec.selector.matchExpressions',
  'ServiceMirrorLinkProps.selector.matchExpressions.key': 'ServiceMirrorLink spec.selector.matchExpressions[].key',
  'ServiceMirrorLinkProps.selector.matchExpressions.operator': 'ServiceMirrorLink spec.selector.matchExpressions[].operator',
  'ServiceMirrorLinkProps.selector.matchExpressions.values': 'ServiceMirrorLink spec.selector.matchExpressions[].values',
  'ServiceMirrorLinkProps.remoteDiscoverySelector.matchLabels': 'ServiceMirrorLink spec.remoteDiscoverySelector.matchLabels',
  'ServiceMirrorLinkProps.remoteDiscoverySelector.matchExpressions': 'ServiceMirrorLink spec.remoteDiscoverySelector.matchExpressions',
  'ServiceMirrorLinkProps.remoteDiscoverySelector.matchExpressions.key': 'ServiceMirrorLink spec.remoteDiscoverySelector.matchExpressions[].key',
  'ServiceMirrorLinkProps.remoteDiscoverySelector.matchExpressions.operator': 'ServiceMirrorLink spec.remoteDiscoverySelector.matchExpressions[].operator',
  'ServiceMirrorLinkProps.remoteDiscoverySelector.matchExpressions.values': 'ServiceMirrorLink spec.remoteDiscoverySelector.matchExpressions[].values',
  'ServiceMirrorLinkProps.federatedServiceSelector.matchLabels': 'ServiceMirrorLink spec.federatedServiceSelector.matchLabels',
  'ServiceMirrorLinkProps.federatedServiceSelector.matchExpressions': 'ServiceMirrorLink spec.federatedServiceSelector.matchExpressions',
  'ServiceMirrorLinkProps.federatedServiceSelector.matchExpressions.key': 'ServiceMirrorLink spec.federatedServiceSelector.matchExpressions[].key',
  'ServiceMirrorLinkProps.federatedServiceSelector.matchExpressions.operator': 'ServiceMirrorLink spec.federatedServiceSelector.matchExpressions[].operator',
  'ServiceMirrorLinkProps.federatedServiceSelector.matchExpressions.values': 'ServiceMirrorLink spec.federatedServiceSelector.matchExpressions[].values',
  'ServiceMirrorLinkProps.excludedLabels': 'ServiceMirrorLink spec.excludedLabels',
  'ServiceMirrorLinkProps.excludedAnnotations': 'ServiceMirrorLink spec.excludedAnnotations',
  'ServiceMirrorLinkProps.credential': 'ServiceMirrorLink spec.credentials.tokenFile',
  'ServiceMirrorLinkProps.controllerMode': { schema: 'ServiceMirrorLink spec.controller.mode', literal: UPPER },
  'ServiceMirrorLinkProps.controller': 'ServiceMirrorLink spec.controller',
  'ServiceMirrorLinkProps.controller.replicas': 'ServiceMirrorLink spec.controller.replicas',
  'ServiceMirrorLinkProps.controller.logLevel': 'ServiceMirrorLink spec.controller.logLevel',
  'ServiceMirrorLinkProps.controller.logFormat': 'ServiceMirrorLink spec.controller.logFormat',
  'ServiceMirrorLinkProps.controller.resources': 'ServiceMirrorLink spec.controller.resources',
  'ServiceMirrorLinkProps.controller.resources.cpuRequest': 'ServiceMirrorLink spec.controller.resources.requests.cpu',
  'ServiceMirrorLinkProps.controller.resources.memoryRequest': 'ServiceMirrorLink spec.controller.resources.requests.memory',
  'ServiceMirrorLinkProps.controller.resources.cpuLimit': 'ServiceMirrorLink spec.controller.resources.limits.cpu',
  'ServiceMirrorLinkProps.controller.resources.memoryLimit': 'ServiceMirrorLink spec.controller.resources.limits.memory',
  // MeshApp, delivery
  'MeshAppProps.delivery': 'Delivery spec',
  'MeshAppProps.secretDelivery': 'Mesh spec.secretDelivery',
  'ArgoCdDeliveryOptions.repoUrl': 'Delivery spec.argoCd.repoUrl',
  'ArgoCdDeliveryOptions.revision': 'Delivery spec.argoCd.revision',
  'ArgoCdDeliveryOptions.pathPrefix': 'Delivery spec.argoCd.pathPrefix',
  'ArgoCdDeliveryOptions.project': 'Delivery spec.argoCd.project',
  'ArgoCdDeliveryOptions.namespace': 'Delivery spec.argoCd.namespace',
  'FluxDeliveryOptions.repoUrl': 'Delivery spec.flux.repoUrl',
  'FluxDeliveryOptions.revision': 'Delivery spec.flux.revision',
  'FluxDeliveryOptions.pathPrefix': 'Delivery spec.flux.pathPrefix',
  'FluxDeliveryOptions.namespace': 'Delivery spec.flux.namespace',
  'FluxDeliveryOptions.sourceName': 'Delivery spec.flux.sourceName',
  'FluxDeliveryOptions.managementCluster': 'Delivery spec.flux.managementCluster',
  'FluxDeliveryOptions.kubeConfigSecrets': 'Delivery spec.flux.kubeConfigSecrets',
  'FluxDeliveryOptions.intervalSeconds': {
    schema: 'Delivery spec.flux.interval',
    defaultDiffers: 'the same default in the mesh file\'s unit: 600 seconds is its Go duration 10m (test/core/_duration.test.ts converts both ways)',
  },
  'SopsDeliveryOptions.ageRecipients': 'Mesh spec.secretDelivery.sops.ageRecipients',
  'SealedSecretsDeliveryOptions.certificateFile': 'Mesh spec.secretDelivery.sealedSecrets.certificateFile',
  'SealedSecretsDeliveryOptions.scope': 'Mesh spec.secretDelivery.sealedSecrets.scope',
  'ExternalSecretsDeliveryOptions.storeName': 'Mesh spec.secretDelivery.externalSecrets.storeName',
  'ExternalSecretsDeliveryOptions.storeKind': 'Mesh spec.secretDelivery.externalSecrets.storeKind',
  'ExternalSecretsDeliveryOptions.remoteKeyPrefix': 'Mesh spec.secretDelivery.externalSecrets.remoteKeyPrefix',
  'ExternalSecretsDeliveryOptions.refreshIntervalSeconds': {
    schema: 'Mesh spec.secretDelivery.externalSecrets.refreshInterval',
    defaultDiffers: 'the same default in the mesh file\'s unit: 3600 seconds is its Go duration 1h',
  },
  'ExternalSecretsDeliveryOptions.storeOutsideTree': {
    schema: 'Mesh spec.secretDelivery.externalSecrets.storeOutsideTree',
    defaultDiffers: 'a mesh file cannot declare a SecretStore, so the store is outside the tree unless told (the prop defaults to false)',
  },
};

const CLI = 'set by the cdk8s-mesh command line (synth options), not by the mesh file';
const LMC = 'the mesh file emits no LinkerdMulticluster: a Linkerd mesh file gets its defaults (TypeScript only)';

/** Props a mesh file cannot set: prop path → why. */
export const API_ONLY: Record<string, string> = {
  'MeshProps.istioNamespace': 'a mesh file always uses istio-system, the namespace of every upstream multicluster guide',
  'MeshProps.linkerdTrustDomain': 'a mesh file always uses cluster.local, Linkerd\'s default trust domain',
  'MeshProps.linkerdClusterDomain': 'a mesh file always uses cluster.local, Linkerd\'s default cluster domain',
  'TrustRootProps.commonName': 'a mesh file keeps the upstream subject (tools/certs for Istio, the Linkerd docs\' names)',
  'TrustRootProps.intermediateRenewBeforeDays': 'a mesh file keeps the default renewal window (a third of the validity)',
  'TrustRootProps.istioSecretLayout': 'a mesh file always writes the cacerts Secret, as upstream\'s plug-in CA guide',
  'TrustRootProps.now': 'a clock for tests and planning: synth uses the current time',
  'TrustRootProps.root': 'a mesh file cannot import a root: the root is generated into the key store',
  'TrustRootProps.rootDirectory': 'the builder sets it: root-<mesh name> (rootDirectoryOf), so roots never move between meshes',
  'EastWestGatewayProps.additionalPorts': 'a mesh file emits the four network-gateway ports only',
  'EastWestGatewayProps.externalTrafficPolicy': 'a mesh file keeps Kubernetes\' default',
  'EastWestGatewayProps.loadBalancerIp': 'a mesh file leaves the IP to the cloud provider (spec.eastWestGateway.address names it)',
  'EastWestGatewayProps.loadBalancerSourceRanges': 'a mesh file admits any source (TypeScript only)',
  'EastWestGatewayProps.maxReplicas': 'a mesh file sets a fixed replicas, or keeps the autoscaling defaults',
  'EastWestGatewayProps.minReplicas': 'a mesh file sets a fixed replicas, or keeps the autoscaling defaults',
  'EastWestGatewayProps.nodePorts': 'a mesh file has no NodePort gateway (serviceType NodePort is refused there)',
  'EastWestGatewayProps.nodeSelector': 'scheduling settings are TypeScript only',
  'EastWestGatewayProps.resources': 'scheduling settings are TypeScript only',
  'EastWestGatewayProps.serviceAnnotations': 'cloud load-balancer annotations are TypeScript only',
  'EastWestGatewayProps.tolerations': 'scheduling settings are TypeScript only',
  'SampleAppsProps.helloworldVersions': 'spec.sampleApps is a switch: the samples with their defaults',
  'SampleAppsProps.namespace': 'spec.sampleApps is a switch: the samples with their defaults',
  'ApiServerOptions.insecureSkipTlsVerify': 'a mesh file always verifies the API server (caFile or caData)',
  'ApiServerOptions.tlsServerName': 'a mesh file uses the URL\'s host',
  'RemoteAccessProps.createNamespaces': 'a mesh file relies on the consumer\'s install to create its namespaces',
  'RemoteAccessProps.createServiceAccount': 'a mesh file keeps the per-consumer default',
  'RemoteAccessProps.namespace': 'a mesh file uses the upstream tool\'s namespace',
  'KialiConsumerOptions.instanceName': 'a mesh file uses the Kiali operator\'s default instance',
  'KialiConsumerOptions.naming': 'a mesh file uses the Kiali operator\'s naming',
  'KialiConsumerOptions.version': 'a mesh file grants the rules of the newest Kiali release compared',
  'ServiceMirrorLinkProps.controller.enableHeadlessServices': 'controller tuning beyond replicas, logs and resources is TypeScript only',
  'ServiceMirrorLinkProps.controller.enablePodAntiAffinity': 'controller tuning beyond replicas, logs and resources is TypeScript only',
  'ServiceMirrorLinkProps.controller.enablePprof': 'controller tuning beyond replicas, logs and resources is TypeScript only',
  'ServiceMirrorLinkProps.controller.nodeSelector': 'controller tuning beyond replicas, logs and resources is TypeScript only',
  'ServiceMirrorLinkProps.controller.retryLimit': 'controller tuning beyond replicas, logs and resources is TypeScript only',
  'ServiceMirrorLinkProps.controller.tolerations': 'controller tuning beyond replicas, logs and resources is TypeScript only',
  'ServiceMirrorLinkProps.controllerEgressPolicy': 'a NetworkPolicy for the controller is TypeScript only',
  'ServiceMirrorLinkProps.legacyController': 'a mesh file emits chart or manifests controllers only (spec.controller.mode)',
  'ServiceMirrorLinkProps.linkName': 'a mesh file names the link after the target cluster (the default)',
  'ServiceMirrorLinkProps.probeFailureThreshold': 'a mesh file keeps the probe defaults of linkerd mc link-gen',
  'ServiceMirrorLinkProps.probePath': 'a mesh file keeps the probe defaults of linkerd mc link-gen',
  'ServiceMirrorLinkProps.probePeriodSeconds': 'a mesh file keeps the probe defaults of linkerd mc link-gen',
  'ServiceMirrorLinkProps.probePort': 'a mesh file keeps the probe defaults of linkerd mc link-gen',
  'ServiceMirrorLinkProps.probeTimeoutSeconds': 'a mesh file keeps the probe defaults of linkerd mc link-gen',
  'ServiceMirrorLinkProps.controller.resources.ephemeralStorageRequest': 'a mesh file\'s resource lists take cpu and memory; ephemeral storage is TypeScript only',
  'ServiceMirrorLinkProps.controller.resources.ephemeralStorageLimit': 'a mesh file\'s resource lists take cpu and memory; ephemeral storage is TypeScript only',
  'ServiceMirrorLinkProps.serviceAccountName': 'a mesh file uses the link-gen ServiceAccount name',
  'ServiceMirrorLinkProps.tokenSecret': 'a mesh file gives credentials as token files (spec.credentials.tokenFile)',
  'LinkerdMulticlusterProps.controllerDefaults': LMC,
  'LinkerdMulticlusterProps.enableNamespaceCreation': LMC,
  'LinkerdMulticlusterProps.gatewayAddresses': LMC,
  'LinkerdMulticlusterProps.gatewayEnabled': LMC,
  'LinkerdMulticlusterProps.gatewayExternalTrafficPolicy': LMC,
  'LinkerdMulticlusterProps.gatewayLoadBalancerClass': LMC,
  'LinkerdMulticlusterProps.gatewayLoadBalancerIp': LMC,
  'LinkerdMulticlusterProps.gatewayLoadBalancerSourceRanges': LMC,
  'LinkerdMulticlusterProps.gatewayNodePort': LMC,
  'LinkerdMulticlusterProps.gatewayPort': LMC,
  'LinkerdMulticlusterProps.gatewayProbeNodePort': LMC,
  'LinkerdMulticlusterProps.gatewayProbePort': LMC,
  'LinkerdMulticlusterProps.gatewayProbeSeconds': LMC,
  'LinkerdMulticlusterProps.gatewayServiceAnnotations': LMC,
  'LinkerdMulticlusterProps.gatewayServiceType': LMC,
  'LinkerdMulticlusterProps.installGatewayApi': LMC,
  'LinkerdMulticlusterProps.remoteMirrorServiceAccount': LMC,
  'MeshAppProps.outdir': `${CLI} (-o, --output)`,
  'MeshAppProps.keyStore': `${CLI} (--key-store)`,
  'MeshAppProps.credentialWarningDays': `${CLI} (--warn-days)`,
  'MeshAppProps.insecureWritePrivateMaterialToOutdir': 'a mesh file never writes private material into the output tree',
};

/** The schema path of a mapped prop. */
export function schemaPathOf(m: string | MappedProp): string {
  return typeof m === 'string' ? m : m.schema;
}
