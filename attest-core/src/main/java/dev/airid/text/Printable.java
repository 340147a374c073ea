package dev.airid.text;

/**
 * Makes untrusted text safe to show to a person on a terminal or in a log: every code point that could move the cursor,
 * redraw the screen, reorder or hide text is replaced by a visible escape, and everything else — printable text in any
 * script, emoji included — is kept as it is.
 *
 * <p>Bundles, declarations, key hints and file names are written by whoever made them. Printed raw, a control
 * sequence such as {@code ESC [2J} in a {@code payloadType} can clear the screen and draw a report that says
 * "verified", and a right-to-left override can make {@code evil.json} read as something else. Every human-facing line
 * that carries such text goes through {@link #escape(String)}; machine output (JSON) is escaped by its writer instead.
 *
 * <p>Escaped are:
 *
 * <ul>
 *   <li>controls (Unicode category Cc): C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F;
 *   <li>format characters (Cf), among them the bidirectional embeddings, overrides and isolates U+202A–U+202E and
 *       U+2066–U+2069, the marks U+200E, U+200F and U+061C, zero-width space U+200B, word joiner U+2060, the byte order
 *       mark U+FEFF, soft hyphen U+00AD and the tag characters U+E0000–U+E007F — except zero-width non-joiner and joiner
 *       (U+200C, U+200D), which scripts and emoji sequences need and which move nothing;
 *   <li>line and paragraph separators U+2028 and U+2029 (Zl, Zp), which some terminals and editors break lines at;
 *   <li>private-use (Co) and unassigned (Cn) code points, whose appearance nobody can predict (Cn as of the Java
 *       runtime's Unicode version, so a very new emoji may be escaped), and noncharacters such as U+FFFF;
 *   <li>lone surrogates (a Java string need not be valid UTF-16).
 * </ul>
 *
 * <p>The escape of a code point in the Basic Multilingual Plane is {@code \}{@code uXXXX} (four uppercase hex digits),
 * beyond it {@code \UXXXXXXXX} (eight); tab, line feed and carriage return are written {@code \t}, {@code \n}, {@code
 * \r}. A backslash in the input is kept as it is, so the output is for reading, not for parsing back: an input that
 * spells out the six characters of the escape of ESC prints the same as one that holds ESC, and neither affects the
 * terminal.
 *
 * <p>Stateless and thread-safe. {@code null} is not accepted.
 */
public final class Printable {

  private Printable() {}

  /**
   * {@code text} with every non-printing code point (see the class description) replaced by its escape; the same
   * instance when nothing needs escaping. The result contains only printable characters, so escaping it again changes
   * nothing.
   */
  public static String escape(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        i++;
        continue;
      }
      int cp = text.codePointAt(i);
      if (!isPrintable(cp) || isLoneSurrogate(text, i)) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == n) {
      return text;
    }
    StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
    while (i < n) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      if (isLoneSurrogate(text, i)) {
        cp = text.charAt(i);
        width = 1;
        appendEscape(out, cp);
      } else if (isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else {
        appendEscape(out, cp);
      }
      i += width;
    }
    return out.toString();
  }

  /**
   * Whether {@code codePoint} is shown as itself by {@link #escape(String)}. Surrogate code points are never printable
   * on their own; a valid surrogate pair is judged by the code point it encodes.
   */
  public static boolean isPrintable(int codePoint) {
    if (codePoint >= 0x20 && codePoint < 0x7f) {
      return true;
    }
    if (codePoint == 0x200C || codePoint == 0x200D) {
      return true; // zero-width non-joiner and joiner: needed by Persian, Indic scripts and emoji sequences
    }
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c);
  }

  private static void appendEscape(StringBuilder out, int cp) {
    switch (cp) {
      case '\t' -> out.append("\\t");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      default -> {
        String hex = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
        if (cp <= 0xFFFF) {
          out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
        } else {
          out.append("\\U").append("0".repeat(8 - hex.length())).append(hex);
        }
      }
    }
  }
}
