/**
 * Remote access of the consumers that have no check of their own (Argo CD, custom consumers):
 * each remote-cluster Secret a synth could not build for lack of a credential is recorded in the
 * key store (`<consumer cluster>/<Secret file>.pending`, with `consumer: argocd | custom`), and
 * listed here as pending with the commands that complete it, as Istio's remote secrets, Kiali's
 * and Linkerd's link credentials (ServiceMirrorLink's own records) are in theirs.
 */
import * as YAML from 'yaml';
import { Check, CheckContext, CheckResult, warn } from './types';
import { compareText } from '../../output/_order';

/** The consumers whose pending records this check reads (Istio's, Kiali's and links' have their own checks). */
const CONSUMERS: Record<string, string> = { argocd: 'Argo CD', custom: 'the custom consumer' };

interface PendingAccess {
  readonly consumer: string;
  readonly consumerCluster: string;
  readonly cluster: string;
  readonly secret: string;
  readonly needsApiServer: boolean;
  readonly tokenCommand: string;
  readonly tokenFile: string;
  readonly file: string;
}

function pendingAccess(ctx: CheckContext): PendingAccess[] {
  const present = new Set(ctx.keyStore.files.map(f => f.rel));
  const out: PendingAccess[] = [];
  for (const f of ctx.keyStore.files) {
    if (!f.rel.endsWith('.pending') || f.rel.split('/').length !== 2) { continue; }
    let r: Record<string, unknown> | undefined;
    try {
      r = YAML.parse(f.text) as Record<string, unknown>;
    } catch {
      r = undefined;
    }
    if (!r || typeof r.consumer !== 'string' || !(r.consumer in CONSUMERS) || typeof r.secret !== 'string' || typeof r.cluster !== 'string') { continue; }
    if (present.has(String(r.file))) { continue; } // built since: the writer drops the record on the next synth
    out.push({
      consumer: r.consumer,
      consumerCluster: f.rel.split('/')[0],
      cluster: r.cluster,
      secret: r.secret,
      needsApiServer: r.needsApiServer === true,
      tokenCommand: String(r.tokenCommand),
      tokenFile: String(r.tokenFile),
      file: String(r.file),
    });
  }
  return out.sort((a, b) => compareText(`${a.consumerCluster}/${a.cluster}/${a.secret}`, `${b.consumerCluster}/${b.cluster}/${b.secret}`));
}

/** Argo CD and custom consumers: every remote-cluster Secret is present or listed as pending. */
export const pendingAccessCheck: Check = {
  group: 'remote access',
  name: 'the remote-cluster Secrets of Argo CD and custom consumers are present, or pending with their commands',
  run: ctx => {
    const ks = ctx.keyStoreName.replace(/\/+$/, '');
    return pendingAccess(ctx).map((p): CheckResult => warn(
      `${p.consumerCluster}: ${CONSUMERS[p.consumer]}'s Secret for ${p.cluster} is pending: no credential was given (${p.secret})`, [
        ...(p.needsApiServer ? [`give cluster ${p.cluster} its API server (apiServer or kubeconfig), then`] : []),
        `run (umask 077; ${p.tokenCommand} > ${ks}/${p.tokenFile})`,
        `give that token as ${p.cluster}'s credential, synthesize again, and apply ${ks}/${p.file} to ${p.consumerCluster}`,
      ]));
  },
};
