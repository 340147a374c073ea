package dev.airid.json;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A strict I-JSON (RFC 7493) parser over UTF-8 bytes.
 *
 * <p>It accepts exactly RFC 8259 JSON and additionally rejects what I-JSON forbids or what would make two readers
 * disagree: a byte order mark, ill-formed UTF-8 (including overlong forms and encoded surrogates), lone surrogates
 * written as escapes, duplicate member names, integer literals outside ±(2^53−1), numbers outside the range of a double,
 * nesting deeper than the limit, and anything after the top-level value.
 *
 * <p>Strings are not decoded while parsing: a {@link JsonString} keeps a reference to its validated bytes, which this
 * parser never modifies. The caller must hand over an array nobody else writes to.
 *
 * <p>Not thread-safe; one instance parses one document.
 */
final class StrictParser {

  // Byte classes inside a string. 0 is "plain": the fast loop skips such bytes.
  private static final byte PLAIN = 0;
  private static final byte QUOTE = 1;
  private static final byte BACKSLASH = 2;
  private static final byte CONTROL = 3;
  private static final byte NON_ASCII = 4;
  private static final byte[] STRING_CLASS = new byte[256];

  /** Reads 8 bytes of a byte[] as one little-endian long: the word-at-a-time scans below. */
  private static final java.lang.invoke.VarHandle WORDS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Per byte of {@code v}, the high bit is set in the result for the lowest zero byte, and no bit is set when no byte
   * is zero ("haszero", exact for existence and for the position of the first zero).
   */
  private static long zeroBytes(long v) {
    return (v - ONES) & ~v & HIGHS;
  }

  /**
   * Whether all 8 bytes of {@code w} are plain string bytes (ASCII 0x20..0x7F except '"' and '\\'). Each test is
   * exact for "some byte is …", which is all the fast path needs; the byte loop then finds which.
   */
  private static boolean plainWord(long w) {
    long special = w | ((w - 0x2020202020202020L) & ~w) | zeroBytes(w ^ 0x2222222222222222L) | zeroBytes(w ^ 0x5C5C5C5C5C5C5C5CL);
    return (special & HIGHS) == 0;
  }

  /** The index of the first '\\' in {@code in[from, end)}, or {@code end}. */
  static int indexOfBackslash(byte[] in, int from, int end) {
    int i = from;
    for (; i + 8 <= end; i += 8) {
      long hit = zeroBytes((long) WORDS.get(in, i) ^ 0x5C5C5C5C5C5C5C5CL);
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    while (i < end && in[i] != '\\') {
      i++;
    }
    return i;
  }

  static {
    for (int b = 0; b < 0x20; b++) {
      STRING_CLASS[b] = CONTROL;
    }
    STRING_CLASS['"'] = QUOTE;
    STRING_CLASS['\\'] = BACKSLASH;
    for (int b = 0x80; b < 0x100; b++) {
      STRING_CLASS[b] = NON_ASCII;
    }
  }

  private final byte[] in;
  private final int end;
  private final int maxDepth;
  private int pos;
  private int depth;

  // The path to the value being parsed, for error messages: at each depth either a member name or an array index.
  private String[] pathNames = new String[16];
  private int[] pathIndexes = new int[16];
  // Where the backslashes of the string just scanned are, so that a content string is hashed without a second scan.
  private int[] escapes = new int[64];
  private int escapeCount;
  private java.security.MessageDigest contentDigest;
  private byte[] digestBuffer;
  private static final int DIGEST_BUFFER = 16384;

  private StrictParser(byte[] in, int maxDepth) {
    this.in = in;
    this.end = in.length;
    this.maxDepth = maxDepth;
  }

  /** Parses a whole document. {@code in} must not be modified afterwards: parsed strings refer to it. */
  static JsonValue parse(byte[] in, JsonLimits limits) throws InputRejectedException {
    if (in.length > limits.maxBytes()) {
      throw new InputRejectedException(
          ErrorCode.JSON_TOO_LARGE,
          "",
          -1,
          "input is " + in.length + " bytes, more than the limit of " + limits.maxBytes());
    }
    return new StrictParser(in, limits.maxDepth()).document();
  }

  private JsonValue document() throws InputRejectedException {
    if (end >= 3 && (in[0] & 0xFF) == 0xEF && (in[1] & 0xFF) == 0xBB && (in[2] & 0xFF) == 0xBF) {
      throw error(ErrorCode.JSON_BOM, 0, "input starts with a UTF-8 byte order mark, which JSON forbids");
    }
    skipWhitespace();
    if (pos == end) {
      throw error(ErrorCode.JSON_SYNTAX, pos, "no JSON value in the input");
    }
    JsonValue value = value();
    skipWhitespace();
    if (pos != end) {
      throw error(ErrorCode.JSON_TRAILING_DATA, pos, "unexpected data after the JSON value");
    }
    return value;
  }

  private JsonValue value() throws InputRejectedException {
    byte b = in[pos];
    switch (b) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        literal("true");
        return JsonBoolean.TRUE;
      case 'f':
        literal("false");
        return JsonBoolean.FALSE;
      case 'n':
        literal("null");
        return JsonNull.INSTANCE;
      default:
        if (b == '-' || (b >= '0' && b <= '9')) {
          return number();
        }
        throw unexpected("a JSON value");
    }
  }

