package dev.airid.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.airid.InputRejectedException;
import dev.airid.internal.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parser against its previous version ({@link PreviousStrictParser}, commit fc2a3de) over generated inputs: JSON
 * documents whose strings mix ASCII, escapes and UTF-8 sequences of every length at the edges of their valid ranges,
 * and the same documents with bytes changed, cut or inserted — ill-formed UTF-8 of every kind included. Both must
 * accept the same inputs with equal values, or reject them with the same error code, byte offset and pointer. Strings
 * of hashed members must carry the right digest.
 */
class ParserDifferentialTest {

  private static final int DOCUMENTS = 1500;
  private static final int MUTATIONS = 6;

  @Test
  void newAndPreviousParserAgreeOnGeneratedInput() {
    int accepted = 0;
    int rejected = 0;
    for (int seed = 0; seed < DOCUMENTS; seed++) {
      Random rnd = new Random(seed);
      byte[] doc = document(rnd);
      for (int m = 0; m <= MUTATIONS; m++) {
        byte[] input = m == 0 ? doc : mutate(doc, rnd);
        if (compare(input, "seed " + seed + " mutation " + m)) {
          accepted++;
        } else {
          rejected++;
        }
      }
    }
    // Both kinds must be well represented, or the test would prove little.
    if (accepted < DOCUMENTS / 2 || rejected < DOCUMENTS) {
      fail("too few accepted (" + accepted + ") or rejected (" + rejected + ") inputs");
    }
  }

  /** Whether both accepted; fails the test if they disagree. Also the property of {@link ParserDifferentialFuzzTest}. */
  static boolean compare(byte[] input, String what) {
    JsonValue previous = null;
    JsonValue current = null;
    InputRejectedException previousError = null;
    InputRejectedException currentError = null;
    try {
      previous = PreviousStrictParser.parse(input.clone(), JsonLimits.DEFAULT);
    } catch (InputRejectedException e) {
      previousError = e;
    }
    try {
      current = StrictParser.parse(input.clone(), JsonLimits.DEFAULT, Set.of("content"));
    } catch (InputRejectedException e) {
      currentError = e;
    }
    String shown = what + ": " + new String(input, StandardCharsets.ISO_8859_1);
    if (previousError != null || currentError != null) {
      if (previousError == null || currentError == null) {
        fail("one parser accepted, the other rejected (" + (previousError != null ? previousError : currentError) + "): " + shown);
      }
      assertEquals(previousError.code(), currentError.code(), shown);
      assertEquals(previousError.offset(), currentError.offset(), shown);
      assertEquals(previousError.pointer(), currentError.pointer(), shown);
      return false;
    }
    assertEquals(previous, current, shown);
    checkDigests(current, shown);
    assertArrayEquals(Json.canonicalize(previous), Json.canonicalize(current), shown);
    return true;
  }

  private static void checkDigests(JsonValue v, String shown) {
    if (v instanceof JsonObject o) {
      o.members().values().forEach(x -> checkDigests(x, shown));
    } else if (v instanceof JsonArray a) {
      a.elements().forEach(x -> checkDigests(x, shown));
    } else if (v instanceof JsonString s) {
      assertArrayEquals(Sha256.of(s.value().getBytes(StandardCharsets.UTF_8)), s.sha256(), shown);
    }
  }

  // --- generation ------------------------------------------------------------------------------------------------

  private static byte[] document(Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    value(out, rnd, 0);
    return out.toByteArray();
  }

  private static void value(ByteArrayOutputStream out, Random rnd, int depth) {
    int kind = depth > 4 ? 3 + rnd.nextInt(3) : rnd.nextInt(6);
    switch (kind) {
      case 0, 1 -> {
        out.write('{');
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.write(',');
          }
          ws(out, rnd);
          string(out, rnd, rnd.nextInt(3) == 0 ? "content" : rnd.nextBoolean() ? "k" + i : null);
          ws(out, rnd);
          out.write(':');
          ws(out, rnd);
          value(out, rnd, depth + 1);
        }
        out.write('}');
      }
      case 2 -> {
        out.write('[');
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.write(',');
          }
          value(out, rnd, depth + 1);
          ws(out, rnd);
        }
        out.write(']');
      }
      case 3, 4 -> string(out, rnd, null);
      default -> {
        String[] atoms = {"0", "-1", "1.5e3", "true", "false", "null", "9007199254740991", "1e400", "0.0", "-0"};
        out.writeBytes(atoms[rnd.nextInt(atoms.length)].getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  private static void ws(ByteArrayOutputStream out, Random rnd) {
    if (rnd.nextInt(4) == 0) {
      out.write(" \n\t\r".charAt(rnd.nextInt(4)));
    }
  }

  /** UTF-8 pieces at the edges of each valid range, and escapes. */
  private static final String[] PIECES = {
    "a", "plain ascii text that is long enough to fill several words of the scanner ", "\\n", "\\\"", "\\\\", "\\u00e9",
    "\\ud83d\\ude00", "\\u0000", "\\/", "é", "ß", "߿", "ࠀ", "中文字符", "\uD7FF", "\uE000", "￿", "𐀀", "😀",
    "\uDBFF\uDFFF", "日本語のテキストです。", "naïve", "→",
  };

  private static void string(ByteArrayOutputStream out, Random rnd, String fixed) {
    out.write('"');
    if (fixed != null) {
      out.writeBytes(fixed.getBytes(StandardCharsets.UTF_8));
    } else {
      int n = rnd.nextInt(12);
      for (int i = 0; i < n; i++) {
        out.writeBytes(PIECES[rnd.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8));
      }
    }
    out.write('"');
  }

  /** Bytes that make UTF-8 ill-formed (or JSON invalid) in every way the validators distinguish. */
  private static final int[] HOSTILE = {
    0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F, '"', '\\', 0x01,
  };

  private static byte[] mutate(byte[] doc, Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = doc.length == 0 ? 0 : rnd.nextInt(doc.length);
    int how = rnd.nextInt(4);
    out.write(doc, 0, at);
    switch (how) {
      case 0 -> { // replace a byte
        out.write(HOSTILE[rnd.nextInt(HOSTILE.length)]);
        if (at + 1 <= doc.length) {
          out.write(doc, Math.min(at + 1, doc.length), doc.length - Math.min(at + 1, doc.length));
        }
      }
      case 1 -> { // insert a short hostile sequence
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          out.write(HOSTILE[rnd.nextInt(HOSTILE.length)]);
        }
        out.write(doc, at, doc.length - at);
      }
      case 2 -> { } // cut here
      default -> { // drop one byte
        out.write(doc, Math.min(at + 1, doc.length), doc.length - Math.min(at + 1, doc.length));
      }
    }
    return out.toByteArray();
  }
}
