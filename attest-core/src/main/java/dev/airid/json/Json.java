package dev.airid.json;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.internal.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;

/**
 * Entry points for reading and writing JSON the strict way.
 *
 * <p>Reading: {@link #parse(byte[])} accepts exactly I-JSON (RFC 7493) in UTF-8 and fails with an {@link
 * InputRejectedException} naming the rule broken ({@link ErrorCode} {@code JSON_*}), the JSON Pointer of the value and
 * the byte offset. Writing: {@link #canonicalize(JsonValue)} gives RFC 8785 (JCS) bytes; {@link #pretty(JsonValue)}
 * gives indented UTF-8 text for people.
 *
 * <p>All methods are thread-safe.
 */
public final class Json {

  private Json() {}

  /** Parses UTF-8 JSON with the {@linkplain JsonLimits#DEFAULT default limits}. The array is copied, not retained. */
  public static JsonValue parse(byte[] utf8) throws InputRejectedException {
    return parse(utf8, JsonLimits.DEFAULT);
  }

  /** Parses UTF-8 JSON within {@code limits}. The array is copied, not retained. */
  public static JsonValue parse(byte[] utf8, JsonLimits limits) throws InputRejectedException {
    return parse(utf8, limits, Set.of());
  }

  /**
   * Parses UTF-8 JSON within {@code limits}, and hashes the string value of every member whose name is in {@code
   * hashedMembers} while scanning it: its bytes are then in cache, and {@link JsonString#sha256()} returns the digest
   * without reading the string again. For documents whose large strings are hashed anyway (a declaration's content
   * blocks: the declaration package names them). The array is copied, not retained.
   */
  public static JsonValue parse(byte[] utf8, JsonLimits limits, Set<String> hashedMembers) throws InputRejectedException {
    if (utf8.length > limits.maxBytes()) {
      throw tooLarge(limits);
    }
    // The parser checks some bytes and then copies them in a second read. On the caller's own array, another thread
    // writing to it between the two could slip in a byte that was never checked (a raw quote, invalid UTF-8); on a
    // private copy nothing can. The copy costs about a sixth of hashing the same bytes.
    return StrictParser.parse(Arrays.copyOf(utf8, utf8.length), limits, hashedMembers);
  }

  /**
   * Parses JSON given as a Java string, which is first encoded as UTF-8. A lone surrogate in the string is rejected
   * rather than replaced.
   */
  public static JsonValue parse(String json) throws InputRejectedException {
    return parseOwned(json, Set.of());
  }

  /** {@link #parse(String)}, hashing the string values of {@code hashedMembers} as {@link #parse(byte[], JsonLimits, Set)} does. */
  public static JsonValue parse(String json, Set<String> hashedMembers) throws InputRejectedException {
    return parseOwned(json, hashedMembers);
  }

  private static JsonValue parseOwned(String json, Set<String> hashedMembers) throws InputRejectedException {
    int bad = JsonString.firstLoneSurrogate(json);
    if (bad >= 0) {
      throw new InputRejectedException(
          ErrorCode.JSON_LONE_SURROGATE, null, -1, "text has a lone surrogate at char index " + bad);
    }
    return StrictParser.parse(json.getBytes(StandardCharsets.UTF_8), JsonLimits.DEFAULT, hashedMembers);
  }

  /**
   * Reads a whole stream and parses it, reading at most {@code limits.maxBytes()} bytes: a longer stream is rejected
   * without being read to its end. The stream is not closed.
   */
  public static JsonValue parse(InputStream in, JsonLimits limits)
      throws InputRejectedException, OperationFailedException {
    return parse(in, limits, Set.of());
  }

  /** {@link #parse(InputStream, JsonLimits)}, hashing the string values of {@code hashedMembers} while scanning. */
  public static JsonValue parse(InputStream in, JsonLimits limits, Set<String> hashedMembers)
      throws InputRejectedException, OperationFailedException {
    return StrictParser.parse(readBounded(in, limits), limits, hashedMembers);
  }

