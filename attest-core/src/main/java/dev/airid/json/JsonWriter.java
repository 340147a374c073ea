package dev.airid.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes JSON in one of three {@link Mode}s. All share RFC 8785's string escaping and ECMAScript number digits.
 *
 * <p>Only {@link Mode#CANONICAL} prints an integral number of magnitude 2^53 or more the ECMAScript way, as an integer
 * literal ({@code 1e20} becomes {@code 100000000000000000000}); our strict parser rejects such literals because most
 * readers would round them silently. The other modes print those numbers with an exponent ({@code 1e+20}), so that
 * everything airid writes for others to read parses again, to the same value.
 *
 * <p>Output goes through a fixed buffer to a {@link Sink}, so a document can be hashed without being held in memory;
 * long verbatim strings bypass the buffer. Not thread-safe.
 */
final class JsonWriter {

  /** Receives output bytes. */
  @FunctionalInterface
  interface Sink {
    void write(byte[] bytes, int offset, int length);
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int DIRECT_WRITE_THRESHOLD = 512;
  /** Strings at least this long are encoded by the JDK and scanned as bytes (see {@link #string(String)}). */
  private static final int ENCODE_WHOLE_CHARS = 16;

  private final Sink sink;
  /** How to lay out the output. */
  enum Mode {
    /** RFC 8785: members sorted by UTF-16 code units, no whitespace. For hashing, not for reading back. */
    CANONICAL,
    /** Member order kept, no whitespace, numbers re-parseable. */
    COMPACT,
    /** Member order kept, two-space indentation, numbers re-parseable, final newline. */
    PRETTY
  }

  private static final double TWO_POW_53 = 9007199254740992.0;

  private final Mode mode;
  private final boolean pretty;
  /**
   * Members to write in place of others (see {@link CanonicalRewrite}); null for none. CANONICAL only. Not final: it
   * is switched off while a replacement value is written, which is written as it is.
   */
  private CanonicalRewrite rewrite;
  // Small: a writer is made per document, often to hash a few hundred bytes, and zeroing 8 KiB showed in profiles.
  private final byte[] buf = new byte[1024];
  private int len;

  JsonWriter(Sink sink, Mode mode) {
    this(sink, mode, null);
  }

  JsonWriter(Sink sink, Mode mode, CanonicalRewrite rewrite) {
    if (rewrite != null && mode != Mode.CANONICAL) {
      throw new IllegalArgumentException("members are rewritten only in canonical mode");
    }
    this.sink = sink;
    this.mode = mode;
    this.pretty = mode == Mode.PRETTY;
    this.rewrite = rewrite;
  }

  void write(JsonValue value) {
    value(value, 0);
    if (pretty) {
      put((byte) '\n');
    }
    flush();
  }

  private void value(JsonValue value, int indent) {
    if (value instanceof JsonObject o) {
      object(o, indent);
    } else if (value instanceof JsonArray a) {
      array(a, indent);
    } else if (value instanceof JsonString s) {
      string(s);
    } else if (value instanceof JsonNumber n) {
      number(n.value());
    } else if (value instanceof JsonBoolean b) {
      ascii(b.value() ? "true" : "false");
    } else {
      ascii("null");
    }
  }

  private void number(double v) {
    String es = EcmaNumber.toString(v);
    if (mode != Mode.CANONICAL && Math.abs(v) >= TWO_POW_53 && es.indexOf('e') < 0) {
      es = withExponent(es);
    }
    ascii(es);
  }

  /** {@code 123450000000000000000} → {@code 1.2345e+20}: the same digits, written so they are not an integer literal. */
  static String withExponent(String integer) {
    boolean negative = integer.startsWith("-");
    String digits = negative ? integer.substring(1) : integer;
    int exponent = digits.length() - 1;
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    StringBuilder sb = new StringBuilder(negative ? "-" : "").append(digits.charAt(0));
    if (end > 1) {
      sb.append('.').append(digits, 1, end);
    }
    return sb.append("e+").append(exponent).toString();
  }

  private void object(JsonObject o, int indent) {
    Map<String, JsonValue> members = o.backing();
    if (members.isEmpty()) {
      ascii("{}");
      return;
    }
    if (mode == Mode.CANONICAL) {
      canonicalObject(members);
      return;
    }
    put((byte) '{');
    boolean first = true;
    for (Map.Entry<String, JsonValue> m : members.entrySet()) {
      if (!first) {
        put((byte) ',');
      }
      first = false;
      newline(indent + 1);
      string(m.getKey());
      put((byte) ':');
      if (pretty) {
        put((byte) ' ');
      }
      value(m.getValue(), indent + 1);
    }
    newline(indent);
    put((byte) '}');
  }

  /**
   * An object in RFC 8785 form: each member first through {@link #rewrite} if there is one, then all sorted by their
   * names (§3.2.3), no white space. Written for every object of a declaration when its identity is computed, hence
   * without boxing or a writer per replacement.
   */
  private void canonicalObject(Map<String, JsonValue> members) {
    int n = members.size();
    String[] names = new String[n];
    JsonValue[] values = new JsonValue[n];
    boolean[] replaced = new boolean[n];
    int i = 0;
    for (Map.Entry<String, JsonValue> m : members.entrySet()) {
      CanonicalRewrite.Member r = rewrite == null ? null : rewrite.rewrite(m.getKey(), m.getValue());
      replaced[i] = r != null;
      names[i] = r != null ? r.name() : m.getKey();
      values[i] = r != null ? r.value() : m.getValue();
      i++;
    }
    int[] order = sortedOrder(names);
    put((byte) '{');
    for (int k = 0; k < n; k++) {
      int m = order[k];
      if (k > 0) {
        if (names[m].equals(names[order[k - 1]])) {
          // Only a rewrite can do this: an object's own names are unique.
          throw new IllegalArgumentException("a rewritten object has two members named \"" + names[m] + "\"");
        }
        put((byte) ',');
      }
      string(names[m]);
      put((byte) ':');
      if (replaced[m]) {
        // A replacement is written as it is, not rewritten again.
        CanonicalRewrite saved = rewrite;
        rewrite = null;
        try {
          value(values[m], 0);
        } finally {
          rewrite = saved;
        }
      } else {
        value(values[m], 0);
      }
    }
    put((byte) '}');
  }

  /**
   * The indexes of {@code names} in RFC 8785 order: by UTF-16 code units, which is exactly {@code String.compareTo};
   * stable. Objects are mostly a handful of members: insertion sort on the indexes, without boxing; larger ones take
   * the library's sort.
   */
  private static int[] sortedOrder(String[] names) {
    int n = names.length;
    int[] order = new int[n];
    if (n <= 32) {
      for (int i = 0; i < n; i++) {
        int j = i;
        while (j > 0 && names[order[j - 1]].compareTo(names[i]) > 0) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
      return order;
    }
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> names[a].compareTo(names[b]));
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  private void array(JsonArray a, int indent) {
    if (a.isEmpty()) {
      ascii("[]");
      return;
    }
    put((byte) '[');
    for (int i = 0; i < a.size(); i++) {
      if (i > 0) {
        put((byte) ',');
      }
      newline(indent + 1);
      value(a.get(i), indent + 1);
    }
    newline(indent);
    put((byte) ']');
  }

  private void newline(int indent) {
    if (pretty) {
      put((byte) '\n');
      for (int i = 0; i < indent; i++) {
        put((byte) ' ');
        put((byte) ' ');
      }
    }
  }

  private void string(JsonString s) {
    byte[] verbatim = s.verbatimUtf8();
    if (verbatim == null) {
      string(s.value());
      return;
    }
    // The parser validated these bytes and they had no escapes, hence no '"', '\\' or control characters: RFC 8785
    // would write them unchanged.
    quoted(verbatim);
  }

  /** A string whose UTF-8 needs no escape: between quotes, as it is. */
  private void quoted(byte[] utf8) {
    put((byte) '"');
    raw(utf8, 0, utf8.length);
    put((byte) '"');
  }

  /** RFC 8785 §3.2.2.2: escape '"', '\\' and U+0000..U+001F (short forms where they exist); all else is UTF-8. */
  private void string(String s) {
    int n = s.length();
    if (n >= ENCODE_WHOLE_CHARS) {
      // The JDK's encoder copies a Latin-1 string's bytes in one intrinsic and is fast for the rest; a byte scan for
      // what must be escaped then beats a charAt loop, which measured 2-3 ns a character here.
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (!needsEscape(utf8)) {
        quoted(utf8);
        return;
      }
    }
    put((byte) '"');
    int i = 0;
    // Fast path for the common case, member names and short ASCII values: straight into the buffer while it has room.
    if (len + n <= buf.length) {
      byte[] b = buf;
      int l = len;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
          break;
        }
        b[l++] = (byte) c;
      }
      len = l;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          put((byte) c);
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        put((byte) (0xC0 | c >> 6));
        put((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)) {
        // Values never hold lone surrogates (JsonString.of and the parser reject them).
        int cp = Character.toCodePoint(c, s.charAt(++i));
        put((byte) (0xF0 | cp >> 18));
        put((byte) (0x80 | (cp >> 12 & 0x3F)));
        put((byte) (0x80 | (cp >> 6 & 0x3F)));
        put((byte) (0x80 | (cp & 0x3F)));
      } else {
        put((byte) (0xE0 | c >> 12));
        put((byte) (0x80 | (c >> 6 & 0x3F)));
        put((byte) (0x80 | (c & 0x3F)));
      }
    }
    put((byte) '"');
  }

  /** Whether UTF-8 bytes hold a character RFC 8785 escapes: '"', '\\' or a control character (all ASCII). */
  private static boolean needsEscape(byte[] utf8) {
    for (byte b : utf8) {
      if ((b >= 0 && b < 0x20) || b == '"' || b == '\\') {
        return true;
      }
    }
    return false;
  }

  private void escape(char c) {
    put((byte) '\\');
    switch (c) {
      case '"' -> put((byte) '"');
      case '\\' -> put((byte) '\\');
      case '\b' -> put((byte) 'b');
      case '\f' -> put((byte) 'f');
      case '\n' -> put((byte) 'n');
      case '\r' -> put((byte) 'r');
      case '\t' -> put((byte) 't');
      default -> {
        put((byte) 'u');
        put((byte) '0');
        put((byte) '0');
        put(HEX[c >> 4]);
        put(HEX[c & 0xF]);
      }
    }
  }

  private void ascii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      put((byte) s.charAt(i));
    }
  }

  /** Bytes already in output form (a verbatim string's UTF-8): through the buffer, or straight to the sink if long. */
  private void raw(byte[] b, int off, int n) {
    if (n >= DIRECT_WRITE_THRESHOLD) {
      flush();
      sink.write(b, off, n);
      return;
    }
    if (len + n > buf.length) {
      flush();
    }
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void put(byte b) {
    if (len == buf.length) {
      flush();
    }
    buf[len++] = b;
  }

  private void flush() {
    if (len > 0) {
      sink.write(buf, 0, len);
      len = 0;
    }
  }
}
