import { X509Certificate } from 'crypto';
import * as path from 'path';
import * as YAML from 'yaml';
import type { KubeconfigFile } from './_kubeconfig-file';
import { KUBECONFIG_FILE, PEM_FILE, readInputFile } from '../core/_input-files';
import { fail, invalid } from '../core/_validation';

/** Options for `ApiServer.fromUrl()`. */
export interface ApiServerOptions {
  /**
   * The API server's CA certificate: PEM text, or base64-encoded PEM as in a
   * kubeconfig's `certificate-authority-data`.
   *
   * @default - no CA unless `caFile` is given
   */
  readonly caData?: string;
  /**
   * A file holding the API server's CA certificate (PEM), relative to the
   * current directory.
   *
   * @default - no CA unless `caData` is given
   */
  readonly caFile?: string;
  /**
   * Skip verification of the API server's certificate. Credentials built for
   * such a server say so (`insecure-skip-tls-verify: true`); use only for labs.
   *
   * @default false
   */
  readonly insecureSkipTlsVerify?: boolean;
  /**
   * The server name to verify the API server's certificate against, when it
   * differs from the URL's host (`tls-server-name`).
   *
   * @default - the URL's host
   */
  readonly tlsServerName?: string;
}

/** Options for `ApiServer.fromKubeconfig()`. */
export interface KubeconfigOptions {
  /**
   * The context whose cluster is used.
   *
   * @default - the kubeconfig's `current-context`
   */
  readonly context?: string;
}

/**
 * How other clusters reach a cluster's API server, resolved: the server URL and
 * the CA that signs its serving certificate.
 */
export interface ApiServerEndpoint {
  /** The API server URL, such as `https://10.0.0.1:6443`. */
  readonly server: string;
  /**
   * The CA certificate (PEM) that signs the API server's serving certificate.
   *
   * @default - none: the server's certificate cannot be verified
   */
  readonly caPem?: string;
  /**
   * True when certificate verification is skipped.
   *
   * @default false
   */
  readonly insecureSkipTlsVerify?: boolean;
  /**
   * The TLS server name to verify.
   *
   * @default - the URL's host
   */
  readonly tlsServerName?: string;
  /**
   * Where the settings came from: `url` or `kubeconfig <file> context <name>`.
   *
   * @default - not recorded
   */
  readonly source?: string;
}

/**
 * How other clusters (remote-secret readers such as istiod, Kiali, Linkerd's
 * service mirror or Argo CD) reach a cluster's API server.
 *
 * Give the URL and CA directly with `ApiServer.fromUrl()`, or read them from a
 * kubeconfig with `ApiServer.fromKubeconfig()`. Files are read when the
 * cluster is constructed; every problem is reported with the cluster's path.
 */
export class ApiServer {
  /** The API server at `server` (an `https://` URL). */
  public static fromUrl(server: string, options: ApiServerOptions = {}): ApiServer {
    return new ApiServer((where, prop) => resolveUrl(where, prop, server, options));
  }

  /**
   * The API server of a kubeconfig context. The CA is taken from
   * `certificate-authority-data`, or from the `certificate-authority` file,
   * which is resolved relative to the kubeconfig's directory as kubectl does.
   * Only the cluster entry is read: no user credential leaves the kubeconfig.
   *
   * @param file the kubeconfig path, relative to the current directory
   */
  public static fromKubeconfig(file: string, options: KubeconfigOptions = {}): ApiServer {
    return new ApiServer((where, prop) => resolveKubeconfig(where, prop, file, options.context));
  }

  private constructor(private readonly resolver: (where: string, prop: string) => ApiServerEndpoint) {}

  /**
   * Reads and checks the settings. Errors name `where` and `prop`.
   * @internal
   */
  public _resolve(where: string, prop: string): ApiServerEndpoint {
    return this.resolver(where, prop);
  }
}

function checkServer(where: string, prop: string, server: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof server === 'string' ? new URL(server) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname) {
    fail(where, prop, server, 'must be an https:// URL of the Kubernetes API server, such as "https://10.0.0.1:6443"');
  }
  return server as string;
}