  private JsonObject object() throws InputRejectedException {
    enter();
    pos++;
    LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return JsonObject.adopt(members);
    }
    while (true) {
      if (peek() != '"') {
        throw unexpected("a member name in double quotes");
      }
      int keyStart = pos;
      String name = key();
      pathNames[depth] = name;
      skipWhitespace();
      if (peek() != ':') {
        throw unexpected("':' after the member name");
      }
      pos++;
      skipWhitespace();
      if (pos == end) {
        throw unexpected("a JSON value");
      }
      JsonValue v = name.equals(CONTENT) && peek() == '"' ? contentString() : value();
      if (members.putIfAbsent(name, v) != null) {
        throw error(ErrorCode.JSON_DUPLICATE_KEY, keyStart, "duplicate member name \"" + printable(name) + "\"");
      }
      skipWhitespace();
      byte b = peek();
      if (b == ',') {
        pos++;
        skipWhitespace();
      } else if (b == '}') {
        pos++;
        depth--;
        return JsonObject.adopt(members);
      } else {
        throw unexpected("',' or '}'");
      }
    }
  }

  private JsonArray array() throws InputRejectedException {
    enter();
    pos++;
    List<JsonValue> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return JsonArray.adopt(elements);
    }
    while (true) {
      pathIndexes[depth] = elements.size();
      if (pos == end) {
        throw unexpected("a JSON value");
      }
      elements.add(value());
      skipWhitespace();
      byte b = peek();
      if (b == ',') {
        pos++;
        skipWhitespace();
      } else if (b == ']') {
        pos++;
        depth--;
        return JsonArray.adopt(elements);
      } else {
        throw unexpected("',' or ']'");
      }
    }
  }

  private void enter() throws InputRejectedException {
    if (depth == maxDepth) {
      throw error(ErrorCode.JSON_TOO_DEEP, pos, "nesting deeper than the limit of " + maxDepth + " levels");
    }
    depth++;
    if (depth >= pathNames.length) {
      pathNames = Arrays.copyOf(pathNames, pathNames.length * 2);
      pathIndexes = Arrays.copyOf(pathIndexes, pathIndexes.length * 2);
    }
    // Mark the level as "not yet inside a member/element" so an error at '{' or '[' points at the container.
    pathNames[depth] = null;
    pathIndexes[depth] = -1;
  }

  /** Member name whose string values are hashed while parsing: content blocks (declaration spec §5). */
  private static final String CONTENT = "content";

  /**
   * A string value of a member named {@code content}, with the SHA-256 of its UTF-8 value computed now, while its bytes
   * are in cache and the escapes are known: the identity form hashes every content block, and this is that hash
   * without a second pass. The digest is exactly what {@link JsonString#updateDigest} would feed.
   */
  private JsonString contentString() throws InputRejectedException {
    int start = pos + 1;
    boolean escaped = scanString();
    int length = pos - 1 - start;
    if (contentDigest == null) {
      contentDigest = dev.airid.internal.Sha256.newDigest();
    }
    java.security.MessageDigest md = contentDigest;
    if (digestBuffer == null) {
      digestBuffer = new byte[DIGEST_BUFFER];
    }
    long utf8Length = escaped ? digestWithEscapes(in, start, length, md, escapes, escapeCount, digestBuffer) : length;
    if (!escaped) {
      md.update(in, start, length);
    }
    return JsonString.sliceWithDigest(in, start, length, escaped, md.digest(), utf8Length);
  }

  private JsonString string() throws InputRejectedException {
    int start = pos + 1;
    boolean escaped = scanString();
    return JsonString.slice(in, start, pos - 1 - start, escaped);
  }

  private String key() throws InputRejectedException {
    int start = pos + 1;
    boolean escaped = scanString();
    int length = pos - 1 - start;
    if (escaped) {
      return decodeEscaped(in, start, length);
    }
    for (int i = start; i < start + length; i++) {
      if (in[i] < 0) {
        return new String(in, start, length, StandardCharsets.UTF_8);
      }
    }
    // All ASCII: Latin-1 decoding is the same and skips the UTF-8 decoder.
    return new String(in, start, length, StandardCharsets.ISO_8859_1);
  }

  /**
   * Validates a string starting at the opening quote at {@code pos}; leaves {@code pos} after the closing quote.
   *
   * @return whether the string contains escape sequences
   */
  private boolean scanString() throws InputRejectedException {
    final byte[] in = this.in;
    final int end = this.end;
    int p = pos + 1;
    boolean escaped = false;
    escapeCount = 0;
    while (true) {
      // The hot loops: most bytes of a prompt are plain ASCII, so skip them 8 at a time, then byte by byte.
      while (p + 8 <= end && plainWord((long) WORDS.get(in, p))) {
        p += 8;
      }
      while (p < end && STRING_CLASS[in[p] & 0xFF] == PLAIN) {
        p++;
      }
      if (p >= end) {
        throw error(ErrorCode.JSON_SYNTAX, pos, "unterminated string");
      }
      switch (STRING_CLASS[in[p] & 0xFF]) {
        case QUOTE:
          pos = p + 1;
          return escaped;
        case BACKSLASH:
          escaped = true;
          if (escapeCount == escapes.length) {
            escapes = Arrays.copyOf(escapes, escapeCount * 2);
          }
          escapes[escapeCount++] = p;
          p = scanEscape(p);
          break;
        case CONTROL:
          throw error(
              ErrorCode.JSON_SYNTAX,
              p,
              String.format("control character U+%04X must be escaped in a string", in[p] & 0xFF));
        default:
          p = scanUtf8(p);
          break;
      }
    }
  }

  /** Validates the escape sequence at {@code p} (the backslash); returns the index after it. */
  private int scanEscape(int p) throws InputRejectedException {
    if (p + 1 >= end) {
      throw error(ErrorCode.JSON_SYNTAX, p, "unterminated string");
    }
    switch (in[p + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
        return p + 2;
      case 'u':
        int cu = hex4(p);
        if (Character.isHighSurrogate((char) cu)) {
          if (p + 11 < end && in[p + 6] == '\\' && in[p + 7] == 'u') {
            int low = hex4(p + 6);
            if (Character.isLowSurrogate((char) low)) {
              return p + 12;
            }
          }
          throw error(
              ErrorCode.JSON_LONE_SURROGATE,
              p,
              String.format("\\u%04X is a high surrogate not followed by a low surrogate escape", cu));
        }
        if (Character.isLowSurrogate((char) cu)) {
          throw error(
              ErrorCode.JSON_LONE_SURROGATE,
              p,
              String.format("\\u%04X is a low surrogate without a preceding high surrogate", cu));
        }
        return p + 6;
      default:
        throw error(ErrorCode.JSON_SYNTAX, p, "invalid escape sequence in string");
    }
  }

  /** The code unit of the {@code \\uXXXX} escape whose backslash is at {@code p}. */
  private int hex4(int p) throws InputRejectedException {
    if (p + 6 > end) {
      throw error(ErrorCode.JSON_SYNTAX, p, "truncated \\u escape");
    }
    int v = 0;
    for (int i = p + 2; i < p + 6; i++) {
      int d = Character.digit(in[i], 16);
      if (d < 0 || in[i] < 0) {
        throw error(ErrorCode.JSON_SYNTAX, p, "\\u must be followed by four hexadecimal digits");
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /**
   * Validates one UTF-8 sequence starting at {@code p} (a byte >= 0x80), per RFC 3629 (no overlong forms, no
   * surrogates, nothing above U+10FFFF). Returns the index after it.
   */
  private int scanUtf8(int p) throws InputRejectedException {
    int b0 = in[p] & 0xFF;
    int need;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      if (b0 == 0xE0) {
        lo = 0xA0; // no overlong 3-byte forms
      } else if (b0 == 0xED) {
        hi = 0x9F; // no encoded surrogates U+D800..U+DFFF
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      if (b0 == 0xF0) {
        lo = 0x90; // no overlong 4-byte forms
      } else if (b0 == 0xF4) {
        hi = 0x8F; // nothing above U+10FFFF
      }
    } else {
      throw error(ErrorCode.JSON_INVALID_UTF8, p, String.format("byte 0x%02X cannot start a UTF-8 sequence", b0));
    }
    if (p + need >= end) {
      throw error(ErrorCode.JSON_INVALID_UTF8, p, "truncated UTF-8 sequence");
    }
    int b1 = in[p + 1] & 0xFF;
    if (b1 < lo || b1 > hi) {
      throw error(ErrorCode.JSON_INVALID_UTF8, p, "ill-formed UTF-8 sequence");
    }
    for (int i = 2; i <= need; i++) {
      int bi = in[p + i] & 0xFF;
      if (bi < 0x80 || bi > 0xBF) {
        throw error(ErrorCode.JSON_INVALID_UTF8, p, "ill-formed UTF-8 sequence");
      }
    }
    return p + need + 1;
  }

  private JsonNumber number() throws InputRejectedException {
    final int start = pos;
    int p = pos;
    boolean negative = in[p] == '-';
    if (negative) {
      p++;
    }
    if (p >= end || in[p] < '0' || in[p] > '9') {
      throw error(ErrorCode.JSON_SYNTAX, p, negative && p < end && in[p] == 'I'
          ? "Infinity is not a JSON number"
          : "'-' must be followed by a digit");
    }
    boolean nonZeroDigit = false;
    if (in[p] == '0') {
      p++;
      if (p < end && in[p] >= '0' && in[p] <= '9') {
        throw error(ErrorCode.JSON_SYNTAX, start, "leading zeros are not allowed in JSON numbers");
      }
    } else {
      nonZeroDigit = true;
      while (p < end && in[p] >= '0' && in[p] <= '9') {
        p++;
      }
    }
    int intEnd = p;
    boolean integer = true;
    if (p < end && in[p] == '.') {
      integer = false;
      p++;
      int fracStart = p;
      while (p < end && in[p] >= '0' && in[p] <= '9') {
        nonZeroDigit |= in[p] != '0';
        p++;
      }
      if (p == fracStart) {
        throw error(ErrorCode.JSON_SYNTAX, start, "a digit must follow the decimal point");
      }
    }
    if (p < end && (in[p] == 'e' || in[p] == 'E')) {
      integer = false;
      p++;
      if (p < end && (in[p] == '+' || in[p] == '-')) {
        p++;
      }
      int expStart = p;
      while (p < end && in[p] >= '0' && in[p] <= '9') {
        p++;
      }
      if (p == expStart) {
        throw error(ErrorCode.JSON_SYNTAX, start, "a digit must follow the exponent marker");
      }
    }
    if (p - start > JsonLimits.MAX_NUMBER_LENGTH) {
      throw error(
          ErrorCode.JSON_TOO_LARGE,
          start,
          "number literal longer than " + JsonLimits.MAX_NUMBER_LENGTH + " characters");
    }
    pos = p;
    if (integer) {
      int digitsStart = negative ? start + 1 : start;
      // 2^53-1 = 9007199254740991 has 16 digits; more digits cannot be in range (no leading zeros).
      if (intEnd - digitsStart > 16) {
        throw integerOutOfRange(start);
      }
      long v = 0;
      for (int i = digitsStart; i < intEnd; i++) {
        v = v * 10 + (in[i] - '0');
      }
      if (v > JsonNumber.MAX_SAFE_INTEGER) {
        throw integerOutOfRange(start);
      }
      return new JsonNumber(negative ? -(double) v : (double) v);
    }
    double d = Double.parseDouble(new String(in, start, p - start, StandardCharsets.ISO_8859_1));
    if (Double.isInfinite(d)) {
      throw error(ErrorCode.JSON_NUMBER_OUT_OF_RANGE, start, "number overflows an IEEE 754 double");
    }
    if (d == 0 && nonZeroDigit) {
      throw error(
          ErrorCode.JSON_NUMBER_OUT_OF_RANGE, start, "non-zero number underflows to zero in an IEEE 754 double");
    }
    return new JsonNumber(d);
  }

  private InputRejectedException integerOutOfRange(int start) {
    return error(
        ErrorCode.JSON_INTEGER_OUT_OF_RANGE,
        start,
        "integer literal outside ±(2^53−1) cannot be represented exactly; write it as a string");
  }

  private void literal(String word) throws InputRejectedException {
    int n = word.length();
    if (pos + n > end) {
      throw unexpected("a JSON value");
    }
    for (int i = 0; i < n; i++) {
      if (in[pos + i] != word.charAt(i)) {
        throw unexpected("a JSON value");
      }
    }
    pos += n;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = in[pos];
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  private byte peek() {
    return pos < end ? in[pos] : 0;
  }

  /** A syntax error at {@code pos}, or an encoding error if the offending byte starts ill-formed UTF-8. */
  private InputRejectedException unexpected(String expected) {
    if (pos >= end) {
      return error(ErrorCode.JSON_SYNTAX, pos, "unexpected end of input, expected " + expected);
    }
    int b = in[pos] & 0xFF;
    if (b >= 0x80) {
      try {
        scanUtf8(pos);
      } catch (InputRejectedException e) {
        return e;
      }
    }
    if (b == 'N' || b == 'I') {
      return error(ErrorCode.JSON_SYNTAX, pos, "NaN and Infinity are not JSON numbers");
    }
    String found = b >= 0x21 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
    return error(ErrorCode.JSON_SYNTAX, pos, "unexpected " + found + ", expected " + expected);
  }

  private InputRejectedException error(ErrorCode code, int offset, String reason) {
    return new InputRejectedException(code, pointer(), offset, reason);
  }

  /** RFC 6901 pointer to the value being parsed. */
  private String pointer() {
    StringBuilder sb = new StringBuilder();
    for (int d = 1; d <= depth; d++) {
      if (pathNames[d] != null) {
        sb.append('/').append(JsonPointer.escape(pathNames[d]));
      } else if (pathIndexes[d] >= 0) {
        sb.append('/').append(pathIndexes[d]);
      } else {
        break;
      }
    }
    return sb.toString();
  }

  private static String printable(String s) {
    return s.length() > 64 ? s.substring(0, 61) + "..." : s;
  }

  /** The byte a two-character escape stands for ({@code \\n} → LF, …), or 0 for {@code \\u}. */
  private static final byte[] SIMPLE_ESCAPE = new byte[128];

  static {
    SIMPLE_ESCAPE['"'] = '"';
    SIMPLE_ESCAPE['\\'] = '\\';
    SIMPLE_ESCAPE['/'] = '/';
    SIMPLE_ESCAPE['b'] = '\b';
    SIMPLE_ESCAPE['f'] = '\f';
    SIMPLE_ESCAPE['n'] = '\n';
    SIMPLE_ESCAPE['r'] = '\r';
    SIMPLE_ESCAPE['t'] = '\t';
  }

  /**
   * The hot path of content hashing: feeds the unescaped UTF-8 of a validated string slice whose backslash positions
   * the scan recorded ({@code escapes[0, count)}, ascending, every one the start of an escape), through {@code buf}
   * (at least 64 bytes) so that short runs between escapes cost a copy, not a digest call each. Returns the byte count.
   */
  static long digestWithEscapes(byte[] in, int offset, int length, java.security.MessageDigest digest, int[] escapes, int count,
      byte[] buf) {
    int p = offset;
    int n = 0;
    long total = 0;
    for (int i = 0; i < count; i++) {
      int q = escapes[i];
      int run = q - p;
      if (n + run + 4 > buf.length) {
        digest.update(buf, 0, n);
        n = 0;
        if (run + 4 > buf.length) {
          digest.update(in, p, run); // a long run goes straight from the input, after what was buffered
          total += run;
          p = q;
          run = 0;
        }
      }
      System.arraycopy(in, p, buf, n, run);
      n += run;
      total += run;
      byte simple = SIMPLE_ESCAPE[in[q + 1]]; // the scan validated the escape: in[q + 1] is ASCII
      if (simple != 0) {
        buf[n++] = simple;
        total++;
        p = q + 2;
      } else {
        int cp = hex4Valid(in, q);
        p = q + 6;
        if (Character.isHighSurrogate((char) cp)) {
          cp = Character.toCodePoint((char) cp, (char) hex4Valid(in, q + 6));
          p = q + 12;
        }
        int k = encodeUtf8(cp, buf, n);
        n += k;
        total += k;
      }
    }
    digest.update(buf, 0, n);
    int tail = offset + length - p;
    digest.update(in, p, tail);
    return total + tail;
  }

  /**
   * Hashes the UTF-8 form of a validated escaped slice that was not hashed while parsed: finds where its escapes
   * start (skipping each whole escape, so the second backslash of {@code \\} is not taken for one), then hashes as
   * {@link #digestWithEscapes} does.
   */
  static long digestUnescaped(byte[] in, int offset, int length, java.security.MessageDigest digest) {
    int end = offset + length;
    int[] starts = new int[16];
    int count = 0;
    for (int q = indexOfBackslash(in, offset, end); q < end; q = indexOfBackslash(in, q, end)) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = q;
      q += in[q + 1] != 'u' ? 2 : Character.isHighSurrogate((char) hex4Valid(in, q)) ? 12 : 6;
    }
    return digestWithEscapes(in, offset, length, digest, starts, count, new byte[Math.min(Math.max(length, 64), DIGEST_BUFFER)]);
  }

  private static int hex4Valid(byte[] in, int backslash) {
    int cu = 0;
    for (int i = backslash + 2; i < backslash + 6; i++) {
      cu = (cu << 4) | Character.digit(in[i], 16);
    }
    return cu;
  }

  private static int encodeUtf8(int cp, byte[] buf, int o) {
    if (cp < 0x80) {
      buf[o] = (byte) cp;
      return 1;
    }
    if (cp < 0x800) {
      buf[o] = (byte) (0xC0 | (cp >> 6));
      buf[o + 1] = (byte) (0x80 | (cp & 0x3F));
      return 2;
    }
    if (cp < 0x10000) {
      buf[o] = (byte) (0xE0 | (cp >> 12));
      buf[o + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[o + 2] = (byte) (0x80 | (cp & 0x3F));
      return 3;
    }
    buf[o] = (byte) (0xF0 | (cp >> 18));
    buf[o + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
    buf[o + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
    buf[o + 3] = (byte) (0x80 | (cp & 0x3F));
    return 4;
  }

  /** Decodes a validated string slice that contains escapes. */
  static String decodeEscaped(byte[] in, int offset, int length) {
    StringBuilder sb = new StringBuilder(length);
    int end = offset + length;
    int run = offset;
    int p = offset;
    while (p < end) {
      if (in[p] != '\\') {
        p++;
        continue;
      }
      if (p > run) {
        sb.append(new String(in, run, p - run, StandardCharsets.UTF_8));
      }
      byte e = in[p + 1];
      switch (e) {
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append((char) hex4Valid(in, p));
          p += 4;
        }
        default -> sb.append((char) e); // '"', '\\', '/'
      }
      p += 2;
      run = p;
    }
    if (end > run) {
      sb.append(new String(in, run, end - run, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
