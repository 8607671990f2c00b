import * as crypto from 'crypto';
import { decryptValue, encryptValue, sopsDecrypt, sopsEncrypt } from '../../src/secrets/_sops';

const KEYS = { dataKey: crypto.randomBytes(32), age: [{ recipient: 'age1example', enc: 'armored' }] };
const SECRET = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, type: 'Opaque', data: { 'a.pem': 'YQ==', 'empty': '' } };

describe('SOPS values and documents', () => {
  test('a value is AES-256-GCM with a 32-byte IV and its key path as additional data; another path does not open it', () => {
    // GIVEN
    const enc = encryptValue('hello', KEYS.dataKey, 'data:a.pem:');

    // WHEN
    const m = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:str\]$/.exec(enc)!;

    // THEN
    expect(Buffer.from(m[2], 'base64')).toHaveLength(32);
    expect(Buffer.from(m[3], 'base64')).toHaveLength(16);
    expect(decryptValue(enc, KEYS.dataKey, 'data:a.pem:')).toEqual('hello');
    expect(() => decryptValue(enc, KEYS.dataKey, 'data:b.pem:')).toThrow();
  });

  test('only data/stringData values are encrypted; empty ones stay empty; the MAC covers every leaf', () => {
    // GIVEN / WHEN
    const doc = sopsEncrypt(SECRET, KEYS, '2026-01-01T00:00:00Z');

    // THEN
    expect(doc.metadata).toEqual(SECRET.metadata);
    expect(doc.type).toEqual('Opaque');
    expect(doc.data.empty).toEqual('');
    expect(doc.data['a.pem']).toMatch(/^ENC\[AES256_GCM,/);
    expect(doc.sops).toEqual({
      age: KEYS.age,
      lastmodified: '2026-01-01T00:00:00Z',
      mac: expect.stringMatching(/^ENC\[AES256_GCM,/),
      encrypted_regex: '^(data|stringData)$',
      version: '3.13.2',
    });
    const mac = crypto.createHash('sha512').update('v1').update('Secret').update('s').update('ns').update('Opaque').update('YQ==').update('')
      .digest('hex').toUpperCase();
    expect(decryptValue(doc.sops.mac, KEYS.dataKey, '2026-01-01T00:00:00Z')).toEqual(mac);
    expect(sopsDecrypt(doc, KEYS.dataKey)).toEqual(SECRET);
    expect(() => sopsDecrypt({ ...doc, type: 'Other' }, KEYS.dataKey)).toThrow(/MAC does not match/);
  });

  test('a previous document lends the IVs (and so the ciphertexts) of unchanged values only', () => {
    // GIVEN
    const first = sopsEncrypt({ ...SECRET, data: { a: 'YQ==', b: 'Yg==' } }, KEYS, '2026-01-01T00:00:00Z');

    // WHEN
    const second = sopsEncrypt({ ...SECRET, data: { a: 'YQ==', b: 'Yw==' } }, KEYS, '2026-01-02T00:00:00Z', first);

    // THEN
    expect(second.data.a).toEqual(first.data.a);
    expect(second.data.b).not.toEqual(first.data.b);
  });
});
