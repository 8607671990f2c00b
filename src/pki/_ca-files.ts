/*
 * The CA files of a TrustRoot: reading certificates and keys (given, imported, or in the
 * key store), checking their modes and that they match, and the key-store layout.
 */
import type { KeyObject } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DAY_MS, IssuingPolicy, notBeforeOf, serialOf } from './_issuer';
import { algorithmOf, buildTbs, describeAlgorithm, describeName, NameAttribute, ParsedCertificate, parseCertificate, parsePrivateKey, pemBlocks, tbsDer } from './_x509';
import type { LoadedCa } from './ca-certificate';
import { inputFileProblem, PEM_FILE } from '../core/_input-files';
import { fail } from '../core/_validation';

export interface Existing {
  readonly cert: ParsedCertificate;
  readonly certText: string;
  readonly key: import('crypto').KeyObject;
  readonly keyPem: string;
}

export interface RootMaterial {
  /** Where the root came from, for messages: a file path or a description. */
  readonly source: string;
  readonly cert: ParsedCertificate;
  readonly certPem: string;
  readonly key?: import('crypto').KeyObject;
  readonly keyPem?: string;
}

export interface FileNames {
  readonly rootCert: string;
  readonly rootKey: string;
  readonly cert: string;
  readonly key: string;
}

export const ISTIO_FILES: FileNames = { rootCert: 'root-cert.pem', rootKey: 'root-key.pem', cert: 'ca-cert.pem', key: 'ca-key.pem' };
export const LINKERD_FILES: FileNames = { rootCert: 'ca.crt', rootKey: 'ca.key', cert: 'issuer.crt', key: 'issuer.key' };

/** A TrustRoot's directories in the key store, and the files in them. */
export class CaFiles {
  constructor(
    private readonly where: string,
    /** The key store directory. */
    public readonly keyStore: string,
    /** The root's directory in the key store. */
    public readonly rootDirectory: string,
    /** The file names of the provider. */
    public readonly files: FileNames,
    private readonly istio: boolean) {}

  public storePath(...parts: string[]): string {
    return path.join(this.keyStore, ...parts);
  }

  public rotationGuidance(): string {
    const dir = this.storePath(this.rootDirectory);
    const rollout = this.istio
      ? 'Istio\'s multi-root settings (ISTIO_MULTIROOT_MESH, a combined root bundle)'
      : 'a Linkerd trust-anchor bundle holding the old and the new root';
    return `rotate the root on purpose: move ${dir} aside and synthesize again (a new root is made and every intermediate re-issued), `
      + `or import one with TrustRootProps.root; roll it out with ${rollout}`;
  }

  /** Reads a certificate and key pair from the key store, checking modes and that they match. */
  public readPair(certFile: string, keyFile: string, decode: boolean): Existing {
    const mode = looseMode(keyFile);
    if (mode !== undefined) {
      fail(this.where, 'keyStore', keyFile, `has mode ${mode}: a key file must be readable by its owner only. Run chmod 600 ${keyFile}; `
        + 'if other users could read it, treat the key as exposed and replace it');
    }
    const certText = readText(this.where, 'keyStore', certFile);
    const keyPem = readText(this.where, 'keyStore', keyFile);
    const loaded = loadCa(this.where, 'keyStore', { text: certText, source: certFile }, { text: keyPem, source: keyFile }, decode);
    return { cert: loaded.certs[0], certText, key: loaded.key!, keyPem };
  }

  public readStoredIntermediate(cluster: string): { existing?: Existing; partial?: string } {
    const certFile = this.storePath(cluster, this.files.cert);
    const keyFile = this.storePath(cluster, this.files.key);
    const hasCert = fs.existsSync(certFile);
    const hasKey = fs.existsSync(keyFile);
    if (!hasCert && !hasKey) { return {}; }
    if (!hasCert || !hasKey) {
      return { partial: `${hasCert ? keyFile : certFile} is missing` };
    }
    // The intermediates are compared as DER bytes: no ASN.1 decoding (most of the time a re-synth spends on them).
    return { existing: this.readPair(certFile, keyFile, false) };
  }

  public readStoredRoot(policy: IssuingPolicy): RootMaterial | undefined {
    const certFile = this.storePath(this.rootDirectory, this.files.rootCert);
    const keyFile = this.storePath(this.rootDirectory, this.files.rootKey);
    const hasCert = fs.existsSync(certFile);
    const hasKey = fs.existsSync(keyFile);
    if (!hasCert && !hasKey) { return undefined; }
    if (!hasCert || !hasKey) {
      fail(this.where, 'keyStore', hasCert ? keyFile : certFile,
        `is missing, but ${hasCert ? certFile : keyFile} exists: the root cannot be used without both. Restore the file, or ${this.rotationGuidance()}`);
    }
    const existing = this.readPair(certFile, keyFile, true);
    const cert = existing.cert;
    const expected = tbsDer(buildTbs(policy.rootSpec(serialOf(cert), notBeforeOf(cert), existing.key)));
    if (algorithmOf(existing.key) !== policy.algorithm || !expected.equals(cert.tbsDer)) {
      this.explainRootMismatch(certFile, existing, policy);
    }
    return { source: certFile, cert, certPem: existing.certText, key: existing.key, keyPem: existing.keyPem };
  }

