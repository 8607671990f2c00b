/**
 * The Linkerd release a Linkerd mesh runs.
 *
 * Sources: reference/linkerd.md §0 (the chart-managed link controllers arrived in
 * stable 2.18 = edge-25.4.4); linkerd/website `content/blog/2024/0312-edge-release-roundup.md`
 * (from edge-24.3.1 on, the Helm charts of `edge-YY.M.N` have version `20YY.M.N`);
 * `content/blog/2025/0801-edge-release-roundup/index.md` (edge-25.6.3 renamed the
 * controllers' `admin-http` ports for Kubernetes 1.33). The version gates below were read in the
 * charts of linkerd/linkerd2 at each tag and are proven by the conformance tier's render.
 */

const EDGE = /^edge-(\d{2})\.(\d{1,2})\.(\d{1,2})$/;
/** `2.18`, `2.18.0`, `version-2.18`: a stable release as Linkerd's docs and git tags name it. */
const STABLE = /^(?:version-)?2\.(\d{1,2})(?:\.(\d{1,3}))?$/;

/**
 * Stable release → the edge release it is, by the `version-2.X` tags of
 * linkerd/linkerd2: `version-2.18` is the commit of `edge-25.4.4`, `version-2.19`
 * the commit of `edge-25.10.7`; `version-2.20` is `edge-26.6.3` plus one commit
 * that bumps containerd in `go.mod`/`go.sum` only (charts and images' code alike).
 * Patch numbers (`2.18.2`) name vendors' builds of the same line: the open-source
 * charts of the line are those of its edge release.
 */
export const LINKERD_STABLE_EDGES: { readonly [minor: string]: string } = {
  '2.18': 'edge-25.4.4',
  '2.19': 'edge-25.10.7',
  '2.20': 'edge-26.6.3',
};

/** The oldest release modelled: stable 2.18 (controllers[] arrived in edge-25.3.3, link-gen in edge-25.3.4). */
const FIRST_MODELLED: [number, number, number] = [25, 4, 4];
/**
 * The first release whose multicluster chart renders `enablePodAntiAffinity` (linkerd/linkerd2#14008, commit
 * eb4bfd326) and gives the probe Service the created-by annotation (the same commit).
 */
const FIRST_ANTI_AFFINITY: [number, number, number] = [25, 5, 4];
/** The first release whose linkerd-crds chart defaults installGatewayAPI to false (linkerd/linkerd2#14523). */
const FIRST_NO_GATEWAY_API: [number, number, number] = [25, 9, 4];
/** The first release whose multicluster controller names its admin port `ctrl-admin` (linkerd/linkerd2#14111). */
const FIRST_CTRL_ADMIN: [number, number, number] = [25, 6, 3];

/**
 * A Linkerd release, such as `LinkerdVersion.of('edge-26.8.3')` or `LinkerdVersion.of('2.18')`.
 *
 * The Linkerd project publishes edge releases (`edge-YY.M.N`); a stable name
 * (`2.18`, `2.19`, `2.20`) is the edge release its `version-2.X` tag points at.
 * This library models edge-25.4.4 (stable 2.18, the first stable line with
 * chart-managed multicluster link controllers) and later; `enterprise-*` (Buoyant's
 * charts) is refused. The version decides
 * the Helm chart versions in the install commands (`20YY.M.N`), the
 * `linkerd.io/created-by` annotation of every Link (`linkerd/cli <version>`,
 * which `linkerd mc check` compares with its own version), and the controller
 * image and admin port name in `ControllerMode.MANIFESTS`.
 */
export class LinkerdVersion {
  /** edge-26.8.3, the newest edge release this library is checked against (its conformance tier): the default version. */
  public static readonly DEFAULT = LinkerdVersion.of('edge-26.8.3');

  /**
   * A Linkerd release by its name: an edge release such as `edge-26.8.3`, or a
   * stable name (`2.18`, `2.18.0`, `version-2.18`) that maps to its edge release
   * (`LINKERD_STABLE_EDGES`). The string is checked when a `Mesh` uses it, so
   * that the error names the mesh.
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
  /** Whether the multicluster chart renders `enablePodAntiAffinity` (edge-25.5.4 and later). */
  readonly antiAffinityRenders: boolean;
  /** Whether the chart's `probe-<link>` Service carries `linkerd.io/created-by` (edge-25.5.4 and later). */
  readonly probeServiceCreatedBy: boolean;
  /** The linkerd-crds chart's own `installGatewayAPI` default (true before edge-25.9.4). */
  readonly chartInstallsGatewayApi: boolean;
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
  if (typeof version === 'string' && version.startsWith('enterprise-')) {
    return 'is a Buoyant Enterprise for Linkerd release: those ship Buoyant\'s own charts and images, which this library does not model; '
      + `use the open-source edge release of the same line (${stableList()})`;
  }
  const stable = typeof version === 'string' ? STABLE.exec(version) : null;
  if (stable) {
    const line = `2.${Number(stable[1])}`;
    const edge = LINKERD_STABLE_EDGES[line];
    if (edge === undefined) {
      return Number(stable[1]) < 18
        ? `is older than stable 2.18 (edge-25.4.4), the oldest release this library models: ${FIRST_MODELLED_TEXT}`
        : `is a stable name this library does not know the edge release of (known: ${stableList()}): name the edge release, such as "${LinkerdVersion.DEFAULT.version}"`;
    }
    return parseEdge(edge) as ParsedLinkerdVersion;
  }
  return parseEdge(version);
}

const FIRST_MODELLED_TEXT = 'the linkerd-multicluster chart runs the link controllers from edge-25.3.3 (controllers[] values; linkerd mc link-gen from edge-25.3.4), '
  + 'and this library models stable 2.18 = edge-25.4.4 and later';

function stableList(): string {
  return Object.entries(LINKERD_STABLE_EDGES).map(([s, e]) => `${s} = ${e}`).join(', ');
}

function parseEdge(version: string): ParsedLinkerdVersion | string {
  const m = typeof version === 'string' ? EDGE.exec(version) : null;
  if (!m) {
    return `must be a Linkerd edge release such as "${LinkerdVersion.DEFAULT.version}" (edge-YY.M.N), or a stable name that maps to one (${stableList()})`;
  }
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (v[1] < 1 || v[1] > 12) {
    return `must be a Linkerd edge release such as "${LinkerdVersion.DEFAULT.version}" (edge-YY.M.N, M a month from 1 to 12)`;
  }
  if (!atLeast(v, FIRST_MODELLED)) {
    return `is older than edge-25.4.4 (stable 2.18), the oldest release this library models: ${FIRST_MODELLED_TEXT}`;
  }
  return {
    version,
    chartVersion: `20${m[1]}.${v[1]}.${v[2]}`,
    controllerAdminPortName: atLeast(v, FIRST_CTRL_ADMIN) ? 'ctrl-admin' : 'admin-http',
    antiAffinityRenders: atLeast(v, FIRST_ANTI_AFFINITY),
    probeServiceCreatedBy: atLeast(v, FIRST_ANTI_AFFINITY),
    chartInstallsGatewayApi: !atLeast(v, FIRST_NO_GATEWAY_API),
  };
}
