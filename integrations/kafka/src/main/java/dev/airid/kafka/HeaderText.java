package dev.airid.kafka;

import java.nio.charset.StandardCharsets;

/**
 * Text the gate writes into headers from what a record carried (check details, model names): safe to print. Control
 * and format characters (C0, DEL, C1, bidirectional overrides, zero-width and line separators), lone surrogates and the
 * backslash are written as {@code \}{@code uXXXX} (the backslash as {@code \\}), so that a header shown in a terminal or
 * a log cannot move the cursor, reorder text or forge a line; the result is cut to a bound in UTF-8 bytes at a
 * character boundary, ending with "…" when cut.
 */
final class HeaderText {

  private static final String ELLIPSIS = "…";
  private static final int ELLIPSIS_BYTES = 3;

  private HeaderText() {}

  /** The UTF-8 bytes of {@code text}, escaped and at most {@code maxBytes} long ({@code maxBytes} ≥ 16). */
  static byte[] bounded(String text, int maxBytes) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxBytes) + 8);
    int bytes = 0;
    int cut = 0; // the length of out at the last character boundary that leaves room for the ellipsis
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      boolean escape = escaped(cp);
      String piece = escape ? escape(cp) : text.substring(i, i + n);
      int pieceBytes = escape ? piece.length() : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // escapes are ASCII
      if (bytes + pieceBytes > maxBytes) {
        out.setLength(cut);
        out.append(ELLIPSIS);
        break;
      }
      out.append(piece);
      bytes += pieceBytes;
      if (bytes <= maxBytes - ELLIPSIS_BYTES) {
        cut = out.length();
      }
      i += n;
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean escaped(int cp) {
    if (cp == '\\') {
      return true;
    }
    if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
      return true; // a lone surrogate (a pair arrives here as one supplementary code point)
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String escape(int cp) {
    if (cp == '\\') {
      return "\\\\";
    }
    if (cp > 0xFFFF) { // a supplementary format character (e.g. U+E0001 LANGUAGE TAG): its surrogate pair
      return String.format("\\u%04x\\u%04x", (int) Character.highSurrogate(cp), (int) Character.lowSurrogate(cp));
    }
    return String.format("\\u%04x", cp);
  }
}
