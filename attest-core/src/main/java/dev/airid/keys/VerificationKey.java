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
   * The digest of the key material alone (the SubjectPublicKeyInfo's key bits, without its algorithm identifier): the
   * same RSA key encoded as rsaEncryption and as id-RSASSA-PSS has two key ids but one material id, so a threshold
   * cannot count it twice.
   */
  public String materialId() {
    return Sha256.hexOf(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes());
  }

  static String keyId(PublicKey key) {
    return Sha256.hexOf(key.getEncoded());
  }

  /** Whether {@code signature} over {@code message} is valid under this key and algorithm. */
  public boolean verify(byte[] message, byte[] signature) {
    return algorithm.verify(key, message, signature);
  }

  @Override
  public String toString() {
    return "VerificationKey[" + algorithm.id() + ", " + keyId() + "]";
  }
}
