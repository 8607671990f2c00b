/**
 * The key algorithm of the mesh's CA keys (root and per-cluster intermediates).
 *
 * The values are the names the mesh file uses (`trustRoot.algorithm`).
 * Every certificate is signed with SHA-256, as Istio's `tools/certs` do
 * (`sha256WithRSAEncryption` for an RSA issuer, `ecdsa-with-SHA256` for an
 * ECDSA issuer).
 */
export enum KeyAlgorithm {
  /** RSA, 2048-bit modulus (istiod's own self-signed CA size). */
  RSA_2048 = 'RSA_2048',
  /** RSA, 3072-bit modulus. */
  RSA_3072 = 'RSA_3072',
  /** RSA, 4096-bit modulus: what Istio's `tools/certs` generate, and the Istio default. */
  RSA_4096 = 'RSA_4096',
  /** ECDSA on NIST P-256 (prime256v1): the only algorithm Linkerd accepts for its identity issuer. */
  ECDSA_P256 = 'ECDSA_P256',
  /** ECDSA on NIST P-384 (secp384r1). */
  ECDSA_P384 = 'ECDSA_P384',
}
