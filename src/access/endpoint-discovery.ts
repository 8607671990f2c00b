import { Construct } from 'constructs';
import { AccessConsumer } from './access-consumer';
import { Credential } from './credential';
import { PendingSecrets, RemoteAccess, _withoutPendingWarnings } from './remote-access';
import { provideEndpointDiscovery } from '../core/_features';
import { fail } from '../core/_validation';
import type { Mesh } from '../core/mesh';
import type { MeshCluster } from '../core/mesh-cluster';
import { ControlPlaneRole } from '../core/mesh-kinds';
import { addLazyWarning } from '../output/_metadata';

/** Options of `Mesh.enableEndpointDiscovery()`. */
export interface EndpointDiscoveryOptions {
  /**
   * A credential per cluster being read, by cluster name: the token (or client
   * certificate) every primary's istiod uses to read that cluster. With a
   * credential for each of N clusters, the synth builds all the remote secrets
   * (N-1 per primary) in the key store.
   *
   * @default - none: every remote secret is pending, and the synth prints, per
   * cluster, the command that completes them
   */
  readonly credentials?: { [clusterName: string]: Credential };
  /**
   * Emit the explicit long-lived token Secret
   * `istio-reader-service-account-istio-remote-secret-token` in every cluster
   * (see `RemoteAccessProps.tokenSecret` for the trade-off).
   *
   * @default false
   */
  readonly tokenSecrets?: boolean;
}

/** Props of an `EndpointDiscovery`. */
export interface EndpointDiscoveryProps extends EndpointDiscoveryOptions {
  /** The Istio mesh whose clusters discover each other's endpoints. */
  readonly mesh: Mesh;
}

/**
 * Full-mesh endpoint discovery for an Istio mesh: every primary's istiod reads
 * every other cluster of the mesh (the other primaries, its own remotes, and
 * the other primaries' remotes), through an `AccessConsumer.istio()`
 * `RemoteAccess` per ordered pair, for the clusters present now and those that
 * join later. A remote reads nothing: its primary's istiod serves it.
 *
 * Usually created with `mesh.enableEndpointDiscovery()`.
 */
export class EndpointDiscovery extends Construct {
  /** The mesh. */
  public readonly mesh: Mesh;
  private readonly joined: MeshCluster[] = [];
  private readonly _accesses: RemoteAccess[] = [];
  private readonly credentials: { [clusterName: string]: Credential };
  private readonly tokenSecrets: boolean;
  private readonly pendingByCluster = new Map<string, PendingSecrets[]>();

  constructor(scope: Construct, id: string, props: EndpointDiscoveryProps) {
    super(scope, id);
    const where = this.node.path;
    this.mesh = props.mesh;
    if (this.mesh.provider !== 'istio') {
      fail(where, 'mesh', this.mesh.meshId,
        `is a ${this.mesh.provider} mesh: endpoint discovery through remote secrets is Istio's; link Linkerd clusters with ServiceMirrorLink`);
    }
    this.credentials = props.credentials ?? {};
    if (typeof this.credentials !== 'object' || Array.isArray(this.credentials)) {
      fail(where, 'credentials', this.credentials, 'must map cluster names to Credentials');
    }
    for (const [name, c] of Object.entries(this.credentials)) {
      if (!(c instanceof Credential)) {
        fail(where, `credentials.${name}`, c, 'must be a Credential: Credential.fromTokenFile(), .fromEnv() or .fromClientCertificate()');
      }
    }
    this.tokenSecrets = props.tokenSecrets ?? false;
    this.node.addValidation({ validate: () => this.validateCredentials() });
    this.mesh._forEachCluster(c => this.join(c));
  }

  /** The RemoteAccess objects created so far (a copy). */
  public get accesses(): RemoteAccess[] {
    return [...this._accesses];
  }

  private join(cluster: MeshCluster): void {
    for (const other of this.joined) {
      if (cluster.role === ControlPlaneRole.PRIMARY) {
        this.access(other, cluster);
      }
      if (other.role === ControlPlaneRole.PRIMARY) {
        this.access(cluster, other);
      }
    }
    this.joined.push(cluster);
  }

  /** `consumer`'s istiod reads `read`. */
  private access(read: MeshCluster, consumer: MeshCluster): void {
    const credential = this.credentials[read.clusterName];
    // Named after the consumer. Two consumers with one name are an error the mesh reports at synth
    // (cluster names must be unique): until then, the second gets a numbered id instead of a construct clash.
    let id = `EndpointDiscovery.${consumer.clusterName}`;
    for (let n = 2; read.node.tryFindChild(id); n++) {
      id = `EndpointDiscovery.${consumer.clusterName}.${n}`;
    }
    const access = _withoutPendingWarnings(read, () => new RemoteAccess(read, id, {
      consumer: AccessConsumer.istio(),
      consumerCluster: consumer,
      credential,
      tokenSecret: this.tokenSecrets,
    }));
    this._accesses.push(access);
    if (access._pending) {
      const list = this.pendingByCluster.get(read.clusterName);
      if (list) {
        list.push(access._pending);
      } else {
        const pending = [access._pending];
        this.pendingByCluster.set(read.clusterName, pending);
        addLazyWarning(this, () => this.pendingWarning(pending));
      }
    }
  }

  private pendingWarning(pending: PendingSecrets[]): string {
    const p = pending[0];
    const consumers = pending.map(x => x.consumerCluster);
    return `endpoint discovery: Secret ${p.secrets.join(', ')} is pending in ${consumers.length} cluster(s) (${consumers.join(', ')}): `
      + `no credential was given for cluster "${p.cluster}". Complete them: ${p.needsApiServer ? `set apiServer on cluster "${p.cluster}"; ` : ''}`
      + `run ${p.tokenCommand} ; pass credentials: { '${p.cluster}': Credential.fromTokenFile('${p.tokenFile}') } to enableEndpointDiscovery() ; `
      + `synthesize again, and apply ${pending.map(x => x.files[0]).join(' and ')} to ${consumers.length > 1 ? 'those clusters' : `cluster "${p.consumerCluster}"`}`;
  }

  private validateCredentials(): string[] {
    const names = new Set(this.mesh.clusters.map(c => c.clusterName));
    return Object.keys(this.credentials).filter(n => !names.has(n)).sort().map(n =>
      `'credentials' names cluster "${n}", which is not a cluster of mesh "${this.mesh.meshId}" (clusters: ${[...names].sort().join(', ') || 'none'})`);
  }
}

provideEndpointDiscovery((mesh, options) => new EndpointDiscovery(mesh, 'EndpointDiscovery', { ...options, mesh }));
