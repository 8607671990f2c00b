import { createPrivateKey, X509Certificate } from 'crypto';
import * as path from 'path';
import * as YAML from 'yaml';
import type { KubeconfigFile } from './_kubeconfig-file';
import { KEY_FILE, KUBECONFIG_FILE, PEM_FILE, readInputFile, TOKEN_FILE } from '../core/_input-files';
import { jwtExpiry } from '../core/_jwt';
import { fail } from '../core/_validation';

/** Options for `Credential.fromClientCertificate()`: two PEM files, or a kubeconfig user. */
export interface ClientCertificateOptions {
  /**
   * A PEM file holding the client certificate, relative to the current directory.
   * Give it with `keyFile`, or give `kubeconfig` instead.
   *
   * @default - none: the certificate comes from `kubeconfig`
   */
  readonly certificateFile?: string;
  /**
   * A PEM file holding the client certificate's private key, relative to the
   * current directory.
   *
   * @default - none: the key comes from `kubeconfig`
   */
  readonly keyFile?: string;
  /**
   * A kubeconfig whose context user authenticates with a client certificate
   * (`client-certificate-data`/`client-key-data`, or `client-certificate`/
   * `client-key` files relative to the kubeconfig), such as the kubeconfig an
   * authenticating proxy (Rafay's zero-trust kubectl access) hands out.
   *
   * @default - none: give `certificateFile` and `keyFile`
   */
  readonly kubeconfig?: string;
  /**
   * The kubeconfig context whose user is read.
   *
   * @default - the kubeconfig's `current-context`
   */
  readonly context?: string;
}

/** What a consumer authenticates with, read and checked. @internal */
export interface ResolvedCredential {
  /** A ServiceAccount bearer token. */
  readonly token?: string;
  /** A client certificate (PEM). */
  readonly certificatePem?: string;
  /** The client certificate's private key (PEM). */
  readonly keyPem?: string;
}

const JWT_PART = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * True when `token` has the shape of a JWT (a Kubernetes ServiceAccount token):
 * three base64url parts separated by dots, the first decoding to a JSON object.
 * @internal
 */
export function isJwtShaped(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every(p => JWT_PART.test(p))) {
    return false;
  }
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf-8'));
    return header !== null && typeof header === 'object' && !Array.isArray(header);
  } catch {
    return false;
  }
}

/** Tokens that expire within this many days draw a warning at synth (as in check). */
const TOKEN_WARNING_DAYS = 30;

/**
 * The synth warning for a token that has expired or expires within 30 days
 * (its JWT `exp`, decoded, never verified or shown), or undefined. A consumer
 * whose token expires loses the cluster silently (istiod logs it only).
 * @internal
 */
export function tokenExpiryWarning(token: string | undefined, clusterName: string, now: Date): string | undefined {
  if (!token) { return undefined; }
  const exp = jwtExpiry(token);
  if (exp === undefined) { return undefined; }
  const days = Math.floor((exp - now.getTime()) / 86_400_000);
  const date = new Date(exp).toISOString().slice(0, 10);
  if (exp <= now.getTime()) {
    return `the token for cluster "${clusterName}" expired on ${date}: the Secret built from it is refused by the API server; create a new token and synthesize again`;
  }
  if (days < TOKEN_WARNING_DAYS) {
    return `the token for cluster "${clusterName}" expires in ${days} day${days === 1 ? '' : 's'} (${date}): create a new token and synthesize again before then`;
  }
  return undefined;
}

const JWT_RULE = 'a JWT-shaped ServiceAccount token (three base64url parts separated by dots, the first a JSON header); its content is not shown';

function checkToken(where: string, prop: string, shown: string, what: string, raw: string): ResolvedCredential {
  const token = raw.trim();
  if (token === '') {
    fail(where, prop, shown, `${what} is empty: it must hold a ServiceAccount token`);
  }
  if (!isJwtShaped(token)) {
    fail(where, prop, shown, `${what} does not hold ${JWT_RULE}`);
  }
  return { token };
}

