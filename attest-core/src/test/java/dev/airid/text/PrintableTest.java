package dev.airid.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void printableTextInAnyScriptIsKeptAsItIs() {
    String ascii = "verified: run.json is run airid:v1:sha256:00 \\u001B (literal)";
    assertSame(ascii, Printable.escape(ascii));
    String world = "héllo 日本語 عربي עברית हिन्दी 🙂 👨\u200D👩\u200D👧 می\u200Cخواهم e\u0301 \u00A0\u3000 ① €";
    assertSame(world, Printable.escape(world));
  }

  @Test
  void terminalControlsAreEscaped() {
    assertEquals("\\u001B[2J\\u001B[1;1Hok", Printable.escape("\u001b[2J\u001b[1;1Hok"));
    assertEquals("a\\nok   #0  envelope.signature\\r\\t", Printable.escape("a\nok   #0  envelope.signature\r\t"));
    assertEquals("\\u0000\\u0007\\u0008\\u007F\\u0080\\u009B\\u009F", Printable.escape("\u0000\u0007\u0008\u007f\u0080\u009b\u009f"));
    for (int c = 0; c < 0x20; c++) {
      assertFalse(Printable.isPrintable(c));
    }
    for (int c = 0x7f; c < 0xa0; c++) {
      assertFalse(Printable.isPrintable(c));
    }
  }

  @Test
  void bidiZeroWidthAndOtherInvisibleCodePointsAreEscaped() {
    assertEquals("\\u202Enosj.live", Printable.escape("\u202Enosj.live"));
    int[] invisible = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
        0x200B, 0x2060, 0xFEFF, 0x00AD, 0x2028, 0x2029, 0xE000, 0xF8FF, 0x0378, 0xFFFF, 0xFFFE, 0xFFF9};
    for (int c : invisible) {
      assertFalse(Printable.isPrintable(c), Integer.toHexString(c));
      assertEquals(String.format("x\\u%04Xy", c), Printable.escape("x" + Character.toString(c) + "y"));
    }
    assertEquals("\\U000E0041\\U000E007F\\U000F0000\\U0010FFFD", Printable.escape(new String(Character.toChars(0xE0041))
        + new String(Character.toChars(0xE007F)) + new String(Character.toChars(0xF0000)) + new String(Character.toChars(0x10FFFD))));
  }

  @Test
  void loneSurrogatesAreEscaped() {
    assertEquals("\\uD800x", Printable.escape("\uD800x"));
    assertEquals("x\\uDC00", Printable.escape("x\uDC00"));
    assertEquals("a\\uD83D", Printable.escape("a\uD83D"));
    assertEquals("\\uDE42\\uD83D", Printable.escape("\uDE42\uD83D"));
    assertEquals("🙂", Printable.escape("\uD83D\uDE42"));
  }

  /** Whatever goes in, nothing non-printing comes out, and escaping twice is escaping once. */
  @Test
  void theOutputIsAlwaysPrintable() {
    Random random = new Random(4);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(12);
      for (int i = 0; i < len; i++) {
        switch (random.nextInt(4)) {
          case 0 -> sb.append((char) random.nextInt(0x10000));
          case 1 -> sb.appendCodePoint(random.nextInt(0x110000));
          case 2 -> sb.append((char) random.nextInt(0xA0));
          default -> sb.append((char) (0x2000 + random.nextInt(0x70)));
        }
      }
      String once = Printable.escape(sb.toString());
      assertEquals(once, Printable.escape(once));
      for (int i = 0; i < once.length(); ) {
        int cp = once.codePointAt(i);
        assertTrue(Printable.isPrintable(cp), "0x" + Integer.toHexString(cp));
        i += Character.charCount(cp);
      }
    }
  }
}
