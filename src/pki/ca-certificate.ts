import { loadCa, looseMode, readText } from './_ca-files';
import type { ParsedCertificate } from './_x509';

/** How the Istio `cacerts` Secret lays out the intermediate CA. */
export enum IstioCaSecretLayout {
  /**
   * An Opaque Secret with `ca-cert.pem`, `ca-key.pem`, `root-cert.pem` and
   * `cert-chain.pem` (intermediate, then root), as Istio's plug-in CA docs
   * create it.
   */
  CACERTS = 'cacerts',
  /**
   * A `kubernetes.io/tls` Secret with `tls.crt`, `tls.key` and `ca.crt` (the
   * root), the layout cert-manager writes; istiod reads it when `tls.crt`
   * exists.
   */
  KUBERNETES_TLS = 'kubernetes.io/tls',
}

/** A CA certificate read by `CaCertificate`. @internal */
export interface LoadedCa {
  /** The certificate, then any CA certificates between it and the root. */
  readonly certs: ParsedCertificate[];
  /** Where the certificate came from (a file path, or a description). */
  readonly certSource: string;
  /** The private key (PEM as given) and its KeyObject. */
  readonly keyPem?: string;
  readonly key?: import('crypto').KeyObject;
  readonly keySource?: string;
  /** Problems that are not errors (loose permissions on a key file). */
  readonly warnings: string[];
}

/**
 * An existing CA certificate and, usually, its private key: a mesh root to
 * import (`TrustRootProps.root`) or a cluster's intermediate CA
 * (`TrustRoot.importIntermediate()`).
 *
 * The certificate must be a CA (basicConstraints CA:TRUE) and the key must be
 * its key. The certificate text may hold more certificates after the first:
 * the CA certificates between it and the mesh root (as in `cert-chain.pem`).
 * Files are read when the `TrustRoot` is constructed (or
 * `importIntermediate()` is called); every problem is reported with the
 * construct path.
 */
export class CaCertificate {
  /**
   * A CA certificate and key given as PEM text.
   *
   * @param certificatePem the certificate (PEM), optionally followed by its chain up to the root
   * @param privateKeyPem the unencrypted private key (PKCS#8, PKCS#1 or SEC1 PEM); leave it out to import a root whose key stays offline
   */
  public static fromPem(certificatePem: string, privateKeyPem?: string): CaCertificate {
    return new CaCertificate((where, prop) => loadCa(where, prop,
      { text: certificatePem, source: 'CaCertificate.fromPem() certificate' },
      privateKeyPem === undefined ? undefined : { text: privateKeyPem, source: 'CaCertificate.fromPem() private key' }));
  }

  /**
   * A CA certificate and key read from files (relative to the current directory).
   *
   * @param certificateFile the certificate (PEM), optionally followed by its chain up to the root
   * @param privateKeyFile the unencrypted private key; leave it out to import a root whose key stays offline
   */
  public static fromFiles(certificateFile: string, privateKeyFile?: string): CaCertificate {
    return new CaCertificate((where, prop) => {
      const cert = readText(where, prop, certificateFile);
      const key = privateKeyFile === undefined ? undefined : readText(where, prop, privateKeyFile);
      const warnings = privateKeyFile !== undefined && looseMode(privateKeyFile) !== undefined
        ? [`the imported private key ${privateKeyFile} has mode ${looseMode(privateKeyFile)}: other users can read it; run chmod 600 ${privateKeyFile}`]
        : [];
      const keyInput = key === undefined ? undefined : { text: key, source: privateKeyFile! };
      return { ...loadCa(where, prop, { text: cert, source: certificateFile }, keyInput), warnings };
    });
  }

  private constructor(private readonly loader: (where: string, prop: string) => LoadedCa) {}

  /**
   * Reads and checks the certificate and key. Errors name `where` and `prop`.
   * @internal
   */
  public _load(where: string, prop: string): LoadedCa {
    return this.loader(where, prop);
  }
}
