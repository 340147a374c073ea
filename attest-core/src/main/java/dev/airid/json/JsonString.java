package dev.airid.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A JSON string: a sequence of Unicode scalar values (no lone surrogates).
 *
 * <p>A string read by the parser holds its UTF-8 value in an array of its own and is decoded to a {@code String} only
 * when {@link #value()} is first called. This lets the identity computation hash a prompt's UTF-8 bytes and copy them
 * to the canonical output without ever materialising a {@code String}: large content blocks cost one pass of SHA-256.
 */
public final class JsonString implements JsonValue {

  /** For parsed strings, exactly the value's UTF-8 bytes, never exposed; null for {@link #of(String)}. */
  private final byte[] utf8;
  /**
   * Whether the parsed text had escape sequences. Without them {@link #utf8} holds no '"', '\\' or control character,
   * so RFC 8785 writes it unchanged.
   */
  private final boolean escaped;

  /** Decoded value; computed lazily for parsed strings. A benign race: String is immutable. */
  private String value;

  // SHA-256 of the value's UTF-8: computed by the parser for hashed members, else on first request. A benign race.
  private byte[] sha256;

  private JsonString(byte[] utf8, boolean escaped, String value, byte[] sha256) {
    this.utf8 = utf8;
    this.escaped = escaped;
    this.value = value;
    this.sha256 = sha256;
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
    return new JsonString(null, false, value, null);
  }

  /**
   * A parsed string. {@code utf8} is its value's UTF-8, validated, and now owned by the string; {@code escaped} says
   * whether the JSON text had escapes; {@code sha256} is the digest of {@code utf8} if the parser computed it, or null.
   */
  static JsonString parsed(byte[] utf8, boolean escaped, byte[] sha256) {
    return new JsonString(utf8, escaped, null, sha256);
  }

  /**
   * The SHA-256 of the value's UTF-8 encoding: computed during parsing for members the parser was asked to hash (see
   * {@link Json#parse(byte[], JsonLimits, java.util.Set)}), else on the first call and kept.
   */
  public byte[] sha256() {
    byte[] d = sha256;
    if (d == null) {
      java.security.MessageDigest md = dev.airid.internal.Sha256.newDigest();
      updateDigest(md);
      d = md.digest();
      sha256 = d;
    }
    return d.clone();
  }

  /** The length of the value's UTF-8 encoding. */
  public long utf8Length() {
    return utf8 != null ? utf8.length : value.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The string's value. */
  public String value() {
    String v = value;
    if (v == null) {
      v = new String(utf8, StandardCharsets.UTF_8);
      value = v;
    }
    return v;
  }

  /**
   * Feeds the UTF-8 encoding of the value to {@code digest}, without copying for parsed strings. Package-private: the
   * digest sees the string's own array, so only digests this package made may have it.
   *
   * @return the number of bytes fed, the value's UTF-8 length
   */
  long updateDigest(MessageDigest digest) {
    byte[] bytes = utf8 != null ? utf8 : value.getBytes(StandardCharsets.UTF_8);
    digest.update(bytes);
    return bytes.length;
  }

  /**
   * Decodes the string's text with {@code decoder}, as {@code decoder.decode(value())} would but without making a
   * {@code String} first (Base64 payloads of signed envelopes are most of a bundle's bytes).
   *
   * @throws IllegalArgumentException if the text is not valid for {@code decoder}
   */
  public byte[] decode(java.util.Base64.Decoder decoder) {
    return utf8 != null ? decoder.decode(utf8) : decoder.decode(value);
  }

  /** The parsed UTF-8 if RFC 8785 writes it unchanged (no escapes in it), else null. Callers must not modify it. */
  byte[] verbatimUtf8() {
    return utf8 != null && !escaped ? utf8 : null;
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
