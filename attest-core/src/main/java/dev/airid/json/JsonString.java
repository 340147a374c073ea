package dev.airid.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A JSON string: a sequence of Unicode scalar values (no lone surrogates).
 *
 * <p>A string read by the parser keeps a reference to its bytes in the (private copy of the) input and is decoded only
 * when {@link #value()} is first called. This lets the identity computation hash a prompt's UTF-8 bytes and copy them
 * to the canonical output without ever materialising a {@code String}: large content blocks cost one pass of SHA-256.
 */
public final class JsonString implements JsonValue {

  private final byte[] source;
  private final int offset;
  private final int length;
  /** Whether the source slice contains escape sequences, so that it is not the string's UTF-8 bytes verbatim. */
  private final boolean escaped;

  /** Decoded value; computed lazily for parsed strings. A benign race: String is immutable. */
  private String value;

  // SHA-256 of the value's UTF-8 and that length, when the parser computed them (content blocks); else null and -1.
  private final byte[] sha256;
  private final long utf8Length;

  private JsonString(byte[] source, int offset, int length, boolean escaped, String value) {
    this(source, offset, length, escaped, value, null, -1);
  }

  private JsonString(byte[] source, int offset, int length, boolean escaped, String value, byte[] sha256, long utf8Length) {
    this.sha256 = sha256;
    this.utf8Length = utf8Length;
    this.source = source;
    this.offset = offset;
    this.length = length;
    this.escaped = escaped;
    this.value = value;
  }

  /**
   * A JSON string with the given value.
   *
   * @throws IllegalArgumentException if the value contains a lone surrogate, which has no UTF-8 form
   */
  public static JsonString of(String value) {
    Objects.requireNonNull(value, "value");
    int bad = firstLoneSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException("string has a lone surrogate at index " + bad);
    }
    return new JsonString(null, 0, 0, false, value);
  }

  /** A parsed string; {@code source[offset, offset+length)} is the validated text between the quotes. */
  static JsonString slice(byte[] source, int offset, int length, boolean escaped) {
    return new JsonString(source, offset, length, escaped, null);
  }

  /** A parsed string whose value's SHA-256 and UTF-8 length the parser computed while scanning it. */
  static JsonString sliceWithDigest(byte[] source, int offset, int length, boolean escaped, byte[] sha256, long utf8Length) {
    return new JsonString(source, offset, length, escaped, null, sha256, utf8Length);
  }

  /** The SHA-256 of the value's UTF-8 encoding: computed during parsing for content blocks, else now. */
  public byte[] sha256() {
    if (sha256 != null) {
      return sha256.clone();
    }
    java.security.MessageDigest md = dev.airid.internal.Sha256.newDigest();
    updateDigest(md);
    return md.digest();
  }

  /** The length of the value's UTF-8 encoding. */
  public long utf8Length() {
    if (utf8Length >= 0) {
      return utf8Length;
    }
    return isVerbatimSlice() ? length : value().getBytes(StandardCharsets.UTF_8).length;
  }

  /** The string's value. */
  public String value() {
    String v = value;
    if (v == null) {
      v = escaped ? StrictParser.decodeEscaped(source, offset, length) : decodeVerbatim();
      value = v;
    }
    return v;
  }

  private String decodeVerbatim() {
    return new String(source, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Feeds the UTF-8 encoding of the value to {@code digest}, without copying when the parser's bytes are verbatim.
   *
   * @return the number of bytes fed, the value's UTF-8 length
   */
  public long updateDigest(MessageDigest digest) {
    if (isVerbatimSlice()) {
      digest.update(source, offset, length);
      return length;
    } else if (source != null) {
      return StrictParser.digestUnescaped(source, offset, length, digest);
    } else {
      byte[] utf8 = value().getBytes(StandardCharsets.UTF_8);
      digest.update(utf8);
      return utf8.length;
    }
  }

  boolean isVerbatimSlice() {
    return source != null && !escaped;
  }

  byte[] source() {
    return source;
  }

  int offset() {
    return offset;
  }

  int length() {
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonString other && value().equals(other.value());
  }

  @Override
  public int hashCode() {
    return value().hashCode();
  }

  /** The string as a JSON literal (quoted and escaped as RFC 8785 does). */
  @Override
  public String toString() {
    return Json.toCanonicalString(this);
  }

  static int firstLoneSurrogate(CharSequence s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
