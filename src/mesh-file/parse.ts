/**
 * Reads a mesh file: YAML → documents checked against the JSON Schema →
 * the native document model (ristioctl documents translated) → checks across
 * documents. Every problem of the file is reported at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkIstioVersion, checkKubeconfig, NameRegistry, Problems, readSelector, resolveFile, stripV } from './common';
import {
  ApiServerModel, ClusterModel, DeliveryModel, EastWestGatewayModel, MeshFileModel, MeshModel, Origin, RemoteAccessModel, SecretDeliveryModel,
  ServiceMirrorLinkModel, TrustRootModel,
} from './model';
import { MeshFileError, sortProblems } from './problems';
import { translateRistioctl } from './ristioctl';
import { NATIVE_API_VERSION, RISTIOCTL_API_VERSION } from './schema';
import { YamlSource } from './source';
import { TypedDocument, typeDocument, validatedValue, validateDocument } from './validate';
import { ApiServer } from '../access/api-server';
import { PEM_FILE, readInputFile } from '../core/_input-files';
import { LabelSelectorConfig } from '../core/label-selector';
import { IstioVersion } from '../istio/version';
import { ageRecipientProblem, sealedSecretsCertificateProblem, storeNameProblem } from '../secrets/secret-delivery';

/** Options of `parseMeshFile`. */
export interface ParseOptions {
  /**
   * The directory relative paths in the file resolve against.
   *
   * @default - the mesh file's directory
   */
  readonly baseDir?: string;
}

// The specs of native documents that passed the JSON Schema (their definitions in schema.ts):
// required fields are present and every field has its type; values are otherwise unchecked.

/** `spec.secretDelivery` (Mesh). */
interface SecretDeliverySpec {
  readonly keyStore?: Record<string, never>;
  readonly sops?: { readonly ageRecipients: string[] };
  readonly sealedSecrets?: { readonly certificateFile: string; readonly scope?: SecretDeliveryModel['scope'] };
  readonly externalSecrets?: {
    readonly storeName: string;
    readonly storeKind?: SecretDeliveryModel['storeKind'];
    readonly remoteKeyPrefix?: string;
    readonly refreshInterval?: string;
    readonly storeOutsideTree?: boolean;
  };
}

/** A Mesh document's spec. */
interface MeshSpec {
  readonly provider?: MeshModel['provider'];
  readonly trustRoot?: TrustRootModel;
  readonly istio?: {
    readonly version?: string;
    readonly install?: MeshModel['istio']['install'];
    readonly revision?: string;
    readonly dataPlaneMode?: MeshModel['istio']['dataPlaneMode'];
    readonly globalNamespaces?: string[];
  };
  readonly linkerd?: { readonly version?: string };
  readonly endpointDiscovery?: MeshModel['endpointDiscovery'];
  readonly secretDelivery?: SecretDeliverySpec;
}

/** `spec.credentials` (RemoteAccess, ServiceMirrorLink). */
interface CredentialsSpec {
  readonly credentials?: { readonly tokenFile: string };
}

/** A Cluster document's spec. */
interface ClusterSpec {
  readonly mesh?: string;
  readonly network?: string;
  readonly role?: ClusterModel['role'];
  readonly primary?: string;
  readonly apiServer?: { readonly server: string; readonly caFile?: string; readonly caData?: string };
  readonly kubeconfig?: { readonly file: string; readonly context?: string };
  readonly eastWestGateway?: Omit<EastWestGatewayModel, 'enabled'> & { readonly enabled?: boolean };
  readonly discoverySelectors?: LabelSelectorConfig[];
  readonly sampleApps?: boolean;
  readonly waypoints?: ClusterModel['waypoints'];
}

/** A RemoteAccess document's spec. */
interface RemoteAccessSpec extends CredentialsSpec {
  readonly cluster: string;
  readonly consumer: RemoteAccessModel['consumer'];
  readonly consumerCluster: string;
  readonly consumerNamespace?: string;
  readonly scope?: RemoteAccessModel['scope'];
  readonly namespaces?: string[];
  readonly viewOnly?: boolean;
  readonly tokenSecret?: boolean;
}

