import { checkArgoCdOptions, checkFluxOptions, DeliverySettings } from './_settings';

/** The GitOps engine a `GitOpsDelivery` writes for. */
export enum GitOpsEngine {
  /** Argo CD: an AppProject and Applications (`<outdir>/_delivery/argocd/`). */
  ARGO_CD = 'argocd',
  /** Flux: a GitRepository, HelmRepositories, Kustomizations and HelmReleases (`<outdir>/_delivery/flux/`). */
  FLUX = 'flux',
}

/** Options of `GitOpsDelivery.argoCd()`. */
export interface ArgoCdDeliveryOptions {
  /**
   * The Git repository the output tree is committed to, as Argo CD clones it:
   * an `https://`, `http://` or `ssh://` URL, or the scp-like `git@host:org/repo.git`.
   */
  readonly repoUrl: string;
  /**
   * The revision Argo CD syncs (`targetRevision`): a branch, tag or commit.
   *
   * @default 'main'
   */
  readonly revision?: string;
  /**
   * Where the outdir is inside the repository, relative to its root (`''` when
   * the outdir is the repository root). It must stay inside the repository.
   *
   * @default 'dist'
   */
  readonly pathPrefix?: string;
  /**
   * The AppProject of every Application; also the prefix of their names.
   *
   * @default 'mesh'
   */
  readonly project?: string;
  /**
   * The namespace Argo CD runs in, where the Applications and the AppProject
   * are created and where its cluster Secrets are.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;
}

/** Options of `GitOpsDelivery.flux()`. */
export interface FluxDeliveryOptions {
  /**
   * The Git repository the output tree is committed to: an `https://`,
   * `http://` or `ssh://` URL (the GitRepository CRD accepts no other form).
   */
  readonly repoUrl: string;
  /**
   * The branch Flux follows (`GitRepository` `spec.ref.branch`).
   *
   * @default 'main'
   */
  readonly revision?: string;
  /**
   * Where the outdir is inside the repository, relative to its root (`''` when
   * the outdir is the repository root). It must stay inside the repository.
   *
   * @default 'dist'
   */
  readonly pathPrefix?: string;
  /**
   * The namespace Flux runs in: the GitRepository, HelmRepositories,
   * Kustomizations, HelmReleases and values ConfigMaps are created there.
   *
   * @default 'flux-system'
   */
  readonly namespace?: string;
  /**
   * The name of the GitRepository; also the prefix of every Flux object's name.
   *
   * @default 'mesh'
   */
  readonly sourceName?: string;
  /**
   * The mesh cluster Flux runs in, if it is one: its phases are applied
   * without a kubeconfig.
   *
   * @default - none: every cluster is remote and needs a `kubeConfigSecrets` entry
   */
  readonly managementCluster?: string;
  /**
   * For each remote cluster (by cluster name), the Secret in `namespace` of the
   * management cluster that holds its kubeconfig under the key `value`
   * (`kubeConfig.secretRef`). Flux reaches no cluster without one.
   *
   * @default - none
   */
  readonly kubeConfigSecrets?: { [clusterName: string]: string };
  /**
   * Seconds between Flux's reconciliations (`spec.interval` of every object,
   * written as a Go duration: 600 is `10m`).
   *
   * @default 600
   */
  readonly intervalSeconds?: number;
}

/**
 * How the output tree reaches the clusters: the GitOps engine whose objects a
 * synth writes beside the cluster directories (`<outdir>/_delivery/<engine>/`),
 * applied once to the management cluster. See docs/gitops.md.
 */
export class GitOpsDelivery {
  /**
   * Argo CD: an AppProject and one Application applied by hand, which syncs
   * an app of apps per cluster whose child Applications sync each phase in its
   * own sync wave (prerequisites, Helm charts with our values files, then the
   * rest of the cluster directory).
   */
  public static argoCd(options: ArgoCdDeliveryOptions): GitOpsDelivery {
    return new GitOpsDelivery(checkArgoCdOptions('GitOpsDelivery.argoCd', options));
  }

  /**
   * Flux: a GitRepository, a Kustomization of the delivery directory itself,
   * the chart HelmRepositories and, per cluster and phase, a Kustomization (of
   * manifests, or of HelmReleases) that depends on the previous phase and waits
   * for its objects to be ready.
   */
  public static flux(options: FluxDeliveryOptions): GitOpsDelivery {
    return new GitOpsDelivery(checkFluxOptions('GitOpsDelivery.flux', options));
  }

  /**
   * The same delivery, its synth-time problems named at a mesh-file document
   * (`where`) and fields (`fieldPrefix`, e.g. `spec.flux.`). @internal
   */
  public static _located(d: GitOpsDelivery, where: string, fieldPrefix: string): GitOpsDelivery {
    return new GitOpsDelivery({ ...d._settings, where, fieldPrefix });
  }

  /** The engine. */
  public readonly engine: GitOpsEngine;
  /** The repository URL. */
  public readonly repoUrl: string;
  /** The revision (Argo CD) or branch (Flux). */
  public readonly revision: string;
  /** The outdir's path in the repository (`''` for its root). */
  public readonly pathPrefix: string;
  /** The engine's namespace in the management cluster. */
  public readonly namespace: string;

  /** The checked settings, with defaults. @internal */
  public readonly _settings: DeliverySettings;

  private constructor(settings: DeliverySettings) {
    this._settings = settings;
    this.engine = settings.engine === 'argocd' ? GitOpsEngine.ARGO_CD : GitOpsEngine.FLUX;
    this.repoUrl = settings.repoUrl;
    this.revision = settings.revision;
    this.pathPrefix = settings.pathPrefix;
    this.namespace = settings.namespace;
  }
}
