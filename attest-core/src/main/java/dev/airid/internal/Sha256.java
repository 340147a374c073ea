package dev.airid.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Every Java SE platform must provide SHA-256, so its absence is a broken runtime, not an input error. */
public final class Sha256 {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * Never updated, only cloned: a provider lookup ({@code getInstance}) costs about as much as hashing a few KiB,
   * and the parser makes a digest per document. Cloning reads the prototype's state, so sharing it is safe.
   */
  private static final MessageDigest PROTOTYPE = lookUp();

  private Sha256() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest newDigest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return lookUp(); // a provider whose digests cannot be cloned
    }
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime lacks SHA-256, which Java SE requires", e);
    }
  }

  public static byte[] of(byte[] data) {
    return newDigest().digest(data);
  }

  public static String hexOf(byte[] data) {
    return HEX.formatHex(of(data));
  }

  /** Lowercase hex SHA-256 of a file's contents, read in blocks (files may be larger than memory). */
  public static String hexOfFile(java.nio.file.Path file) throws java.io.IOException {
    MessageDigest md = newDigest();
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return hex(md.digest());
  }

  /** Lowercase hex. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Whether {@code s} is exactly 64 lowercase hexadecimal digits. */
  public static boolean isLowerHex64(String s) {
    return isLowerHex(s, 64);
  }

  /**
   * Whether {@code s} is exactly 64 hexadecimal digits in either case. For digests that are compared as bytes, where
   * the case of the hex is only an encoding; never for identities, whose hex text is itself hashed.
   */
  public static boolean isHex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is exactly {@code length} lowercase hexadecimal digits. */
  public static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Compares two digests in time independent of where they differ. */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
