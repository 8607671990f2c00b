/**
 * Internal PKI: key generation (Node's `crypto`) and X.509 certificate
 * building (`@peculiar/asn1-x509` encodes the TBSCertificate, `crypto.sign`
 * signs its DER). Not exported from the package.
 *
 * Key generation is synchronous, because construct code is. RSA prime search
 * dominates a fresh PKI, so `generateKeys` spreads a batch of RSA keys over
 * the machine's cores: the calling thread and `availableParallelism() - 1`
 * worker threads take keys from a shared queue (a SharedArrayBuffer counter),
 * each with `generateKeyPairSync`; the calling thread then blocks in
 * `Atomics.wait` until the workers are done and collects their keys with
 * `receiveMessageOnPort`. Private keys never leave the process (no child
 * process, no temporary file, nothing logged).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign, X509Certificate } from 'crypto';
import * as os from 'os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, AuthorityKeyIdentifier, BasicConstraints, Certificate,
  Extension, Extensions, GeneralName, KeyIdentifier, KeyUsage, KeyUsageFlags, Name, RelativeDistinguishedName,
  SubjectAlternativeName, SubjectKeyIdentifier, SubjectPublicKeyInfo, TBSCertificate, Validity, Version,
} from '@peculiar/asn1-x509';
import { KeyAlgorithm } from './key-algorithm';

/* eslint-disable no-bitwise */ // key-usage flags and serial-number bytes are bit fields

/** What `generateKeyPairSync` needs for one key. */
export interface KeySpec {
  readonly type: 'rsa' | 'ec';
  readonly modulusLength?: number;
  readonly namedCurve?: string;
}

/** The key-generation parameters of an algorithm. */
export function keySpecOf(algorithm: KeyAlgorithm): KeySpec {
  switch (algorithm) {
    case KeyAlgorithm.RSA_2048: return { type: 'rsa', modulusLength: 2048 };
    case KeyAlgorithm.RSA_3072: return { type: 'rsa', modulusLength: 3072 };
    case KeyAlgorithm.RSA_4096: return { type: 'rsa', modulusLength: 4096 };
    case KeyAlgorithm.ECDSA_P256: return { type: 'ec', namedCurve: 'prime256v1' };
    case KeyAlgorithm.ECDSA_P384: return { type: 'ec', namedCurve: 'secp384r1' };
  }
  throw new Error(`unknown key algorithm ${algorithm}`);
}

/** How an algorithm is named in messages: `RSA-4096`, `ECDSA P-256`. */
export function describeAlgorithm(algorithm: KeyAlgorithm | undefined, key?: KeyObject): string {
  switch (algorithm) {
    case KeyAlgorithm.RSA_2048: return 'RSA-2048';
    case KeyAlgorithm.RSA_3072: return 'RSA-3072';
    case KeyAlgorithm.RSA_4096: return 'RSA-4096';
    case KeyAlgorithm.ECDSA_P256: return 'ECDSA P-256';
    case KeyAlgorithm.ECDSA_P384: return 'ECDSA P-384';
  }
  if (!key) { return 'an unknown algorithm'; }
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') { return `RSA-${d.modulusLength}`; }
  if (key.asymmetricKeyType === 'ec') { return `ECDSA ${d.namedCurve}`; }
  return String(key.asymmetricKeyType);
}

/** The algorithm of a key (public or private), or undefined when it is none of `KeyAlgorithm`. */
export function algorithmOf(key: KeyObject): KeyAlgorithm | undefined {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    if (d.publicExponent !== undefined && d.publicExponent !== BigInt(65537)) { return undefined; }
    switch (d.modulusLength) {
      case 2048: return KeyAlgorithm.RSA_2048;
      case 3072: return KeyAlgorithm.RSA_3072;
      case 4096: return KeyAlgorithm.RSA_4096;
    }
  }
  if (key.asymmetricKeyType === 'ec') {
    switch (d.namedCurve) {
      case 'prime256v1': return KeyAlgorithm.ECDSA_P256;
      case 'secp384r1': return KeyAlgorithm.ECDSA_P384;
    }
  }
  return undefined;
}

let generated = 0;
let lastBatch = { threads: 0, byWorkers: 0 };

