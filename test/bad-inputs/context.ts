/**
 * What a bad-input case runs with: an empty temporary directory that is the
 * current directory during the case (so that default and relative paths, such
 * as `dist` and `.mesh-keys`, show in messages as a user would see them), and
 * helpers that make test-time inputs (tokens, CA certificates and keys, files).
 */
import { createHash, generateKeyPairSync, KeyObject, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiServer, MeshApp, MeshAppProps } from '../../src';
import { processStartOf } from '../../src/output/_lock';
import { buildName, buildTbs, KEY_USAGE, randomSerial, signCertificate, spkiDer } from '../../src/pki/_x509';
import { testClientCertificate, testToken } from '../util/credentials';

/** The test CA certificate (public, no key): a fixture. */
export const TEST_CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

const DAY = 86_400_000;

/** A CA certificate made at test time, with its key. */
export interface TestCa {
  readonly cert: string;
  readonly key: KeyObject;
  readonly keyPem: string;
}

/** Options of `CaseContext.makeCa()`. */
export interface MakeCaOptions {
  readonly subject: string;
  /** The issuer; self-signed when left out. */
  readonly issuer?: TestCa;
  /** The key; a fresh ECDSA P-256 key when left out. */
  readonly key?: KeyObject;
  /** basicConstraints CA (default true). */
  readonly isCa?: boolean;
  readonly notBefore?: Date;
  readonly days?: number;
}

/** The environment variables that change the library's defaults: unset during a case. */
const DEFAULT_CHANGING_ENV = ['CDK8S_OUTDIR', 'CDK8S_MESH_KEY_STORE'];

/** The context of one case. */
export class CaseContext {
  /**
   * The clock given to every TrustRoot of the catalogue (`now`), so that
   * messages that name dates stay the same from run to run.
   */
  public static readonly NOW = new Date('2030-01-01T00:00:00Z');

  /** The time `days` after `NOW`. */
  public static at(days: number): Date {
    return new Date(CaseContext.NOW.getTime() + days * DAY);
  }

  /** The case's directory (its real path); the current directory while the case runs. */
  public readonly dir: string;

  constructor() {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-bad-input-')));
  }

  /** A MeshApp with the default outdir (`dist`) and key store (`.mesh-keys`) unless `props` say otherwise. */
  public app(props: MeshAppProps = {}): MeshApp {
    return new MeshApp(props);
  }

  /** Writes a file (relative to the case directory) and returns its relative path. */
  public file(name: string, content: string, mode = 0o600): string {
    fs.mkdirSync(path.dirname(path.join(this.dir, name)), { recursive: true });
    fs.writeFileSync(path.join(this.dir, name), content, { mode });
    return name;
  }

  /** A file holding a JWT-shaped token made now; returns its relative path. */
  public tokenFile(name = 'reader.token'): string {
    return this.file(name, `${testToken()}\n`);
  }

  /** A client certificate and key made now, in two files; returns their relative paths. */
  public clientCertificateFiles(prefix = 'client'): { certificateFile: string; keyFile: string } {
    const c = testClientCertificate();
    return { certificateFile: this.file(`${prefix}.crt`, c.certificatePem), keyFile: this.file(`${prefix}.key`, c.keyPem) };
  }

  /** `https://<cluster>.example.com:6443` with the test CA. */
  public apiServer(cluster: string): ApiServer {
    return ApiServer.fromUrl(`https://${cluster}.example.com:6443`, { caData: TEST_CA_PEM });
  }

  /**
   * A kubeconfig with one context `east` whose cluster `east-cluster` has the
   * given lines; returns its relative path.
   */
  public kubeconfig(clusterLines: string[], name = 'kubeconfig.yaml'): string {
    return this.file(name, [
      'apiVersion: v1', 'kind: Config', 'current-context: east',
      'clusters:', '- name: east-cluster', '  cluster:', ...clusterLines.map(l => `    ${l}`),
      'contexts:', '- name: east', '  context: {cluster: east-cluster, user: admin}',
      'users:', '- name: admin', '  user: {token: not-read}', '',
    ].join('\n'));
  }

  /** A CA (or, with `isCa: false`, a leaf) certificate and key made now. */
  public makeCa(o: MakeCaOptions): TestCa {
    const key = o.key ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const subject = buildName([{ type: 'CN', value: o.subject }]);
    const notBefore = o.notBefore ?? CaseContext.at(-1);
    const issuerKey = o.issuer?.key ?? key;
    const pem = signCertificate(buildTbs({
      serialNumber: randomSerial(),
      subject,
      issuer: o.issuer ? buildName([{ type: 'CN', value: subjectCn(o.issuer.cert) }]) : subject,
      notBefore,
      notAfter: new Date(notBefore.getTime() + (o.days ?? 3650) * DAY),
      publicKeySpki: spkiDer(key),
      issuerKeyType: issuerKey.asymmetricKeyType === 'rsa' ? 'rsa' : 'ec',
      isCa: o.isCa,
      keyUsage: KEY_USAGE.LINKERD,
    }), issuerKey);
    return { cert: pem, key, keyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string };
  }

  /** Runs `fn` with the current directory set to the case directory and the default-changing variables unset. */
  public within<T>(fn: () => T): T {
    const cwd = process.cwd();
    const saved = DEFAULT_CHANGING_ENV.map(k => [k, process.env[k]] as const);
    DEFAULT_CHANGING_ENV.forEach(k => delete process.env[k]);
    process.chdir(this.dir);
    try {
      return fn();
    } finally {
      process.chdir(cwd);
      for (const [k, v] of saved) {
        if (v === undefined) { delete process.env[k]; } else { process.env[k] = v; }
      }
    }
  }

  /**
   * `message` with absolute paths into the case directory written `<cwd>`, and this process's pid
   * and host (a lock held by the test itself) written `<pid>` and `<host>`.
   */
  public normalize(message: string): string {
    return message.split(this.dir).join('<cwd>')
      .split(`pid ${process.pid} on host ${os.hostname()}`).join('pid <pid> on host <host>')
      .split(`no synth runs on ${os.hostname()},`).join('no synth runs on <host>,');
  }

  /**
   * Holds the lock `file` (relative) as a live synth would: its owner is this test process, so a
   * synth waits for it and never takes it for stale.
   */
  public heldLock(file: string): void {
    const owner = { pid: process.pid, host: os.hostname(), processStart: processStartOf(process.pid), since: '2026-01-01T00:00:00.000Z', nonce: 'catalogue' };
    fs.mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true, mode: 0o700 });
    this.file(file, JSON.stringify(owner) + '\n', 0o600);
  }

  /** Removes the case directory (it may hold generated keys). */
  public dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function subjectCn(pem: string): string {
  return new X509Certificate(pem).subject.replace(/^CN=/, '');
}

/**
 * Every file and directory below `dir`: relative path → mode and the SHA-256 of
 * the content (directories: mode only). Hashes, not contents: a failing
 * comparison must not print the test keys.
 */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      const mode = (fs.lstatSync(p).mode % 0o1000).toString(8);
      if (e.isDirectory()) {
        out[`${rel}/`] = mode;
        walk(p);
      } else if (e.isFIFO()) {
        out[rel] = `${mode} fifo`; // reading it would block
      } else {
        out[rel] = `${mode} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
      }
    }
  };
  walk(dir);
  return out;
}