/** The label selectors of a ServiceMirrorLink. */
type LinkSelectorField = 'selector' | 'remoteDiscoverySelector' | 'federatedServiceSelector';

/** A ServiceMirrorLink document's spec. */
interface ServiceMirrorLinkSpec extends CredentialsSpec, Partial<Record<LinkSelectorField, LabelSelectorConfig>> {
  readonly source: string;
  readonly target: string;
  readonly controller?: Partial<ServiceMirrorLinkModel['controller']>;
  readonly gateway?: { readonly address?: string; readonly port?: number; readonly identity?: string };
  readonly excludedLabels?: string[];
  readonly excludedAnnotations?: string[];
}

/** A Delivery document's spec: one engine's options. */
interface DeliverySpec {
  readonly argoCd?: DeliveryModel['options'];
  readonly flux?: DeliveryModel['options'];
}

/** Reads and validates a mesh file from disk. `file` is shown in messages as given. */
export function parseMeshFile(file: string): MeshFileModel {
  const text = fs.readFileSync(file, 'utf-8');
  return parseMeshText(text, file, { baseDir: path.dirname(path.resolve(file)) });
}

/** Parses and validates the text of a mesh file. Throws `MeshFileError` with every problem. */
export function parseMeshText(text: string, file: string, options: ParseOptions = {}): MeshFileModel {
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const { source, problems: yamlProblems } = YamlSource.parse(text, file);
  if (!source) {
    throw new MeshFileError(yamlProblems);
  }
  if (source.documents.length === 0) {
    throw new MeshFileError([{
      severity: 'error',
      file,
      message: 'the file is empty: a mesh file holds YAML documents with apiVersion, kind, metadata.name and spec (run "cdk8s-mesh init" for a commented starter file)',
    }]);
  }

  const problems = new Problems();
  const valid: { typed: TypedDocument; origin: Origin }[] = [];
  const names = new NameRegistry(problems);
  // A Mesh document whose name has an error declares no name; clusters do not then report "no Mesh".
  let unnamedMeshes = 0;
  for (const doc of source.documents) {
    const { typed, problems: typeProblems } = typeDocument(source, doc);
    typeProblems.forEach(p => problems.add(p));
    if (!typed) { continue; }
    const schemaProblems = validateDocument(source, typed);
    schemaProblems.forEach(p => problems.add(p));
    const nameOk = typed.name !== undefined && !schemaProblems.some(p => p.field === 'metadata.name' || p.field === 'metadata');
    const format = typed.apiVersion === RISTIOCTL_API_VERSION ? 'ristioctl' : 'native';
    const origin = new Origin(file, doc.index, format, typed.kind, typed.name ?? `(document ${doc.index})`,
      (at: readonly (string | number)[]) => source.valuePosition(doc.index, at));
    if (nameOk) {
      names.register(typed, origin);
    } else if (typed.kind === 'Mesh' && typed.apiVersion === NATIVE_API_VERSION) {
      unnamedMeshes++;
    }
    if (schemaProblems.length === 0) {
      valid.push({ typed, origin });
    }
  }

  const native = valid.filter(v => v.typed.apiVersion === NATIVE_API_VERSION);
  const meshes: MeshModel[] = [];
  const clusters: ClusterModel[] = [];
  const remoteAccess: RemoteAccessModel[] = [];
  const links: ServiceMirrorLinkModel[] = [];
  const deliveries: DeliveryModel[] = [];
  for (const { typed, origin } of native) {
    const spec = <T>() => validatedValue<{ readonly spec: T }>(typed).spec;
    switch (typed.kind) {
      case 'Mesh': meshes.push(readMesh(origin, spec<MeshSpec>(), baseDir, problems)); break;
      case 'Cluster': clusters.push(readCluster(origin, spec<ClusterSpec>(), names, unnamedMeshes, baseDir, problems)); break;
      case 'RemoteAccess': remoteAccess.push(readRemoteAccess(origin, spec<RemoteAccessSpec>(), baseDir, problems)); break;
      case 'ServiceMirrorLink': links.push(readServiceMirrorLink(origin, spec<ServiceMirrorLinkSpec>(), baseDir, problems)); break;
      case 'Delivery': {
        const d = readDelivery(origin, spec<DeliverySpec>(), problems);
        if (d) { deliveries.push(d); }
        break;
      }
    }
  }
  for (const extra of deliveries.slice(1)) {
    problems.error(extra.origin, ['metadata', 'name'], extra.origin.name, `is a second Delivery document (the first is ${deliveries[0].origin.label}): `
      + 'one output tree is delivered by one engine; remove one');
  }
  const delivery = deliveries[0];
  const ristioctl = translateRistioctl(valid.filter(v => v.typed.apiVersion === RISTIOCTL_API_VERSION), names, baseDir, problems);
  meshes.push(...ristioctl.meshes);
  clusters.push(...ristioctl.clusters);

  checkReferences({ meshes, clusters, remoteAccess, links }, names, problems);

  if (problems.errors.length > 0) {
    // Only documents without any error go on to the builder (which reports its own problems in the same run).
    const bad = new Set(problems.errors.map(p => p.document));
    const clean = <T extends { origin: Origin }>(list: T[]) => list.filter(x => !bad.has(x.origin.label));
    const partial: MeshFileModel = {
      file,
      baseDir,
      meshes: clean(meshes),
      clusters: clean(clusters),
      remoteAccess: clean(remoteAccess),
      links: clean(links),
      delivery: delivery && !bad.has(delivery.origin.label) ? delivery : undefined,
      warnings: [],
    };
    throw new MeshFileError(sortProblems(problems.errors), sortProblems(problems.warnings), partial);
  }
  if (clusters.length === 0 && names.count('cluster') === 0) {
    problems.add({ severity: 'warning', file, message: 'declares no Cluster: nothing is synthesized' });
  }
  return { file, baseDir, meshes, clusters, remoteAccess, links, delivery, warnings: sortProblems(problems.warnings) };
}

