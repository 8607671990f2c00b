/**
 * The Linkerd release a Linkerd mesh runs.
 *
 * Sources: reference/linkerd.md §0 (the chart-managed link controllers arrived in
 * stable 2.18 = edge-25.4.4); linkerd/website `content/blog/2024/0312-edge-release-roundup.md`
 * (from edge-24.3.1 on, the Helm charts of `edge-YY.M.N` have version `20YY.M.N`);
 * `content/blog/2025/0801-edge-release-roundup/index.md` (edge-25.6.3 renamed the
 * controllers' `admin-http` ports for Kubernetes 1.33; edge-25.7.6 is the release
 * that post recommends to everyone).
 */

const EDGE = /^edge-(\d{2})\.(\d{1,2})\.(\d{1,2})$/;

/** The first release with chart-managed link controllers (`controllers[]`, `link-gen`): stable 2.18. */
const FIRST_MODELLED: [number, number, number] = [25, 4, 4];
/** The first release whose multicluster controller names its admin port `ctrl-admin` (linkerd/linkerd2#14111). */
const FIRST_CTRL_ADMIN: [number, number, number] = [25, 6, 3];

/**
 * A Linkerd release, such as `LinkerdVersion.of('edge-25.7.6')`.
 *
 * The Linkerd project publishes edge releases only (`edge-YY.M.N`); this library
 * models edge-25.4.4 (the release that became stable 2.18, the first with
 * chart-managed multicluster link controllers) and later. The version decides
 * the Helm chart versions in the install commands (`20YY.M.N`), the
 * `linkerd.io/created-by` annotation of every Link (`linkerd/cli <version>`,
 * which `linkerd mc check` compares with its own version), and the controller
 * image and admin port name in `ControllerMode.MANIFESTS`.
 */
export class LinkerdVersion {
  /** edge-25.7.6, the edge release Linkerd's August 2025 roundup recommends to everyone: the default version. */
  public static readonly DEFAULT = LinkerdVersion.of('edge-25.7.6');

  /**
   * A Linkerd edge release by its name, such as `edge-25.7.6`. The string is
   * checked when a `Mesh` uses it, so that the error names the mesh.
   */
  public static of(version: string): LinkerdVersion {
    return new LinkerdVersion(version);
  }

  /** The release name, such as `edge-25.7.6`. */
  public readonly version: string;

  private constructor(version: string) {
    this.version = version;
  }

  /** The release name, for example `edge-25.7.6`. */
  public toString(): string {
    return this.version;
  }
}

/** A parsed and checked Linkerd version. @internal */
export interface ParsedLinkerdVersion {
  /** The release name (`edge-25.7.6`): image tag and CLI version. */
  readonly version: string;
  /** The Helm chart version of the release (`2025.7.6`). */
  readonly chartVersion: string;
  /** The name of the link controller's admin port (`ctrl-admin`, or `admin-http` before edge-25.6.3). */
  readonly controllerAdminPortName: string;
}

function atLeast(v: number[], min: number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    if (v[i] !== min[i]) { return v[i] > min[i]; }
  }
  return true;
}

/**
 * Parses and checks a Linkerd version; returns an error message (without the
 * location prefix) or the parsed version.
 * @internal
 */
export function parseLinkerdVersion(version: string): ParsedLinkerdVersion | string {
  const m = typeof version === 'string' ? EDGE.exec(version) : null;
  if (!m) {
    return 'must be a Linkerd edge release such as "edge-25.7.6" (edge-YY.M.N): the Linkerd project publishes edge releases only';
  }
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (v[1] < 1 || v[1] > 12) {
    return 'must be a Linkerd edge release such as "edge-25.7.6" (edge-YY.M.N, M a month from 1 to 12)';
  }
  if (!atLeast(v, FIRST_MODELLED)) {
    return 'is older than edge-25.4.4 (stable 2.18), the first release whose linkerd-multicluster chart runs the link controllers '
      + '(controllers[] values, linkerd mc link-gen); this library models edge-25.4.4 and later';
  }
  return {
    version,
    chartVersion: `20${m[1]}.${v[1]}.${v[2]}`,
    controllerAdminPortName: atLeast(v, FIRST_CTRL_ADMIN) ? 'ctrl-admin' : 'admin-http',
  };
}
