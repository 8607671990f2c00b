/**
 * src/pki/ca-certificate.ts: CaCertificate reads a CA certificate (and its
 * chain and key) when it is loaded, not when it is made. The messages for a bad
 * certificate or key are in the bad-input catalogue (cases/trust-root.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CaCertificate } from '../../src';
import { CaseContext } from '../bad-inputs/context';
import { tempDir } from '../util';

describe('CaCertificate', () => {
  const ctx = new CaseContext();
  afterAll(() => ctx.dispose());
  const root = ctx.makeCa({ subject: 'Test Root' });
  const intermediate = ctx.makeCa({ subject: 'Test Intermediate', issuer: root });

  test('fromPem: the certificate, its chain after it, and the key', () => {
    // GIVEN an intermediate followed by its root, and the intermediate's key
    const ca = CaCertificate.fromPem(intermediate.cert + root.cert, intermediate.keyPem);

    // WHEN
    const loaded = ca._load('trust', 'root');

    // THEN
    expect(loaded.certs.length).toEqual(2);
    expect(loaded.certSource).toEqual('CaCertificate.fromPem() certificate');
    expect(loaded.keySource).toEqual('CaCertificate.fromPem() private key');
    expect(loaded.key!.asymmetricKeyType).toEqual('ec');
    expect(loaded.warnings).toEqual([]);
  });

  test('fromPem without a key: a root whose key stays offline', () => {
    const loaded = CaCertificate.fromPem(root.cert)._load('trust', 'root');
    expect([loaded.certs.length, loaded.key, loaded.keyPem]).toEqual([1, undefined, undefined]);
  });

  test('fromFiles reads when loaded: a file written after fromFiles() is read', () => {
    // GIVEN the files named before they exist
    const dir = tempDir();
    const cert = path.join(dir, 'ca.crt');
    const key = path.join(dir, 'ca.key');
    const ca = CaCertificate.fromFiles(cert, key);

    // WHEN they are written, then the CA is loaded
    fs.writeFileSync(cert, root.cert, { mode: 0o644 });
    fs.writeFileSync(key, root.keyPem, { mode: 0o600 });
    const loaded = ca._load('trust', 'root');

    // THEN the sources are the files, and an owner-only key draws no warning
    expect([loaded.certSource, loaded.keySource, loaded.warnings]).toEqual([cert, key, []]);
  });

  test('fromFiles warns (does not refuse) when other users can read the key file', () => {
    const dir = tempDir();
    const cert = path.join(dir, 'ca.crt');
    const key = path.join(dir, 'ca.key');
    fs.writeFileSync(cert, root.cert, { mode: 0o644 });
    fs.writeFileSync(key, root.keyPem, { mode: 0o644 });
    fs.chmodSync(key, 0o644);

    const loaded = CaCertificate.fromFiles(cert, key)._load('trust', 'root');

    expect(loaded.key).toBeDefined();
    expect(loaded.warnings.length).toEqual(1);
    expect(loaded.warnings[0]).toContain(`chmod 600 ${key}`);
  });

  test.each([
    ['a missing file', () => CaCertificate.fromFiles(path.join(tempDir(), 'missing.crt'))],
    ['text that is not a certificate', () => CaCertificate.fromPem('hello')],
    ['a leaf certificate', () => { const leaf = ctx.makeCa({ subject: 'leaf', isCa: false }); return CaCertificate.fromPem(leaf.cert, leaf.keyPem); }],
    ['the key of another certificate', () => CaCertificate.fromPem(root.cert, intermediate.keyPem)],
  ])('%s is refused when loaded, not when made', (_name, make) => {
    // WHEN made: nothing is read yet
    const ca = make();
    // THEN loading throws
    expect(() => ca._load('trust', 'root')).toThrow(Error);
  });
});
