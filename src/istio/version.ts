import { SAIL_VERSIONS, SAIL_ZTUNNEL_VERSIONS } from '../imports/sail-versions';

/** The oldest Istio minor release this library models (1.22). */
const OLDEST_MODELLED_MINOR = 22;
/** The newest Istio minor release this library models (1.31). */
const NEWEST_MODELLED_MINOR = 31;

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

/**
 * An Istio release, such as `IstioVersion.of('1.30.3')`.
 *
 * The library models Istio 1.22 to 1.31. The version decides which values and
 * API versions are emitted: `global.multiCluster.enabled` only up to 1.26, and
 * `networking.istio.io/v1` for 1.22 and later. Versions older than 1.22 are
 * accepted with a warning and get the closest API versions this library knows
 * (`networking.istio.io/v1beta1`), which is what ristioctl's 1.18 files need.
 */
export class IstioVersion {
  /** The newest stable release the Sail Operator CRD in this package serves: the default version. */
  public static readonly DEFAULT = IstioVersion.of('1.30.3');

  /**
   * An Istio release by its version string: `MAJOR.MINOR.PATCH`, optionally with
   * a pre-release suffix (`1.31.0-beta.1`). A leading `v` is accepted and dropped.
   *
   * The string is checked when a `Mesh` uses it, so that the error names the mesh.
   */
  public static of(version: string): IstioVersion {
    return new IstioVersion(version);
  }

  /** The version as given, without a leading `v`. */
  public readonly version: string;

  private constructor(version: string) {
    this.version = typeof version === 'string' && version.startsWith('v') ? version.slice(1) : version;
  }

  /** The version string, for example `1.30.3`. */
  public toString(): string {
    return this.version;
  }
}

/** A parsed and checked Istio version. @internal */
export interface ParsedIstioVersion {
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** True when older than the oldest modelled release (a warning, not an error). */
  readonly olderThanModelled: boolean;
  /** The `networking.istio.io` API version to emit. */
  readonly networkingApiVersion: string;
}

/**
 * Parses and checks an Istio version; returns an error message (without the
 * location prefix) or the parsed version.
 * @internal
 */
export function parseIstioVersion(version: string): ParsedIstioVersion | string {
  const m = typeof version === 'string' ? VERSION.exec(version) : null;
  if (!m) {
    return 'must be a full Istio release version such as "1.30.3" (MAJOR.MINOR.PATCH, optionally with a pre-release suffix such as "-beta.1")';
  }
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 1 || minor > NEWEST_MODELLED_MINOR) {
    return `is not a known Istio release: this library models Istio 1.${OLDEST_MODELLED_MINOR} to 1.${NEWEST_MODELLED_MINOR}`;
  }
  return {
    version,
    major,
    minor,
    patch,
    olderThanModelled: minor < OLDEST_MODELLED_MINOR,
    networkingApiVersion: minor >= 22 ? 'networking.istio.io/v1' : 'networking.istio.io/v1beta1',
  };
}

/** The warning for a version older than the oldest modelled one. @internal */
export function olderVersionWarning(version: string): string {
  return `Istio ${version} is older than 1.${OLDEST_MODELLED_MINOR}, the oldest release this library models: `
    + 'the output uses the closest API versions it knows (networking.istio.io/v1beta1, global.multiCluster.enabled) '
    + `and has not been checked against ${version}; upgrade to 1.${OLDEST_MODELLED_MINOR} or later when you can`;
}

/** True when the Sail Operator `ZTunnel` CRD in this package accepts `version` (ambient with Sail). @internal */
export function sailZtunnelServes(version: string): boolean {
  return SAIL_ZTUNNEL_VERSIONS.includes(`v${version}`);
}

/** True when the Sail Operator CRD in this package serves `version`. @internal */
export function sailServes(version: string): boolean {
  return SAIL_VERSIONS.includes(`v${version}`);
}

/**
 * The versions the Sail Operator serves, folded into ranges per minor release,
 * for error messages: `1.22.5-1.22.8, 1.23.2-1.23.6, ...`.
 * @internal
 */
export function sailServedRanges(): string {
  const byMinor = new Map<string, string[]>();
  const preReleases = SAIL_VERSIONS.filter(v => /^v\d+\.\d+\.\d+-[a-z]+\.\d+$/.test(v)).map(v => v.slice(1));
  for (const v of SAIL_VERSIONS) {
    const m = /^v(\d+\.\d+)\.\d+$/.exec(v);
    if (!m) { continue; }
    byMinor.set(m[1], [...(byMinor.get(m[1]) ?? []), v.slice(1)]);
  }
  const patchOf = (v: string) => Number(v.split('.')[2]);
  return [...byMinor.keys()]
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map(minor => {
      const patches = byMinor.get(minor)!.sort((a, b) => patchOf(a) - patchOf(b));
      return patches.length === 1 ? patches[0] : `${patches[0]}-${patches[patches.length - 1]}`;
    })
    .join(', ') + (preReleases.length ? ` and the pre-release ${preReleases.join(', ')}` : '');
}