/** Receives the progress of a batch of RSA keys (`what` is e.g. "RSA-4096 keys"). */
export type KeyProgress = (what: string, done: number, total: number) => void;

let progressListener: KeyProgress | undefined;

/**
 * Runs `fn` with `listener` told how far each batch of RSA keys it generates has got (the CLI
 * prints it on a terminal: RSA-4096 keys take seconds each). Scoped to the call: the previous
 * listener is restored after it.
 */
export function withKeyProgress<T>(listener: KeyProgress, fn: () => T): T {
  const previous = progressListener;
  progressListener = listener;
  try {
    return fn();
  } finally {
    progressListener = previous;
  }
}

function rsaKeysLabel(specs: KeySpec[]): string {
  const sizes = [...new Set(specs.map(s => s.modulusLength))].sort();
  return `${sizes.map(n => `RSA-${n}`).join('/')} ${specs.length === 1 ? 'key' : 'keys'}`;
}

/** How many keys this process has generated (the benchmark counts them). */
export function generatedKeyCount(): number {
  return generated;
}

/** Threads used by the last parallel batch, and how many of its keys the worker threads made. */
export function lastParallelBatch(): { readonly threads: number; readonly byWorkers: number } {
  return { ...lastBatch };
}

function generateOne(spec: KeySpec): string {
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  return spec.type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: spec.modulusLength ?? 4096, publicExponent: 65537, privateKeyEncoding, publicKeyEncoding }).privateKey
    : generateKeyPairSync('ec', { namedCurve: spec.namedCurve ?? 'prime256v1', privateKeyEncoding, publicKeyEncoding }).privateKey;
}

