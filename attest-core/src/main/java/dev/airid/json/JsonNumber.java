package dev.airid.json;

/**
 * A JSON number: a finite IEEE 754 double, as in I-JSON (RFC 7493) and RFC 8785.
 *
 * <p>{@code -0.0} and {@code 0.0} are distinct doubles but serialise identically ({@code 0}); equality follows
 * {@link Double#compare}, so they are not equal as values.
 *
 * @param value a finite double
 */
public record JsonNumber(double value) implements JsonValue {

  /** The largest integer magnitude a double holds exactly, 2^53 − 1. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  public JsonNumber {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JSON numbers are finite; got " + value);
    }
  }

  /**
   * A JSON number from an integer.
   *
   * @throws IllegalArgumentException if the integer is outside ±(2^53−1): a double cannot hold it exactly, so it
   *     must be written as a string instead
   */
  public static JsonNumber of(long value) {
    if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException(
          "integer " + value + " is outside ±(2^53−1) and would lose precision; write it as a string");
    }
    return new JsonNumber(value);
  }

  public static JsonNumber of(double value) {
    return new JsonNumber(value);
  }

  /** Whether this number is an integer within ±(2^53−1). */
  public boolean isSafeInteger() {
    return value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER;
  }

  /**
   * The value as a {@code long}.
   *
   * @throws ArithmeticException if it is not an integer within ±(2^53−1)
   */
  public long longValueExact() {
    if (!isSafeInteger()) {
      throw new ArithmeticException(EcmaNumber.toString(value) + " is not a safe integer");
    }
    return (long) value;
  }

  /** The number as RFC 8785 (ECMAScript) serialises it. */
  @Override
  public String toString() {
    return EcmaNumber.toString(value);
  }
}
