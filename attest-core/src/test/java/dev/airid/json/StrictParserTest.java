package dev.airid.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictParserTest {

  private static InputRejectedException reject(String json) {
    return assertThrows(InputRejectedException.class, () -> Json.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{\"a\":1,\"a\":2}                      | JSON_DUPLICATE_KEY        | /a",
    "{\"x\":{\"b\":[{\"c\":1,\"c\":1}]}}     | JSON_DUPLICATE_KEY        | /x/b/0/c",
    "{\"a/b\":{\"~\":0,\"~\":0}}            | JSON_DUPLICATE_KEY        | /a~1b/~0",
    "[9007199254740992]                    | JSON_INTEGER_OUT_OF_RANGE | /0",
    "{\"n\":-9007199254740992}              | JSON_INTEGER_OUT_OF_RANGE | /n",
    "[1e309]                               | JSON_NUMBER_OUT_OF_RANGE  | /0",
    "[1e-400]                              | JSON_NUMBER_OUT_OF_RANGE  | /0",
    "[\"\\ud800\"]                          | JSON_LONE_SURROGATE       | /0",
    "{\"k\":[1,2,]}                          | JSON_SYNTAX               | /k/2",
  })
  void rejectsWithCodeAndPointer(String json, ErrorCode code, String pointer) {
    InputRejectedException e = reject(json);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(Optional.of(pointer), e.pointer(), e.getMessage());
  }

  /** Content digests across the digest buffer's edges: long runs, dense escapes, and everything in between. */
  @Test
  void contentDigestsHoldAcrossBufferBoundaries() throws Exception {
    java.util.Random rnd = new java.util.Random(3);
    String[][] pieces = {{"\\n", "\n"}, {"\\\"", "\""}, {"\\u00e9", "é"}, {"\\ud83d\\ude00", "😀"}, {"€", "€"}};
    for (int n = 0; n < 60; n++) {
      StringBuilder json = new StringBuilder();
      StringBuilder value = new StringBuilder();
      int target = rnd.nextInt(60_000);
      while (value.length() < target) {
        int run = rnd.nextInt(4) == 0 ? rnd.nextInt(40_000) : rnd.nextInt(100);
        String plain = "x".repeat(run);
        json.append(plain);
        value.append(plain);
        String[] piece = pieces[rnd.nextInt(pieces.length)];
        json.append(piece[0]);
        value.append(piece[1]);
      }
      JsonString content = (JsonString) ((JsonObject) Json.parse(("{\"content\":\"" + json + "\"}").getBytes(StandardCharsets.UTF_8)))
          .getOrNull("content");
      byte[] utf8 = value.toString().getBytes(StandardCharsets.UTF_8);
      assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(utf8)),
          java.util.HexFormat.of().formatHex(content.sha256()), "case " + n);
      assertEquals(utf8.length, content.utf8Length(), "case " + n);
      assertEquals(value.toString(), content.value(), "case " + n);
    }
  }

  /**
   * The word-at-a-time string scans must find every special byte wherever it falls in an 8-byte word, and at the end
   * of the input: each special byte, at each offset 0..39 of an otherwise plain string (the scan tests 16 bytes at a
   * time), against a byte-by-byte oracle.
   */
  @Test
  void wordAtATimeScansMissNothing() throws Exception {
    String[][] specials = {{"\\n", "\n"}, {"\\\\", "\\"}, {"\\\"", "\""}, {"\\u00e9", "é"}, {"é", "é"}, {"€", "€"},
        {"😀", "😀"}, {"\u007f", "\u007f"}, {"~", "~"}, {" ", " "},
        // An escaped backslash before a 'u' is not the start of a \\u escape.
        {"\\\\u0041", "\\u0041"}};
    for (String[] special : specials) {
      for (int at = 0; at < 40; at++) {
        for (int tail = 0; tail < 18; tail++) {
          String text = "a".repeat(at) + special[0] + "b".repeat(tail);
          byte[] json = ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
          JsonString parsed = (JsonString) Json.parse(json);
          String expected = "a".repeat(at) + special[1] + "b".repeat(tail);
          assertEquals(expected, parsed.value(), text);
          java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
          parsed.updateDigest(md);
          String want = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
              .digest(expected.getBytes(StandardCharsets.UTF_8)));
          assertEquals(want, java.util.HexFormat.of().formatHex(md.digest()), text);
          // The digest a content block gets while it is parsed, from the recorded escape positions.
          JsonString content = (JsonString) ((JsonObject) Json.parse(("{\"content\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)))
              .getOrNull("content");
          assertEquals(want, java.util.HexFormat.of().formatHex(content.sha256()), text);
          assertEquals(expected.getBytes(StandardCharsets.UTF_8).length, content.utf8Length(), text);
        }
      }
    }
    for (char bad : new char[] {'\u0000', '\u001f', '\n'}) {
      for (int at = 0; at < 40; at++) {
        byte[] json = ("\"" + "a".repeat(at) + bad + "bbbbbbbbb\"").getBytes(StandardCharsets.UTF_8);
        InputRejectedException e = assertThrows(InputRejectedException.class, () -> Json.parse(json));
        assertEquals(at + 1, e.offset(), "control character found at its byte");
      }
    }
  }

  /** Neither the caller's input nor a stream written to can change a parsed value afterwards. */
  @Test
  void parsedValuesCannotBeChangedThroughArraysOthersHold() throws Exception {
    String text = "A".repeat(600); // long enough for the writer's direct path
    byte[] input = ("{\"content\":\"" + text + "\",\"k\":\"v\"}").getBytes(StandardCharsets.UTF_8);
    JsonObject parsed = (JsonObject) Json.parse(input);
    byte[] digestBefore = ((JsonString) parsed.getOrNull("content")).sha256();
    java.util.Arrays.fill(input, (byte) '"');
    java.io.OutputStream vandal = new java.io.OutputStream() {
      @Override
      public void write(int b) {}

      @Override
      public void write(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) '"');
      }
    };
    Json.writeCanonical(parsed, vandal);
    assertEquals(text, ((JsonString) parsed.getOrNull("content")).value());
    assertEquals("v", ((JsonString) parsed.getOrNull("k")).value());
    assertEquals("{\"content\":\"" + text + "\",\"k\":\"v\"}", Json.toCanonicalString(parsed));
    org.junit.jupiter.api.Assertions.assertArrayEquals(digestBefore, ((JsonString) parsed.getOrNull("content")).sha256());
  }

  @Test
  void acceptsTheLimitsItDocuments() throws Exception {
    assertEquals(JsonNumber.of(9007199254740991L), Json.parse("9007199254740991"));
    assertEquals(JsonNumber.of(-9007199254740991L), Json.parse("-9007199254740991"));
    // A fraction or exponent makes a literal a non-integer: it may round, as every JSON reader does.
    assertEquals(9007199254740992.0, ((JsonNumber) Json.parse("9007199254740993.0")).value());
    assertEquals(0.0, ((JsonNumber) Json.parse("0e-400")).value());
    String deep = "[".repeat(JsonLimits.DEFAULT_MAX_DEPTH) + "]".repeat(JsonLimits.DEFAULT_MAX_DEPTH);
    Json.parse(deep);
    InputRejectedException e = reject("[" + deep + "]");
    assertEquals(ErrorCode.JSON_TOO_DEEP, e.code());
  }

  @Test
  void limitsAreConfigurableWithinTheCeiling() throws Exception {
    String deep = "[".repeat(1000) + "]".repeat(1000);
    Json.parse(deep.getBytes(StandardCharsets.US_ASCII), JsonLimits.DEFAULT.withMaxDepth(1000));
    assertThrows(IllegalArgumentException.class, () -> JsonLimits.DEFAULT.withMaxDepth(1001));
    InputRejectedException big = assertThrows(InputRejectedException.class,
        () -> Json.parse("[1,2,3]".getBytes(StandardCharsets.US_ASCII), JsonLimits.DEFAULT.withMaxBytes(6)));
    assertEquals(ErrorCode.JSON_TOO_LARGE, big.code());
  }

  @Test
  void rejectsBomAndBadUtf8WithOffsets() {
    InputRejectedException bom = assertThrows(InputRejectedException.class,
        () -> Json.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}));
    assertEquals(ErrorCode.JSON_BOM, bom.code());
    InputRejectedException utf8 = assertThrows(InputRejectedException.class,
        () -> Json.parse(new byte[] {'[', '"', 'a', (byte) 0xC3, '(', '"', ']'}));
    assertEquals(ErrorCode.JSON_INVALID_UTF8, utf8.code());
    assertEquals(3, utf8.offset());
  }

  @Test
  void writerModesAgreeOnValuesAndOnlyCanonicalPrintsBigIntegersAsLiterals() throws Exception {
    JsonValue v = Json.parse("{\"b\":1e20,\"a\":[-1.2345e20,1e21,0.5,\"\\u00e9\\n\"]}");
    assertEquals("{\"a\":[-123450000000000000000,1e+21,0.5,\"é\\n\"],\"b\":100000000000000000000}",
        Json.toCanonicalString(v));
    byte[] compact = Json.compact(v);
    assertEquals("{\"b\":1e+20,\"a\":[-1.2345e+20,1e+21,0.5,\"é\\n\"]}", new String(compact, StandardCharsets.UTF_8));
    assertEquals(v, Json.parse(compact));
    assertEquals(v, Json.parse(Json.pretty(v)));
    assertThrows(InputRejectedException.class, () -> Json.parse(Json.canonicalize(v)));
  }

  @Test
  void javaStringsWithLoneSurrogatesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> JsonString.of("a\ud800"));
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> Json.parse("[\"\ud800\"]"));
    assertEquals(ErrorCode.JSON_LONE_SURROGATE, e.code());
  }

  @Test
  void escapedStringsHashToTheUtf8OfTheirValue() throws Exception {
    // The digest of a parsed string is taken from the input bytes without decoding to a String; it must equal the
    // digest of the decoded value's UTF-8, for every mix of escapes and run lengths (including runs longer than half
    // the internal buffer, which go to the digest directly).
    java.util.Random rnd = new java.util.Random(11);
    String[] pieces = {"\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", "é", "😀", "a", "\\t"};
    for (int i = 0; i < 400; i++) {
      StringBuilder json = new StringBuilder("\"");
      int parts = 1 + rnd.nextInt(6);
      for (int j = 0; j < parts; j++) {
        if (rnd.nextBoolean()) {
          json.append("x".repeat(rnd.nextInt(40_000)));
        } else {
          json.append(pieces[rnd.nextInt(pieces.length)]);
        }
      }
      json.append('"');
      JsonString s = (JsonString) Json.parse(json.toString().getBytes(StandardCharsets.UTF_8));
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      long n = s.updateDigest(md);
      byte[] expected = s.value().getBytes(StandardCharsets.UTF_8);
      assertEquals(expected.length, n, "length, case " + i);
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          java.security.MessageDigest.getInstance("SHA-256").digest(expected), md.digest(), "digest, case " + i);
    }
  }

  @Test
  void pointersRoundTrip() throws Exception {
    JsonPointer p = JsonPointer.parse("/a~1b/~0/0");
    assertEquals(java.util.List.of("a/b", "~", "0"), p.tokens());
    assertEquals("/a~1b/~0/0", p.toString());
    assertEquals(ErrorCode.INVALID_POINTER, assertThrows(InputRejectedException.class, () -> JsonPointer.parse("a")).code());
    assertEquals(ErrorCode.INVALID_POINTER, assertThrows(InputRejectedException.class, () -> JsonPointer.parse("/~2")).code());
    assertEquals(Optional.of(JsonNumber.of(1)), JsonPointer.parse("/a~1b/~0/0").resolve(Json.parse("{\"a/b\":{\"~\":[1]}}")));
    assertEquals(Optional.empty(), JsonPointer.parse("/x/01").resolve(Json.parse("{\"x\":[1,2]}")));
  }
}