// ---------------------------------------------------------------------------------------------
// Native documents

/** TrustRoot's validity defaults (src/trust-root.ts), to check the two against each other here. */
const TRUST_ROOT_DEFAULTS = { rootValidityDays: 3650, intermediateValidityDays: 365 };

function readMesh(origin: Origin, spec: MeshSpec, baseDir: string, problems: Problems): MeshModel {
  const provider = spec.provider ?? 'istio';
  if (provider === 'linkerd' && spec.istio !== undefined) {
    problems.error(origin, ['spec', 'istio'], spec.istio, 'is only allowed with provider istio (this mesh\'s provider is linkerd)');
  }
  if (provider === 'istio' && spec.linkerd !== undefined) {
    problems.error(origin, ['spec', 'linkerd'], spec.linkerd, 'is only allowed with provider linkerd (this mesh\'s provider is istio)');
  }
  const install = spec.istio?.install ?? 'sail';
  const version = spec.istio?.version ?? IstioVersion.DEFAULT.version;
  if (provider === 'istio') {
    checkIstioVersion(origin, ['spec', 'istio', 'version'], version, install, spec.istio?.version === undefined, problems);
  }
  const trustRoot = spec.trustRoot;
  if (trustRoot) {
    if (provider === 'linkerd' && trustRoot.algorithm !== undefined && trustRoot.algorithm !== 'ECDSA_P256') {
      problems.error(origin, ['spec', 'trustRoot', 'algorithm'], trustRoot.algorithm,
        'must be ECDSA_P256 for a Linkerd mesh: Linkerd\'s identity issuer must be an ECDSA P-256 certificate');
    }
    const rootDays = trustRoot.rootValidityDays ?? TRUST_ROOT_DEFAULTS.rootValidityDays;
    const intermediateDays = trustRoot.intermediateValidityDays ?? TRUST_ROOT_DEFAULTS.intermediateValidityDays;
    if (intermediateDays >= rootDays) {
      if (trustRoot.intermediateValidityDays !== undefined) {
        problems.error(origin, ['spec', 'trustRoot', 'intermediateValidityDays'], trustRoot.intermediateValidityDays,
          `must be less than rootValidityDays (${rootDays}${trustRoot.rootValidityDays === undefined ? ', the default' : ''}): `
          + 'an intermediate must not outlive its root, and is renewed while the root is still valid');
      } else {
        problems.error(origin, ['spec', 'trustRoot', 'rootValidityDays'], trustRoot.rootValidityDays,
          `must be more than intermediateValidityDays (${intermediateDays}, the default): an intermediate must not outlive its root; `
          + 'set intermediateValidityDays below it');
      }
    }
  }
  return {
    origin,
    name: origin.name,
    provider,
    trustRoot: trustRoot ? { ...trustRoot } : undefined,
    istio: {
      version: stripV(version),
      install,
      revision: spec.istio?.revision,
      dataPlaneMode: spec.istio?.dataPlaneMode,
      globalNamespaces: spec.istio?.globalNamespaces,
    },
    linkerd: spec.linkerd ? { version: spec.linkerd.version } : undefined,
    endpointDiscovery: spec.endpointDiscovery ?? 'none',
    secretDelivery: readSecretDelivery(origin, spec.secretDelivery, baseDir, problems),
  };
}