function readFile(where: string, prop: string, file: string, what: string, base?: string): string {
  const resolved = base ? path.resolve(base, file) : path.resolve(file);
  const kind = what === 'token' ? TOKEN_FILE : what === 'kubeconfig' ? KUBECONFIG_FILE : /key/.test(what) ? { ...KEY_FILE, what } : { ...PEM_FILE, what };
  return readInputFile(where, prop, file, resolved, kind);
}

function checkClientCertificate(where: string, prop: string, shown: string, certificatePem: string, keyPem: string): ResolvedCredential {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    fail(where, prop, shown, 'does not hold a PEM-encoded X.509 client certificate');
  }
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    fail(where, prop, shown, 'does not hold a PEM-encoded private key for the client certificate; its content is not shown');
  }
  if (!cert.checkPrivateKey(key)) {
    fail(where, prop, shown, 'holds a private key that does not belong to the client certificate');
  }
  return { certificatePem: certificatePem.endsWith('\n') ? certificatePem : `${certificatePem}\n`, keyPem: keyPem.endsWith('\n') ? keyPem : `${keyPem}\n` };
}

function fromKubeconfigUser(where: string, prop: string, file: string, context?: string): ResolvedCredential {
  const text = readFile(where, `${prop}.kubeconfig`, file, 'kubeconfig');
  let config: KubeconfigFile | undefined;
  try {
    config = YAML.parse(text);
  } catch {
    config = undefined;
  }
  if (!config || typeof config !== 'object' || !Array.isArray(config.contexts) || !Array.isArray(config.users)) {
    fail(where, `${prop}.kubeconfig`, file, 'must be a kubeconfig (YAML with contexts and users lists)');
  }
  const contextName = context ?? config['current-context'];
  const ctx = config.contexts.find(c => c?.name === contextName);
  if (!ctx) {
    const names = config.contexts.map(c => c?.name).join(', ') || 'none';
    fail(where, `${prop}.context`, contextName, `is not a context of kubeconfig "${file}" (contexts: ${names})`);
  }
  const userName = ctx.context?.user;
  const user = config.users.find(u => u?.name === userName)?.user;
  const base = path.dirname(path.resolve(file));
  const certificatePem = user?.['client-certificate-data'] !== undefined
    ? Buffer.from(String(user['client-certificate-data']), 'base64').toString('utf-8')
    : user?.['client-certificate'] !== undefined ? readFile(where, `${prop}.kubeconfig`, user['client-certificate'] as string, 'client certificate', base) : undefined;
  const keyPem = user?.['client-key-data'] !== undefined
    ? Buffer.from(String(user['client-key-data']), 'base64').toString('utf-8')
    : user?.['client-key'] !== undefined ? readFile(where, `${prop}.kubeconfig`, user['client-key'] as string, 'client key', base) : undefined;
  if (certificatePem === undefined || keyPem === undefined) {
    fail(where, `${prop}.context`, contextName,
      `has user "${userName}" in kubeconfig "${file}", which has no client certificate and key (client-certificate-data and client-key-data, or client-certificate and client-key)`);
  }
  return checkClientCertificate(where, `${prop}.kubeconfig`, file, certificatePem, keyPem);
}

/**
 * What a consumer (istiod, Kiali, Linkerd's service mirror, Argo CD)
 * authenticates with when it reads another cluster: the credential packed into
 * the consumer's remote-cluster Secret.
 *
 * A ServiceAccount token (`fromTokenFile()`, `fromEnv()`), or a client
 * certificate (`fromClientCertificate()`) for clusters reached through an
 * authenticating proxy, as ristioctl does for Rafay's zero-trust kubectl access.
 *
 * Files and variables are read when the `RemoteAccess` is constructed. The
 * Secrets that carry the credential go to the key store, never to the output
 * tree, and no error message ever shows the credential itself.
 */
