/**
 * Plug-in CA certificates: for every Istio version, the real `tools/certs`
 * Makefile of that version (`make -f Makefile.selfsigned.mk root-ca
 * cluster1-cacerts`, run with openssl in a temporary directory) against our
 * TrustRoot with its defaults (RSA-4096), both described the same way:
 * subject, issuer, key, signature algorithm, validity in days and every
 * X.509v3 extension (name, criticality, value; key identifiers by presence).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareObjects } from './leaves';
import { Ledger } from './ledger';
import { synthesize } from './meshes';
import { versionsOf } from './upstream';
import { IstioVersion, Mesh, MeshCluster, TrustRoot } from '../../src';

/** A certificate as openssl prints it, reduced to what the comparison needs. */
export function describeCertificate(pem: string): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-conformance-cert-'));
  try {
    const file = path.join(dir, 'cert.pem');
    fs.writeFileSync(file, pem);
    const text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-text', '-nameopt', 'RFC2253'], { encoding: 'utf-8' });
    const field = (re: RegExp) => re.exec(text)?.[1].trim();
    const notBefore = Date.parse(field(/Not Before\s*:\s*(.+)/)!);
    const notAfter = Date.parse(field(/Not After\s*:\s*(.+)/)!);
    const extensions: Record<string, { critical: boolean; value: string }> = {};
    const ext = text.split('X509v3 extensions:')[1]?.split(/\n\s*Signature Algorithm/)[0] ?? '';
    const lines = ext.split('\n').filter(l => l.trim());
    for (let i = 0; i < lines.length; i++) {
      const m = /^\s*(X509v3 [^:]+|[A-Za-z][^:]*):\s*(critical)?\s*$/.exec(lines[i]);
      if (!m) { continue; }
      const values: string[] = [];
      while (i + 1 < lines.length && !/^\s*(X509v3 [^:]+|[A-Za-z ]+):\s*(critical)?\s*$/.test(lines[i + 1])) {
        values.push(lines[++i].trim());
      }
      const name = m[1].replace(/^X509v3 /, '');
      const value = /Key Identifier/.test(name) ? '(present)' : values.join(' ');
      extensions[name] = { critical: m[2] === 'critical', value };
    }
    return {
      subject: field(/Subject:\s*(.+)/),
      issuer: field(/Issuer:\s*(.+)/),
      version: field(/Version:\s*(\d+)/),
      signatureAlgorithm: field(/Signature Algorithm:\s*(.+)/),
      publicKey: `${field(/Public Key Algorithm:\s*(.+)/)} ${field(/Public-Key:\s*\((\d+) bit\)/)}`,
      validityDays: Math.round((notAfter - notBefore) / 86_400_000),
      extensions,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs upstream's tools/certs Makefile of one version; returns the PEM files of the root and cluster1. */
function upstreamCerts(certsDir: string): { root: string; intermediate: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-conformance-toolscerts-'));
  try {
    for (const f of fs.readdirSync(certsDir)) { fs.copyFileSync(path.join(certsDir, f), path.join(dir, f)); }
    execFileSync('make', ['-s', '-f', 'Makefile.selfsigned.mk', 'root-ca', 'cluster1-cacerts'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    return {
      root: fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf-8'),
      intermediate: fs.readFileSync(path.join(dir, 'cluster1', 'ca-cert.pem'), 'utf-8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function runCerts(upstream: string, ledger: Ledger): void {
  // Our certificates do not depend on the Istio version: build them once.
  const out = synthesize(app => {
    const mesh = new Mesh(app, 'mesh1', { istioVersion: IstioVersion.DEFAULT });
    new TrustRoot(app, 'TrustRoot', { mesh });
    new MeshCluster(app, 'cluster1', { mesh, network: 'network1' });
  }, 'trust root');
  const ours = {
    root: describeCertificate(fs.readFileSync(path.join(out.keyStore, 'cluster1', 'root-cert.pem'), 'utf-8')),
    intermediate: describeCertificate(fs.readFileSync(path.join(out.keyStore, 'cluster1', 'ca-cert.pem'), 'utf-8')),
  };
  for (const version of versionsOf(upstream, 'istio')) {
    const certsDir = path.join(upstream, 'istio', version, 'certs');
    if (!fs.existsSync(certsDir)) { continue; }
    const site = (object: string) => ({ area: 'istio' as const, chart: 'tools/certs', version, case: 'TrustRoot defaults', object });
    let theirs: { root: string; intermediate: string };
    try {
      theirs = upstreamCerts(certsDir);
    } catch (e: any) {
      ledger.renderFailed(site('make root-ca cluster1-cacerts'), `tools/certs ${version}: ${e.stderr?.toString() ?? e.message}`);
      continue;
    }
    ledger.compared(site('Certificate/root-cert.pem'), compareObjects(describeCertificate(theirs.root), ours.root));
    ledger.compared(site('Certificate/cluster1/ca-cert.pem'), compareObjects(describeCertificate(theirs.intermediate), ours.intermediate));
  }
}