const DELIVERY_MODES = ['keyStore', 'sops', 'sealedSecrets', 'externalSecrets'] as const;

/** `spec.secretDelivery`: exactly one mode; the age recipients and the certificate are checked here, at their fields. */
function readSecretDelivery(origin: Origin, sd: SecretDeliverySpec | undefined, baseDir: string,
  problems: Problems): SecretDeliveryModel | undefined {
  if (sd === undefined) { return undefined; }
  const at = ['spec', 'secretDelivery'];
  const modes = DELIVERY_MODES.filter(m => sd[m] !== undefined);
  if (modes.length !== 1) {
    problems.error(origin, at, modes.length === 0 ? sd : Object.fromEntries(modes.map(m => [m, '…'])), modes.length === 0
      ? `must set one of ${DELIVERY_MODES.join(', ')}`
      : `sets ${modes.join(' and ')}: every Secret is delivered one way, so choose one mode`);
    return undefined;
  }
  // The one mode set: its options are defined.
  const mode = modes[0];
  switch (mode) {
    case 'sops': {
      const o = sd.sops!;
      o.ageRecipients.forEach((r, i) => {
        const problem = ageRecipientProblem(r);
        if (problem) { problems.error(origin, [...at, 'sops', 'ageRecipients', i], r, problem); }
      });
      return { mode, ageRecipients: o.ageRecipients };
    }
    case 'sealedSecrets': {
      const o = sd.sealedSecrets!;
      const fileAt = [...at, 'sealedSecrets', 'certificateFile'];
      const file = resolveFile(origin, fileAt, o.certificateFile, baseDir, 'the Sealed Secrets controller\'s certificate file', problems);
      if (!file) { return undefined; }
      let problem: string | undefined;
      try {
        problem = sealedSecretsCertificateProblem(readInputFile(origin.where(fileAt), 'certificateFile', o.certificateFile, file, PEM_FILE));
      } catch (e) {
        problem = (e as Error).message.replace(/^.*?'certificateFile' \(.*?\) /, '');
      }
      if (problem) {
        problems.error(origin, fileAt, o.certificateFile, problem);
        return undefined;
      }
      return { mode, certificateFile: file, certificateFileAsWritten: o.certificateFile, scope: o.scope };
    }
    case 'externalSecrets': {
      const o = sd.externalSecrets!;
      const problem = storeNameProblem(o.storeName);
      if (problem) { problems.error(origin, [...at, 'externalSecrets', 'storeName'], o.storeName, problem); }
      return {
        mode,
        storeName: o.storeName,
        storeKind: o.storeKind,
        remoteKeyPrefix: o.remoteKeyPrefix,
        refreshInterval: o.refreshInterval,
        storeOutsideTree: o.storeOutsideTree,
      };
    }
    default:
      return { mode };
  }
}

