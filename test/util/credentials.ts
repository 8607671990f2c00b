/**
 * Test-time credentials: JWT-shaped tokens and client certificates made fresh
 * for every run (never committed), and checks that none of them leaks into an
 * output tree.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, Certificate, Name, RelativeDistinguishedName,
  SubjectPublicKeyInfo, TBSCertificate, Validity, Version,
} from '@peculiar/asn1-x509';
import { tempDir } from '.';

/** A JWT-shaped token made now (random header kid, payload and signature). */
export function testToken(expiresInDays?: number): string {
  const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64url');
  const header = b64(JSON.stringify({ alg: 'RS256', kid: randomBytes(8).toString('hex') }));
  const exp = expiresInDays === undefined ? {} : { exp: Math.floor(Date.now() / 1000 + expiresInDays * 86400) };
  const payload = b64(JSON.stringify({ iss: 'kubernetes/serviceaccount', sub: `test-${randomBytes(8).toString('hex')}`, ...exp }));
  return `${header}.${payload}.${b64(randomBytes(64))}`;
}

/** Writes `content` to a new file in a temporary directory and returns its path. */
export function writeTempFile(name: string, content: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

/** A self-signed ECDSA P-256 client certificate and its key (PEM), made now. */
export function testClientCertificate(commonName = 'test-user'): { certificatePem: string; keyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = new Name([new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: commonName }) }),
  ])]);
  const ecdsaWithSha256 = new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' });
  const now = Date.now();
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, ...randomBytes(8)]).buffer,
    signature: ecdsaWithSha256,
    issuer: name,
    validity: new Validity({ notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, privateKey);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: ecdsaWithSha256, signatureValue: new Uint8Array(signature).buffer });
  const der = Buffer.from(AsnConvert.serialize(cert));
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  const keyPem = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certificatePem, keyPem };
}

/** The files of `files` (path → text) that contain `secret`. */
export function filesContaining(files: Record<string, string>, secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64');
  return Object.keys(files).filter(f => files[f].includes(secret) || files[f].includes(b64));
}
