/**
 * The JSON Schema of the mesh file (DESIGN.md §4): every kind and field of the
 * native format (`cdk8s-mesh.io/v1alpha1`) and of the ristioctl format
 * (`ristioctl.k8smgmt.io/v3`) that the CLI reads.
 *
 * It is both the validator (ajv, in `validate.ts`) and the documentation:
 * docs/mesh-file.md and schemas/mesh-file.schema.json are generated from it
 * (`scripts/mesh-file-docs.ts`), and a test fails when they drift.
 *
 * Besides standard JSON Schema, nodes carry a few annotations (ignored by the validator):
 * - `x-expected`: the "what is expected" part of the error message for a pattern,
 *   length or format failure;
 * - `x-default`: the default when it is a behaviour rather than a literal (`default`);
 * - `x-type`: how the docs name the type, when the schema alone says too little;
 * - `x-name`: what `metadata.name` means for a kind;
 * - `x-ristioctl`: for ristioctl fields, what the field becomes in the native model.
 */
import { DNS1123_LABEL_RULE } from '../core/_validation';

/** The native apiVersion. */
export const NATIVE_API_VERSION = 'cdk8s-mesh.io/v1alpha1';
/** The ristioctl apiVersion read for compatibility. */
export const RISTIOCTL_API_VERSION = 'ristioctl.k8smgmt.io/v3';
/** The `$id` of the schema. */
export const MESH_FILE_SCHEMA_ID = 'https://cdk8s-mesh.io/schemas/mesh-file.schema.json';

/** The kinds of each apiVersion, in documentation order, with their definition name in the schema. */
export const KINDS: Record<string, Record<string, string>> = {
  [NATIVE_API_VERSION]: {
    Mesh: 'Mesh',
    Cluster: 'Cluster',
    RemoteAccess: 'RemoteAccess',
    ServiceMirrorLink: 'ServiceMirrorLink',
    Delivery: 'Delivery',
  },
  [RISTIOCTL_API_VERSION]: {
    Certificate: 'RistioctlCertificate',
    Cluster: 'RistioctlCluster',
  },
};

/**
 * A node of the schema: JSON Schema keywords and the `x-` annotations above, as
 * the validator (ajv), the docs script and the tests read them.
 */
export interface SchemaNode {
  readonly [keyword: string]: unknown;
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
}

/** A definition (a kind's document or a shared type): always described. */
export interface SchemaDefinition extends SchemaNode {
  readonly description: string;
}

/** The whole schema: its definitions by name. */
export interface MeshFileSchema extends SchemaNode {
  readonly definitions: Record<string, SchemaDefinition>;
}

const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

function dnsLabel(description: string, extra: Record<string, unknown> = {}): SchemaNode {
  return {
    'type': 'string',
    'pattern': DNS_LABEL_PATTERN,
    'maxLength': 63,
    'x-expected': `must be ${DNS1123_LABEL_RULE}`,
    'x-type': 'DNS-1123 label',
    description,
    ...extra,
  };
}

function envelope(apiVersion: string, kind: string, name: SchemaNode, spec: SchemaNode,
  opts: { description: string; metadataExtra?: Record<string, SchemaNode> }): SchemaDefinition {
  return {
    type: 'object',
    description: opts.description,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { type: 'string', const: apiVersion, description: `\`${apiVersion}\`` },
      kind: { type: 'string', const: kind, description: `\`${kind}\`` },
      metadata: {
        type: 'object',
        description: 'The document\'s metadata.',
        required: ['name'],
        additionalProperties: false,
        properties: { name, ...(opts.metadataExtra ?? {}) },
      },
      spec,
    },
  };
}

const ISTIO_VERSION = {
  'type': 'string',
  'minLength': 1,
  'x-expected': 'must be a full Istio release version such as "1.30.3"',
  'x-type': 'Istio version',
};

const QUANTITY = {
  'type': 'string',
  'pattern': '^[0-9]+(\\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$',
  'x-expected': 'must be a Kubernetes quantity such as "100m" (CPU) or "128Mi" (memory)',
  'x-type': 'quantity',
};

/** `credentials.tokenFile` of RemoteAccess and ServiceMirrorLink. */
const TOKEN_FILE = {
  'type': 'string',
  'minLength': 1,
  'x-type': 'path',
  'description': 'A file holding the ServiceAccount token (the output of the `kubectl create token` command the pending warning prints), '
    + 'relative to the mesh file\'s directory; read at every synth.',
};

const RESOURCE_LIST = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cpu: { ...QUANTITY, 'description': 'CPU, such as `100m`.', 'x-default': '- none' },
    memory: { ...QUANTITY, 'description': 'Memory, such as `128Mi`.', 'x-default': '- none' },
  },
};

