/**
 * Translates ristioctl (`ristioctl.k8smgmt.io/v3`) documents into the native
 * document model with ristioctl's own conventions (reference/ristioctl.md):
 *
 * - a `Certificate` describes a mesh (its `meshID`) and its certificates: a
 *   Mesh with a trust root (RSA-2048, as ristioctl's step default), installed
 *   with istioctl (ristioctl runs `istioctl install`), with full endpoint
 *   discovery (ristioctl applies every cluster's remote secret to every other);
 * - a `Cluster` is a primary on network `network-<cluster>` with an east-west
 *   gateway, reading its API server from `kubeconfigFile`/`context`, with the
 *   helloworld and curl samples (sleep before Istio 1.24) when `installHelloWorld` is true.
 *
 * Fields ristioctl ignores (`password`, `folder` as written in its examples,
 * metadata labels and annotations, `installHelloWorld` under a Certificate) and
 * fields this library does not use (`sanSuffix`) produce warnings.
 */
import { checkIstioVersion, checkKubeconfig, NameRegistry, Problems, resolveFile } from './common';
import { ClusterModel, MeshModel, Origin } from './model';
import { TypedDocument, validatedValue } from './validate';
import { IstioVersion } from '../istio/version';

/** The metadata of a ristioctl document (RistioctlCertificate, RistioctlCluster in schema.ts). */
interface RistioctlMetadata {
  readonly name: string;
  readonly labels?: Record<string, unknown>;
  readonly annotations?: Record<string, unknown>;
}

/** A ristioctl `Cluster` document that passed the schema (RistioctlCluster). */
interface RistioctlClusterDocument {
  readonly metadata: RistioctlMetadata;
  readonly spec: {
    readonly meshID: string;
    readonly kubeconfigFile: string;
    readonly context?: string;
    readonly version?: string;
    readonly installHelloWorld?: boolean | 'true' | 'false';
  };
}

/** A ristioctl `Certificate` document that passed the schema (RistioctlCertificate). */
interface RistioctlCertificateDocument {
  readonly metadata: RistioctlMetadata;
  readonly spec: {
    readonly meshID: string;
    readonly validityHours?: number | string;
    readonly sanSuffix?: string;
    readonly folder?: string;
    readonly password?: boolean;
    readonly installHelloWorld?: boolean | 'true' | 'false';
  };
}

/** The network ristioctl gives a cluster. */
export function ristioctlNetwork(cluster: string): string {
  return `network-${cluster}`;
}