function checkCaPem(where: string, prop: string, pem: string, shown: unknown): string {
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) {
      fail(where, prop, shown, 'must hold a CA certificate (basicConstraints CA:TRUE), not a leaf certificate');
    }
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(where)) { throw e; }
    fail(where, prop, shown, 'must hold a PEM-encoded X.509 certificate');
  }
  return pem.endsWith('\n') ? pem : pem + '\n';
}

function decodeCaData(where: string, prop: string, data: unknown): string {
  if (typeof data !== 'string' || data.trim() === '') {
    fail(where, prop, data, 'must be a PEM certificate or base64-encoded PEM');
  }
  const pem = data.includes('-----BEGIN') ? data : Buffer.from(data, 'base64').toString('utf-8');
  return checkCaPem(where, prop, pem, data.length > 40 ? `${data.slice(0, 37)}...` : data);
}

function readCaFile(where: string, prop: string, file: string, base?: string): string {
  const resolved = base ? path.resolve(base, file) : path.resolve(file);
  return checkCaPem(where, prop, readInputFile(where, prop, file, resolved, { ...PEM_FILE, what: 'CA certificate' }), file);
}

function resolveUrl(where: string, prop: string, server: string, options: ApiServerOptions): ApiServerEndpoint {
  checkServer(where, `${prop}.server`, server);
  if (options.caData !== undefined && options.caFile !== undefined) {
    throw new Error(invalid(where, `${prop}.caData`, '<set>', 'and caFile are both set: give the CA once'));
  }
  const caPem = options.caData !== undefined
    ? decodeCaData(where, `${prop}.caData`, options.caData)
    : options.caFile !== undefined ? readCaFile(where, `${prop}.caFile`, options.caFile) : undefined;
  return {
    server,
    caPem,
    insecureSkipTlsVerify: options.insecureSkipTlsVerify ?? false,
    tlsServerName: options.tlsServerName,
    source: 'url',
  };
}

function resolveKubeconfig(where: string, prop: string, file: string, context?: string): ApiServerEndpoint {
  const resolved = path.resolve(file);
  const text = readInputFile(where, `${prop}.kubeconfig`, file, resolved, KUBECONFIG_FILE);
  let config: KubeconfigFile | undefined;
  try {
    config = YAML.parse(text);
  } catch {
    config = undefined;
  }
  if (!config || typeof config !== 'object' || !Array.isArray(config.contexts) || !Array.isArray(config.clusters)) {
    fail(where, `${prop}.kubeconfig`, file, 'must be a kubeconfig (YAML with contexts and clusters lists)');
  }
  const contextName = context ?? config['current-context'];
  const contextNames = config.contexts.map(c => c?.name);
  if (!contextName) {
    fail(where, `${prop}.context`, context, `must name a context of kubeconfig "${file}", which has no current-context (contexts: ${contextNames.join(', ') || 'none'})`);
  }
  const ctx = config.contexts.find(c => c?.name === contextName);
  if (!ctx) {
    fail(where, `${prop}.context`, contextName, `is not a context of kubeconfig "${file}" (contexts: ${contextNames.join(', ') || 'none'})`);
  }
  const clusterName = ctx.context?.cluster;
  const cluster = config.clusters.find(c => c?.name === clusterName)?.cluster;
  if (!cluster) {
    fail(where, `${prop}.context`, contextName, `names cluster "${clusterName}", which kubeconfig "${file}" does not define`);
  }
  if (!cluster.server) {
    fail(where, `${prop}.context`, contextName, `names cluster "${clusterName}" in kubeconfig "${file}", which has no server`);
  }
  const server = checkServer(where, `${prop}.server`, cluster.server);
  const base = path.dirname(resolved);
  const caPem = cluster['certificate-authority-data'] !== undefined
    ? decodeCaData(where, `${prop}.certificate-authority-data`, cluster['certificate-authority-data'])
    : cluster['certificate-authority'] !== undefined
      ? readCaFile(where, `${prop}.certificate-authority`, cluster['certificate-authority'] as string, base)
      : undefined;
  return {
    server,
    caPem,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: cluster['tls-server-name'] as string | undefined,
    source: `kubeconfig ${file} context ${contextName}`,
  };
}