/** The mesh-file JSON Schema. */
export const MESH_FILE_SCHEMA: MeshFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: MESH_FILE_SCHEMA_ID,
  title: 'cdk8s-mesh mesh file',
  description: 'One document of a cdk8s-mesh mesh file (multi-document YAML). '
    + `Native documents use apiVersion ${NATIVE_API_VERSION}; ristioctl ${RISTIOCTL_API_VERSION} documents are read for compatibility.`,
  oneOf: Object.values(KINDS).flatMap(kinds => Object.values(kinds)).map(d => ({ $ref: `#/definitions/${d}` })),
  definitions: {
    LabelSelector: {
      'type': 'object',
      'description': 'A Kubernetes label selector: both parts must hold; an empty selector matches everything.',
      'x-type': 'label selector',
      'additionalProperties': false,
      'properties': {
        matchLabels: {
          'type': 'object',
          'description': 'Labels that must all be present with exactly these values.',
          'additionalProperties': { type: 'string' },
          'x-type': 'map of label keys to values',
          'x-default': '- none',
        },
        matchExpressions: {
          'type': 'array',
          'description': 'Set-based requirements, all of which must hold.',
          'x-type': 'list of requirements',
          'x-default': '- none',
          'items': {
            type: 'object',
            required: ['key', 'operator'],
            additionalProperties: false,
            properties: {
              key: { type: 'string', minLength: 1, description: 'The label key.' },
              operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'], description: 'How the label is matched.' },
              values: {
                'type': 'array',
                'items': { type: 'string' },
                'description': 'The values for `In` and `NotIn` (at least one); none for `Exists` and `DoesNotExist`.',
                'x-default': '- none',
              },
            },
          },
        },
      },
    },

    Mesh: envelope(NATIVE_API_VERSION, 'Mesh', dnsLabel('The mesh ID (`global.meshID`): identical in every cluster of the mesh, unique wherever meshes interact.'), {
      type: 'object',
      description: 'The mesh settings (`spec: {}` for every default).',
      additionalProperties: false,
      properties: {
        provider: {
          type: 'string',
          enum: ['istio', 'linkerd'],
          default: 'istio',
          description: 'The service mesh the clusters run.',
        },
        trustRoot: {
          'type': 'object',
          'description': 'The mesh\'s root CA and one intermediate CA (Istio `cacerts`) or identity issuer (Linkerd) per cluster (TrustRoot). '
            + 'Present (even empty, `trustRoot: {}`) means: generate them at the first synth and reuse them after. They are kept in the key store, '
            + 'never in the output tree: the root in `root-<mesh>/` (by mesh ID: adding or removing another mesh never moves it), each cluster\'s '
            + 'intermediate and its `cacerts` Secret in `<cluster>/`; apply the Secret before istiod starts.',
          'x-default': '- none: no CA is plugged in; each Istio control plane signs with its own self-signed root, so cross-cluster mTLS fails',
          'additionalProperties': false,
          'properties': {
            algorithm: {
              'type': 'string',
              'enum': ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384'],
              'description': 'The key algorithm of the root and the intermediates. Linkerd requires ECDSA_P256.',
              'x-default': '- RSA_4096 for Istio (as Istio\'s tools/certs), ECDSA_P256 for Linkerd',
            },
            rootValidityDays: {
              'type': 'integer',
              'minimum': 1,
              'description': 'How long the root certificate is valid, in days. It must be longer than `intermediateValidityDays`.',
              'x-default': '- 3650 (ten years)',
            },
            intermediateValidityDays: {
              'type': 'integer',
              'minimum': 1,
              'description': 'How long each cluster\'s intermediate CA (or Linkerd issuer) is valid, in days; shorter than the root\'s. '
                + 'A synth in the last third of its validity issues a new one.',
              'x-default': '- 365',
            },
            organization: {
              'type': 'string',
              'minLength': 1,
              'description': 'The organization (`O=`) in the certificates\' subjects.',
              'x-default': '- `Istio` for Istio (as Istio\'s tools/certs: ROOTCA_ORG); none for Linkerd',
            },
          },
        },
        istio: {
          'type': 'object',
          'description': 'Istio settings (provider `istio` only).',
          'x-default': '- every default below',
          'additionalProperties': false,
          'properties': {
            version: {
              ...ISTIO_VERSION,
              default: '1.30.3',
              description: 'The Istio release every cluster runs, `MAJOR.MINOR.PATCH`. Releases before 1.22 are accepted with a warning; '
                + '`install: sail` needs a version the Sail Operator serves.',
            },
            install: {
              type: 'string',
              enum: ['sail', 'helm', 'istioctl'],
              default: 'sail',
              description: 'How each cluster installs istiod: a Sail Operator `Istio` resource in the cluster directory (`sail`), '
                + 'values files for the `istio/base` and `istio/istiod` charts under `install/` (`helm`), '
                + 'or an IstioOperator file under `install/` for `istioctl install -f` (`istioctl`).',
            },
            revision: dnsLabel('The control-plane revision (`istio.io/rev`).', { 'x-default': '- none: the default control plane' }),
            dataPlaneMode: {
              type: 'string',
              enum: ['sidecar', 'ambient'],
              default: 'sidecar',
              description: 'How workloads join the data plane: Envoy sidecars (`sidecar`), or `ambient` (the `ambient` profile, istio-cni and ztunnel, '
                + 'an `istio-east-west` HBONE east-west gateway). `ambient` needs Istio 1.27 or later and primaries only '
                + '(istio.io "Install ambient multi-primary on different networks"); see docs/ambient.md.',
            },
            globalNamespaces: {
              'type': 'array',
              'items': { type: 'string', minLength: 1 },
              'description': 'Namespaces whose Services are global (reachable from every cluster) in ambient mode: a `meshConfig.serviceScopeConfigs` entry '
                + 'beside the ambient profile\'s one for Services labelled `istio.io/global: "true"`. `dataPlaneMode: ambient` only.',
              'x-default': '- only Services labelled `istio.io/global: "true"`',
            },
          },
        },
        linkerd: {
          'type': 'object',
          'description': 'Linkerd settings (provider `linkerd` only).',
          'x-default': '- every default below',
          'additionalProperties': false,
          'properties': {
            version: {
              'type': 'string',
              'minLength': 1,
              'description': 'The Linkerd release every cluster runs: an edge release `edge-YY.M.N`, edge-25.4.4 (stable 2.18) or later, or a stable name that maps to one (`"2.18"` = edge-25.4.4, `"2.19"` = edge-25.10.7, `"2.20"` = edge-26.6.3; quoted, as YAML reads 2.18 as a number).',
              'x-default': '- `edge-26.8.3` (LinkerdVersion.DEFAULT)',
            },
          },
        },
        endpointDiscovery: {
          type: 'string',
          enum: ['full', 'none'],
          default: 'none',
          description: 'Istio endpoint discovery: with `full`, every primary\'s istiod reads every other cluster of the mesh (a remote secret '
            + '`istio-remote-secret-<cluster>` per pair, in the key store), so it sees endpoints in all clusters; a remote reads nothing. '
            + 'Needs `apiServer` or `kubeconfig` on every cluster. The reader ServiceAccount comes with each cluster\'s Istio install. '
            + 'The credential for a cluster is the token file `<key store>/<cluster>/istio-reader-service-account.token`: while it is missing, '
            + 'the Secrets that need it are pending, and synth prints the command that writes it.',
        },
        secretDelivery: {
          'type': 'object',
          'description': 'How the Secrets that carry private material (`cacerts`, `linkerd-identity-issuer`, remote-cluster credentials) reach '
            + 'the clusters: one of `keyStore`, `sops`, `sealedSecrets`, `externalSecrets` (docs/secrets.md). The key store keeps every such '
            + 'Secret in each mode; the other modes also write a form that is safe to commit into each cluster directory and its kustomization. '
            + 'The app has one mode: every Mesh of the file that sets it must set the same.',
          'x-default': '- `keyStore: {}`: the Secrets stay in the key store, applied by hand',
          'additionalProperties': false,
          'properties': {
            keyStore: {
              'type': 'object',
              'description': 'Keep the Secrets in the key store only.',
              'x-default': '- not this mode',
              'additionalProperties': false,
              'properties': {},
            },
            sops: {
              'type': 'object',
              'x-default': '- not this mode',
              'description': 'Also write each Secret SOPS-encrypted (AES-256-GCM values, age recipients, `encrypted_regex: ^(data|stringData)$`) '
                + 'as `<kind>.<namespace>.<name>.sops.yaml`, for Flux (`decryption.provider: sops`) or KSOPS.',
              'additionalProperties': false,
              'required': ['ageRecipients'],
              'properties': {
                ageRecipients: {
                  type: 'array',
                  minItems: 1,
                  items: { 'type': 'string', 'minLength': 1, 'x-type': 'age recipient' },
                  description: 'The age X25519 recipients (`age1...`, as age-keygen prints them) that can decrypt: the GitOps controller\'s key '
                    + 'and a recovery key.',
                },
              },
            },
            sealedSecrets: {
              'type': 'object',
              'description': 'Also write a SealedSecret per Secret, sealed for the controller\'s certificate.',
              'x-default': '- not this mode',
              'additionalProperties': false,
              'required': ['certificateFile'],
              'properties': {
                certificateFile: {
                  type: 'string',
                  minLength: 1,
                  description: 'The controller\'s public certificate (`kubeseal --fetch-cert`), a PEM file relative to the mesh file\'s directory.',
                },
                scope: {
                  type: 'string',
                  enum: ['strict', 'namespace-wide', 'cluster-wide'],
                  default: 'strict',
                  description: 'The sealing scope (`kubeseal --scope`).',
                },
              },
            },
            externalSecrets: {
              'type': 'object',
              'x-default': '- not this mode',
              'description': 'Also write an ExternalSecret per Secret (one provider path per Secret, one property per key); the values to upload '
                + 'are written to `<key store>/secret-delivery/<cluster>/*.upload.json`.',
              'additionalProperties': false,
              'required': ['storeName'],
              'properties': {
                storeName: { 'type': 'string', 'minLength': 1, 'description': 'The SecretStore or ClusterSecretStore to read from.', 'x-type': 'DNS-1123 subdomain' },
                storeKind: { type: 'string', enum: ['SecretStore', 'ClusterSecretStore'], default: 'ClusterSecretStore', description: 'The kind of the store.' },
                remoteKeyPrefix: { type: 'string', default: 'mesh/', description: 'Prefix of the provider paths `<prefix><cluster>/<namespace>/<name>`.' },
                refreshInterval: { type: 'string', default: '1h', description: 'How often the operator refreshes the Secrets (a Go duration of whole seconds, such as `1h`).' },
                storeOutsideTree: {
                  type: 'boolean',
                  default: true,
                  description: 'The store is managed outside the output tree (a mesh file cannot declare one, hence the default); '
                    + 'false makes the synth fail unless each cluster\'s tree holds it (TypeScript apps that add the store to a cluster chart).',
                },
              },
            },
          },
        },
      },
    }, { description: 'A service mesh: its ID, provider, version, install method and trust root.' }),

    Cluster: envelope(NATIVE_API_VERSION, 'Cluster', dnsLabel('The cluster name (`global.multiCluster.clusterName`), unique in the file; also the name of its output directory.'), {
      type: 'object',
      description: 'The cluster settings (`spec: {}` for every default).',
      additionalProperties: false,
      properties: {
        mesh: dnsLabel('The mesh the cluster joins: the `metadata.name` of a `Mesh` document of the file.', {
          'x-default': '- the only Mesh of the file (required when the file declares several)',
        }),
        network: dnsLabel('The network the cluster\'s pods are on (`global.network` and the `topology.istio.io/network` label). '
          + 'Clusters on one network reach each other\'s pods directly; others go through east-west gateways.', {
          'x-default': '- the cluster name: every cluster on its own network',
        }),
        role: {
          type: 'string',
          enum: ['primary', 'remote'],
          default: 'primary',
          description: 'Whether the cluster runs its own istiod (`primary`) or is managed by its primary\'s istiod (`remote`).',
        },
        primary: dnsLabel('The primary that manages this cluster: the name of a primary `Cluster` of the same mesh, with an `eastWestGateway` '
          + 'whose `address` this remote dials to reach istiod. Required for, and only allowed with, `role: remote`.', {
          'x-default': '- none',
        }),
        apiServer: {
          'type': 'object',
          'description': 'How other clusters reach this cluster\'s API server (for remote secrets). Give this or `kubeconfig`, not both.',
          'x-default': '- unknown: no other cluster can be given credentials for this one',
          'required': ['server'],
          'additionalProperties': false,
          'properties': {
            server: {
              'type': 'string',
              'pattern': '^https://',
              'x-expected': 'must be an https:// URL of the Kubernetes API server, such as "https://10.0.0.1:6443"',
              'x-type': 'https URL',
              'description': 'The API server URL.',
            },
            caFile: {
              'type': 'string',
              'minLength': 1,
              'x-type': 'path',
              'description': 'A file holding the API server\'s CA certificate (PEM), relative to the mesh file\'s directory. Give this or `caData`, not both.',
              'x-default': '- none',
            },
            caData: {
              'type': 'string',
              'minLength': 1,
              'description': 'The API server\'s CA certificate: PEM, or base64-encoded PEM as in a kubeconfig\'s `certificate-authority-data`.',
              'x-default': '- none',
            },
          },
        },
        kubeconfig: {
          'type': 'object',
          'description': 'Read the API server URL and CA from a kubeconfig context (only the cluster entry is read; no user credential). Give this or `apiServer`, not both.',
          'x-default': '- none',
          'required': ['file'],
          'additionalProperties': false,
          'properties': {
            file: {
              'type': 'string',
              'minLength': 1,
              'x-type': 'path',
              'description': 'The kubeconfig file, relative to the mesh file\'s directory.',
            },
            context: {
              'type': 'string',
              'minLength': 1,
              'description': 'The context whose cluster is used.',
              'x-default': '- the kubeconfig\'s `current-context`',
            },
          },
        },
        eastWestGateway: {
          'type': 'object',
          'description': 'The Istio east-west gateway of the cluster\'s network (EastWestGateway). Present (even empty, `eastWestGateway: {}`) means: emit one. '
            + 'Required on every cluster of an Istio mesh whose clusters are on more than one network.',
          'x-default': '- none: no east-west gateway',
          'additionalProperties': false,
          'properties': {
            enabled: {
              type: 'boolean',
              default: true,
              description: 'Whether the gateway is emitted (set `false` to keep the settings but drop the gateway).',
            },
            serviceType: {
              'type': 'string',
              'enum': ['LoadBalancer', 'NodePort'],
              'description': 'The gateway Service type. `NodePort` is not supported in a mesh file: istiod cannot discover a NodePort gateway, '
                + 'which then needs a fixed node port the format has no field for (use the TypeScript API).',
              'x-default': '- the EastWestGateway default (`LoadBalancer`)',
            },
            address: {
              'type': 'string',
              'minLength': 1,
              'description': 'The address other networks dial to reach the gateway (an IP or DNS name); remotes use their primary\'s as `remotePilotAddress`.',
              'x-default': '- unknown',
            },
            replicas: {
              'type': 'integer',
              'minimum': 1,
              'description': 'The number of gateway replicas.',
              'x-default': '- the EastWestGateway default (autoscaling, as Istio\'s gateway chart)',
            },
            layout: {
              'type': 'string',
              'enum': ['gateway-chart', 'istioctl'],
              'description': 'The shape of the gateway objects, after the route that installed the running gateway (its Deployment selector is immutable): '
                + '`gateway-chart` (`helm install istio/gateway`) or `istioctl` (`gen-eastwest-gateway.sh | istioctl install`, the Sail Operator\'s multicluster guide, ristioctl).',
              'x-default': '- `istioctl` with `istio.install: istioctl` (and in ristioctl files), else `gateway-chart`',
            },
            podDisruptionBudget: {
              'type': 'object',
              'additionalProperties': false,
              'minProperties': 1,
              'maxProperties': 1,
              'description': 'A PodDisruptionBudget as the gateway chart\'s `podDisruptionBudget` value writes it (exactly one of the two; from Istio 1.28 only with more than one pod). Not with `layout: istioctl`.',
              'x-default': '- none (the gateway chart\'s default)',
              'properties': {
                minAvailable: { 'type': 'integer', 'minimum': 1, 'description': 'Pods that must stay available.', 'x-default': '- not set (use maxUnavailable)' },
                maxUnavailable: { 'type': 'integer', 'minimum': 1, 'description': 'Pods that may be unavailable.', 'x-default': '- not set (use minAvailable)' },
              },
            },
          },
        },
        discoverySelectors: {
          'type': 'array',
          'items': { $ref: '#/definitions/LabelSelector' },
          'description': 'The namespaces istiod watches (`meshConfig.discoverySelectors`): a namespace is included when it matches any selector.',
          'x-default': '- all namespaces',
        },
        sampleApps: {
          type: 'boolean',
          default: false,
          description: 'Emit Istio\'s helloworld (v1 and v2) and curl samples (sleep before Istio 1.24) in namespace `sample`, labelled for injection (ambient meshes: `istio.io/dataplane-mode: ambient`, and helloworld labelled `istio.io/global: "true"`), to check cross-cluster traffic.',
        },
        waypoints: {
          'type': 'array',
          'description': 'Waypoint proxies for Services (ambient meshes only): an `istio-waypoint` Gateway each, as `istioctl waypoint apply --for service` '
            + 'creates it; Services opt in with the label `istio.io/use-waypoint: <name>`. Upstream assumes identically named waypoints in every cluster.',
          'x-default': '- none',
          'items': {
            type: 'object',
            additionalProperties: false,
            required: ['namespace'],
            properties: {
              namespace: dnsLabel('The namespace of the waypoint and of the Services that use it.'),
              name: dnsLabel('The waypoint\'s name.', { 'default': 'waypoint', 'x-default': 'waypoint' }),
              global: {
                type: 'boolean',
                default: true,
                description: 'Label the waypoint\'s Service `istio.io/global: "true"` (through `spec.infrastructure.labels`), for L7 across clusters.',
              },
            },
          },
        },
      },
    }, { description: 'One Kubernetes cluster of a mesh: one output directory.' }),

    RemoteAccess: envelope(NATIVE_API_VERSION, 'RemoteAccess', dnsLabel('A name for the access, unique among RemoteAccess documents.'), {
      type: 'object',
      description: 'The access settings.',
      required: ['cluster', 'consumer', 'consumerCluster'],
      additionalProperties: false,
      properties: {
        cluster: dnsLabel('The cluster being read: where the ServiceAccount and its RBAC are emitted.'),
        consumer: {
          type: 'string',
          enum: ['istio', 'kiali', 'linkerd', 'argocd'],
          description: 'Who reads the cluster: istiod (istio-reader rules), Kiali, Linkerd\'s service mirror, or Argo CD.',
        },
        consumerCluster: dnsLabel('The cluster the consumer runs in: where its remote-cluster Secret goes (to the key store, when a credential is given). '
          + 'Must differ from `cluster`.'),
        consumerNamespace: dnsLabel('The consumer\'s namespace in the consumer cluster (where its remote-cluster Secret goes).', {
          'x-default': '- the consumer\'s usual namespace (istio-system for istio and kiali, linkerd-multicluster for linkerd, argocd for argocd)',
        }),
        scope: {
          type: 'string',
          enum: ['cluster', 'namespaces'],
          default: 'cluster',
          description: 'A ClusterRole for the whole cluster, or a Role in each of `namespaces`.',
        },
        namespaces: {
          'type': 'array',
          'minItems': 1,
          'uniqueItems': true,
          'items': dnsLabel('A namespace.'),
          'description': 'The namespaces the consumer may read (`scope: namespaces` only). Namespace objects are not emitted for them.',
          'x-default': '- none',
        },
        viewOnly: {
          'type': 'boolean',
          'description': 'Kiali only: the viewer role instead of the full role.',
          'x-default': '- true for kiali',
        },
        tokenSecret: {
          type: 'boolean',
          default: false,
          description: 'Emit a long-lived `kubernetes.io/service-account-token` Secret for the ServiceAccount (admin-controlled token).',
        },
        credentials: {
          'type': 'object',
          'description': 'The credential put into the consumer-side Secret (which goes to the key store, never the output tree). '
            + 'The cluster read needs `apiServer` or `kubeconfig`.',
          'x-default': '- none: the consumer-side Secret is listed as pending',
          'required': ['tokenFile'],
          'additionalProperties': false,
          'properties': {
            tokenFile: TOKEN_FILE,
          },
        },
      },
    }, { description: 'Least-privilege access for a consumer (istiod, Kiali, Linkerd, Argo CD) to read another cluster (RemoteAccess).' }),

    ServiceMirrorLink: envelope(NATIVE_API_VERSION, 'ServiceMirrorLink', dnsLabel('The link name.'), {
      type: 'object',
      description: 'The link settings.',
      required: ['source', 'target'],
      additionalProperties: false,
      properties: {
        source: dnsLabel('The cluster that mirrors services (gets the Link, credentials and controller).'),
        target: dnsLabel('The cluster whose services are mirrored (gets the remote-access RBAC).'),
        controller: {
          'type': 'object',
          'description': 'The service-mirror controller of the link.',
          'x-default': '- every default below',
          'additionalProperties': false,
          'properties': {
            mode: {
              type: 'string',
              enum: ['chart', 'manifests'],
              default: 'chart',
              description: 'An entry in the `linkerd-multicluster` chart\'s `controllers` values (`chart`), or rendered controller manifests (`manifests`).',
            },
            replicas: { 'type': 'integer', 'minimum': 1, 'description': 'Controller replicas.', 'x-default': '- 1 (the chart\'s controllerDefaults)' },
            logLevel: {
              'type': 'string',
              'enum': ['error', 'warn', 'info', 'debug', 'trace'],
              'description': 'Controller log level.',
              'x-default': '- info (the chart\'s controllerDefaults)',
            },
            logFormat: { 'type': 'string', 'enum': ['plain', 'json'], 'description': 'Controller log format.', 'x-default': '- plain (the chart\'s controllerDefaults)' },
            resources: {
              'type': 'object',
              'description': 'Controller resource requests and limits.',
              'x-default': '- none',
              'additionalProperties': false,
              'properties': {
                requests: { ...RESOURCE_LIST, 'description': 'Requests.', 'x-default': '- none' },
                limits: { ...RESOURCE_LIST, 'description': 'Limits.', 'x-default': '- none' },
              },
            },
          },
        },
        gateway: {
          'type': 'object',
          'description': 'The target\'s `linkerd-gateway`, for gateway (hierarchical) mirroring.',
          'x-default': '- no gateway: pod-to-pod (remote-discovery) mirroring only',
          'additionalProperties': false,
          'properties': {
            address: {
              'type': 'string',
              'minLength': 1,
              'description': 'The gateway address(es), IPs or DNS names, comma-separated.',
              'x-default': '- required when the link uses the gateway',
            },
            port: { type: 'integer', minimum: 1, maximum: 65535, default: 4143, description: 'The gateway\'s `mc-gateway` port.' },
            identity: {
              'type': 'string',
              'minLength': 1,
              'description': 'The gateway\'s mTLS identity.',
              'x-default': '- `linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.<trust domain>`',
            },
          },
        },
        selector: {
          '$ref': '#/definitions/LabelSelector',
          'description': 'Services mirrored through the gateway.',
          'x-default': '- `mirror.linkerd.io/exported: "true"` (when a gateway is used)',
        },
        remoteDiscoverySelector: {
          '$ref': '#/definitions/LabelSelector',
          'description': 'Services mirrored in pod-to-pod (remote-discovery) mode.',
          'x-default': '- `mirror.linkerd.io/exported: remote-discovery`',
        },
        federatedServiceSelector: {
          '$ref': '#/definitions/LabelSelector',
          'description': 'Members of federated services.',
          'x-default': '- `mirror.linkerd.io/federated: member`',
        },
        excludedLabels: {
          'type': 'array',
          'items': { type: 'string', minLength: 1 },
          'description': 'Labels not copied onto mirror and federated Services (Link `excludedLabels`, v1alpha3), such as `argocd.argoproj.io/instance`.',
          'x-default': '- none',
        },
        excludedAnnotations: {
          'type': 'array',
          'items': { type: 'string', minLength: 1 },
          'description': 'Annotations not copied onto mirror and federated Services (Link `excludedAnnotations`, v1alpha3).',
          'x-default': '- none',
        },
        credentials: {
          'type': 'object',
          'description': 'The credential of the link: the token of the target\'s remote-access ServiceAccount (`linkerd-service-mirror-remote-access-<source>`), '
            + 'packed into the two `cluster-credentials-<target>` Secrets (key store, never the output tree). The target needs `apiServer` or `kubeconfig`.',
          'x-default': '- none: the credential Secrets are listed as pending',
          'required': ['tokenFile'],
          'additionalProperties': false,
          'properties': {
            tokenFile: TOKEN_FILE,
          },
        },
      },
    }, { description: 'A Linkerd multicluster link: the source cluster mirrors services of the target cluster (ServiceMirrorLink).' }),

    Delivery: envelope(NATIVE_API_VERSION, 'Delivery', dnsLabel('A name for the delivery (one Delivery document per file).'), {
      type: 'object',
      description: 'The GitOps engine whose objects synth writes to `<outdir>/_delivery/<engine>/`: exactly one of `argoCd` and `flux` (docs/gitops.md).',
      additionalProperties: false,
      properties: {
        argoCd: {
          'type': 'object',
          'description': 'Argo CD (GitOpsDelivery.argoCd): an AppProject, a root Application, an app of apps per cluster, and phase Applications in sync waves.',
          'x-default': '- none (set exactly one of argoCd and flux)',
          'required': ['repoUrl'],
          'additionalProperties': false,
          'properties': {
            repoUrl: { type: 'string', description: 'The Git repository the output tree is committed to: https://, http:// or ssh:// URL, or scp-like git@host:org/repo.git.' },
            revision: { type: 'string', default: 'main', description: 'The revision Argo CD syncs (targetRevision).' },
            pathPrefix: { type: 'string', default: 'dist', description: 'Where the outdir is inside the repository (\'\' for its root); no \'..\'.' },
            project: dnsLabel('The AppProject; also the prefix of every Application name.', { default: 'mesh' }),
            namespace: dnsLabel('The namespace Argo CD runs in (Applications, AppProject, its cluster Secrets).', { default: 'argocd' }),
          },
        },
        flux: {
          'type': 'object',
          'description': 'Flux (GitOpsDelivery.flux): a GitRepository, HelmRepositories, and per cluster and phase a Kustomization that depends on the previous one.',
          'x-default': '- none (set exactly one of argoCd and flux)',
          'required': ['repoUrl'],
          'additionalProperties': false,
          'properties': {
            repoUrl: { type: 'string', description: 'The Git repository the output tree is committed to: an https://, http:// or ssh:// URL.' },
            revision: { type: 'string', default: 'main', description: 'The branch Flux follows.' },
            pathPrefix: { type: 'string', default: 'dist', description: 'Where the outdir is inside the repository (\'\' for its root); no \'..\'.' },
            namespace: dnsLabel('The namespace Flux runs in.', { default: 'flux-system' }),
            sourceName: dnsLabel('The GitRepository name; also the prefix of every Flux object name.', { default: 'mesh' }),
            managementCluster: dnsLabel('The cluster Flux runs in, if it is one of the file\'s clusters.', { 'x-default': '- none' }),
            kubeConfigSecrets: {
              'type': 'object',
              'additionalProperties': dnsLabel('The Secret (in `namespace`, key `value`) with the cluster\'s kubeconfig.'),
              'description': 'For each remote cluster (by name), the Secret holding its kubeconfig.',
              'x-default': '- none',
            },
            interval: { type: 'string', default: '10m', description: 'How often Flux reconciles (a Go duration of whole seconds, at least `1s`).' },
          },
        },
      },
    }, { description: 'How the output tree reaches the clusters: Argo CD or Flux objects applied once to a management cluster (Delivery).' }),

    RistioctlCertificate: envelope(RISTIOCTL_API_VERSION, 'Certificate', {
      'type': 'string',
      'minLength': 1,
      'x-type': 'string',
      'description': 'A name for the certificate set (not used otherwise).',
    }, {
      type: 'object',
      description: 'The certificate settings.',
      required: ['meshID'],
      additionalProperties: false,
      properties: {
        validityHours: {
          'anyOf': [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[1-9][0-9]*$' }],
          'x-expected': 'must be a whole number of hours of at least 1, such as 87600',
          'x-type': 'whole number (or numeric string)',
          'description': 'Validity of the root and of every intermediate, in hours.',
          'x-default': '- the TrustRoot default',
          'x-ristioctl': 'Mesh `spec.trustRoot.rootValidityDays`: validityHours / 24 rounded up (at least 2); `intermediateValidityDays`: half of that, '
            + 'rounded down, with a warning (an intermediate must be shorter-lived than its root)',
        },
        sanSuffix: {
          'type': 'string',
          'description': 'ristioctl names the root `root.<sanSuffix>` and each intermediate `<cluster>.<sanSuffix>`.',
          'x-default': '- none',
          'x-ristioctl': 'not used, with a warning: certificates are named as Istio\'s tools/certs name them (`CN=Root CA`, `CN=Intermediate CA, L=<cluster>`)',
        },
        meshID: dnsLabel('The mesh ID; Cluster documents with the same `meshID` use these certificates.', {
          'x-ristioctl': 'a Mesh named `<meshID>` (provider istio, install istioctl, endpointDiscovery full) with `spec.trustRoot` {algorithm RSA_2048, as ristioctl\'s step}',
        }),
        folder: {
          'type': 'string',
          'description': 'Where ristioctl stores the certificates.',
          'x-default': '- none',
          'x-ristioctl': 'ignored, with a warning: keys and certificates go to the key store (`--key-store`)',
        },
        password: {
          'type': 'boolean',
          'description': 'Parsed but ignored by ristioctl.',
          'x-default': '- none',
          'x-ristioctl': 'ignored, with a warning (ristioctl ignores it too)',
        },
        installHelloWorld: {
          'anyOf': [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false'] }],
          'x-expected': 'must be true or false',
          'x-type': 'boolean',
          'description': 'Misplaced in ristioctl\'s examples/mesh3.yaml, where ristioctl ignores it.',
          'x-default': '- none',
          'x-ristioctl': 'ignored, with a warning: it belongs in Cluster documents',
        },
      },
    }, {
      description: 'ristioctl\'s certificate settings for one mesh.',
      metadataExtra: {
        labels: { 'type': 'object', 'description': 'Unused by ristioctl.', 'x-default': '- none', 'x-ristioctl': 'ignored, with a warning' },
        annotations: { 'type': 'object', 'description': 'Unused by ristioctl.', 'x-default': '- none', 'x-ristioctl': 'ignored, with a warning' },
      },
    }),

    RistioctlCluster: envelope(RISTIOCTL_API_VERSION, 'Cluster', dnsLabel('The cluster name.', {
      'x-ristioctl': 'a Cluster of the same name: role primary, network `network-<name>`, an east-west gateway',
    }), {
      type: 'object',
      description: 'The cluster settings.',
      required: ['kubeconfigFile', 'meshID'],
      additionalProperties: false,
      properties: {
        kubeconfigFile: {
          'type': 'string',
          'minLength': 1,
          'x-type': 'path',
          'description': 'The kubeconfig, relative to the mesh file\'s directory.',
          'x-ristioctl': 'Cluster `spec.kubeconfig.file` (the API server URL and CA for remote secrets; no user credential is read)',
        },
        context: {
          'type': 'string',
          'minLength': 1,
          'description': 'The context in the kubeconfig.',
          'x-default': '- the kubeconfig\'s `current-context`',
          'x-ristioctl': 'Cluster `spec.kubeconfig.context`',
        },
        meshID: dnsLabel('The mesh ID: the `meshID` of a Certificate document of the file.', { 'x-ristioctl': 'Cluster `spec.mesh`' }),
        version: {
          ...ISTIO_VERSION,
          'description': 'The Istio release. Every cluster of a mesh must name the same one.',
          'x-default': '- 1.30.3',
          'x-ristioctl': 'Mesh `spec.istio.version` (releases before 1.22 get a warning and the closest API versions)',
        },
        installHelloWorld: {
          'anyOf': [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false'] }],
          'x-expected': 'must be true or false',
          'x-type': 'boolean',
          'description': 'Deploy the helloworld and curl samples (sleep before Istio 1.24) in namespace `sample`.',
          'x-default': '- false',
          'x-ristioctl': 'Cluster `spec.sampleApps`',
        },
      },
    }, {
      description: 'A ristioctl cluster: a primary on its own network `network-<name>`, with an east-west gateway and full endpoint discovery.',
      metadataExtra: {
        labels: { 'type': 'object', 'description': 'Unused by ristioctl.', 'x-default': '- none', 'x-ristioctl': 'ignored, with a warning' },
        annotations: { 'type': 'object', 'description': 'Unused by ristioctl.', 'x-default': '- none', 'x-ristioctl': 'ignored, with a warning' },
      },
    }),
  },
};