  public explainRootMismatch(certFile: string, existing: Existing, policy: IssuingPolicy): never {
    const cert = existing.cert;
    const alg = algorithmOf(existing.key);
    const guidance = `a root is never replaced silently: keep the old setting, or ${this.rotationGuidance()}`;
    if (alg !== policy.algorithm) {
      fail(this.where, 'algorithm', policy.algorithm, `differs from the root in ${certFile} (${describeAlgorithm(alg, existing.key)}): ${guidance}`);
    }
    const subject = nameAttributes(cert);
    const o = subject.find(a => a.type === 'O')?.value;
    const cn = subject.find(a => a.type === 'CN')?.value;
    if (o !== policy.organization) {
      fail(this.where, 'organization', policy.organization, `differs from the root in ${certFile} (${o === undefined ? 'no O=' : JSON.stringify(o)}): ${guidance}`);
    }
    if (cn !== policy.commonName) {
      fail(this.where, 'commonName', policy.commonName, `differs from the root in ${certFile} (${cn === undefined ? 'no CN=' : JSON.stringify(cn)}): ${guidance}`);
    }
    const days = (new Date(cert.x509.validTo).getTime() - new Date(cert.x509.validFrom).getTime()) / DAY_MS;
    if (days !== policy.rootValidityDays) {
      fail(this.where, 'rootValidityDays', policy.rootValidityDays, `differs from the root in ${certFile} (${days} days): ${guidance}`);
    }
    fail(this.where, 'keyStore', certFile, `holds a root that this library did not make with these settings (subject ${describeName(subject)}; its extensions differ): ${guidance}`);
  }
}

export function readText(where: string, prop: string, file: string): string {
  // A regular file of bounded size (a FIFO would block the synth forever).
  const problem = inputFileProblem(file, statOf(file), PEM_FILE);
  if (problem && statOf(file)) {
    fail(where, prop, file, `cannot be read: ${problem}`);
  }
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch (e) {
    fail(where, prop, file, `cannot be read (${(e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message})`);
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The mode of a file as `0644` when group or others have any access, else undefined. */
export function looseMode(file: string): string | undefined {
  if (process.platform === 'win32') { return undefined; }
  let mode: number;
  try {
    mode = fs.statSync(file).mode % 0o1000; // permission bits
  } catch {
    return undefined;
  }
  const groupOrOthers = mode % 0o100;
  return groupOrOthers !== 0 ? `0${mode.toString(8).padStart(3, '0')}` : undefined;
}

/**
 * Reads a CA certificate (and its chain) and, when given, its key. `decode`
 * decodes every certificate's ASN.1 structure now, so that a certificate Node
 * reads but the ASN.1 library does not is reported here; only the stored
 * intermediates, which this library wrote and compares as bytes, skip it.
 */
export function loadCa(where: string, prop: string, cert: { text: string; source: string }, key?: { text: string; source: string },
  decode = true): LoadedCa {
  const blocks = typeof cert.text === 'string' ? pemBlocks(cert.text, 'CERTIFICATE') : [];
  let certs: ParsedCertificate[];
  try {
    if (blocks.length === 0) { throw new Error('no PEM certificate'); }
    certs = blocks.map(parseCertificate);
    if (decode) { certs.forEach(c => c.asn); }
  } catch {
    fail(where, prop, cert.source, 'does not hold a PEM-encoded X.509 certificate');
  }
  if (!certs[0].x509.ca) {
    fail(where, prop, cert.source, 'is not a CA certificate (it lacks basicConstraints CA:TRUE): a mesh root or intermediate must be a CA');
  }
  if (key === undefined) {
    return { certs, certSource: cert.source, warnings: [] };
  }
  if (typeof key.text === 'string' && /-----BEGIN (ENCRYPTED PRIVATE KEY|[A-Z ]*PRIVATE KEY-----\s*Proc-Type: 4,ENCRYPTED)/.test(key.text)) {
    fail(where, prop, key.source, 'holds an encrypted private key: decrypt it first (openssl pkey -in <file> -out <file>)');
  }
  let keyObject: KeyObject;
  try {
    if (typeof key.text !== 'string' || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.text)) { throw new Error('no PEM key'); }
    keyObject = parsePrivateKey(key.text);
  } catch {
    fail(where, prop, key.source, 'does not hold a PEM-encoded private key (PKCS#8, PKCS#1 or SEC1)');
  }
  if (!certs[0].x509.checkPrivateKey(keyObject)) {
    fail(where, prop, key.source, `does not match the certificate ${cert.source}: it is the key of another certificate`);
  }
  return { certs, certSource: cert.source, key: keyObject, keyPem: key.text, keySource: key.source, warnings: [] };
}

function nameAttributes(cert: ParsedCertificate): NameAttribute[] {
  const types: Record<string, NameAttribute['type']> = { '2.5.4.10': 'O', '2.5.4.3': 'CN', '2.5.4.7': 'L' };
  // An attribute type other than O, CN and L keeps its OID (the subject is rebuilt as it was).
  return cert.asn.tbsCertificate.subject.flatMap(rdn => rdn.map(a => ({ type: (types[a.type] ?? a.type) as NameAttribute['type'], value: a.value.toString() })));
}
