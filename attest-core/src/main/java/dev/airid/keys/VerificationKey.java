package dev.airid.keys;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.internal.Sha256;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A public key bound to the one algorithm it verifies with. Construct with {@link #of(PublicKey, SignatureAlgorithm)}
 * (which checks that they fit) or read one with {@link KeyFiles}.
 *
 * @param key the public key
 * @param algorithm the algorithm signatures must use
 */
public record VerificationKey(PublicKey key, SignatureAlgorithm algorithm) {

  public VerificationKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
  }

  /**
   * The key, checked against the algorithm.
   *
   * @throws InputRejectedException {@link ErrorCode#KEY_MISMATCH} if the key's type, curve or size does not fit
   */
  public static VerificationKey of(PublicKey key, SignatureAlgorithm algorithm) throws InputRejectedException {
    KeyType type = KeyType.ofPublicKey(key);
    if (!type.allows(algorithm)) {
      throw InputRejectedException.of(ErrorCode.KEY_MISMATCH,
          "a " + type.id() + " key cannot verify " + algorithm.id() + " signatures");
    }
    return new VerificationKey(key, algorithm);
  }

  /** The key id hint: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. Deterministic; only ever a hint. */
  public String keyId() {
    return keyId(key);
  }

  /**
   * Who holds this key, as a lowercase hex SHA-256 over the key's mathematical value, never over its bytes as written:
   * for RSA the modulus alone, for EC the curve and the affine point, for Ed25519 the point's canonical encoding.
   *
   * <p>A threshold counts signers, so two entries with one signer must be one: the same key spelled with another
   * algorithm identifier (rsaEncryption or id-RSASSA-PSS), a compressed point, or — for RSA — another public exponent.
   * {@code (n, e)} and {@code (n, e + λ(n))} accept exactly the same signatures, and only the holder of the factors of
   * {@code n} can sign for either, so the modulus is the signer. Algorithms are not part of it either: one RSA key
   * bound once to PSS and once to PKCS#1 is still one signer.
   */
  public String materialId() {
    return materialId(key);
  }

  /** {@link #materialId()} of any public key. */
  public static String materialId(PublicKey key) {
    String value;
    if (key instanceof java.security.interfaces.RSAKey rsa) {
      value = "rsa:" + rsa.getModulus().toString(16);
    } else if (key instanceof java.security.interfaces.ECPublicKey ec) {
      java.security.spec.ECPoint w = ec.getW();
      value = "ec:" + ec.getParams().getOrder().toString(16) + ":" + w.getAffineX().toString(16) + ":"
          + w.getAffineY().toString(16);
    } else if (key instanceof java.security.interfaces.EdECPublicKey ed) {
      // RFC 8032 §5.1.3: y is read as a 255-bit number; encodings with y >= p are not canonical. Reduce, so that every
      // spelling of one point is one signer.
      java.math.BigInteger y = ed.getPoint().getY().mod(ED25519_P);
      value = "ed25519:" + (ed.getPoint().isXOdd() ? "1" : "0") + ":" + y.toString(16);
    } else {
      // KeyType admits no other key; a foreign PublicKey implementation is identified by its SPKI bytes.
      value = "spki:" + keyId(key);
    }
    return Sha256.hexOf(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static final java.math.BigInteger ED25519_P = java.math.BigInteger.TWO.pow(255).subtract(java.math.BigInteger.valueOf(19));

  static String keyId(PublicKey key) {
    return Sha256.hexOf(key.getEncoded());
  }

  /**
   * Whether {@code signature} is valid under this key and algorithm for a message whose digest (with the algorithm's
   * hash) is {@code digest}. Only ECDSA and RSA PKCS#1 v1.5 can be checked from a digest; for Ed25519 and RSA-PSS this
   * is always false, and the message itself is needed ({@link #verify}).
   */
  public boolean verifyPrehashed(byte[] digest, byte[] signature) {
    return Prehashed.verify(algorithm, key, digest, signature);
  }

  /** Whether {@link #verifyPrehashed} can check signatures of this algorithm. */
  public boolean verifiesPrehashed() {
    return algorithm == SignatureAlgorithm.ECDSA_P256_SHA256 || algorithm == SignatureAlgorithm.ECDSA_P384_SHA384
        || algorithm == SignatureAlgorithm.RSA_PKCS1_SHA256;
  }

  /** Whether {@code signature} over {@code message} is valid under this key and algorithm. */
  public boolean verify(byte[] message, byte[] signature) {
    return algorithm.verify(this, message, signature);
  }

  @Override
  public String toString() {
    return "VerificationKey[" + algorithm.id() + ", " + keyId() + "]";
  }
}
