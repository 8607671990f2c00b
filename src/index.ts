// The public surface, by name: exactly the jsii types of API.md. Internal helpers stay in their modules.
export { AccessConsumerKind, KialiResourceNaming } from './access/consumer-kinds';
export { AccessConsumer, type CustomConsumerOptions, type KialiConsumerOptions, type LinkerdServiceMirrorOptions, type PolicyRule } from './access/access-consumer';
export { AccessScope, AccessScopeKind } from './access/access-scope';
export { ApiServer, type ApiServerEndpoint, type ApiServerOptions, type KubeconfigOptions } from './access/api-server';
export { Credential, type ClientCertificateOptions } from './access/credential';
export { EndpointDiscovery, type EndpointDiscoveryOptions, type EndpointDiscoveryProps } from './access/endpoint-discovery';
export { RemoteAccess, type RemoteAccessProps } from './access/remote-access';
export { SelectorOperator, type LabelSelectorConfig, type LabelSelectorRequirement } from './core/label-selector';
export { GitOpsDelivery, GitOpsEngine, type ArgoCdDeliveryOptions, type FluxDeliveryOptions } from './delivery/gitops-delivery';
export { Mesh, type IMesh, type MeshProps } from './core/mesh';
export { MeshApp, type MeshAppProps, type SynthesizedFile } from './core/mesh-app';
export { MeshCluster, type IMeshCluster, type MeshClusterProps } from './core/mesh-cluster';
export { ControlPlaneRole, DataPlaneMode, MeshProvider } from './core/mesh-kinds';
export {
  ExternalTrafficPolicy, GatewayServiceType, TolerationEffect, TolerationOperator, type ComputeResources, type Toleration,
} from './core/workload';
export {
  EastWestGateway, EastWestGatewayLayout,
  type EastWestGatewayDisruptionBudget, type EastWestGatewayNodePorts, type EastWestGatewayPort, type EastWestGatewayProps,
} from './istio/east-west-gateway';
export { IstioInstall, IstioInstallMethod, SailUpdateStrategy, type SailInstallOptions } from './istio/install';
export { SampleApps, type SampleAppsProps } from './istio/sample-apps';
export { Waypoint, type WaypointProps } from './istio/waypoint';
export { IstioVersion } from './istio/version';
export { ControllerMode, LinkerdLogFormat, LinkerdLogLevel, type ServiceMirrorControllerOptions } from './linkerd/controller-options';
export { LinkerdMulticluster, type LinkerdMulticlusterProps } from './linkerd/multicluster';
export { ServiceMirrorLink, type ControllerEgressPolicy, type ServiceMirrorLinkProps } from './linkerd/service-mirror-link';
export { LinkerdVersion } from './linkerd/version';
export { KeyAlgorithm } from './pki/key-algorithm';
export { CaCertificate, IstioCaSecretLayout } from './pki/ca-certificate';
export { TrustRoot, type ITrustRoot, type TrustRootProps } from './pki/trust-root';
export { CertificateState, CredentialState } from './graph/graph-kinds';
export {
  MeshGraph,
  type GraphCertificate, type GraphCluster, type GraphEndpointDiscovery, type GraphMesh, type GraphNetwork, type GraphRemoteAccess,
  type GraphServiceMirrorLink, type GraphTrustRoot, type MeshGraphOptions,
} from './graph/mesh-graph';
export { CertificateAction, FileChange, type MeshPlan, type PlannedCertificate, type PlannedKeyStoreFile, type PlannedOutputFile } from './output/mesh-plan';
export {
  SecretDelivery, SealedSecretScope, ExternalSecretStoreKind,
  type SopsDeliveryOptions, type SealedSecretsDeliveryOptions, type ExternalSecretsDeliveryOptions,
} from './secrets/secret-delivery';