function warnMetadata(origin: Origin, metadata: RistioctlMetadata, problems: Problems): void {
  for (const field of ['labels', 'annotations'] as const) {
    if (metadata[field] !== undefined) {
      problems.warn(origin, ['metadata', field], metadata[field], 'is ignored, as ristioctl ignores it');
    }
  }
}

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Translates the valid ristioctl documents of a file. */
export function translateRistioctl(
  docs: { typed: TypedDocument; origin: Origin }[],
  names: NameRegistry,
  baseDir: string,
  problems: Problems,
): { meshes: MeshModel[]; clusters: ClusterModel[] } {
  const certificates = docs.filter(d => d.typed.kind === 'Certificate');
  const clusterDocs = docs.filter(d => d.typed.kind === 'Cluster');

  const clusters: ClusterModel[] = [];
  const versions = new Map<string, { version: string; origin: Origin }>();
  for (const { typed, origin } of clusterDocs) {
    const value = validatedValue<RistioctlClusterDocument>(typed);
    const spec = value.spec;
    warnMetadata(origin, value.metadata, problems);
    const declaring = names.get('mesh', spec.meshID);
    if (!declaring) {
      const ids = certificates.map(c => validatedValue<RistioctlCertificateDocument>(c.typed).spec.meshID);
      problems.error(origin, ['spec', 'meshID'], spec.meshID,
        `names a mesh no Certificate document of this file declares (meshIDs: ${ids.join(', ') || 'none'}): ristioctl needs one Certificate per mesh`);
    } else if (declaring.kind !== 'Certificate') {
      const p = declaring.position(['metadata', 'name']);
      problems.error(origin, ['spec', 'meshID'], spec.meshID,
        `names the native Mesh at ${declaring.file}:${p.line}:${p.col}: a ristioctl Cluster joins the mesh of a ristioctl Certificate; `
        + 'write this cluster as a native Cluster (cdk8s-mesh.io/v1alpha1) to join a native Mesh');
    }
    if (spec.version !== undefined) {
      const first = versions.get(spec.meshID);
      if (!first) {
        versions.set(spec.meshID, { version: spec.version, origin });
        checkIstioVersion(origin, ['spec', 'version'], spec.version, 'istioctl', false, problems);
      } else if (first.version !== spec.version) {
        const p = first.origin.position(['spec', 'version']);
        problems.error(origin, ['spec', 'version'], spec.version,
          `differs from "${first.version}" in ${first.origin.label} (${first.origin.file}:${p.line}:${p.col}): `
          + `every cluster of mesh "${spec.meshID}" runs one Istio release`);
      }
    }
    const file = resolveFile(origin, ['spec', 'kubeconfigFile'], spec.kubeconfigFile, baseDir, 'a kubeconfig file', problems);
    if (file) {
      checkKubeconfig(origin, { file: ['spec', 'kubeconfigFile'], context: ['spec', 'context'] }, spec.kubeconfigFile, file, spec.context, problems);
    }
    clusters.push({
      origin,
      name: origin.name,
      mesh: spec.meshID,
      network: ristioctlNetwork(origin.name),
      role: 'primary',
      apiServer: file ? { kind: 'kubeconfig', file, context: spec.context } : undefined,
      // ristioctl installs the gateway with istioctl: the istio-ingress shape.
      eastWestGateway: { enabled: true, layout: 'istioctl' },
      sampleApps: isTrue(spec.installHelloWorld),
    });
  }

  const meshes: MeshModel[] = [];
  for (const { typed, origin } of certificates) {
    const value = validatedValue<RistioctlCertificateDocument>(typed);
    const spec = value.spec;
    warnMetadata(origin, value.metadata, problems);
    if (spec.password !== undefined) {
      problems.warn(origin, ['spec', 'password'], spec.password,
        'is ignored, as ristioctl ignores it: private keys are never encrypted; they are written to the key store (--key-store) with mode 0600');
    }
    if (spec.folder !== undefined) {
      problems.warn(origin, ['spec', 'folder'], spec.folder,
        'is ignored: keys and certificates are kept in the key store (--key-store, default .mesh-keys), outside the output tree');
    }
    if (spec.installHelloWorld !== undefined) {
      problems.warn(origin, ['spec', 'installHelloWorld'], spec.installHelloWorld,
        'is ignored, as ristioctl ignores it in a Certificate: set it in the Cluster documents');
    }
    if (spec.sanSuffix !== undefined) {
      problems.warn(origin, ['spec', 'sanSuffix'], spec.sanSuffix,
        'is not used: certificates are named as Istio\'s tools/certs name them (CN=Root CA; CN=Intermediate CA, L=<cluster>), '
        + `not root.${spec.sanSuffix} and <cluster>.${spec.sanSuffix}; Istio does not read these names`);
    }
    const hours = spec.validityHours === undefined ? undefined : Number(spec.validityHours);
    // ristioctl gives the root and the intermediates the same validity. TrustRoot renews intermediates
    // inside their root's lifetime, so they must be shorter: half the root's, in whole days.
    const rootDays = hours === undefined ? undefined : Math.max(2, Math.ceil(hours / 24));
    const intermediateDays = rootDays === undefined ? undefined : Math.floor(rootDays / 2);
    if (hours !== undefined) {
      problems.warn(origin, ['spec', 'validityHours'], spec.validityHours,
        `gives the root ${days(rootDays!)} (rounded up to whole days) and each cluster's intermediate ${days(intermediateDays!)}: `
        + 'ristioctl gives both the same validity, but an intermediate must be renewable before its root expires');
    }
    const version = versions.get(spec.meshID)?.version ?? IstioVersion.DEFAULT.version;
    meshes.push({
      origin,
      name: spec.meshID,
      provider: 'istio',
      trustRoot: {
        algorithm: 'RSA_2048',
        rootValidityDays: rootDays,
        intermediateValidityDays: intermediateDays,
      },
      istio: { version: version.startsWith('v') ? version.slice(1) : version, install: 'istioctl' },
      endpointDiscovery: 'full',
    });
  }
  return { meshes, clusters };
}
