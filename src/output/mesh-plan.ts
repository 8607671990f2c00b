/**
 * What a synth would change, computed without writing anything: the public
 * types of `MeshApp.plan()` and `cdk8s-mesh plan`.
 */

/** How a file would change. */
export enum FileChange {
  /** The synth would create it. */
  ADDED = 'added',
  /** The synth would delete it. */
  REMOVED = 'removed',
  /** The synth would rewrite it with other content. */
  CHANGED = 'changed',
}

/** What a synth would do with a key or certificate of a trust root. */
export enum CertificateAction {
  /** Generate it: the key store holds none. */
  GENERATE = 'generate',
  /** Re-issue it: settings changed, inside its renewal window, expired, or issued by another root. */
  REISSUE = 'reissue',
}

/** A file of the output tree that would change. */
export interface PlannedOutputFile {
  /** The path relative to the outdir. */
  readonly path: string;
  /** How it would change. */
  readonly change: FileChange;
  /**
   * The unified diff (`--- a/<path>`, `+++ b/<path>`), empty for a file that
   * holds private material (a demo app's insecureWritePrivateMaterialToOutdir).
   */
  readonly diff: string;
}

/** A file of the key store that would change: its name only, never its content. */
export interface PlannedKeyStoreFile {
  /** The path relative to the key store. */
  readonly path: string;
  /** How it would change. */
  readonly change: FileChange;
}

/** A key and certificate that a synth would make. */
export interface PlannedCertificate {
  /** The mesh ID. */
  readonly meshId: string;
  /** The cluster of an intermediate CA or identity issuer. @default - none: the mesh's root */
  readonly cluster?: string;
  /** `root`, `intermediate CA` (Istio) or `identity issuer` (Linkerd). */
  readonly certificate: string;
  /** What the synth would do. */
  readonly action: CertificateAction;
  /** Why. */
  readonly reason: string;
  /** The notAfter of the certificate the synth would write (ISO 8601). */
  readonly notAfter: string;
}

/** What a synth would change in the outdir and the key store. */
export interface MeshPlan {
  /** The outdir compared with. */
  readonly outdir: string;
  /** The key store compared with. */
  readonly keyStore: string;
  /** True when the synth would change anything. */
  readonly changed: boolean;
  /** Files of the output tree that would be added, removed or changed, by path. */
  readonly outputFiles: PlannedOutputFile[];
  /** Files of the key store that would be added, removed or changed, by path (names only). */
  readonly keyStoreFiles: PlannedKeyStoreFile[];
  /** Keys and certificates the synth would generate or re-issue. */
  readonly certificates: PlannedCertificate[];
  /** The warnings the synth would print. */
  readonly warnings: string[];
}
