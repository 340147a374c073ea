package dev.airid.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.testing.Paths2;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcmaNumberTest {

  /** All 100,000 lines of the ES6 reference file: "hex-ieee,expected". */
  @Test
  void matchesEs6ReferenceFile() throws IOException {
    var file = Paths2.externalVectors("json-canonicalization/_derived/es6testfile100k.txt");
    int lines = 0;
    int failures = 0;
    StringBuilder firstFailures = new StringBuilder();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String line;
      while ((line = r.readLine()) != null) {
        int comma = line.indexOf(',');
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, comma), 16));
        String expected = line.substring(comma + 1);
        String actual = EcmaNumber.toString(d);
        if (!expected.equals(actual)) {
          if (failures++ < 10) {
            firstFailures.append(line).append(" -> ").append(actual).append('\n');
          }
        }
        lines++;
      }
    }
    assertEquals(100_000, lines, "line count of the reference file");
    assertEquals(0, failures, firstFailures::toString);
  }

  @ParameterizedTest
  @CsvSource({
    "0.0, 0",
    "-0.0, 0",
    "1.0, 1",
    "-1.5, -1.5",
    "1e21, 1e+21",
    "1e20, 100000000000000000000",
    "123456789012345680000, 123456789012345680000",
    "0.000001, 0.000001",
    "0.0000001, 1e-7",
    "4.9e-324, 5e-324",
    "9.88e-324, 1e-323",
    "4.94e-323, 5e-323",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "2.2250738585072014E-308, 2.2250738585072014e-308",
    "9007199254740993, 9007199254740992",
    "0.1, 0.1",
    "0.30000000000000004, 0.30000000000000004",
    "333333333.33333329, 333333333.3333333",
    "1e23, 1e+23",
    "5e-7, 5e-7"
  })
  void knownValues(double input, String expected) {
    assertEquals(expected, EcmaNumber.toString(input));
  }

  /** The logarithm approximations are exact over every exponent they are used with. */
  @Test
  void logarithmApproximationsAreExact() {
    BigDecimal log10of2 = new BigDecimal("0.30102999566398119521373889472449302676818988146210854131");
    BigDecimal log2of10 = new BigDecimal("3.32192809488736234787031942948939017586483139302458061205");
    BigDecimal log10of3over4 = new BigDecimal("-0.12493873660829995313244988619387236336261079492622235546");
    for (int e = -1100; e <= 1100; e++) {
      BigDecimal be = BigDecimal.valueOf(e);
      assertEquals(floor(be.multiply(log10of2)), EcmaNumber.flog10pow2(e), "flog10pow2 " + e);
      assertEquals(
          floor(be.multiply(log10of2).add(log10of3over4)), EcmaNumber.flog10threeQuartersPow2(e), "3/4 " + e);
    }
    for (int e = -400; e <= 400; e++) {
      assertEquals(floor(BigDecimal.valueOf(e).multiply(log2of10)), EcmaNumber.flog2pow10(e), "flog2pow10 " + e);
    }
  }

  @Test
  void powerTableIs126Bits() {
    for (int k = -324; k <= 292; k++) {
      BigInteger g = EcmaNumber.g(k);
      assertEquals(126, g.bitLength(), "g(" + k + ") must lie in [2^125, 2^126)");
    }
  }

  /** Random bit patterns, and the neighbourhoods of powers of two and ten, against an exact brute-force search. */
  @Test
  void agreesWithExactSearch() {
    SplittableRandom random = new SplittableRandom(0x5eed);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(d)) {
        check(d);
      }
    }
    for (int e = -1074; e <= 1023; e++) {
      double p = Math.scalb(1.0, e);
      check(p);
      check(Math.nextUp(p));
      check(Math.nextDown(p));
    }
    for (int e = -323; e <= 308; e++) {
      double p = Double.parseDouble("1e" + e);
      check(p);
      check(Math.nextUp(p));
      check(Math.nextDown(p));
    }
    for (long c = 1; c < 200; c++) {
      check(Double.longBitsToDouble(c)); // tiny subnormals
    }
  }

  private static void check(double d) {
    if (d == 0) {
      return;
    }
    String actual = EcmaNumber.toString(d);
    assertEquals(reference(d), actual, () -> "for " + d + " (bits " + Long.toHexString(Double.doubleToRawLongBits(d)) + ")");
    assertEquals(d, Double.parseDouble(actual), "must round-trip");
  }

  private static int floor(BigDecimal x) {
    return x.setScale(0, RoundingMode.FLOOR).intValueExact();
  }

  /**
   * ECMAScript's choice by exhaustive search: for n = 1..17 significant digits, the decimals nearest to v below and
   * above; the first n with one inside the rounding interval wins, the closer one (even on a tie).
   */
  static String reference(double v) {
    boolean negative = v < 0;
    double a = Math.abs(v);
    BigDecimal exact = new BigDecimal(a);
    BigDecimal up = Double.isInfinite(Math.nextUp(a))
        ? exact.add(exact.subtract(new BigDecimal(Math.nextDown(a))).divide(BigDecimal.valueOf(2)))
        : exact.add(new BigDecimal(Math.nextUp(a))).divide(BigDecimal.valueOf(2));
    BigDecimal low = exact.add(new BigDecimal(Math.nextDown(a))).divide(BigDecimal.valueOf(2));
    boolean closed = (Double.doubleToRawLongBits(a) & 1) == 0;
    for (int n = 1; n <= 17; n++) {
      BigDecimal down = exact.round(new MathContext(n, RoundingMode.FLOOR));
      BigDecimal ceil = exact.round(new MathContext(n, RoundingMode.CEILING));
      boolean downIn = inside(down, low, up, closed);
      boolean ceilIn = inside(ceil, low, up, closed);
      BigDecimal pick;
      if (downIn && ceilIn && down.compareTo(ceil) != 0) {
        int cmp = exact.subtract(down).compareTo(ceil.subtract(exact));
        if (cmp != 0) {
          pick = cmp < 0 ? down : ceil;
        } else {
          pick = down.unscaledValue().testBit(0) ? ceil : down;
        }
      } else if (downIn) {
        pick = down;
      } else if (ceilIn) {
        pick = ceil;
      } else {
        continue;
      }
      return (negative ? "-" : "") + layout(pick.stripTrailingZeros());
    }
    throw new AssertionError("no decimal found for " + v);
  }

  private static boolean inside(BigDecimal x, BigDecimal low, BigDecimal up, boolean closed) {
    int l = x.compareTo(low);
    int u = x.compareTo(up);
    return closed ? l >= 0 && u <= 0 : l > 0 && u < 0;
  }

  private static String layout(BigDecimal d) {
    String digits = d.unscaledValue().toString();
    int k = digits.length();
    int n = k - d.scale();
    if (k <= n && n <= 21) {
      return digits + "0".repeat(n - k);
    } else if (0 < n && n <= 21) {
      return digits.substring(0, n) + "." + digits.substring(n);
    } else if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + digits;
    }
    String e = (n - 1 >= 0 ? "+" : "-") + Math.abs(n - 1);
    return digits.charAt(0) + (k > 1 ? "." + digits.substring(1) : "") + "e" + e;
  }

  @Test
  void referenceSearchIsSane() {
    assertEquals("5e-324", reference(Double.MIN_VALUE));
    assertTrue(reference(0.1).equals("0.1"));
  }
}
