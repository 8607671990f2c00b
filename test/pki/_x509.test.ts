import { createPrivateKey, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { KeyAlgorithm } from '../../src';
import {
  algorithmOf, buildName, buildTbs, derElement, generatedKeyCount, generateKeys, KEY_USAGE, keySpecOf, lastParallelBatch, parseCertificate,
  pemBlocks, randomSerial, signCertificate, spkiDer, tbsDer, toPem,
} from '../../src/pki/_x509';

describe('_pki', () => {
  test('a batch of RSA keys made in parallel: distinct, valid, the right size, in order, and counted', () => {
    // GIVEN
    const specs = [KeyAlgorithm.RSA_2048, KeyAlgorithm.ECDSA_P256, KeyAlgorithm.RSA_2048, KeyAlgorithm.RSA_2048].map(keySpecOf);
    const before = generatedKeyCount();

    // WHEN (two threads: the caller and one worker, whatever the machine has)
    const pems = generateKeys(specs, { threads: 2 });

    // THEN
    expect(generatedKeyCount() - before).toEqual(4);
    expect(lastParallelBatch().threads).toEqual(2);
    expect(new Set(pems).size).toEqual(4);
    expect(pems.map(p => algorithmOf(createPrivateKey(p)))).toEqual(
      [KeyAlgorithm.RSA_2048, KeyAlgorithm.ECDSA_P256, KeyAlgorithm.RSA_2048, KeyAlgorithm.RSA_2048]);
    for (const p of pems) {
      expect(p.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    }
  });

  test('the serial path makes the same kind of keys', () => {
    const pems = generateKeys([keySpecOf(KeyAlgorithm.RSA_2048), keySpecOf(KeyAlgorithm.ECDSA_P384)], { parallel: false });
    expect(pems.map(p => algorithmOf(createPrivateKey(p)))).toEqual([KeyAlgorithm.RSA_2048, KeyAlgorithm.ECDSA_P384]);
  });

  test('every KeyAlgorithm maps to a key spec and back', () => {
    for (const alg of Object.values(KeyAlgorithm)) {
      if (alg.startsWith('RSA')) { continue; } // RSA round trips are covered above; 3072/4096 keys are slow
      expect(algorithmOf(createPrivateKey(generateKeys([keySpecOf(alg)])[0]))).toEqual(alg);
    }
    expect(keySpecOf(KeyAlgorithm.RSA_3072)).toEqual({ type: 'rsa', modulusLength: 3072 });
    expect(keySpecOf(KeyAlgorithm.RSA_4096)).toEqual({ type: 'rsa', modulusLength: 4096 });
  });

  test('serial numbers are 20 positive bytes', () => {
    for (let i = 0; i < 200; i++) {
      const s = randomSerial();
      expect(s.length).toEqual(20);
      expect(s[0]).toBeGreaterThan(0);
      expect(s[0]).toBeLessThan(0x80);
    }
  });

  test('a self-signed certificate verifies, and validity after 2049 is a GeneralizedTime', () => {
    // GIVEN
    const key = createPrivateKey(generateKeys([keySpecOf(KeyAlgorithm.ECDSA_P256)])[0]);
    const name = buildName([{ type: 'O', value: 'Test' }, { type: 'CN', value: 'Root' }]);

    // WHEN
    const tbs = buildTbs({
      serialNumber: randomSerial(),
      subject: name,
      issuer: name,
      notBefore: new Date('2049-06-01T00:00:00Z'),
      notAfter: new Date('2050-06-01T00:00:00Z'),
      publicKeySpki: spkiDer(key),
      issuerKeyType: 'ec',
      keyUsage: KEY_USAGE.LINKERD,
    });
    const pem = signCertificate(tbs, key);

    // THEN
    const cert = new X509Certificate(pem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject).toEqual('O=Test\nCN=Root');
    expect(new Date(cert.validTo).toISOString()).toEqual('2050-06-01T00:00:00.000Z');
    expect(tbs.validity.notBefore.utcTime).toEqual(new Date('2049-06-01T00:00:00Z'));
    expect(tbs.validity.notAfter.generalTime).toEqual(new Date('2050-06-01T00:00:00Z'));
    expect(tbs.validity.notAfter.utcTime).toBeUndefined();
    expect(pem.split('\n').every(l => l.length <= 64)).toBe(true);
  });

  test('PEM helpers', () => {
    const a = toPem(Buffer.alloc(100, 1), 'CERTIFICATE');
    const b = toPem(Buffer.alloc(10, 2), 'CERTIFICATE');
    expect(pemBlocks(`junk\n${a}between\n${b}`, 'CERTIFICATE')).toEqual([a, b]);
    expect(pemBlocks('nothing', 'CERTIFICATE')).toEqual([]);
  });

  describe('parseCertificate reads the TBS bytes, serial and notBefore from the DER, and decodes the ASN.1 only on demand', () => {
    function certificate(notBefore: Date, notAfter: Date, serialNumber: Buffer = randomSerial()): string {
      const key = createPrivateKey(generateKeys([keySpecOf(KeyAlgorithm.ECDSA_P256)])[0]);
      const name = buildName([{ type: 'O', value: 'Test' }, { type: 'CN', value: 'Root' }]);
      return signCertificate(buildTbs({
        serialNumber,
        subject: name,
        issuer: name,
        notBefore,
        notAfter,
        publicKeySpki: spkiDer(key),
        issuerKeyType: 'ec',
        keyUsage: KEY_USAGE.LINKERD,
      }), key);
    }

    test.each([
      ['UTCTime (before 2050)', new Date('2026-11-22T06:38:09Z'), new Date('2036-11-20T06:38:09Z')],
      ['UTCTime in the 1990s', new Date('1999-12-31T23:59:59Z'), new Date('2030-01-01T00:00:00Z')],
      ['GeneralizedTime (2050 and later)', new Date('2050-01-01T00:00:00Z'), new Date('2051-01-01T00:00:00Z')],
    ])('%s: the same values as a full ASN.1 decoding', (_name, notBefore, notAfter) => {
      // GIVEN
      const serial = randomSerial();
      const pem = certificate(notBefore, notAfter, serial);

      // WHEN
      const parsed = parseCertificate(pem);

      // THEN
      const asn = AsnConvert.parse(new X509Certificate(pem).raw, Certificate);
      expect(parsed.tbsDer.equals(tbsDer(asn.tbsCertificate))).toBe(true);
      expect(parsed.serialNumber.equals(serial)).toBe(true);
      expect(parsed.serialNumber.equals(Buffer.from(asn.tbsCertificate.serialNumber))).toBe(true);
      expect(parsed.notBefore).toEqual(notBefore);
      expect(parsed.notBefore).toEqual(asn.tbsCertificate.validity.notBefore.getTime());
      expect(parsed.asn.tbsCertificate.subject.length).toEqual(2);
    });

    test('a certificate made by openssl (the test CA fixture) reads the same as with a full decoding', () => {
      // GIVEN
      const pem = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-only-ca.crt'), 'utf-8');

      // WHEN
      const parsed = parseCertificate(pem);

      // THEN
      expect(parsed.tbsDer.equals(tbsDer(parsed.asn.tbsCertificate))).toBe(true);
      expect(parsed.serialNumber.equals(Buffer.from(parsed.asn.tbsCertificate.serialNumber))).toBe(true);
      expect(parsed.notBefore).toEqual(parsed.asn.tbsCertificate.validity.notBefore.getTime());
      expect(parsed.notBefore).toEqual(new Date(parsed.x509.validFrom));
    });

    test('malformed DER is refused', () => {
      expect(() => derElement(Buffer.from([0x30]), 0)).toThrow(/truncated/);
      expect(() => derElement(Buffer.from([0x30, 0x05, 0x01]), 0)).toThrow(/truncated/);
      expect(() => derElement(Buffer.from([0x30, 0x80]), 0)).toThrow(/bad length/);
      expect(() => derElement(Buffer.from([0x1f, 0x01, 0x00]), 0)).toThrow(/multi-byte tags/);
      expect(derElement(Buffer.from([0x30, 0x81, 0x02, 0xaa, 0xbb]), 0)).toEqual({ tag: 0x30, start: 0, contentStart: 3, end: 5 });
      expect(() => parseCertificate('not a certificate')).toThrow();
    });
  });
});
