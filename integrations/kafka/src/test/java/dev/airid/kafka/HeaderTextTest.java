package dev.airid.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTextTest {

  private static String bounded(String s, int max) {
    return new String(HeaderText.bounded(s, max), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "plain text — ünïcödé 🚀|plain text — ünïcödé 🚀",
      "back\\slash|back\\\\slash",
      "tab\there|tab\\u0009here",
      "esc\u001b[31m|esc\\u001b[31m",
      "del\u007f c1\u0085|del\\u007f c1\\u0085",
      "bidi\u202eevil\u2066|bidi\\u202eevil\\u2066",
      "zero\u200bwidth|zero\\u200bwidth",
      "line\u2028para\u2029|line\\u2028para\\u2029",
  })
  void escapesWhatATerminalWouldInterpret(String in, String out) {
    assertEquals(out, bounded(in, 512));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n\r\u0000", "ab\ud800cd", "x\udc00", "\uDB40\uDC01tag"})
  void neverWritesControlsOrLoneSurrogates(String in) {
    String s = bounded(in, 512);
    assertTrue(s.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f), s);
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 17, 18, 19, 20, 64, 127})
  void cutsAtACharacterBoundaryWithinTheBound(int max) {
    String in = "ab€🚀\u0001".repeat(40);
    byte[] out = HeaderText.bounded(in, max);
    assertTrue(out.length <= max, out.length + " > " + max);
    String s = new String(out, StandardCharsets.UTF_8);
    assertTrue(s.endsWith("…"), s);
    assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(s), s); // no half character
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void textThatFitsExactlyIsNotCut(int extra) {
    String in = "x".repeat(20 + extra);
    assertEquals(in, bounded(in, 20 + extra));
  }
}