function readApiServer(origin: Origin, spec: ClusterSpec, baseDir: string, problems: Problems): ApiServerModel | undefined {
  if (spec.apiServer !== undefined && spec.kubeconfig !== undefined) {
    problems.error(origin, ['spec', 'kubeconfig'], spec.kubeconfig, 'and spec.apiServer are both set: give the API server once, with one of them');
    return undefined;
  }
  if (spec.kubeconfig) {
    const file = resolveFile(origin, ['spec', 'kubeconfig', 'file'], spec.kubeconfig.file, baseDir, 'a kubeconfig file', problems);
    if (!file) { return undefined; }
    checkKubeconfig(origin, { file: ['spec', 'kubeconfig', 'file'], context: ['spec', 'kubeconfig', 'context'] }, spec.kubeconfig.file, file, spec.kubeconfig.context, problems);
    return { kind: 'kubeconfig', file, context: spec.kubeconfig.context };
  }
  if (spec.apiServer) {
    const a = spec.apiServer;
    if (a.caFile !== undefined && a.caData !== undefined) {
      problems.error(origin, ['spec', 'apiServer', 'caData'], '<set>', 'and caFile are both set: give the CA once');
      return undefined;
    }
    const caFile = a.caFile !== undefined ? resolveFile(origin, ['spec', 'apiServer', 'caFile'], a.caFile, baseDir, 'a CA certificate file', problems) : undefined;
    if (a.caFile !== undefined && !caFile) { return undefined; }
    const model: ApiServerModel = { kind: 'url', server: a.server, caFile, caData: a.caData };
    try {
      ApiServer.fromUrl(a.server, { caFile, caData: a.caData })._resolve(origin.where(['spec', 'apiServer']), 'spec.apiServer');
    } catch (e) {
      const msg = (e as Error).message.split(caFile ?? '\u0000').join(a.caFile);
      problems.add({ severity: 'error', file: origin.file, position: origin.position(['spec', 'apiServer']), document: origin.label, message: msg, raw: msg });
      return undefined;
    }
    return model;
  }
  return undefined;
}

/** `unnamedMeshes`: Mesh documents whose name has an error (reported there), which a cluster without spec.mesh may mean. */
function readCluster(origin: Origin, spec: ClusterSpec, names: NameRegistry, unnamedMeshes: number, baseDir: string,
  problems: Problems): ClusterModel {
  const role = spec.role ?? 'primary';
  if (role === 'remote' && spec.primary === undefined) {
    problems.error(origin, ['spec', 'role'], undefined, 'must name the primary cluster that manages this remote (role is remote)', 'spec.primary');
  }
  if (role === 'primary' && spec.primary !== undefined) {
    problems.error(origin, ['spec', 'primary'], spec.primary, 'is only allowed with role: remote; a primary runs its own control plane');
  }
  if (spec.primary !== undefined && spec.primary === origin.name) {
    problems.error(origin, ['spec', 'primary'], spec.primary, 'must be another cluster: a remote cannot be its own primary');
  }
  let mesh = spec.mesh;
  if (mesh === undefined) {
    const all = names.names('mesh');
    if (all.length === 1 && unnamedMeshes === 0) {
      mesh = all[0];
    } else if (unnamedMeshes > 0) {
      mesh = ''; // a Mesh document's name has an error (reported there): which mesh is meant is known once it is fixed
    } else {
      problems.error(origin, ['spec'], undefined, all.length === 0
        ? 'is required: the file declares no Mesh (add a Mesh document)'
        : `is required when the file declares several meshes (${all.join(', ')})`, 'spec.mesh');
      mesh = '';
    }
  }
  if (spec.eastWestGateway?.serviceType === 'NodePort') {
    problems.error(origin, ['spec', 'eastWestGateway', 'serviceType'], 'NodePort',
      'is not supported in a mesh file: istiod cannot discover a NodePort gateway, so it is named in global.meshNetworks by its address '
      + 'and a fixed node port for 15443 (EastWestGateway nodePorts.tls), which the mesh file has no field for; '
      + 'use LoadBalancer, or describe this cluster in TypeScript');
  }
  // A selector readSelector refuses (undefined) is reported as an error, which keeps this document from the builder.
  const selectors = spec.discoverySelectors?.map((s, i) => readSelector(origin, ['spec', 'discoverySelectors', i], s, problems))
    .filter((s): s is LabelSelectorConfig => s !== undefined);
  return {
    origin,
    name: origin.name,
    mesh,
    network: spec.network,
    role,
    primary: spec.primary,
    apiServer: readApiServer(origin, spec, baseDir, problems),
    eastWestGateway: spec.eastWestGateway ? { enabled: spec.eastWestGateway.enabled ?? true, ...spec.eastWestGateway } : undefined,
    discoverySelectors: selectors,
    sampleApps: spec.sampleApps ?? false,
    waypoints: Array.isArray(spec.waypoints) ? spec.waypoints.map(w => ({ ...w })) : undefined,
  };
}

