/**
 * The native document model: what a mesh file says, validated, with defaults
 * applied, relative paths resolved and ristioctl documents translated. Plain
 * data; the builder (`builder.ts`) turns it into constructs.
 */
import { MeshFileProblem, Position, Severity } from './problems';
import { LabelSelectorConfig } from '../core/label-selector';

/** The two formats a document can be written in. */
export type DocumentFormat = 'native' | 'ristioctl';

/** Where a model object came from, to report problems at the right place. */
export class Origin {
  constructor(
    /** The file, as the user named it. */
    public readonly file: string,
    /** 1-based document index. */
    public readonly index: number,
    public readonly format: DocumentFormat,
    public readonly kind: string,
    public readonly name: string,
    private readonly locate: (path: readonly (string | number)[]) => Position,
  ) {}

  /** `Kind/name`. */
  public get label(): string {
    return `${this.kind}/${this.name}`;
  }

  /** The position of a field of the document (or of the document for `[]`). */
  public position(path: readonly (string | number)[] = []): Position {
    return this.locate(path);
  }

  /** A problem about a field of this document. */
  public problem(severity: Severity, path: readonly (string | number)[], field: string | undefined, value: unknown,
    message: string): MeshFileProblem {
    return { severity, file: this.file, position: this.position(path), document: this.label, field, value, message };
  }

  /** `file:line:col Kind/name`, the prefix of messages about this document. */
  public where(path: readonly (string | number)[] = []): string {
    const p = this.position(path);
    return `${this.file}:${p.line}:${p.col} ${this.label}`;
  }
}

/** Mesh trust root settings (`spec.trustRoot`). */
export interface TrustRootModel {
  readonly algorithm?: string;
  /** Days; may be fractional when translated from ristioctl's hours. */
  readonly rootValidityDays?: number;
  readonly intermediateValidityDays?: number;
  readonly organization?: string;
}

/** How Secrets with private material are delivered (`spec.secretDelivery`): one mode, its options. */
export interface SecretDeliveryModel {
  readonly mode: 'keyStore' | 'sops' | 'sealedSecrets' | 'externalSecrets';
  readonly ageRecipients?: string[];
  /** Absolute path of the Sealed Secrets certificate. */
  readonly certificateFile?: string;
  /** The certificate file as the mesh file writes it. */
  readonly certificateFileAsWritten?: string;
  readonly scope?: 'strict' | 'namespace-wide' | 'cluster-wide';
  readonly storeName?: string;
  readonly storeKind?: 'SecretStore' | 'ClusterSecretStore';
  readonly remoteKeyPrefix?: string;
  readonly refreshInterval?: string;
  readonly storeOutsideTree?: boolean;
}

/** A `Mesh` document (or the mesh a ristioctl Certificate describes). */
export interface MeshModel {
  readonly origin: Origin;
  /** The mesh ID. */
  readonly name: string;
  readonly provider: 'istio' | 'linkerd';
  /** Undefined: no trust root. */
  readonly trustRoot?: TrustRootModel;
  readonly istio: {
    readonly version: string;
    readonly install: 'sail' | 'helm' | 'istioctl';
    readonly revision?: string;
    /** Undefined: sidecar (the Mesh default). */
    readonly dataPlaneMode?: 'sidecar' | 'ambient';
    readonly globalNamespaces?: string[];
  };
  readonly linkerd?: { readonly version?: string };
  readonly endpointDiscovery: 'full' | 'none';
  /** Undefined: not set (the key store). */
  readonly secretDelivery?: SecretDeliveryModel;
}

/** How other clusters reach a cluster's API server. */
export type ApiServerModel =
  | { readonly kind: 'url'; readonly server: string; readonly caFile?: string; readonly caData?: string }
  | { readonly kind: 'kubeconfig'; readonly file: string; readonly context?: string };

