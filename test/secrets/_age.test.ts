import { ageEncryptEach, bech32Decode, isAgeX25519Recipient } from '../../src/secrets/_age';
import { tempDir } from '../util';
import { ageCliDecrypt, ageIdentity, HAS_AGE_CLI } from '../util/age';

/** The age specification's example recipient. */
const SPEC_RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const withAgeCli = HAS_AGE_CLI ? test : test.skip;

describe('age recipients', () => {
  test.each([
    [SPEC_RECIPIENT, true],
    [SPEC_RECIPIENT.toUpperCase(), false], // age-keygen prints lower case; that is the form accepted
    [SPEC_RECIPIENT.slice(0, -1) + 'q', false], // checksum
    ['age1abc', false],
    ['AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ', false],
    ['age1pq1' + 'q'.repeat(60), false],
  ])('%s is an X25519 recipient: %s', (r, expected) => {
    expect(isAgeX25519Recipient(r)).toBe(expected);
  });

  test('Bech32 decodes to the 32-byte key; another human-readable part is refused', () => {
    expect(bech32Decode(SPEC_RECIPIENT, 'age')).toHaveLength(32);
    expect(bech32Decode(SPEC_RECIPIENT, 'agx')).toBeUndefined();
  });

  withAgeCli(`the armored file of each recipient decrypts with the age CLI to the file key${HAS_AGE_CLI ? '' : ' [SKIPPED: age CLI not installed]'}`, () => {
    // GIVEN
    const [a, b] = [ageIdentity(), ageIdentity()];
    const key = Buffer.alloc(32, 9);

    // WHEN
    const [ea, eb] = ageEncryptEach([a.recipient, b.recipient], key);

    // THEN
    expect(ageCliDecrypt(ea, a.identity, tempDir())).toEqual(key);
    expect(ageCliDecrypt(eb, b.identity, tempDir())).toEqual(key);
    expect(() => ageCliDecrypt(ea, b.identity, tempDir())).toThrow();
  });
});
