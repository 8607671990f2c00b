/**
 * Internal: schemas for the Helm values of Linkerd's charts (used by `cdk8s-mesh
 * check` and the tests), written from their
 * values.yaml files (linkerd/linkerd2 `charts/linkerd-crds/values.yaml`,
 * `charts/linkerd-control-plane/values.yaml`,
 * `multicluster/charts/linkerd-multicluster/values.yaml`; the `controllers[]`
 * keys from reference/linkerd.md §3b and `templates/controller/deployment.yaml`).
 * The charts ship no values schema; these list the keys (so a typo fails) and
 * type the ones this library writes. Not every key of the charts is typed: a
 * key listed as `{}` accepts any value.
 */

const ANY = {};
const STR = { type: 'string' };
const BOOL = { type: 'boolean' };
const PORT = { type: 'integer', minimum: 1, maximum: 65535 };
const MAP = { type: 'object', additionalProperties: { type: 'string' } };

const RESOURCES = {
  type: 'object',
  properties: {
    limits: { type: 'object', properties: { 'cpu': STR, 'memory': STR, 'ephemeral-storage': STR } },
    requests: { type: 'object', properties: { 'cpu': STR, 'memory': STR, 'ephemeral-storage': STR } },
  },
};

const TOLERATIONS = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      key: STR,
      operator: { enum: ['Equal', 'Exists'] },
      value: STR,
      effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
      tolerationSeconds: { type: 'integer' },
    },
  },
};

/** Keys of a `controllers[]` entry (without `link`) and of `controllerDefaults`. */
const CONTROLLER_PROPERTIES = {
  replicas: { type: 'integer', minimum: 1 },
  image: { type: 'object', properties: { name: STR, version: STR, pullPolicy: STR } },
  gateway: { type: 'object', properties: { enabled: BOOL, probe: { type: 'object', properties: { port: PORT } } } },
  logLevel: { enum: ['error', 'warn', 'info', 'debug', 'trace'] },
  logFormat: { enum: ['plain', 'json'] },
  enableHeadlessServices: BOOL,
  enablePprof: BOOL,
  UID: { type: 'integer' },
  GID: { type: 'integer' },
  retryLimit: { type: 'integer', minimum: 0 },
  resources: RESOURCES,
  nodeSelector: MAP,
  tolerations: TOLERATIONS,
  enablePodAntiAffinity: BOOL,
  nodeAffinity: ANY,
};

const CRDS = {
  type: 'object',
  properties: { installGatewayAPI: BOOL, enableHttpRoutes: BOOL, enableTlsRoutes: BOOL, enableTcpRoutes: BOOL },
};

const CONTROL_PLANE = {
  type: 'object',
  properties: {
    clusterDomain: STR,
    clusterNetworks: STR,
    imagePullPolicy: STR,
    controllerLogLevel: STR,
    controllerLogFormat: STR,
    controlPlaneTracing: BOOL,
    controlPlaneTracingNamespace: STR,
    linkerdVersion: STR,
    deploymentStrategy: ANY,
    enableEndpointSlices: BOOL,
    enablePodAntiAffinity: BOOL,
    enablePprof: BOOL,
    enablePodDisruptionBudget: BOOL,
    cniEnabled: BOOL,
    identityTrustAnchorsPEM: { type: 'string', pattern: '^-----BEGIN CERTIFICATE-----\\n' },
    identityTrustDomain: STR,
    podAnnotations: MAP,
    podLabels: MAP,
    priorityClassName: STR,
    runtimeClassName: STR,
    policyController: ANY,
    proxy: ANY,
    proxyInit: ANY,
    imagePullSecrets: ANY,
    enableH2Upgrade: BOOL,
    enablePSP: BOOL,
    webhookFailurePolicy: STR,
    controllerImage: STR,
    controllerReplicas: { type: 'integer' },
    controllerUID: { type: 'integer' },
    debugContainer: ANY,
    identity: {
      type: 'object',
      properties: {
        externalCA: BOOL,
        serviceAccountTokenProjection: BOOL,
        issuer: {
          type: 'object',
          properties: {
            scheme: { enum: ['linkerd.io/tls', 'kubernetes.io/tls'] },
            clockSkewAllowance: STR,
            issuanceLifetime: STR,
            tls: { type: 'object', properties: { crtPEM: STR, keyPEM: STR } },
          },
        },
      },
    },
    disableHeartBeat: BOOL,
    proxyInjector: ANY,
    profileValidator: ANY,
  },
};

const MULTICLUSTER = {
  type: 'object',
  properties: {
    gateway: {
      type: 'object',
      properties: {
        enabled: BOOL,
        replicas: { type: 'integer' },
        name: STR,
        port: PORT,
        serviceType: { enum: ['LoadBalancer', 'NodePort'] },
        nodePort: PORT,
        probe: { type: 'object', properties: { path: STR, port: PORT, nodePort: PORT, seconds: { type: 'integer', minimum: 1 } } },
        serviceAnnotations: MAP,
        serviceExternalTrafficPolicy: STR,
        deploymentAnnotations: MAP,
        loadBalancerClass: STR,
        loadBalancerIP: STR,
        loadBalancerSourceRanges: { type: 'array', items: STR },
        terminationGracePeriodSeconds: ANY,
        nodeSelector: MAP,
        tolerations: ANY,
        affinity: ANY,
        resources: ANY,
        pauseImage: STR,
        UID: { type: 'integer' },
        GID: { type: 'integer' },
      },
    },
    linkerdVersion: STR,
    podAnnotations: MAP,
    podLabels: MAP,
    commonLabels: MAP,
    imagePullPolicy: STR,
    imagePullSecrets: ANY,
    proxyOutboundPort: PORT,
    remoteMirrorServiceAccount: BOOL,
    remoteMirrorServiceAccountName: ANY,
    linkerdNamespace: STR,
    identityTrustDomain: STR,
    namespaceMetadata: ANY,
    enablePSP: BOOL,
    enablePodAntiAffinity: BOOL,
    nodeAffinity: ANY,
    createNamespaceMetadataJob: BOOL,
    revisionHistoryLimit: { type: 'integer' },
    localServiceMirror: ANY,
    enableNamespaceCreation: BOOL,
    serviceMirrorAdditionalEnv: ANY,
    serviceMirrorExperimentalEnv: ANY,
    controllerDefaults: { type: 'object', properties: CONTROLLER_PROPERTIES },
    controllers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['link'],
        properties: {
          link: {
            type: 'object',
            required: ['ref'],
            properties: { ref: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } },
          },
          ...CONTROLLER_PROPERTIES,
        },
      },
    },
  },
};

/** The values schema of a Linkerd chart by its values file name, or undefined for other files. */
export function linkerdValuesSchema(file: string): { key: string; schema: object } | undefined {
  switch (file) {
    case 'linkerd-crds-values.yaml': return { key: 'linkerd-crds-values', schema: CRDS };
    case 'linkerd-control-plane-values.yaml': return { key: 'linkerd-control-plane-values', schema: CONTROL_PLANE };
    case 'linkerd-multicluster-values.yaml': return { key: 'linkerd-multicluster-values', schema: MULTICLUSTER };
    default: return undefined;
  }
}