/** East-west gateway settings (`spec.eastWestGateway`). */
export interface EastWestGatewayModel {
  readonly enabled: boolean;
  readonly serviceType?: string;
  readonly address?: string;
  readonly replicas?: number;
  readonly layout?: string;
  readonly podDisruptionBudget?: { readonly minAvailable?: number; readonly maxUnavailable?: number };
}

/** A `Cluster` document (native or ristioctl). */
export interface ClusterModel {
  readonly origin: Origin;
  readonly name: string;
  /** The mesh ID. */
  readonly mesh: string;
  /** Undefined: the cluster name. */
  readonly network?: string;
  readonly role: 'primary' | 'remote';
  readonly primary?: string;
  /** File paths are absolute (resolved against the mesh file's directory). */
  readonly apiServer?: ApiServerModel;
  /** Undefined: no east-west gateway. */
  readonly eastWestGateway?: EastWestGatewayModel;
  readonly discoverySelectors?: LabelSelectorConfig[];
  readonly sampleApps: boolean;
  /** Ambient waypoints (`spec.waypoints`). */
  readonly waypoints?: { readonly namespace: string; readonly name?: string; readonly global?: boolean }[];
}

/** A `RemoteAccess` document. */
export interface RemoteAccessModel {
  readonly origin: Origin;
  readonly name: string;
  readonly cluster: string;
  readonly consumer: 'istio' | 'kiali' | 'linkerd' | 'argocd';
  readonly consumerCluster: string;
  readonly consumerNamespace?: string;
  readonly scope: 'cluster' | 'namespaces';
  readonly namespaces?: string[];
  readonly viewOnly?: boolean;
  readonly tokenSecret: boolean;
  /** Absolute path of the token file. */
  readonly tokenFile?: string;
  /** The token file as the mesh file names it (relative to its directory), for messages. */
  readonly tokenFileAsWritten?: string;
}

/** Kubernetes resource requests or limits. */
export interface ResourceListModel {
  readonly cpu?: string;
  readonly memory?: string;
}

/** A `ServiceMirrorLink` document. */
export interface ServiceMirrorLinkModel {
  readonly origin: Origin;
  readonly name: string;
  readonly source: string;
  readonly target: string;
  readonly controller: {
    readonly mode: 'chart' | 'manifests';
    readonly replicas?: number;
    readonly logLevel?: string;
    readonly logFormat?: string;
    readonly resources?: { readonly requests?: ResourceListModel; readonly limits?: ResourceListModel };
  };
  /** Undefined identity: the construct's default (from the target's namespace and the trust domain). */
  readonly gateway?: { readonly address?: string; readonly port: number; readonly identity?: string };
  readonly selector?: LabelSelectorConfig;
  readonly remoteDiscoverySelector?: LabelSelectorConfig;
  readonly federatedServiceSelector?: LabelSelectorConfig;
  readonly excludedLabels?: string[];
  readonly excludedAnnotations?: string[];
  /** Absolute path of the token file of the link's credentials. */
  readonly tokenFile?: string;
  /** The token file as the mesh file writes it. */
  readonly tokenFileAsWritten?: string;
}

/** A `Delivery` document: one engine and its options, as `GitOpsDelivery.argoCd()` / `flux()` take them. */
export interface DeliveryModel {
  readonly origin: Origin;
  readonly engine: 'argoCd' | 'flux';
  readonly options: { readonly repoUrl: string; readonly [key: string]: unknown };
}

/** A whole mesh file, validated. */
export interface MeshFileModel {
  /** The file, as the user named it. */
  readonly file: string;
  /** The directory relative paths of the file resolve against (absolute). */
  readonly baseDir: string;
  readonly meshes: MeshModel[];
  readonly clusters: ClusterModel[];
  readonly remoteAccess: RemoteAccessModel[];
  readonly links: ServiceMirrorLinkModel[];
  /** The `Delivery` document, if any. */
  readonly delivery?: DeliveryModel;
  /** Warnings found while reading the file. */
  readonly warnings: MeshFileProblem[];
}