/** The worker: takes keys from the shared queue until it is empty. Plain JavaScript (eval'd). */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { generateKeyPairSync } = require('crypto');
const { specs, state, port } = workerData;
const s = new Int32Array(state);
try {
  for (;;) {
    const i = Atomics.add(s, 0, 1);
    if (i >= specs.length) { break; }
    const spec = specs[i];
    let pem;
    try {
      pem = generateKeyPairSync(spec.type, Object.assign(
        spec.type === 'rsa' ? { modulusLength: spec.modulusLength, publicExponent: 65537 } : { namedCurve: spec.namedCurve },
        { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })).privateKey;
    } catch (e) {
      pem = undefined;
    }
    port.postMessage({ i, pem });
    Atomics.add(s, 1, 1);
    Atomics.notify(s, 1);
  }
} finally {
  port.close();
}
`;

/** Batches at least this big (RSA keys) are spread over worker threads. */
const PARALLEL_MIN_RSA = 2;
/** How long the caller waits for a worker without progress before it makes the missing keys itself. */
const STALL_MS = 120_000;

/** Options of `generateKeys`. */
export interface GenerateOptions {
  /** Spread RSA keys over worker threads (default true). */
  readonly parallel?: boolean;
  /** Number of threads including the caller (default `$CDK8S_MESH_KEYGEN_THREADS`, else `os.availableParallelism()`). */
  readonly threads?: number;
}

/**
 * Generates one private key per spec (PKCS#8 PEM), in order. ECDSA keys are
 * made on the calling thread (well under a millisecond each); two or more
 * RSA keys are made in parallel.
 */
export function generateKeys(specs: KeySpec[], options: GenerateOptions = {}): string[] {
  const out: (string | undefined)[] = new Array(specs.length).fill(undefined);
  const rsa = specs.map((s, i) => ({ s, i })).filter(x => x.s.type === 'rsa');
  specs.forEach((s, i) => { if (s.type !== 'rsa') { out[i] = generateOne(s); } });
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), rsa.length));
  const listener = progressListener;
  const what = rsaKeysLabel(rsa.map(x => x.s));
  const report = rsa.length > 0 && listener ? (done: number) => listener(what, done, rsa.length) : () => undefined;
  report(0);
  if (rsa.length >= PARALLEL_MIN_RSA && threads > 1 && options.parallel !== false) {
    const keys = generateParallel(rsa.map(x => x.s), threads, report);
    rsa.forEach((x, j) => { out[x.i] = keys[j]; });
  } else {
    rsa.forEach((x, j) => { out[x.i] = generateOne(x.s); report(j + 1); });
  }
  generated += specs.length;
  return out as string[];
}

/** Environment variable that caps the key-generation threads (1 = no worker threads). */
export const KEYGEN_THREADS_ENV = 'CDK8S_MESH_KEYGEN_THREADS';

function availableParallelism(): number {
  const env = Number(process.env[KEYGEN_THREADS_ENV]);
  if (Number.isInteger(env) && env >= 1) { return env; }
  return os.availableParallelism();
}

function generateParallel(specs: KeySpec[], threads: number, report: (done: number) => void): string[] {
  const state = new Int32Array(new SharedArrayBuffer(8)); // [next job, jobs done]
  const results: (string | undefined)[] = new Array(specs.length).fill(undefined);
  const ports: MessageChannel['port1'][] = [];
  for (let w = 0; w < threads - 1; w++) {
    const { port1, port2 } = new MessageChannel();
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { specs, state: state.buffer, port: port2 }, transferList: [port2] });
      worker.unref();
      ports.push(port1);
    } catch {
      port1.close();
      break; // no worker threads here: the caller does the work
    }
  }
  // The calling thread works through the queue too.
  for (;;) {
    const i = Atomics.add(state, 0, 1);
    if (i >= specs.length) { break; }
    results[i] = generateOne(specs[i]);
    report(Atomics.add(state, 1, 1) + 1);
  }
  // Wait for the keys the workers took.
  while (Atomics.load(state, 1) < specs.length) {
    const done = Atomics.load(state, 1);
    report(done);
    if (Atomics.wait(state, 1, done, STALL_MS) === 'timed-out' && Atomics.load(state, 1) === done) {
      break; // a worker stalled: make its keys here
    }
  }
  let byWorkers = 0;
  for (const port of ports) {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const { i, pem } = m.message as { i: number; pem?: string };
      if (typeof pem === 'string') {
        results[i] = pem;
        byWorkers++;
      }
    }
    port.close();
  }
  lastBatch = { threads: ports.length + 1, byWorkers };
  const keys = results.map((r, i) => r ?? generateOne(specs[i]));
  report(specs.length);
  return keys;
}

// ---------------------------------------------------------------------------
// Certificates

/** Object identifiers used here. */
const OID = {
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  localityName: '2.5.4.7',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
};

/** One attribute of a distinguished name. */
export interface NameAttribute {
  readonly type: 'O' | 'CN' | 'L';
  readonly value: string;
}

const ATTRIBUTE_OID: Record<NameAttribute['type'], string> = {
  O: OID.organizationName,
  CN: OID.commonName,
  L: OID.localityName,
};

/** A distinguished name, one attribute per RDN, UTF8String values (openssl `utf8 = yes`). */
export function buildName(attributes: NameAttribute[]): Name {
  return new Name(attributes.map(a => new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type: ATTRIBUTE_OID[a.type], value: new AttributeValue({ utf8String: a.value }) }),
  ])));
}

/** `O=Istio, CN=Root CA`, for messages. */
export function describeName(attributes: NameAttribute[]): string {
  return attributes.map(a => `${a.type}=${a.value}`).join(', ');
}

/** Key usages a CA certificate carries. */
export const KEY_USAGE = {
  /** Istio's tools/certs: digitalSignature, nonRepudiation, keyEncipherment, keyCertSign. */
  ISTIO_RSA: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation | KeyUsageFlags.keyEncipherment | KeyUsageFlags.keyCertSign,
  /** The same without keyEncipherment, which RFC 5480 does not allow for an EC key. */
  ISTIO_EC: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation | KeyUsageFlags.keyCertSign,
  /** Linkerd's own CAs (pkg/tls/ca.go) and step's CA profiles: keyCertSign, cRLSign. */
  LINKERD: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
};

/** What goes into one CA certificate. */
export interface CertificateSpec {
  /** Positive serial number, DER content bytes. */
  readonly serialNumber: Buffer;
  readonly subject: Name;
  /** Issuer name; the subject for a self-signed certificate. */
  readonly issuer: Name;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The subject's public key (SPKI DER). */
  readonly publicKeySpki: Buffer;
  /** The signer's key: decides the signature algorithm. */
  readonly issuerKeyType: 'rsa' | 'ec';
  /** basicConstraints cA (default true: this library makes CAs only; false is for tests). */
  readonly isCa?: boolean;
  /** pathLenConstraint; undefined for none. */
  readonly pathLength?: number;
  readonly keyUsage: number;
  /** DNS subjectAltNames. */
  readonly dnsNames?: string[];
  /** authorityKeyIdentifier keyIdentifier; undefined on a self-signed root (as openssl does). */
  readonly authorityKeyId?: Buffer;
}

/** A random positive 20-byte serial number, as openssl's `-CAcreateserial`. */
export function randomSerial(): Buffer {
  const b = randomBytes(20);
  b[0] &= 0x7f;
  if (b[0] === 0) { b[0] = 0x01; }
  return b;
}

/** subjectKeyIdentifier "hash" (RFC 5280 method 1): SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKeySpki: Buffer): Buffer {
  return keyIdentifierOf(AsnConvert.parse(publicKeySpki, SubjectPublicKeyInfo));
}

function keyIdentifierOf(spki: SubjectPublicKeyInfo): Buffer {
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();
}

function extension(id: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function signatureAlgorithm(issuerKeyType: 'rsa' | 'ec'): AlgorithmIdentifier {
  return issuerKeyType === 'rsa'
    ? new AlgorithmIdentifier({ algorithm: OID.sha256WithRSAEncryption, parameters: null })
    : new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSHA256 });
}

/**
 * The TBSCertificate, extensions in the order openssl writes them for Istio's
 * `req_ext` sections: subjectKeyIdentifier, basicConstraints (critical),
 * keyUsage (critical), subjectAltName, then authorityKeyIdentifier.
 */
export function buildTbs(spec: CertificateSpec): TBSCertificate {
  const spki = AsnConvert.parse(spec.publicKeySpki, SubjectPublicKeyInfo);
  const extensions = [
    extension(OID.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifierOf(spki))),
    extension(OID.basicConstraints, true, new BasicConstraints({ cA: spec.isCa ?? true, pathLenConstraint: spec.pathLength })),
    extension(OID.keyUsage, true, new KeyUsage(spec.keyUsage)),
  ];
  if (spec.dnsNames && spec.dnsNames.length > 0) {
    extensions.push(extension(OID.subjectAltName, false, new SubjectAlternativeName(spec.dnsNames.map(d => new GeneralName({ dNSName: d })))));
  }
  if (spec.authorityKeyId) {
    const aki = new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(spec.authorityKeyId) });
    extensions.push(extension(OID.authorityKeyIdentifier, false, aki));
  }
  return new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(spec.serialNumber),
    signature: signatureAlgorithm(spec.issuerKeyType),
    issuer: spec.issuer,
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(extensions),
  });
}

/** DER of a TBSCertificate. */
export function tbsDer(tbs: TBSCertificate): Buffer {
  return Buffer.from(AsnConvert.serialize(tbs));
}

/** Signs a TBSCertificate (SHA-256) and returns the certificate as PEM. */
export function signCertificate(tbs: TBSCertificate, issuerKey: KeyObject): string {
  const der = tbsDer(tbs);
  const signature = sign('sha256', der, issuerKey);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: tbs.signature,
    signatureValue: toArrayBuffer(signature),
  });
  return toPem(Buffer.from(AsnConvert.serialize(cert)), 'CERTIFICATE');
}

/** A parsed certificate: Node's view, the fields read from its DER, and (on demand) the ASN.1 structure. */
export interface ParsedCertificate {
  readonly pem: string;
  readonly x509: X509Certificate;
  /** The ASN.1 structure, decoded on first use (decoding is the slow part of reading a certificate). */
  readonly asn: Certificate;
  /** DER of the TBSCertificate as it is in the certificate (the bytes the signature covers). */
  readonly tbsDer: Buffer;
  /** The serial number: the content bytes of its DER INTEGER. */
  readonly serialNumber: Buffer;
  /** notBefore. */
  readonly notBefore: Date;
  /** DER of the SubjectPublicKeyInfo as it is in the certificate. */
  readonly publicKeySpki: Buffer;
}

/** One DER element: where its content starts and ends in the buffer. */
interface DerElement {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset after the last content byte. */
  readonly end: number;
}

/** Reads the DER element at `offset` (definite lengths only, as DER requires); throws on malformed input. */
export function derElement(der: Buffer, offset: number): DerElement {
  if (offset + 2 > der.length) { throw new Error('DER: truncated'); }
  const tag = der[offset];
  if ((tag & 0x1f) === 0x1f) { throw new Error('DER: multi-byte tags are not used in certificates'); }
  let length = der[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || contentStart + n > der.length) { throw new Error('DER: bad length'); }
    length = 0;
    for (let i = 0; i < n; i++) { length = length * 256 + der[contentStart + i]; }
    contentStart += n;
  }
  const end = contentStart + length;
  if (end > der.length) { throw new Error('DER: truncated'); }
  return { tag, start: offset, contentStart, end };
}

/** The elements inside a constructed DER element, in order. */
export function derChildren(der: Buffer, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const e = derElement(der, at);
    out.push(e);
    at = e.end;
  }
  return out;
}

/** Decodes an X.509 UTCTime (0x17) or GeneralizedTime (0x18) without fractions or offsets, as DER writes them; undefined otherwise. */
export function derTime(der: Buffer, e: DerElement): Date | undefined {
  const text = der.subarray(e.contentStart, e.end).toString('latin1');
  const m = e.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
    : e.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!m) { return undefined; }
  let year = Number(m[1]);
  if (e.tag === 0x17) { year += year >= 50 ? 1900 : 2000; } // RFC 5280 4.1.2.5.1
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/**
 * Parses one PEM certificate; throws when it is not one. Node parses it; the
 * TBSCertificate bytes, the serial number and notBefore are read from the DER
 * directly. The full ASN.1 decoding (@peculiar/asn1-schema) happens only when
 * `asn` is read: a re-synth reads every stored certificate, and needs none of it
 * for the intermediates.
 */
export function parseCertificate(pem: string): ParsedCertificate {
  const x509 = new X509Certificate(pem);
  const raw = x509.raw;
  const certificate = derElement(raw, 0);
  const tbs = derChildren(raw, certificate)[0];
  const fields = derChildren(raw, tbs);
  const offset = fields[0].tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version
  const serial = fields[offset];
  const validity = derChildren(raw, fields[offset + 3]);
  const spki = fields[offset + 5];
  if (certificate.tag !== 0x30 || tbs.tag !== 0x30 || serial.tag !== 0x02 || validity.length !== 2 || spki?.tag !== 0x30) {
    throw new Error('not an X.509 certificate');
  }
  let asn: Certificate | undefined;
  const decode = () => {
    if (!asn) { asn = AsnConvert.parse(raw, Certificate); }
    return asn;
  };
  return {
    pem,
    x509,
    get asn() { return decode(); },
    tbsDer: Buffer.from(raw.subarray(tbs.start, tbs.end)),
    serialNumber: Buffer.from(raw.subarray(serial.contentStart, serial.end)),
    notBefore: derTime(raw, validity[0]) ?? decode().tbsCertificate.validity.notBefore.getTime(),
    publicKeySpki: Buffer.from(raw.subarray(spki.start, spki.end)),
  };
}

/** The subjectKeyIdentifier of a certificate, or the hash of its key when it has none (as openssl does for AKI). */
export function subjectKeyIdOf(cert: ParsedCertificate): Buffer {
  const ext = cert.asn.tbsCertificate.extensions?.find(e => e.extnID === OID.subjectKeyIdentifier);
  if (ext) {
    return Buffer.from(AsnConvert.parse(ext.extnValue.buffer, SubjectKeyIdentifier).buffer);
  }
  return keyIdentifier(spkiDer(cert.x509.publicKey));
}

/** SPKI DER of a key. */
export function spkiDer(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'der' }) as Buffer;
}

/** The PEM blocks of a text, in order, each ending with a newline. */
export function pemBlocks(text: string, label: string): string[] {
  const re = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
  return (text.match(re) ?? []).map(b => b + '\n');
}

/** PEM encoding with 64-character lines, as openssl writes it. */
export function toPem(der: Buffer, label: string): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Parses a private key PEM (PKCS#8, PKCS#1 or SEC1, unencrypted). */
export function parsePrivateKey(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
