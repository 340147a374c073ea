package dev.airid.internal;

import java.time.Instant;

/**
 * {@link Instant#toString()}, exactly, without {@link java.time.format.DateTimeFormatter}: an inline capture stamps
 * every run attestation with the time it was declared, and the formatter costs about a microsecond per call.
 */
public final class Instants {

  private Instants() {}

  private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  /** The same string as {@code instant.toString()}: ISO-8601 in UTC, fraction in groups of three digits as needed. */
  public static String iso(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < MIN || seconds > MAX) {
      return instant.toString(); // signed or five-digit years: rare, leave them to java.time
    }
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    int nano = instant.getNano();
    char[] c = new char[30];
    int n = 0;
    n = digits(c, n, year, 4);
    c[n++] = '-';
    n = digits(c, n, month, 2);
    c[n++] = '-';
    n = digits(c, n, day, 2);
    c[n++] = 'T';
    n = digits(c, n, secondOfDay / 3600, 2);
    c[n++] = ':';
    n = digits(c, n, secondOfDay / 60 % 60, 2);
    c[n++] = ':';
    n = digits(c, n, secondOfDay % 60, 2);
    if (nano > 0) {
      c[n++] = '.';
      if (nano % 1_000_000 == 0) {
        n = digits(c, n, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        n = digits(c, n, nano / 1_000, 6);
      } else {
        n = digits(c, n, nano, 9);
      }
    }
    c[n++] = 'Z';
    return new String(c, 0, n);
  }

  private static int digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }
}
