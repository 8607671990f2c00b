/*
 * The issuing policy of a TrustRoot: the subjects, validity, key usage and extensions of
 * the root and of each intermediate, and when an existing intermediate must be re-issued.
 * Pure: no file is read and no key is made here.
 */
import type { KeyObject } from 'crypto';
import type { Existing, RootMaterial } from './_ca-files';
import { buildName, CertificateSpec, describeAlgorithm, KEY_USAGE, NameAttribute, ParsedCertificate, spkiDer, subjectKeyIdOf, tbsDer, buildTbs, algorithmOf } from './_x509';
import type { KeyAlgorithm } from './key-algorithm';
import { LINKERD_ISSUER_CN } from '../linkerd/_constants';

export const DAY_MS = 86_400_000;

export const SUPPORTED = 'supported keys are RSA-2048, RSA-3072, RSA-4096 (exponent 65537), ECDSA P-256 and ECDSA P-384';

/** The settings a TrustRoot issues with (checked and defaulted by the TrustRoot). */
export interface IssuingPolicyProps {
  /** Istio (cacerts layout, istiod SAN) or Linkerd (identity issuer). */
  readonly istio: boolean;
  /** The Istio control-plane namespace (the intermediates' `istiod.<namespace>.svc` SAN). */
  readonly istioNamespace: string;
  readonly algorithm: KeyAlgorithm;
  readonly organization?: string;
  readonly commonName: string;
  readonly rootValidityDays: number;
  readonly intermediateValidityDays: number;
  /** An intermediate closer than this to its expiry is re-issued. */
  readonly renewBeforeMs: number;
  /** The issuing time (whole seconds). */
  readonly now: Date;
}

/** How a TrustRoot's root and intermediates are made, and when an intermediate is stale. */
export class IssuingPolicy {
  public readonly istio: boolean;
  public readonly istioNamespace: string;
  public readonly algorithm: KeyAlgorithm;
  public readonly organization?: string;
  public readonly commonName: string;
  public readonly rootValidityDays: number;
  public readonly intermediateValidityDays: number;
  public readonly renewBeforeMs: number;
  public readonly now: Date;
  private issuer?: { readonly root: RootMaterial; readonly name: CertificateSpec['issuer']; readonly keyId: Buffer };

  constructor(props: IssuingPolicyProps) {
    this.istio = props.istio;
    this.istioNamespace = props.istioNamespace;
    this.algorithm = props.algorithm;
    this.organization = props.organization;
    this.commonName = props.commonName;
    this.rootValidityDays = props.rootValidityDays;
    this.intermediateValidityDays = props.intermediateValidityDays;
    this.renewBeforeMs = props.renewBeforeMs;
    this.now = props.now;
  }

  public rootSubject(): NameAttribute[] {
    return [...(this.organization !== undefined ? [{ type: 'O' as const, value: this.organization }] : []), { type: 'CN', value: this.commonName }];
  }

  public intermediateSubject(cluster: string): NameAttribute[] {
    const org = this.organization !== undefined ? [{ type: 'O' as const, value: this.organization }] : [];
    return this.istio
      ? [...org, { type: 'CN', value: 'Intermediate CA' }, { type: 'L', value: cluster }]
      : [...org, { type: 'CN', value: LINKERD_ISSUER_CN }];
  }

  public keyUsage(key: KeyObject): number {
    if (!this.istio) { return KEY_USAGE.LINKERD; }
    return key.asymmetricKeyType === 'rsa' ? KEY_USAGE.ISTIO_RSA : KEY_USAGE.ISTIO_EC;
  }

  public rootSpec(serialNumber: Buffer, notBefore: Date, publicKey: KeyObject): CertificateSpec {
    const name = buildName(this.rootSubject());
    return {
      serialNumber,
      subject: name,
      issuer: name,
      notBefore,
      notAfter: new Date(notBefore.getTime() + this.rootValidityDays * DAY_MS),
      publicKeySpki: spkiDer(publicKey),
      issuerKeyType: publicKey.asymmetricKeyType === 'rsa' ? 'rsa' : 'ec',
      keyUsage: this.keyUsage(publicKey),
    };
  }

  /** `spki`: the key's SubjectPublicKeyInfo when it is at hand (the stored certificate's, once its key is known to match). */
  public intermediateSpec(root: RootMaterial, cluster: string, serialNumber: Buffer, notBefore: Date, publicKey: KeyObject,
    spki: Buffer = spkiDer(publicKey)): CertificateSpec {
    const issuer = this.issuerOf(root);
    return {
      serialNumber,
      subject: buildName(this.intermediateSubject(cluster)),
      issuer: issuer.name,
      notBefore,
      notAfter: new Date(notBefore.getTime() + this.intermediateValidityDays * DAY_MS),
      publicKeySpki: spki,
      issuerKeyType: root.cert.x509.publicKey.asymmetricKeyType === 'rsa' ? 'rsa' : 'ec',
      pathLength: 0,
      keyUsage: this.keyUsage(publicKey),
      dnsNames: this.istio ? [`istiod.${this.istioNamespace}.svc`] : undefined,
      authorityKeyId: issuer.keyId,
    };
  }

  /** The root's subject and key identifier, as every intermediate names its issuer (read once per root). */
  public issuerOf(root: RootMaterial): { readonly name: CertificateSpec['issuer']; readonly keyId: Buffer } {
    if (this.issuer?.root !== root) {
      this.issuer = { root, name: root.cert.asn.tbsCertificate.subject, keyId: subjectKeyIdOf(root.cert) };
    }
    return this.issuer;
  }

  /** Why an existing intermediate cannot be reused, or undefined when it can. */
  public staleness(e: Existing, root: RootMaterial, cluster: string): string | undefined {
    if (algorithmOf(e.key) !== this.algorithm) {
      return `its key is ${describeAlgorithm(algorithmOf(e.key), e.key)}, and algorithm asks for ${describeAlgorithm(this.algorithm)}`;
    }
    if (!e.cert.x509.checkIssued(root.cert.x509) || !e.cert.x509.verify(root.cert.x509.publicKey)) {
      return 'it was issued by another root';
    }
    // The key matches the certificate (loadCa checked the pair), so the certificate's own SPKI is the key's.
    const expected = tbsDer(buildTbs(this.intermediateSpec(root, cluster, serialOf(e.cert), notBeforeOf(e.cert), e.key, e.cert.publicKeySpki)));
    if (!expected.equals(e.cert.tbsDer)) {
      return 'its settings changed';
    }
    const expires = new Date(e.cert.x509.validTo);
    if (expires.getTime() <= this.now.getTime()) {
      return `it expired on ${expires.toISOString()}`;
    }
    if (expires.getTime() - this.now.getTime() <= this.renewBeforeMs) {
      return `it is inside its renewal window: it expires on ${expires.toISOString()}`;
    }
    return undefined;
  }
}

export function serialOf(cert: ParsedCertificate): Buffer {
  return cert.serialNumber;
}

export function notBeforeOf(cert: ParsedCertificate): Date {
  return cert.notBefore;
}