function readRemoteAccess(origin: Origin, spec: RemoteAccessSpec, baseDir: string, problems: Problems): RemoteAccessModel {
  const scope = spec.scope ?? 'cluster';
  if (scope === 'namespaces' && spec.namespaces === undefined) {
    problems.error(origin, ['spec', 'scope'], undefined, 'must list the namespaces the consumer may read (scope is namespaces)', 'spec.namespaces');
  }
  if (scope === 'cluster' && spec.namespaces !== undefined) {
    problems.error(origin, ['spec', 'namespaces'], spec.namespaces, 'is only allowed with scope: namespaces (the scope is cluster)');
  }
  if (scope === 'namespaces' && (spec.consumer === 'istio' || spec.consumer === 'linkerd')) {
    problems.error(origin, ['spec', 'scope'], scope, spec.consumer === 'istio'
      ? 'cannot be used with consumer istio: istiod lists and watches Services, Pods, EndpointSlices, Namespaces and Nodes across the whole cluster '
        + 'and filters them itself; use scope: cluster, and limit what istiod reads with the Cluster\'s discoverySelectors'
      : 'cannot be used with consumer linkerd: the service mirror watches Services and Endpoints in every namespace of the target cluster; '
        + 'use scope: cluster, and choose what is mirrored with the link\'s selectors');
  }
  if (spec.viewOnly !== undefined && spec.consumer !== 'kiali') {
    problems.error(origin, ['spec', 'viewOnly'], spec.viewOnly, `applies to consumer kiali only (the consumer is ${spec.consumer})`);
  }
  if (spec.consumerCluster !== undefined && spec.consumerCluster === spec.cluster) {
    problems.error(origin, ['spec', 'consumerCluster'], spec.consumerCluster, 'must differ from spec.cluster: a consumer reads another cluster');
  }
  const tokenFile = readTokenFile(origin, spec, baseDir, problems);
  return {
    origin,
    name: origin.name,
    cluster: spec.cluster,
    consumer: spec.consumer,
    consumerCluster: spec.consumerCluster,
    consumerNamespace: spec.consumerNamespace,
    scope,
    namespaces: spec.namespaces,
    viewOnly: spec.viewOnly,
    tokenSecret: spec.tokenSecret ?? false,
    tokenFile,
    tokenFileAsWritten: spec.credentials?.tokenFile,
  };
}

function readDelivery(origin: Origin, spec: DeliverySpec, problems: Problems): DeliveryModel | undefined {
  if (spec.argoCd !== undefined && spec.flux !== undefined) {
    problems.error(origin, ['spec', 'flux'], spec.flux, 'is not allowed beside spec.argoCd: one output tree is delivered by one engine; keep one of them');
    return undefined;
  }
  if (spec.argoCd === undefined && spec.flux === undefined) {
    problems.error(origin, ['spec'], spec, 'must set the engine: spec.argoCd or spec.flux');
    return undefined;
  }
  const engine = spec.argoCd !== undefined ? 'argoCd' : 'flux';
  return { origin, engine, options: spec[engine]! };
}

