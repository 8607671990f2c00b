import * as path from 'path';
import { App } from 'cdk8s';
import { withDelivery } from '../delivery/_render';
import { GitOpsDelivery } from '../delivery/gitops-delivery';
import { defaultKeyStore } from '../output/_key-store-file';
import { planTree } from '../output/_plan';
import { redact } from '../output/_redact';
import { formatWarning } from '../output/_warnings';
import { checkOutdir, isInside, lockTargets, renderApp, RenderedTree, RenderOptions, writeTrees } from '../output/_writer';
import type { MeshPlan } from '../output/mesh-plan';
import { SecretDelivery } from '../secrets/secret-delivery';

/** Props of a `MeshApp`. */
export interface MeshAppProps {
  /**
   * The output directory: one sub-directory per cluster. The app owns it and
   * replaces it on every synth.
   *
   * @default - `$CDK8S_OUTDIR` (set by `cdk8s synth`), else `dist`
   */
  readonly outdir?: string;
  /**
   * The key store: private keys, certificates and the Secret manifests that
   * carry private material, outside the reviewed output tree. It must not be
   * inside the outdir.
   *
   * @default - `$CDK8S_MESH_KEY_STORE`, else `.mesh-keys`
   */
  readonly keyStore?: string;
  /**
   * Write the Secrets that carry private keys or tokens (`cacerts`,
   * `linkerd-identity-issuer`, remote-cluster credentials) into the output tree
   * and its kustomization, instead of the key store. For demos and throw-away
   * labs only: the output tree is meant to be reviewed and committed. Every
   * synth prints a warning while this is on.
   *
   * @default false
   */
  readonly insecureWritePrivateMaterialToOutdir?: boolean;
  /**
   * How the Secrets that carry private material reach the clusters through
   * Git: the key store keeps them in every mode; SOPS, Sealed Secrets and
   * External Secrets also write a form safe to commit into each cluster
   * directory (docs/secrets.md).
   *
   * @default SecretDelivery.keyStore()
   */
  readonly secretDelivery?: SecretDelivery;
  /**
   * Synth warns about tokens that have expired or expire within this many
   * days (JWT `exp`, never shown); `cdk8s-mesh check --warn-days` is the same
   * window for certificates and tokens.
   *
   * @default 30
   */
  readonly credentialWarningDays?: number;
  /**
   * How the output tree reaches the clusters: the GitOps engine whose objects
   * are written to `<outdir>/_delivery/<engine>/` (`GitOpsDelivery.argoCd()`,
   * `GitOpsDelivery.flux()`), applied once to the management cluster. See docs/gitops.md.
   *
   * @default - none: the cluster directories are applied with `kubectl apply -k` (two steps on a first apply)
   */
  readonly delivery?: GitOpsDelivery;
}

/** A file written by a synth. */
export interface SynthesizedFile {
  /** The path relative to the outdir (or, for key-store files, to the key store). */
  readonly path: string;
  /** The file's text. */
  readonly content: string;
}

/**
 * A cdk8s app that writes one GitOps-ready directory per cluster.
 *
 * `synth()` validates everything, renders every cluster in memory, and only then
 * writes: the key-store files that changed, and the output tree, swapped in
 * atomically (a failed synth leaves the previous tree as it was). Directories of
 * clusters that are no longer declared disappear.
 *
 * ```
 * <outdir>/<cluster>/kustomization.yaml   every applied manifest, in apply order
 * <outdir>/<cluster>/<kind>.<namespace>.<name>.yaml
 * <outdir>/<cluster>/install/              Helm values, IstioOperator files
 * <outdir>/_delivery/<engine>/             Argo CD or Flux objects (with `delivery`)
 * <keyStore>/<cluster>/                    Secrets that carry keys or tokens
 * ```
 *
 * It works under `cdk8s synth`, which passes the output directory in `CDK8S_OUTDIR`.
 */
export class MeshApp extends App {
  /** The key store directory. */
  public readonly keyStore: string;
  /** True when private material is written into the output tree (demos only). */
  public readonly insecureWritePrivateMaterialToOutdir: boolean;
  /** How Secrets with private material are delivered. */
  public readonly secretDelivery: SecretDelivery;
  /** Tokens expiring within this many days draw a synth warning. */
  public readonly credentialWarningDays: number;
  /** The GitOps delivery, if any. */
  public readonly delivery?: GitOpsDelivery;