  /** Reads up to {@code limits.maxBytes()} bytes from a stream, rejecting longer input. The stream is not closed. */
  public static byte[] readBounded(InputStream in, JsonLimits limits)
      throws InputRejectedException, OperationFailedException {
    try {
      byte[] data = in.readNBytes((int) limits.maxBytes() + 1);
      if (data.length > limits.maxBytes()) {
        throw tooLarge(limits);
      }
      return data;
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "reading input failed: " + e.getMessage(), e);
    }
  }

  /**
   * The RFC 8785 canonical UTF-8 bytes of {@code value}. They are meant for hashing: an integral number of 2^53 or more
   * appears as an integer literal, which {@link #parse(byte[])} rejects.
   */
  public static byte[] canonicalize(JsonValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    new JsonWriter(out::write, JsonWriter.Mode.CANONICAL).write(value);
    return out.toByteArray();
  }

  /** Writes the RFC 8785 canonical bytes of {@code value} to {@code out} (which is not closed). */
  public static void writeCanonical(JsonValue value, OutputStream out) throws IOException {
    try {
      new JsonWriter(
              (b, off, len) -> {
                try {
                  // A copy: the writer hands over parsed strings' own arrays, which a stream could change.
                  out.write(Arrays.copyOfRange(b, off, off + len));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              JsonWriter.Mode.CANONICAL)
          .write(value);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** SHA-256 of the RFC 8785 canonical bytes of {@code value}, computed without holding those bytes in memory. */
  public static byte[] canonicalSha256(JsonValue value) {
    MessageDigest md = Sha256.newDigest();
    new JsonWriter(md::update, JsonWriter.Mode.CANONICAL).write(value);
    return md.digest();
  }

  /**
   * SHA-256 of the RFC 8785 canonical bytes of {@code value} with every member first passed through {@code rewrite}:
   * the hash of a derived document, computed without building it or holding its bytes.
   *
   * @throws IllegalArgumentException if a rewrite gives an object two members of one name
   */
  public static byte[] canonicalSha256(JsonValue value, CanonicalRewrite rewrite) {
    MessageDigest md = Sha256.newDigest();
    new JsonWriter(md::update, JsonWriter.Mode.CANONICAL, java.util.Objects.requireNonNull(rewrite, "rewrite")).write(value);
    return md.digest();
  }

  /** The RFC 8785 canonical bytes of {@code value} with every member first passed through {@code rewrite}. */
  public static byte[] canonicalize(JsonValue value, CanonicalRewrite rewrite) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    new JsonWriter(out::write, JsonWriter.Mode.CANONICAL, java.util.Objects.requireNonNull(rewrite, "rewrite")).write(value);
    return out.toByteArray();
  }

  /** The RFC 8785 canonical form as a Java string. */
  public static String toCanonicalString(JsonValue value) {
    return new String(canonicalize(value), StandardCharsets.UTF_8);
  }

  /**
   * Compact UTF-8 JSON, members in their original order, every number written so that {@link #parse(byte[])} reads it
   * back (integral values of 2^53 and more get an exponent). For documents others will parse, such as signed payloads.
   */
  public static byte[] compact(JsonValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    new JsonWriter(out::write, JsonWriter.Mode.COMPACT).write(value);
    return out.toByteArray();
  }

  /** Indented UTF-8 text ending in a newline, members in their original order; re-parseable like {@link #compact}. */
  public static byte[] pretty(JsonValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    new JsonWriter(out::write, JsonWriter.Mode.PRETTY).write(value);
    return out.toByteArray();
  }

  private static InputRejectedException tooLarge(JsonLimits limits) {
    return new InputRejectedException(
        ErrorCode.JSON_TOO_LARGE, "", -1, "input is larger than the limit of " + limits.maxBytes() + " bytes");
  }
}
