/** Renders `<outdir>/_delivery/<engine>/` for a `MeshApp`'s delivery. Internal. */
import { App } from 'cdk8s';
import { argoCdDestinations, renderArgoCd } from './_argocd';
import { fluxProblems, renderFlux } from './_flux';
import { clusterParts, remoteAccesses } from './_parts';
import { DeliverySettings } from './_settings';
import { compareText } from '../output/_order';
import { RenderedTree } from '../output/_writer';

/** The delivery directory (beside the cluster directories, which are DNS-1123 labels and cannot be named so). */
export const DELIVERY_DIR = '_delivery';

/** The tree with the delivery files added; throws one error listing every problem. */
export function withDelivery(app: App, where: string, s: DeliverySettings, tree: RenderedTree, secretMode = 'keyStore'): RenderedTree {
  const parts = clusterParts(app, tree.outdir);
  let problems: string[];
  let files;
  if (s.engine === 'argocd') {
    const d = argoCdDestinations(where, s, parts, remoteAccesses(app));
    problems = d.problems;
    files = problems.length === 0 ? renderArgoCd(s, parts, d.destinations) : [];
  } else {
    problems = fluxProblems(where, s, parts);
    files = problems.length === 0 ? renderFlux(s, parts, secretMode === 'sops') : [];
  }
  if (problems.length === 1) { throw new Error(problems[0]); }
  if (problems.length > 1) { throw new Error(`GitOps delivery failed with the following errors:\n  ${problems.join('\n  ')}`); }
  const warnings = parts.filter(p => p.unknownValues.length > 0).map(p => `${where}: cluster "${p.clusterName}": `
    + `${p.unknownValues.join(', ')} ${p.unknownValues.length === 1 ? 'is' : 'are'} not delivered: GitOps delivery knows no chart for `
    + `${p.unknownValues.length === 1 ? 'it' : 'them'}; install ${p.unknownValues.length === 1 ? 'it' : 'them'} as the file header says`);
  if (s.engine === 'argocd' && secretMode === 'sops') {
    // Argo CD has no SOPS decryption of its own (Flux's kustomize-controller has): it needs KSOPS or helm-secrets in its repo server.
    warnings.push(`${where}: Argo CD applies the SOPS-encrypted Secrets (*.sops.yaml) only when its repo server decrypts them (KSOPS); `
      + 'without that, use secretDelivery sealedSecrets or externalSecrets with Argo CD (docs/secrets.md)');
  }
  return {
    ...tree,
    outdir: [...tree.outdir, ...files].sort((a, b) => compareText(a.path, b.path)),
    warnings: [...tree.warnings, ...warnings],
  };
}
