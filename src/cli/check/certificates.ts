/**
 * Certificates in the key store (and in the output tree, for trees written with
 * private material in them): Istio `cacerts` Secrets (reference/istio.md §5:
 * ca-cert.pem verifies up to root-cert.pem through cert-chain.pem, ca-key.pem
 * matches ca-cert.pem, as istiod checks) and Linkerd `linkerd-identity-issuer`
 * Secrets (reference/linkerd.md §6: ECDSA P-256 CA issuer that chains to the
 * trust anchor); days to expiry, with a warning under `--warn-days` (30) days and the renewal steps; one root per mesh.
 */
import { createPrivateKey, X509Certificate } from 'crypto';
import { plural } from '../io';
import { at, str } from './_doc';
import { allObjects, Check, CheckContext, CheckResult, fail, meshesOf, ok, secretValue, warn } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Splits PEM text into its certificates. */
export function parseCertificates(pem: string | undefined): X509Certificate[] {
  const blocks = (pem ?? '').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map(b => new X509Certificate(b));
}

function subject(cert: X509Certificate): string {
  return cert.subject.split('\n').join(', ');
}

/** Why `leaf` does not chain up to `root` through `intermediates`, or undefined when it does. */
export function chainProblem(leaf: X509Certificate, intermediates: X509Certificate[], root: X509Certificate): string | undefined {
  if (!(root.checkIssued(root) && root.verify(root.publicKey))) {
    return `the root "${subject(root)}" is not self-signed`;
  }
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (current.checkIssued(root) && current.verify(root.publicKey)) {
      return undefined;
    }
    const next = intermediates.find(c => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!next) {
      return `"${subject(current)}" is not signed by the root "${subject(root)}" or by a certificate of the chain`;
    }
    current = next;
  }
  return 'the chain is longer than 8 certificates';
}

/** The expiry line of a certificate: a failure when expired or not yet valid, a warning under `warnDays` days. */
function expiry(what: string, cert: X509Certificate, now: Date, warnDays: number): { status: 'ok' | 'warn' | 'fail'; text: string } {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (isNaN(from) || isNaN(to)) {
    return { status: 'fail', text: `${what} has a validity that cannot be read (notBefore ${cert.validFrom}, notAfter ${cert.validTo})` };
  }
  if (now.getTime() < from) {
    return { status: 'fail', text: `${what} is not valid before ${new Date(from).toISOString()}` };
  }
  const days = Math.floor((to - now.getTime()) / DAY_MS);
  if (to <= now.getTime()) {
    return { status: 'fail', text: `${what} expired on ${new Date(to).toISOString()}` };
  }
  return { status: days < warnDays ? 'warn' : 'ok', text: `${what} expires in ${plural(days, 'day')}` };
}

function keyMatches(cert: X509Certificate, keyPem: string | undefined): string | undefined {
  if (!keyPem) { return 'no private key'; }
  try {
    return cert.checkPrivateKey(createPrivateKey(keyPem)) ? undefined : 'the private key does not match the certificate';
  } catch {
    return 'the private key does not parse';
  }
}

/** What the renewal commands of an expiring bundle name. */
interface Renewal {
  readonly warnDays: number;
  readonly keyStore: string;
  readonly secret: string;
  readonly file: string;
}

interface Verified {
  readonly results: CheckResult[];
  readonly root?: X509Certificate;
}

/** Verifies one CA bundle: signing cert, its key, the chain and the root. */
function verifyBundle(label: string, certPem: string | undefined, keyPem: string | undefined, chainPem: string | undefined,
  rootPem: string | undefined, now: Date, renewal: Renewal, extra: (cert: X509Certificate) => string[] = () => []): Verified {
  let cert: X509Certificate | undefined;
  let root: X509Certificate | undefined;
  let chain: X509Certificate[] = [];
  const problems: string[] = [];
  try {
    cert = parseCertificates(certPem)[0];
    root = parseCertificates(rootPem)[0];
    chain = parseCertificates(chainPem);
  } catch {
    return { results: [fail(`${label}: a certificate does not parse as PEM X.509`)] };
  }
  if (!cert) { problems.push('no signing certificate'); }
  if (!root) { problems.push('no root certificate'); }
  if (cert && root) {
    if (!cert.ca) { problems.push(`"${subject(cert)}" is not a CA certificate (basicConstraints CA:TRUE)`); }
    const chainIssue = chainProblem(cert, chain, root);
    if (chainIssue) { problems.push(chainIssue); }
    if (chainPem !== undefined && chain.length > 0 && chain[0].fingerprint256 !== cert.fingerprint256) {
      problems.push('the chain does not start with the signing certificate');
    }
    const keyIssue = keyMatches(cert, keyPem);
    if (keyIssue) { problems.push(keyIssue); }
    problems.push(...extra(cert));
  }
  if (problems.length > 0 || !cert || !root) {
    return { results: [fail(`${label}: the CA does not verify`, problems)], root };
  }
  const lines = [expiry('the intermediate', cert, now, renewal.warnDays), expiry('the root', root, now, renewal.warnDays)];
  const worst = lines.some(l => l.status === 'fail') ? 'fail' : lines.some(l => l.status === 'warn') ? 'warn' : 'ok';
  const summary = `${label}: chain verifies, key matches; ${lines.map(l => l.text).join(', ')}`;
  const steps = [
    ...(lines[0].status !== 'ok' ? [
      `renew the intermediate: cdk8s-mesh synth (with the same key store ${renewal.keyStore}) re-issues it in the last third of its validity`,
      `then deliver the new ${renewal.secret}: apply ${renewal.file} from the key store, or commit the re-synthesized tree when secretDelivery encrypts it`,
    ] : []),
    ...(lines[1].status !== 'ok' ? ['the root is never replaced silently: plan a root rotation (docs/secrets.md, "Rotation")'] : []),
  ];
  const result = worst === 'fail' ? fail(summary, steps) : worst === 'warn' ? warn(summary, steps) : ok(summary);
  return { results: [result], root };
}

