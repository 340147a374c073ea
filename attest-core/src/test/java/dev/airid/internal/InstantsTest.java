package dev.airid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantsTest {

  @Test
  void sameAsInstantToStringAtTheEdges() {
    for (String s : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.000001Z", "2100-02-28T23:59:59.1Z", "1600-03-01T00:00:00Z",
        "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "2026-11-30T23:59:59.123456789Z"}) {
      Instant i = Instant.parse(s);
      assertEquals(i.toString(), Instants.iso(i), s);
    }
  }

  @Test
  void sameAsInstantToStringForRandomInstants() {
    SplittableRandom r = new SplittableRandom(8785);
    long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
    int[] nanos = {0, 1, 999_999_999, 1_000_000, 123_000, 500_000_000};
    for (int k = 0; k < 200_000; k++) {
      int nano = k % 3 == 0 ? nanos[r.nextInt(nanos.length)] : r.nextInt(1_000_000_000);
      Instant i = Instant.ofEpochSecond(r.nextLong(min, max), nano);
      assertEquals(i.toString(), Instants.iso(i));
    }
  }
}
