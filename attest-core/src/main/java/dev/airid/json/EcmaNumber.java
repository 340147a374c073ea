package dev.airid.json;

import java.math.BigInteger;

/**
 * Serialises a double exactly as ECMAScript's {@code Number.prototype.toString()} does, which is what RFC 8785 §3.2.2.3
 * requires.
 *
 * <p>JDK 17's {@link Double#toString(double)} is not usable here: it sometimes emits more digits than needed (fixed
 * only in JDK 19), always emits at least two significant digits, and uses a different exponent format.
 *
 * <p>The shortest-digits step is Raffaello Giulietti's Schubfach algorithm ("The Schubfach way to render doubles",
 * 2020, 2021), the one JDK 19 adopted, written here from the paper with one deliberate difference: Java's
 * {@code Double.toString} insists on two significant digits (so it renders {@code 5e-324} as {@code 4.9E-324}), while
 * ECMAScript takes the shortest decimal, so this version always considers the one-digit-shorter candidate and has no
 * "tiny significand" rescaling. Correctness is checked against the 100,000-line ES6 reference file of RFC 8785's
 * author and against an exact BigDecimal-based search in the tests.
 *
 * <p>Stateless and thread-safe.
 */
final class EcmaNumber {

  private static final int Q_MIN = -1074; // exponent of the smallest subnormal: 2^-1074
  private static final long C_MIN = 1L << 52; // smallest normal significand
  private static final int K_MIN = -324; // flog10pow2(Q_MIN)
  private static final int K_MAX = 292; // flog10pow2(971), 971 = largest q of a finite double
  private static final long MASK_63 = (1L << 63) - 1;

  // For k in [K_MIN, K_MAX]: g = floor(10^-k * 2^-r) + 1, with r chosen so that 2^125 <= g < 2^126,
  // split as g = G_HI[i] * 2^63 + G_LO[i]. Computed exactly with BigInteger rather than shipped as a table.
  private static final long[] G_HI = new long[K_MAX - K_MIN + 1];
  private static final long[] G_LO = new long[K_MAX - K_MIN + 1];

  static {
    BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
    for (int k = K_MIN; k <= K_MAX; k++) {
      BigInteger g = g(k);
      G_HI[k - K_MIN] = g.shiftRight(63).longValueExact();
      G_LO[k - K_MIN] = g.and(mask63).longValueExact();
    }
  }

  private EcmaNumber() {}