  constructor(props: MeshAppProps = {}) {
    super({ outdir: props.outdir });
    this.keyStore = props.keyStore ?? defaultKeyStore();
    this.insecureWritePrivateMaterialToOutdir = props.insecureWritePrivateMaterialToOutdir ?? false;
    this.secretDelivery = props.secretDelivery ?? SecretDelivery.keyStore();
    this.credentialWarningDays = props.credentialWarningDays ?? 30;
    if (!Number.isInteger(this.credentialWarningDays) || this.credentialWarningDays < 1 || this.credentialWarningDays > 3650) {
      throw new Error(`MeshApp: 'credentialWarningDays' (${this.credentialWarningDays}) must be a whole number of days from 1 to 3650`);
    }
    if (this.insecureWritePrivateMaterialToOutdir && this.secretDelivery.mode !== 'keyStore') {
      throw new Error(`MeshApp: 'secretDelivery' (${this.secretDelivery.mode}) cannot be combined with 'insecureWritePrivateMaterialToOutdir': `
        + 'the first commits each Secret encrypted, the second in plain text; choose one');
    }
    this.delivery = props.delivery;
    if (isInside(this.keyStore, this.outdir) || isInside(this.outdir, this.keyStore)) {
      throw new Error(`MeshApp: 'keyStore' ("${this.keyStore}") must not be inside the outdir ("${this.outdir}") or contain it: `
        + 'the outdir is reviewed and committed, and the key store holds private keys');
    }
  }

  /**
   * Validates the app and writes the output tree and the key store.
   * Warnings are printed to stderr. The writing runs under the locks of the key
   * store and the outdir and is transactional (docs/hardening.md); the key store
   * was read when the constructs were created, so processes that synthesize one
   * key store at the same time should use the CLI, which holds the locks for the
   * whole synth.
   */
  public synth(): void {
    const tree = this._render();
    // The outdir is checked before the key store is written: a synth that fails writes nothing.
    checkOutdir(this.outdir);
    for (const w of tree.warnings) {
      process.stderr.write(formatWarning(redact(w)));
    }
    const targets = lockTargets(this.outdir, this.keyStore, line => process.stderr.write(`note: ${line}\n`));
    try {
      writeTrees(targets, tree);
    } finally {
      targets.release();
    }
  }

  /**
   * What `synth()` would change, without writing anything (and without taking
   * the synth's locks): the files of the outdir that would be added, removed or
   * changed, with unified diffs; the key-store files by name only (never their
   * content); and the keys and certificates it would generate or re-issue, and why.
   * It renders everything a synth renders, in memory.
   */
  public plan(): MeshPlan {
    const tree = this._render();
    return planTree(this, tree, { outdir: this.outdir, keyStore: this.keyStore, privateMaterialInOutdir: this.insecureWritePrivateMaterialToOutdir });
  }

  /**
   * Renders the output tree without writing anything: every file of the outdir,
   * with its path relative to the outdir, sorted by path.
   */
  public synthFiles(): SynthesizedFile[] {
    return this._render().outdir.map(f => ({ path: f.path, content: f.content }));
  }

  /**
   * Renders the key-store files (private material) without writing anything.
   */
  public synthKeyStoreFiles(): SynthesizedFile[] {
    return this._render().keyStore.map(f => ({ path: f.path, content: f.content }));
  }

  /** The absolute path of a cluster's output directory. */
  public clusterDirectory(clusterName: string): string {
    return path.resolve(this.outdir, clusterName);
  }

  /**
   * How this app is rendered (private material, secret delivery).
   *
   * @internal
   */
  public _renderOptions(): RenderOptions {
    return {
      privateMaterialInOutdir: this.insecureWritePrivateMaterialToOutdir,
      secretDeliverer: this.secretDelivery._deliverer(this.keyStore),
    };
  }

  /** Renders the output tree and key store in memory, with the delivery directory (the CLI writes them itself). @internal */
  public _render(): RenderedTree {
    const tree = renderApp(this, this._renderOptions());
    const d = this.delivery;
    return d ? withDelivery(this, d._settings.where, d._settings, tree, this.secretDelivery.mode) : tree;
  }
}
