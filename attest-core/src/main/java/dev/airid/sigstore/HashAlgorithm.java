package dev.airid.sigstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Sigstore's {@code dev.sigstore.common.v1.HashAlgorithm}, and the in-toto digest name of each: the digests airid
 * computes and compares for artifacts, subjects and message signatures.
 */
public enum HashAlgorithm {
  HASH_ALGORITHM_UNSPECIFIED(0, null, null, 0),
  SHA2_256(1, "SHA-256", "sha256", 32),
  SHA2_384(2, "SHA-384", "sha384", 48),
  SHA2_512(3, "SHA-512", "sha512", 64),
  /** Deprecated in protobuf-specs; read, never computed. */
  SHA3_256(4, "SHA3-256", "sha3_256", 32),
  /** Deprecated in protobuf-specs; read, never computed. */
  SHA3_384(5, "SHA3-384", "sha3_384", 48);

  private final int number;
  private final String jca;
  private final String intoto;
  private final int length;

  HashAlgorithm(int number, String jca, String intoto, int length) {
    this.number = number;
    this.jca = jca;
    this.intoto = intoto;
    this.length = length;
  }

  /** The protobuf enum number. */
  public int number() {
    return number;
  }

  /** The digest length in bytes (0 for unspecified). */
  public int length() {
    return length;
  }

  /** The name of this digest in an in-toto DigestSet ({@code sha256}, {@code sha384}, …). */
  public String intotoName() {
    return intoto;
  }

  /** The algorithm with this protobuf number. */
  public static Optional<HashAlgorithm> ofNumber(int n) {
    for (HashAlgorithm a : values()) {
      if (a.number == n) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The algorithm an in-toto DigestSet names {@code name}, among those airid computes (SHA-2 256, 384, 512). */
  public static Optional<HashAlgorithm> ofIntotoName(String name) {
    for (HashAlgorithm a : new HashAlgorithm[] {SHA2_256, SHA2_384, SHA2_512}) {
      if (a.intoto.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Whether airid computes this digest (SHA-2 256, 384 and 512). */
  public boolean computable() {
    return this == SHA2_256 || this == SHA2_384 || this == SHA2_512;
  }

  /** A new digest of this algorithm. Only for {@link #computable()} algorithms, which every Java platform has. */
  public MessageDigest newDigest() {
    if (!computable()) {
      throw new IllegalStateException(name() + " is not computed by airid");
    }
    if (this == SHA2_256) {
      return dev.airid.internal.Sha256.newDigest();
    }
    try {
      return MessageDigest.getInstance(jca);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + jca, e);
    }
  }
}
