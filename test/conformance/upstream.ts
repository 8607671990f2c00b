/**
 * Where the upstream artefacts are: `$CONFORMANCE_UPSTREAM`, else `../shared/upstream`
 * beside the checkout. The layout is `istio/<version>/{charts,samples,certs}`,
 * `linkerd/<version>/{charts,goldens}`, `kiali/<version>/charts` (see HOW_TO_GET).
 */
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.join(__dirname, '..', '..');

/** How to get the same files with network access, printed when they are missing. */
export const HOW_TO_GET = `The conformance tier compares our output with upstream's own render of the same input.
It needs the upstream charts and samples in a directory laid out as
  istio/<v>/charts/{base,istio-discovery,gateway,istio-ingress,istiod-remote}   (istiod-remote: 1.22/1.23 only)
  istio/<v>/samples/{multicluster,helloworld,sleep,curl}   istio/<v>/certs (tools/certs)
  linkerd/<edge-version>/charts/{linkerd-crds,linkerd-control-plane,linkerd-multicluster}
  kiali/<v>/charts/kiali-server
for the versions listed in docs/conformance.md. With network access, for example:
  helm repo add istio https://istio-release.storage.googleapis.com/charts
  helm pull istio/gateway --version 1.30.3 --untar --untardir istio/1.30.3/charts
  helm pull istio/base --version 1.30.3 --untar --untardir istio/1.30.3/charts
  helm pull istio/istiod --version 1.30.3 --untar --untardir istio/1.30.3/charts && mv istio/1.30.3/charts/istiod istio/1.30.3/charts/istio-discovery
  git clone --depth 1 --branch 1.30.3 https://github.com/istio/istio && cp -r istio/samples/... istio/manifests/charts/gateways/istio-ingress ...
  helm repo add linkerd-edge https://helm.linkerd.io/edge && helm pull linkerd-edge/linkerd-multicluster --version 2026.8.3 --untar ...
  helm repo add kiali https://kiali.org/helm-charts && helm pull kiali/kiali-server --version 2.29.0 --untar ...
then run: CONFORMANCE_UPSTREAM=<that directory> npm run conformance`;

/** The upstream directory, or undefined when it does not exist. */
export function findUpstream(): string | undefined {
  const dir = process.env.CONFORMANCE_UPSTREAM ?? path.join(REPO_ROOT, '..', 'shared', 'upstream');
  return fs.existsSync(path.join(dir, 'istio')) ? path.resolve(dir) : undefined;
}

/** The version directories of one project, in version order. */
export function versionsOf(upstream: string, project: 'istio' | 'linkerd' | 'kiali'): string[] {
  const dir = path.join(upstream, project);
  if (!fs.existsSync(dir)) { return []; }
  return fs.readdirSync(dir).filter(d => fs.statSync(path.join(dir, d)).isDirectory()).sort(compareVersions);
}

/** The numbers of a version string (`1.30.3`, `v2.29.0`, `edge-25.10.1`). */
export function versionNumbers(v: string): number[] {
  return (v.match(/\d+/g) ?? []).map(Number);
}

export function compareVersions(a: string, b: string): number {
  const x = versionNumbers(a);
  const y = versionNumbers(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) { return d; }
  }
  return 0;
}

/**
 * Whether a version is in a range written as comma-separated terms: `1.30`
 * (that minor, or any version with that prefix), `>=1.30`, `<1.24`,
 * `1.22..1.23` (inclusive). No range means every version.
 */
export function inRange(version: string, range: string | undefined): boolean {
  if (!range) { return true; }
  const v = versionNumbers(version);
  const cmp = (bound: string) => {
    const b = versionNumbers(bound);
    for (let i = 0; i < b.length; i++) {
      const d = (v[i] ?? 0) - b[i];
      if (d !== 0) { return d; }
    }
    return 0;
  };
  return range.split(',').map(t => t.trim()).some(term => {
    if (term.startsWith('>=')) { return cmp(term.slice(2)) >= 0; }
    if (term.startsWith('<')) { return cmp(term.slice(1)) < 0; }
    if (term.includes('..')) {
      const [lo, hi] = term.split('..');
      return cmp(lo) >= 0 && cmp(hi) <= 0;
    }
    return cmp(term) === 0;
  });
}
