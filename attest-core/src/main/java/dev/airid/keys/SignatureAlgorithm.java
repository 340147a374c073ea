package dev.airid.keys;

import dev.airid.internal.BouncyCastle;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;

/**
 * The signature algorithms airid signs or verifies with. Each fixes the key type, curve or size, and hash, so that a
 * key can never be used with an algorithm it was not made for. ECDSA signatures are ASN.1 DER, as DSSE and Sigstore
 * expect.
 */
public enum SignatureAlgorithm {
  /** Ed25519 (RFC 8032), pure. */
  ED25519("ed25519", "Ed25519", true),
  /** ECDSA over NIST P-256 with SHA-256, DER signatures. */
  ECDSA_P256_SHA256("ecdsa-p256-sha256", "SHA256withECDSA", true),
  /** ECDSA over NIST P-384 with SHA-384, DER signatures. */
  ECDSA_P384_SHA384("ecdsa-p384-sha384", "SHA384withECDSA", true),
  /** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt; keys of 2048 bits or more. */
  RSA_PSS_SHA256("rsa-pss-sha256", "RSASSA-PSS", true),
  /** RSASSA-PKCS1-v1_5 with SHA-256; verification only, for keys that already exist. */
  RSA_PKCS1_SHA256("rsa-pkcs1-sha256", "SHA256withRSA", false);

  private final String id;
  private final String jcaName;
  private final boolean canSign;

  SignatureAlgorithm(String id, String jcaName, boolean canSign) {
    this.id = id;
    this.jcaName = jcaName;
    this.canSign = canSign;
  }

  /** The stable name used in files, reports and on the command line, e.g. {@code ecdsa-p256-sha256}. */
  public String id() {
    return id;
  }

  /** Whether airid creates signatures with this algorithm (PKCS#1 v1.5 is accepted for verification only). */
  public boolean canSign() {
    return canSign;
  }

  /** The algorithm named {@code id}. */
  public static SignatureAlgorithm fromId(String id) throws InputRejectedException {
    return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst()
        .orElseThrow(() -> InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED,
            "unknown signature algorithm \"" + id + "\"; known: " + Arrays.toString(Arrays.stream(values()).map(SignatureAlgorithm::id).toArray())));
  }

  Signature newSignature() throws GeneralSecurityException {
    // ECDSA through Bouncy Castle: JDK 17's SunEC rejects valid signatures at the edges of the group order
    // (Wycheproof ecdsa tcId 350, 479). The others use the JDK, which passes every Wycheproof case we run.
    Signature s = this == ECDSA_P256_SHA256 || this == ECDSA_P384_SHA384
        ? Signature.getInstance(jcaName, BouncyCastle.PROVIDER)
        : Signature.getInstance(jcaName);
    if (this == RSA_PSS_SHA256) {
      try {
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      } catch (InvalidAlgorithmParameterException e) {
        throw new GeneralSecurityException(e);
      }
    }
    return s;
  }

  byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
    Signature s = newSignature();
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  /**
   * Whether {@code signature} is valid for {@code message} under {@code key}. Malformed signatures are simply invalid.
   * ECDSA signatures must be strict DER: BER variants that some providers tolerate are refused, so that one signature
   * has exactly one encoding.
   */
  boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      if (this == ED25519 && signature.length != 64) {
        return false; // RFC 8032 signatures are exactly 64 bytes; the JDK ignores trailing bytes
      }
      if ((this == ECDSA_P256_SHA256 || this == ECDSA_P384_SHA384) && !StrictDer.isEcdsaSignature(signature, this == ECDSA_P256_SHA256 ? 32 : 48)) {
        return false;
      }
      Signature s = newSignature();
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Providers signal malformed signatures in many ways; every one of them means "not valid".
      return false;
    }
  }
}
