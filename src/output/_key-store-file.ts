import { App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

const KEY_STORE_FILE = Symbol.for('cdk8s-multicluster-mesh.KeyStoreFile');

/** The key store used when the app does not say: `$CDK8S_MESH_KEY_STORE`, else `.mesh-keys`. */
export function defaultKeyStore(): string {
  return process.env.CDK8S_MESH_KEY_STORE ?? '.mesh-keys';
}

/**
 * The key store of the app that holds `scope`: `MeshApp.keyStore`, or the default
 * for a plain cdk8s `App`.
 */
export function keyStoreOf(scope: IConstruct): string {
  const app: App & { readonly keyStore?: unknown } = App.of(scope);
  return typeof app.keyStore === 'string' ? app.keyStore : defaultKeyStore();
}

/** The credential warning window of the app that holds `scope` (`MeshApp.credentialWarningDays`), 30 days by default. */
export function credentialWarningDaysOf(scope: IConstruct): number {
  const app: App & { readonly credentialWarningDays?: unknown } = App.of(scope);
  return typeof app?.credentialWarningDays === 'number' ? app.credentialWarningDays : 30;
}

/** Props of a key-store file. */
export interface KeyStoreFileProps {
  /** The path inside the key store, such as `root/root-key.pem` or `east/ca-key.pem`. */
  readonly path: string;
  /**
   * The file's text, or a function that produces it when the app renders
   * (material generated lazily, in one batch, at the first synth).
   */
  readonly content: string | (() => string);
  /** File mode; private keys and credentials are 0600. */
  readonly mode: number;
}

/**
 * A file the app writes into the key store when (and only when) a synth
 * succeeds: keys and certificates made or reused by a construct. Internal: the
 * constructs create these, the writer finds them anywhere in the app.
 */
export class KeyStoreFile extends Construct {
  /** True when `x` is a KeyStoreFile. */
  public static isKeyStoreFile(x: IConstruct): x is KeyStoreFile {
    return x !== null && typeof x === 'object' && KEY_STORE_FILE in x;
  }

  public readonly path: string;
  public readonly mode: number;
  private readonly _content: string | (() => string);

  constructor(scope: Construct, id: string, props: KeyStoreFileProps) {
    super(scope, id);
    Object.defineProperty(this, KEY_STORE_FILE, { value: true });
    this.path = props.path;
    this._content = props.content;
    this.mode = props.mode;
  }

  /** The file's text (produced on first read when given as a function). */
  public get content(): string {
    return typeof this._content === 'function' ? this._content() : this._content;
  }
}