/** `spec.credentials.tokenFile`, resolved against the mesh file's directory (RemoteAccess, ServiceMirrorLink). */
function readTokenFile(origin: Origin, spec: CredentialsSpec, baseDir: string, problems: Problems): string | undefined {
  return spec.credentials
    ? resolveFile(origin, ['spec', 'credentials', 'tokenFile'], spec.credentials.tokenFile, baseDir, 'a token file', problems)
    : undefined;
}

function readServiceMirrorLink(origin: Origin, spec: ServiceMirrorLinkSpec, baseDir: string, problems: Problems): ServiceMirrorLinkModel {
  if (spec.source === spec.target) {
    problems.error(origin, ['spec', 'target'], spec.target, 'must differ from spec.source: a cluster does not link to itself');
  }
  if (spec.gateway && spec.gateway.address === undefined) {
    problems.error(origin, ['spec', 'gateway'], undefined, 'is required when the link uses the gateway (spec.gateway is set)', 'spec.gateway.address');
  }
  const sel = (name: LinkSelectorField) => (spec[name] ? readSelector(origin, ['spec', name], spec[name], problems) : undefined);
  const tokenFile = readTokenFile(origin, spec, baseDir, problems);
  return {
    origin,
    name: origin.name,
    source: spec.source,
    target: spec.target,
    // Unset controller settings stay unset: the construct's defaults apply, and the
    // controllers[] entry carries only what the file sets (controllerDefaults does the rest).
    controller: {
      mode: spec.controller?.mode ?? 'chart',
      replicas: spec.controller?.replicas,
      logLevel: spec.controller?.logLevel,
      logFormat: spec.controller?.logFormat,
      resources: spec.controller?.resources,
    },
    tokenFile,
    tokenFileAsWritten: spec.credentials?.tokenFile,
    gateway: spec.gateway ? {
      address: spec.gateway.address,
      port: spec.gateway.port ?? 4143,
      identity: spec.gateway.identity,
    } : undefined,
    selector: sel('selector'),
    remoteDiscoverySelector: sel('remoteDiscoverySelector'),
    federatedServiceSelector: sel('federatedServiceSelector'),
    excludedLabels: spec.excludedLabels,
    excludedAnnotations: spec.excludedAnnotations,
  };
}

// ---------------------------------------------------------------------------------------------
// Across documents

