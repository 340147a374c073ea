package dev.airid.keys;

import dev.airid.internal.BouncyCastle;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signature checks given only the digest of the signed message, as Sigstore message signatures over large artifacts
 * are checked: ECDSA and RSA PKCS#1 v1.5 sign a digest, so the digest suffices. Ed25519 and RSA-PSS as airid uses them
 * sign the message itself and cannot be checked from a digest: they always answer false here.
 */
final class Prehashed {

  /** DigestInfo prefix for SHA-256 (RFC 8017 §9.2, note 1). */
  private static final byte[] SHA256_DIGEST_INFO = {
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20
  };

  private Prehashed() {}

  static boolean verify(SignatureAlgorithm alg, PublicKey key, byte[] digest, byte[] sig) {
    try {
      switch (alg) {
        case ECDSA_P256_SHA256:
        case ECDSA_P384_SHA384: {
          int size = alg == SignatureAlgorithm.ECDSA_P256_SHA256 ? 32 : 48;
          if (digest.length != size || !StrictDer.isEcdsaSignature(sig, size)) {
            return false;
          }
          Signature s = Signature.getInstance("NONEwithECDSA", BouncyCastle.PROVIDER);
          s.initVerify(key);
          s.update(digest);
          return s.verify(sig);
        }
        case RSA_PKCS1_SHA256: {
          if (digest.length != 32) {
            return false;
          }
          Signature s = Signature.getInstance("NONEwithRSA", BouncyCastle.PROVIDER);
          s.initVerify(key);
          s.update(SHA256_DIGEST_INFO);
          s.update(digest);
          return s.verify(sig);
        }
        default:
          return false;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Providers signal malformed signatures in many ways; every one of them means "not valid".
      return false;
    }
  }
}