export class Credential {
  /**
   * A ServiceAccount token in a file (for example the output of
   * `kubectl create token`), relative to the current directory. The file must
   * hold one JWT-shaped token; surrounding whitespace is ignored.
   */
  public static fromTokenFile(file: string): Credential {
    return new Credential(`token file ${file}`, (where, prop) =>
      checkToken(where, prop, file, 'the token file', readFile(where, prop, file, 'token')));
  }

  /**
   * A ServiceAccount token in an environment variable (for CI pipelines that
   * inject it from a secret store).
   */
  public static fromEnv(variableName: string): Credential {
    return new Credential(`environment variable ${variableName}`, (where, prop) => {
      const shown = `$${variableName}`;
      const value = process.env[variableName];
      if (value === undefined) {
        fail(where, prop, shown, `must name an environment variable holding a ServiceAccount token, but ${variableName} is not set`);
      }
      return checkToken(where, prop, shown, `the environment variable ${variableName}`, value);
    });
  }

  /**
   * A client certificate and its key, from two PEM files or from a kubeconfig
   * user. Use it for clusters reached through an authenticating proxy that
   * accepts client certificates: the consumer then acts as the certificate's
   * user, with that user's permissions, and the ServiceAccount's roles do not apply.
   */
  public static fromClientCertificate(options: ClientCertificateOptions): Credential {
    return new Credential(options.kubeconfig !== undefined ? `client certificate of kubeconfig ${options.kubeconfig}` : `client certificate ${options.certificateFile}`,
      (where, prop) => {
        const files = options.certificateFile !== undefined || options.keyFile !== undefined;
        if (files && options.kubeconfig !== undefined) {
          fail(where, `${prop}.kubeconfig`, options.kubeconfig, 'and certificateFile/keyFile are both set: give the client certificate once, as two PEM files or as a kubeconfig user');
        }
        if (options.kubeconfig !== undefined) {
          return fromKubeconfigUser(where, prop, options.kubeconfig, options.context);
        }
        if (options.certificateFile === undefined || options.keyFile === undefined) {
          fail(where, prop, options, 'must give certificateFile and keyFile (PEM files), or kubeconfig');
        }
        const cert = readFile(where, `${prop}.certificateFile`, options.certificateFile, 'client certificate');
        const key = readFile(where, `${prop}.keyFile`, options.keyFile, 'client key');
        return checkClientCertificate(where, `${prop}.certificateFile`, options.certificateFile, cert, key);
      });
  }

  /** Where the credential comes from (never the credential itself). */
  public readonly source: string;

  private resolved?: ResolvedCredential;

  private constructor(source: string, private readonly resolver: (where: string, prop: string) => ResolvedCredential) {
    this.source = source;
  }

  /**
   * Reads and checks the credential. Errors name `where` and `prop`.
   * @internal
   */
  public _resolve(where: string, prop: string): ResolvedCredential {
    // Read once: full-mesh endpoint discovery uses one credential for every
    // reader of a cluster (N-1 times). A failure throws on the first use.
    if (!this.resolved) {
      this.resolved = this.resolver(where, prop);
    }
    return this.resolved;
  }
}

/**
 * Checks and reads a `credential` prop for a cluster whose API server is
 * `endpoint`: a Credential, and a cluster whose server and CA are known.
 * Undefined when no credential was given.
 * @internal
 */
export function resolveCredentialProp(where: string, credential: unknown, clusterName: string, endpoint: unknown): ResolvedCredential | undefined {
  if (credential === undefined) { return undefined; }
  if (!(credential instanceof Credential)) {
    fail(where, 'credential', credential, 'must be a Credential: Credential.fromTokenFile(), .fromEnv() or .fromClientCertificate()');
  }
  if (!endpoint) {
    fail(where, 'credential', credential.source,
      `cannot be used: cluster "${clusterName}" has no apiServer, so its server and CA are unknown: `
      + 'set apiServer: ApiServer.fromUrl(...) or ApiServer.fromKubeconfig(...) on it');
  }
  return credential._resolve(where, 'credential');
}