function checkReferences(model: Pick<MeshFileModel, 'meshes' | 'clusters' | 'remoteAccess' | 'links'>, names: NameRegistry, problems: Problems): void {
  const meshByName = new Map(model.meshes.map(m => [m.name, m]));
  const clusterByName = new Map(model.clusters.map(c => [c.name, c]));
  const meshList = () => names.names('mesh').join(', ') || 'none';
  const clusterList = () => names.names('cluster').join(', ') || 'none';
  const clusterRef = (origin: Origin, field: string, name: string | undefined): ClusterModel | undefined => {
    if (name === undefined) { return undefined; }
    if (!names.get('cluster', name)) {
      problems.error(origin, ['spec', field], name, `names a cluster this file does not declare (clusters: ${clusterList()})`);
    }
    return clusterByName.get(name);
  };

  for (const c of model.clusters) {
    if (c.origin.format === 'native' && c.mesh !== '' && !names.get('mesh', c.mesh)) {
      problems.error(c.origin, ['spec', 'mesh'], c.mesh, `names a mesh this file does not declare (meshes: ${meshList()})`);
    }
    if (c.primary !== undefined && c.primary !== c.name) {
      const p = clusterRef(c.origin, 'primary', c.primary);
      if (p && p.role !== 'primary') {
        problems.error(c.origin, ['spec', 'primary'], c.primary, 'must be a primary cluster, but it is itself a remote: chains of remotes are not supported');
      } else if (p && p.mesh !== c.mesh) {
        problems.error(c.origin, ['spec', 'primary'], c.primary, `is in mesh "${p.mesh}": a remote's primary must be in the same mesh ("${c.mesh}")`);
      } else if (p && c.role === 'remote' && !p.eastWestGateway?.enabled && meshByName.get(c.mesh)?.provider === 'istio') {
        problems.error(c.origin, ['spec', 'primary'], c.primary,
          'has no east-west gateway, but a remote reaches its primary\'s istiod through it (global.remotePilotAddress): '
          + `give Cluster/${p.name} an eastWestGateway with the address of its load balancer (an IP or DNS name)`);
      }
    }
  }
  for (const m of model.meshes) {
    if (m.endpointDiscovery !== 'full') { continue; }
    for (const c of model.clusters.filter(x => x.mesh === m.name && !x.apiServer)) {
      if (c.origin.format === 'native') {
        problems.error(c.origin, ['spec'], undefined,
          `is required: mesh "${m.name}" has endpointDiscovery: full, which needs every cluster's API server (give spec.apiServer or spec.kubeconfig)`,
          'spec.apiServer');
      }
    }
  }
  for (const m of model.meshes) {
    if (m.provider === 'linkerd' && !m.trustRoot && m.origin.format === 'native') {
      problems.error(m.origin, ['spec'], undefined,
        'is required for provider linkerd: linked Linkerd clusters must share one trust anchor, and each needs an identity issuer signed by it '
        + '(trustRoot: {} makes an ECDSA P-256 anchor and one issuer per cluster)', 'spec.trustRoot');
    }
  }
  for (const m of model.meshes) {
    if (m.provider !== 'istio') { continue; }
    const members = model.clusters.filter(c => c.mesh === m.name);
    const networks = [...new Set(members.map(c => c.network ?? c.name))].sort();
    if (networks.length < 2) { continue; }
    const why = `mesh "${m.name}" spans networks ${networks.join(', ')}, and clusters on different networks reach each other only through east-west gateways`;
    for (const c of members.filter(x => !x.eastWestGateway?.enabled)) {
      if (c.eastWestGateway) {
        problems.error(c.origin, ['spec', 'eastWestGateway', 'enabled'], false, `must be true: ${why}`);
      } else {
        problems.error(c.origin, ['spec'], undefined, `is required: ${why} (eastWestGateway: {} emits one)`, 'spec.eastWestGateway');
      }
    }
  }
  for (const r of model.remoteAccess) {
    const read = clusterRef(r.origin, 'cluster', r.cluster);
    clusterRef(r.origin, 'consumerCluster', r.consumerCluster);
    if (read && r.tokenFile !== undefined && !read.apiServer) {
      problems.error(r.origin, ['spec', 'credentials'], { tokenFile: r.tokenFileAsWritten },
        `cannot be used: Cluster/${read.name} has no API server, so the consumer's Secret cannot say where to connect: `
        + 'give that Cluster spec.apiServer or spec.kubeconfig');
    }
  }
  for (const l of model.links) {
    const s = clusterRef(l.origin, 'source', l.source);
    const t = clusterRef(l.origin, 'target', l.target);
    if (s && t && s.mesh !== t.mesh) {
      problems.error(l.origin, ['spec', 'target'], l.target, `is in mesh "${t.mesh}" and the source in mesh "${s.mesh}": a link connects clusters of one mesh`);
    } else if (s) {
      if (t && l.tokenFile !== undefined && !t.apiServer) {
        problems.error(l.origin, ['spec', 'credentials'], { tokenFile: l.tokenFileAsWritten },
          `cannot be used: Cluster/${t.name} has no API server, so the link's credentials cannot say where to connect: `
          + 'give that Cluster spec.apiServer or spec.kubeconfig');
      }
      const mesh = meshByName.get(s.mesh);
      if (mesh && mesh.provider !== 'linkerd') {
        problems.error(l.origin, ['spec', 'source'], l.source, `is in mesh "${mesh.name}", whose provider is ${mesh.provider}: service-mirror links are for Linkerd meshes`);
      }
    }
  }
}
