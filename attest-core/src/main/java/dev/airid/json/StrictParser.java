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
 * <p>Each parsed string gets its own array holding exactly its UTF-8 value (escapes decoded), so nothing refers to the
 * input afterwards and no {@code String} is made until one is asked for. The input must be the parser's own: a string
 * without escapes is validated and then copied out of it in a second read.
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
   * The high bit of each byte of {@code w} that is not a plain string byte (plain: ASCII 0x20..0x7F except '"' and
   * '\\'), read little-endian. The lowest set bit is exact, so {@code numberOfTrailingZeros >>> 3} is the index of the
   * first special byte, and 0 means all 8 bytes are plain. Bits above it may be spurious: a subtraction borrows into
   * the next byte only from a byte that is itself special.
   *
   * <p>Per byte b: {@code b} has its high bit iff non-ASCII; {@code b - 0x20} has it (for ASCII b) iff b &lt; 0x20;
   * {@code (b ^ 0x22) - 1} has it iff b == '"' or b is non-ASCII, and likewise for '\\' — the non-ASCII cases are
   * flagged by the first term anyway, which is why the usual {@code & ~v} of the zero-byte test is not needed.
   */
  private static long specialBytes(long w) {
    return (w | (w - 0x2020202020202020L) | ((w ^ 0x2222222222222222L) - ONES) | ((w ^ 0x5C5C5C5C5C5C5C5CL) - ONES))
        & HIGHS;
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
  // Where strings with escapes are decoded. Grown as needed.
  private byte[] scratch = new byte[256];
  // The UTF-8 value of the string just scanned: value[valueOffset, valueOffset + valueLength). That is the input itself
  // for a string without escapes (most of them, and the long Base64 payloads of envelopes, which then never pass
  // through scratch), and scratch for one with escapes.
  private byte[] value;
  private int valueOffset;
  private int valueLength;
  /** Names of members whose string values are hashed while scanned; see {@link Json#parse(byte[], JsonLimits, Set)}. */
  private final java.util.Set<String> hashedMembers;
  private java.security.MessageDigest digest;

  private StrictParser(byte[] in, int maxDepth, java.util.Set<String> hashedMembers) {
    this.in = in;
    this.end = in.length;
    this.maxDepth = maxDepth;
    this.hashedMembers = hashedMembers.isEmpty() ? null : hashedMembers;
  }

  /** Parses a whole document. Nothing parsed refers to {@code in}, which must not change during the call. */
  static JsonValue parse(byte[] in, JsonLimits limits) throws InputRejectedException {
    return parse(in, limits, java.util.Set.of());
  }

  /** {@link #parse(byte[], JsonLimits)}, hashing the string values of the members named in {@code hashedMembers}. */
  static JsonValue parse(byte[] in, JsonLimits limits, java.util.Set<String> hashedMembers) throws InputRejectedException {
    if (in.length > limits.maxBytes()) {
      throw new InputRejectedException(
          ErrorCode.JSON_TOO_LARGE,
          "",
          -1,
          "input is " + in.length + " bytes, more than the limit of " + limits.maxBytes());
    }
    return new StrictParser(in, limits.maxDepth(), hashedMembers).document();
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
      JsonValue v = hashedMembers != null && peek() == '"' && hashedMembers.contains(name) ? hashedString() : value();
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

  /**
   * A string value of a member the caller asked to hash, with the SHA-256 of its UTF-8 value computed now, while its
   * bytes are in cache, rather than in a second pass later.
   */
  private JsonString hashedString() throws InputRejectedException {
    boolean escaped = scanString();
    if (digest == null) {
      digest = dev.airid.internal.Sha256.newDigest();
    }
    digest.update(value, valueOffset, valueLength);
    return JsonString.parsed(valueCopy(), escaped, digest.digest());
  }

  /** The string just scanned, in an array of its own: nothing parsed refers to the input afterwards. */
  private byte[] valueCopy() {
    return Arrays.copyOfRange(value, valueOffset, valueOffset + valueLength);
  }

  private JsonString string() throws InputRejectedException {
    boolean escaped = scanString();
    return JsonString.parsed(valueCopy(), escaped, null);
  }

  private String key() throws InputRejectedException {
    scanString();
    for (int i = valueOffset, end = valueOffset + valueLength; i < end; i++) {
      if (value[i] < 0) {
        return new String(value, valueOffset, valueLength, StandardCharsets.UTF_8);
      }
    }
    // All ASCII: Latin-1 decoding is the same and skips the UTF-8 decoder.
    return new String(value, valueOffset, valueLength, StandardCharsets.ISO_8859_1);
  }

  /**
   * Validates a string starting at the opening quote at {@code pos} and leaves where its UTF-8 value, escapes decoded,
   * is in {@link #value}, {@link #valueOffset} and {@link #valueLength}; leaves {@code pos} after the closing quote.
   *
   * @return whether the string contains escape sequences
   */
  private boolean scanString() throws InputRejectedException {
    final byte[] in = this.in;
    final int end = this.end;
    byte[] out = scratch;
    int n = 0;
    int p = pos + 1;
    boolean escaped = false;
    int run = p;
    while (true) {
      // The hot loop: most bytes of a prompt are plain ASCII. Two words per branch; the first special byte is found
      // from the bit mask, and only the last few bytes of the input go byte by byte.
      while (p + 16 <= end) {
        long lo = specialBytes((long) WORDS.get(in, p));
        long hi = specialBytes((long) WORDS.get(in, p + 8));
        if ((lo | hi) != 0) {
          p += lo != 0 ? Long.numberOfTrailingZeros(lo) >>> 3 : 8 + (Long.numberOfTrailingZeros(hi) >>> 3);
          break;
        }
        p += 16;
      }
      if (p + 16 > end) {
        while (p < end && STRING_CLASS[in[p] & 0xFF] == PLAIN) {
          p++;
        }
      }
      if (p >= end) {
        throw error(ErrorCode.JSON_SYNTAX, pos, "unterminated string");
      }
      if (in[p] < 0) {
        // Non-ASCII: validate the whole run of it, and stay in the same plain run. Valid UTF-8 is copied as it is,
        // so the run is copied out only at the next escape or the closing quote: a word in another script in the
        // middle of English text costs its validation, not a copy of its own.
        p = utf8Run(p);
        continue;
      }
      if (!escaped && in[p] == '"') {
        // No escape in the whole string: its value is the input between the quotes, copied from there, not via scratch.
        pos = p + 1;
        value = in;
        valueOffset = run;
        valueLength = p - run;
        return false;
      }
      // The plain run ends here: copy it out in one call, with room for what one escape below adds (4 bytes).
      if (n + (p - run) + 4 > out.length) {
        // The value cannot be longer than the rest of the input: grow to that at once where it is near, rather than
        // doubling through every size on the way (each step was garbage).
        int needed = n + (p - run) + 4;
        out = scratch = Arrays.copyOf(out, Math.max(needed, (int) Math.min(end - (long) pos + 4, out.length * 8L)));
      }
      System.arraycopy(in, run, out, n, p - run);
      n += p - run;
      switch (STRING_CLASS[in[p] & 0xFF]) {
        case QUOTE:
          pos = p + 1;
          value = out;
          valueOffset = 0;
          valueLength = n;
          return escaped;
        case BACKSLASH:
          escaped = true;
          byte simple = p + 1 < end && in[p + 1] >= 0 ? SIMPLE_ESCAPE[in[p + 1]] : 0;
          if (simple != 0) {
            out[n++] = simple;
            p += 2;
          } else {
            int cp = unicodeEscape(p);
            n += encodeUtf8(cp, out, n);
            p += cp >= 0x10000 ? 12 : 6;
          }
          run = p;
          break;
        default: // CONTROL: the only other class the scan stops at
          throw error(
              ErrorCode.JSON_SYNTAX,
              p,
              String.format("control character U+%04X must be escaped in a string", in[p] & 0xFF));
      }
    }
  }

  /**
   * The code point of the escape at {@code p} (a backslash) that is not a two-character one: a {@code \\uXXXX}, or a
   * surrogate pair of two of them. Anything else there is an error.
   */
  private int unicodeEscape(int p) throws InputRejectedException {
    if (p + 1 >= end) {
      throw error(ErrorCode.JSON_SYNTAX, p, "unterminated string");
    }
    if (in[p + 1] != 'u') {
      throw error(ErrorCode.JSON_SYNTAX, p, "invalid escape sequence in string");
    }
    int cu = hex4(p);
    if (Character.isHighSurrogate((char) cu)) {
      if (p + 11 < end && in[p + 6] == '\\' && in[p + 7] == 'u') {
        int low = hex4(p + 6);
        if (Character.isLowSurrogate((char) low)) {
          return Character.toCodePoint((char) cu, (char) low);
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
    return cu;
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
   * Validates the run of non-ASCII bytes starting at {@code p} as whole UTF-8 sequences and returns the index of the
   * first ASCII byte after it (or the end). The common cases go a word at a time: two three-byte characters (CJK, most
   * of the BMP) or four two-byte ones (Cyrillic, Greek, Arabic, Hebrew, accented Latin) checked with one mask. Leads
   * with narrower ranges (E0, ED; C0 and C1 are never valid), four-byte sequences and mixtures take one sequence at a
   * time through a shift-based DFA: per byte one table load and one shift. Any error falls back to {@link #scanUtf8},
   * which names it at the same offset as before.
   */
  private int utf8Run(int p) throws InputRejectedException {
    final byte[] in = this.in;
    final int end = this.end;
    final int start = p;
    while (true) {
      while (p + 8 <= end) {
        long w = (long) WORDS.get(in, p);
        if ((w & THREE_BYTE_MASK) == THREE_BYTE_BITS) {
          // Leads E1..EC and EE..EF take any continuation bytes; E0 and ED restrict the second byte: DFA.
          int l0 = (int) w & 0x0F;
          int l3 = (int) (w >>> 24) & 0x0F;
          if (l0 == 0 || l0 == 0xD || l3 == 0 || l3 == 0xD) {
            break;
          }
          p += 6;
        } else if ((w & TWO_BYTE_MASK) == TWO_BYTE_BITS) {
          // Leads C2..DF: not C0 or C1, whose 5 payload bits would be 0000x (overlong).
          long payload = w & 0x001E001E001E001EL;
          if (((payload - 0x0001000100010001L) & ~payload & 0x8000800080008000L) != 0) {
            break;
          }
          p += 8;
        } else {
          break;
        }
      }
      if (p >= end || in[p] >= 0) {
        return p;
      }
      // One sequence through the DFA.
      long state = UTF8_DFA[in[p++] & 0xFF];
      while ((state & 63) > UTF8_ERROR && p < end) {
        state = UTF8_DFA[in[p++] & 0xFF] >>> state;
      }
      if ((state & 63) != UTF8_ACCEPT) {
        // Ill-formed, or cut short by the end: find and name the error the slow way.
        for (int q = start; q < end && in[q] < 0; ) {
          q = scanUtf8(q);
        }
        throw error(ErrorCode.JSON_INVALID_UTF8, start, "ill-formed UTF-8 sequence");
      }
    }
  }

  // Two three-byte sequences in the low six bytes of a little-endian word: 1110xxxx 10xxxxxx 10xxxxxx, twice.
  private static final long THREE_BYTE_MASK = 0x0000C0C0F0C0C0F0L;
  private static final long THREE_BYTE_BITS = 0x00008080E08080E0L;
  // Four two-byte sequences: 110xxxxx 10xxxxxx, four times.
  private static final long TWO_BYTE_MASK = 0xC0E0C0E0C0E0C0E0L;
  private static final long TWO_BYTE_BITS = 0x80C080C080C080C0L;

  // The UTF-8 DFA (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF). States are shift amounts,
  // multiples of 6, so that UTF8_DFA[b] >>> state leaves the next state in the low 6 bits; the bits above are ignored
  // by Java's shift, which uses only the low 6 bits of the count.
  private static final int UTF8_ACCEPT = 0;
  private static final int UTF8_ERROR = 6;
  private static final int NEED1 = 12; // one continuation byte 80..BF
  private static final int NEED2 = 18; // two
  private static final int NEED3 = 24; // three
  private static final int E0 = 30; // after E0: A0..BF, then one more
  private static final int ED = 36; // after ED: 80..9F (no surrogates), then one more
  private static final int F0 = 42; // after F0: 90..BF, then two more
  private static final int F4 = 48; // after F4: 80..8F (nothing above U+10FFFF), then two more
  private static final long[] UTF8_DFA = new long[256];

  static {
    int[] states = {UTF8_ACCEPT, UTF8_ERROR, NEED1, NEED2, NEED3, E0, ED, F0, F4};
    for (int b = 0; b < 256; b++) {
      long row = 0;
      for (int s : states) {
        row |= (long) utf8Next(s, b) << s;
      }
      UTF8_DFA[b] = row;
    }
  }

  private static int utf8Next(int state, int b) {
    boolean cont = b >= 0x80 && b <= 0xBF;
    switch (state) {
      case UTF8_ACCEPT:
        if (b < 0x80) {
          return UTF8_ACCEPT;
        } else if (b >= 0xC2 && b <= 0xDF) {
          return NEED1;
        } else if (b == 0xE0) {
          return E0;
        } else if (b == 0xED) {
          return ED;
        } else if (b >= 0xE1 && b <= 0xEF) {
          return NEED2;
        } else if (b == 0xF0) {
          return F0;
        } else if (b >= 0xF1 && b <= 0xF3) {
          return NEED3;
        } else if (b == 0xF4) {
          return F4;
        }
        return UTF8_ERROR;
      case NEED1:
        return cont ? UTF8_ACCEPT : UTF8_ERROR;
      case NEED2:
        return cont ? NEED1 : UTF8_ERROR;
      case NEED3:
        return cont ? NEED2 : UTF8_ERROR;
      case E0:
        return b >= 0xA0 && b <= 0xBF ? NEED1 : UTF8_ERROR;
      case ED:
        return b >= 0x80 && b <= 0x9F ? NEED1 : UTF8_ERROR;
      case F0:
        return b >= 0x90 && b <= 0xBF ? NEED2 : UTF8_ERROR;
      case F4:
        return b >= 0x80 && b <= 0x8F ? NEED2 : UTF8_ERROR;
      default:
        return UTF8_ERROR;
    }
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

  /** The byte a two-character escape stands for ({@code \\n} → LF, …), or 0 for {@code \\u} and invalid ones. */
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
}
