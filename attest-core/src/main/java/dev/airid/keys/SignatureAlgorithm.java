package dev.airid.keys;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.security.GeneralSecurityException;
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

  /** The JCA name of the algorithm. */
  String jcaName() {
    return jcaName;
  }

  /**
   * The implementation that signs and verifies this algorithm in this JVM, with its version: the native Amazon Corretto
   * Crypto Provider (AWS-LC) when it is on the class path and healthy, else Bouncy Castle's lightweight API (Ed25519,
   * ECDSA) or the JDK (RSA). Chosen on first use of the algorithm; asking may make that choice, which loads the native
   * provider if it is there. Set the system property {@code airid.crypto=portable} to keep it out.
   */
  public String implementation() {
    return Engines.chosen(this).description();
  }

  /**
   * Whether {@code signature} is valid for {@code message} under {@code key}. Malformed signatures are simply invalid.
   * ECDSA signatures must be strict DER: BER variants that some providers tolerate are refused, so that one signature
   * has exactly one encoding.
   */
  boolean verify(VerificationKey key, byte[] message, byte[] signature) {
    try {
      return hasValidShape(signature) && Engines.prepared(key).verify(message, signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Implementations signal malformed signatures in many ways; every one of them means "not valid".
      return false;
    }
  }

  /** {@link #verify} through one given implementation, with the same shape checks first: for the Wycheproof suite. */
  boolean verifyWith(SignatureEngine engine, VerificationKey key, byte[] message, byte[] signature) {
    try {
      return hasValidShape(signature) && engine.prepare(this, key.key()).verify(message, signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The checks every implementation gets before it sees a signature, so that all judge the same bytes: Ed25519
   * signatures are exactly 64 bytes (RFC 8032; the JDK ignored trailing bytes), ECDSA signatures strict DER with
   * integers no longer than the curve's order.
   */
  private boolean hasValidShape(byte[] signature) {
    return switch (this) {
      case ED25519 -> signature.length == 64;
      case ECDSA_P256_SHA256 -> StrictDer.isEcdsaSignature(signature, 32);
      case ECDSA_P384_SHA384 -> StrictDer.isEcdsaSignature(signature, 48);
      case RSA_PSS_SHA256, RSA_PKCS1_SHA256 -> true;
    };
  }
}
