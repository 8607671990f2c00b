/**
 * Test-only CA material made with the openssl CLI at test time (ECDSA P-256,
 * fast): never committed. Tests that need it are skipped when openssl is absent.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../util';

/** True when the openssl CLI can be run. */
export const HAVE_OPENSSL = spawnSync('openssl', ['version']).status === 0;

/** A CA: certificate and key PEM. */
export interface TestCa {
  readonly cert: string;
  readonly key: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A self-signed root CA. */
export function makeRoot(cn = 'Root CA', days = 3650): TestCa {
  const dir = tempDir('cdk8s-mesh-pki-');
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'key.pem']);
  openssl(dir, ['req', '-x509', '-new', '-key', 'key.pem', '-subj', `/O=Test/CN=${cn}`, '-days', String(days),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'cert.pem']);
  return { cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf-8'), key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf-8') };
}

/** An intermediate CA signed by `root` (ECDSA P-256, or RSA-2048 with `rsa`). */
export function makeIntermediate(root: TestCa, cn = 'Intermediate CA', days = 365, rsa = false): TestCa {
  const dir = tempDir('cdk8s-mesh-pki-');
  fs.writeFileSync(path.join(dir, 'root.pem'), root.cert);
  fs.writeFileSync(path.join(dir, 'root-key.pem'), root.key, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'ext.cnf'), '[v3]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n');
  openssl(dir, rsa
    ? ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'key.pem']
    : ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'key.pem']);
  openssl(dir, ['req', '-new', '-key', 'key.pem', '-subj', `/O=Test/CN=${cn}`, '-out', 'ca.csr']);
  openssl(dir, ['x509', '-req', '-in', 'ca.csr', '-CA', 'root.pem', '-CAkey', 'root-key.pem', '-CAcreateserial', '-days', String(days),
    '-extfile', 'ext.cnf', '-extensions', 'v3', '-out', 'cert.pem']);
  return { cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf-8'), key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf-8') };
}

/** The YAML of an Istio `cacerts` Secret (data base64, as kubectl create secret writes it). */
export function cacertsSecret(intermediate: TestCa, root: TestCa, opts: { key?: string } = {}): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: cacerts', '  namespace: istio-system', 'type: Opaque', 'data:',
    `  ca-cert.pem: ${b64(intermediate.cert)}`,
    `  ca-key.pem: ${b64(opts.key ?? intermediate.key)}`,
    `  root-cert.pem: ${b64(root.cert)}`,
    `  cert-chain.pem: ${b64(intermediate.cert + root.cert)}`,
    '',
  ].join('\n');
}

/** The YAML of a Linkerd `linkerd-identity-issuer` Secret in the kubernetes.io/tls layout. */
export function linkerdIssuerSecret(issuer: TestCa, anchor: TestCa): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: linkerd-identity-issuer', '  namespace: linkerd', 'type: kubernetes.io/tls', 'data:',
    `  tls.crt: ${b64(issuer.cert)}`, `  tls.key: ${b64(issuer.key)}`, `  ca.crt: ${b64(anchor.cert)}`, '',
  ].join('\n');
}
