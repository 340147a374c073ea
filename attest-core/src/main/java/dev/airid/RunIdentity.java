package dev.airid;

import dev.airid.internal.Sha256;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The identity of an AI run: {@code airid:v1:sha256:<64 lowercase hex>}, the SHA-256 of the canonical identity form of
 * its declaration (spec/ai-run-declaration.md §7).
 *
 * <p>Two identities are equal when their digests are equal. Parsing is strict: uppercase hex, whitespace, other
 * versions or algorithms are rejected rather than normalised, so that a string that parses has exactly one spelling.
 *
 * @param hex the 64 lowercase hexadecimal digits of the SHA-256 digest
 */
public record RunIdentity(String hex) {

  /** The prefix every v1 identity starts with. */
  public static final String PREFIX = "airid:v1:sha256:";

  private static final int LENGTH = PREFIX.length() + 64;

  public RunIdentity {
    Objects.requireNonNull(hex, "hex");
    if (!Sha256.isLowerHex64(hex)) {
      throw new IllegalArgumentException("a run identity digest is 64 lowercase hex digits");
    }
  }

  /**
   * Parses {@code airid:v1:sha256:<64 lowercase hex>}.
   *
   * @throws InputRejectedException ({@link ErrorCode#INVALID_IDENTITY}) for anything else
   */
  public static RunIdentity parse(String text) throws InputRejectedException {
    if (!isWellFormed(text)) {
      throw InputRejectedException.of(
          ErrorCode.INVALID_IDENTITY, "\"" + abbreviate(text) + "\" is not of the form " + PREFIX + "<64 lowercase hex>");
    }
    return new RunIdentity(text.substring(PREFIX.length()));
  }

  /** Whether {@code text} is a well-formed v1 identity string. */
  public static boolean isWellFormed(String text) {
    return text != null
        && text.length() == LENGTH
        && text.startsWith(PREFIX)
        && Sha256.isLowerHex64(text.substring(PREFIX.length()));
  }

  /** The identity whose digest is {@code sha256} (32 bytes). */
  public static RunIdentity ofDigest(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
    }
    return new RunIdentity(Sha256.hex(sha256));
  }

  /** A copy of the 32 digest bytes. */
  public byte[] digest() {
    return HexFormat.of().parseHex(hex);
  }

  /** Whether {@code sha256} is this identity's digest, compared in constant time. */
  public boolean matchesDigest(byte[] sha256) {
    return Sha256.constantTimeEquals(digest(), sha256);
  }

  /** The identity string, {@code airid:v1:sha256:<hex>}. */
  @Override
  public String toString() {
    return PREFIX + hex;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    String printable = s.codePoints().limit(100)
        .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return s.length() > 100 ? printable + "…" : printable;
  }
}