/** The Linkerd trust anchors PEM from a cluster's install values (`identityTrustAnchorsPEM`), if any. */
function linkerdTrustAnchors(ctx: CheckContext, cluster: string): string | undefined {
  const dir = ctx.tree.clusters.find(c => c.name === cluster);
  for (const f of dir?.install ?? []) {
    for (const doc of f.docs ?? []) {
      const anchors = str(doc, 'identityTrustAnchorsPEM');
      if (anchors !== undefined) { return anchors; }
    }
  }
  return undefined;
}

/** Istio cacerts and Linkerd identity issuers verify; one root per mesh. */
export const certificatesCheck: Check = {
  group: 'certificates',
  name: 'CA chains verify, keys match, not expiring',
  run: ctx => {
    const results: CheckResult[] = [];
    const meshes = meshesOf(ctx);
    const meshOf = new Map<string, string>();
    for (const [mesh, clusters] of meshes) { clusters.forEach(c => meshOf.set(c.cluster, mesh)); }
    const roots = new Map<string, { cluster: string; root: X509Certificate }[]>();
    const clusterNames = [...new Set([...ctx.tree.clusters.map(c => c.name), ...ctx.keyStore.objects.keys()])].sort();
    for (const cluster of clusterNames) {
      for (const { obj, file } of allObjects(ctx, cluster)) {
        if (at(obj, 'kind') !== 'Secret') { continue; }
        const name = at(obj, 'metadata', 'name');
        if (name === 'cacerts') {
          const tls = secretValue(obj, 'tls.crt') !== undefined;
          const renewal = { warnDays: ctx.warnDays, keyStore: ctx.keyStoreName, secret: 'cacerts', file };
          const v = tls
            ? verifyBundle(`${cluster}: cacerts (${file})`, secretValue(obj, 'tls.crt'), secretValue(obj, 'tls.key'),
              `${secretValue(obj, 'tls.crt')}\n${secretValue(obj, 'ca.crt')}`, secretValue(obj, 'ca.crt'), ctx.now, renewal)
            : verifyBundle(`${cluster}: cacerts (${file})`, secretValue(obj, 'ca-cert.pem'), secretValue(obj, 'ca-key.pem'),
              secretValue(obj, 'cert-chain.pem'), secretValue(obj, 'root-cert.pem'), ctx.now, renewal);
          const missing = tls ? [] : ['ca-cert.pem', 'ca-key.pem', 'root-cert.pem', 'cert-chain.pem'].filter(k => secretValue(obj, k) === undefined);
          results.push(missing.length > 0 ? fail(`${cluster}: cacerts (${file}) lacks ${missing.join(', ')}`) : v.results[0]);
          const mesh = meshOf.get(cluster);
          if (v.root && mesh) { roots.set(mesh, [...(roots.get(mesh) ?? []), { cluster, root: v.root }]); }
        } else if (name === 'linkerd-identity-issuer') {
          const tls = secretValue(obj, 'tls.crt') !== undefined;
          const certPem = tls ? secretValue(obj, 'tls.crt') : secretValue(obj, 'crt.pem');
          const keyPem = tls ? secretValue(obj, 'tls.key') : secretValue(obj, 'key.pem');
          const anchor = tls ? secretValue(obj, 'ca.crt') : linkerdTrustAnchors(ctx, cluster);
          const renewal = { warnDays: ctx.warnDays, keyStore: ctx.keyStoreName, secret: 'linkerd-identity-issuer', file };
          const v = verifyBundle(`${cluster}: linkerd-identity-issuer (${file})`, certPem, keyPem, certPem, anchor, ctx.now, renewal, cert => {
            const details = cert.publicKey.asymmetricKeyDetails;
            return cert.publicKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1'
              ? [] : ['the issuer key is not ECDSA P-256, which Linkerd requires'];
          });
          results.push(anchor === undefined
            ? warn(`${cluster}: linkerd-identity-issuer (${file}): no trust anchor found (ca.crt, or identityTrustAnchorsPEM in the install values)`)
            : v.results[0]);
        }
      }
    }
    for (const [mesh, list] of roots) {
      const distinct = new Set(list.map(r => r.root.fingerprint256));
      if (distinct.size > 1) {
        results.push(fail(`mesh "${mesh}": clusters use different roots: cross-cluster mTLS fails`,
          list.map(r => `${r.cluster}: root "${subject(r.root)}" (SHA-256 ${r.root.fingerprint256.slice(0, 23)}…)`)));
      } else if (list.length > 1) {
        results.push(ok(`mesh "${mesh}": ${plural(list.length, 'cluster')} share one root`));
      }
    }
    for (const [mesh, clusters] of meshes) {
      const without = clusters.filter(c => !(roots.get(mesh) ?? []).some(r => r.cluster === c.cluster)).map(c => c.cluster);
      if (clusters.length > 1 && without.length > 0) {
        results.push(warn(`mesh "${mesh}": no cacerts for ${without.join(', ')}${ctx.keyStore.exists ? '' : ` (key store ${ctx.keyStoreName} does not exist)`}`,
          ['each istiod then signs with its own self-signed root and cross-cluster mTLS fails; add a trust root to the mesh']));
      }
    }
    return results;
  },
};
