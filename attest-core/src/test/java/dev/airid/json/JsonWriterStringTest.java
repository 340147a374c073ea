package dev.airid.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Strings as the writer puts them out, against a plain statement of RFC 8785 §3.2.2.2 written here: the writer has a
 * path for short strings (character by character) and one for long ones (encoded whole, then scanned as bytes), and
 * both must give exactly these bytes, for member names and values, in every mode.
 */
class JsonWriterStringTest {

  /** RFC 8785 §3.2.2.2, directly: short escapes where JSON has them, \\u00xx for other controls, else UTF-8. */
  private static byte[] expected(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final String[] PIECES = {
    "a", "Z", "0", " ", "~", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "ß", "\u00ff", "Ω", "→",
    "✓", "中文", "\uFFFD", "😀", "\uD834\uDD1E"
  };

  @Test
  void everyLengthOnBothPathsGivesTheRfc8785Bytes() {
    Random random = new Random(8785);
    for (int round = 0; round < 5000; round++) {
      int pieces = random.nextInt(40);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < pieces; i++) {
        // Mostly ASCII letters, so that long strings without any escape (the whole-string path) are common.
        sb.append(random.nextInt(4) > 0 ? String.valueOf((char) ('a' + random.nextInt(26))) : PIECES[random.nextInt(PIECES.length)]);
      }
      String s = sb.toString();
      byte[] want = expected(s);
      assertArrayEquals(want, Json.compact(JsonString.of(s)), s);
      assertArrayEquals(want, Json.canonicalize(JsonString.of(s)), s);
      // As a member name, in canonical mode (sorted path) and compact mode.
      JsonObject o = JsonObject.builder().put(s, 1).build();
      String wantMember = "{" + new String(want, StandardCharsets.UTF_8) + ":1}";
      assertEquals(wantMember, new String(Json.canonicalize(o), StandardCharsets.UTF_8), s);
      assertEquals(wantMember, new String(Json.compact(o), StandardCharsets.UTF_8), s);
    }
  }

  /** A rewrite's member name obeys the rule of every member name: a lone surrogate has no UTF-8, short or long. */
  @Test
  void aRewrittenNameWithALoneSurrogateIsRefused() {
    for (String name : new String[] {"a\uD800", "abcdefghijklmnop\uD800", "\uDC00" + "x".repeat(20)}) {
      assertThrows(IllegalArgumentException.class, () -> new CanonicalRewrite.Member(name, JsonString.of("v")), name);
    }
  }

  @Test
  void aLongStringWithOneEscapeAtEitherEnd() {
    String body = "x".repeat(40);
    for (String s : new String[] {"\"" + body, body + "\\", body + "\u0001", "\n" + body + "é"}) {
      assertArrayEquals(expected(s), Json.compact(JsonString.of(s)), s);
    }
  }
}