  /** The 126-bit approximation g of 10^-k from above: floor(10^-k * 2^-r) + 1 with r = flog2pow10(-k) - 125. */
  static BigInteger g(int k) {
    int r = flog2pow10(-k) - 125;
    BigInteger g;
    if (k <= 0) {
      BigInteger pow = BigInteger.TEN.pow(-k); // 10^-k, an integer
      g = r >= 0 ? pow.shiftRight(r) : pow.shiftLeft(-r);
    } else {
      // 10^-k * 2^-r = 2^-r / 10^k with -r > 0
      g = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(k));
    }
    return g.add(BigInteger.ONE);
  }

  /** floor(e * log10(2)), exact for every exponent of a double (checked in the tests). */
  static int flog10pow2(int e) {
    return (int) (e * 661_971_961_083L >> 41);
  }

  /** floor(log10(3/4 * 2^e)), exact for every exponent of a double (checked in the tests). */
  static int flog10threeQuartersPow2(int e) {
    return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
  }

  /** floor(e * log2(10)), exact for |e| <= 1233, which covers every double (checked in the tests). */
  static int flog2pow10(int e) {
    return (int) (e * 913_124_641_741L >> 38);
  }

  /**
   * The ECMAScript string for a finite double.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot represent
   */
  static String toString(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("not a finite number: " + v);
    }
    if (v == 0) {
      return "0"; // both +0 and -0
    }
    // Integers below 2^53 are their own shortest representation and ECMAScript prints them without exponent.
    if (Math.abs(v) < 0x1p53 && v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    long bits = Double.doubleToRawLongBits(v);
    long fraction = bits & (C_MIN - 1);
    int biasedExponent = (int) (bits >>> 52) & 0x7FF;
    long c;
    int q;
    if (biasedExponent != 0) {
      c = C_MIN | fraction;
      q = biasedExponent - 1075;
    } else {
      c = fraction;
      q = Q_MIN;
    }
    return shortestDecimal(bits < 0, c, q);
  }

  /**
   * Finds the decimal d * 10^e that ECMAScript chooses for c * 2^q (c > 0): the shortest that rounds back to the same
   * double, and of those the closest to it, and of two equally close the even one.
   *
   * @return the ECMAScript layout of that decimal
   */
  private static String shortestDecimal(boolean negative, long c, int q) {
    // Work in units of 2^(q-2): v = cb, rounding interval bounds cbl and cbr (the midpoints to the neighbours).
    long out = c & 1; // the interval is open when c is odd (round-half-even parses midpoints to the even neighbour)
    long cb = c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) {
      cbl = cb - 2;
      k = flog10pow2(q);
    } else {
      // At a power of two the lower neighbour is half as far away.
      cbl = cb - 1;
      k = flog10threeQuartersPow2(q);
    }
    int h = q + flog2pow10(-k) + 2;
    long g1 = G_HI[k - K_MIN];
    long g0 = G_LO[k - K_MIN];

    // vb ~ 4 * v / 10^k, with the lowest bit set when inexact; likewise for the interval bounds.
    long vb = roundToOdd(g1, g0, cb << h);
    long vbl = roundToOdd(g1, g0, cbl << h);
    long vbr = roundToOdd(g1, g0, cbr << h);

    long s = vb >> 2; // floor(v / 10^k)

    // The interval is narrower than 10^(k+1), so it holds at most one multiple of 10^(k+1): try that one first, as it
    // has one digit fewer.
    long sp10 = (s / 10) * 10;
    long tp10 = sp10 + 10;
    boolean upIn = vbl + out <= sp10 << 2;
    boolean wpIn = (tp10 << 2) + out <= vbr;
    if (upIn != wpIn) {
      return format(negative, upIn ? sp10 : tp10, k);
    }
    // Otherwise one or both of s * 10^k and (s+1) * 10^k lie in the interval.
    long t = s + 1;
    boolean uIn = vbl + out <= s << 2;
    boolean wIn = (t << 2) + out <= vbr;
    if (uIn != wIn) {
      return format(negative, uIn ? s : t, k);
    }
    long cmp = vb - ((s + t) << 1); // sign of v - (s + 1/2) * 10^k
    return format(negative, cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t, k);
  }

  /**
   * floor(g * cp / 2^127), with the lowest bit forced to 1 when the quotient is not an integer ("round to odd"), so that
   * comparisons against even numbers are exact.
   */
  private static long roundToOdd(long g1, long g0, long cp) {
    long x1 = Math.multiplyHigh(g0, cp);
    long y0 = g1 * cp;
    long y1 = Math.multiplyHigh(g1, cp);
    long z = (y0 >>> 1) + x1;
    long vbp = y1 + (z >>> 63);
    return vbp | (((z & MASK_63) + MASK_63) >>> 63);
  }

  /** ECMAScript Number::toString layout for v = d * 10^e (ECMA-262, Number::toString). */
  private static String format(boolean negative, long d, int e) {
    if (d <= 0) {
      throw new AssertionError("empty rounding interval"); // unreachable for finite non-zero doubles
    }
    while (d % 10 == 0) {
      d /= 10;
      e++;
    }
    String digits = Long.toString(d);
    int k = digits.length();
    int n = k + e; // v = 0.digits * 10^n
    StringBuilder sb = new StringBuilder(k + 8);
    if (negative) {
      sb.append('-');
    }
    if (k <= n && n <= 21) {
      sb.append(digits);
      for (int i = k; i < n; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = n; i < 0; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(n - 1 >= 0 ? '+' : '-').append(Math.abs(n - 1));
    }
    return sb.toString();
  }
}
