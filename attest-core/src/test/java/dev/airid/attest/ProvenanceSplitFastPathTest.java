package dev.airid.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The line-feed search behind Provenance.split's one-line fast path, against a plain loop, at every alignment. */
class ProvenanceSplitFastPathTest {

  static int plain(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void lineFeedSearchAgreesWithAPlainLoop() {
    SplittableRandom r = new SplittableRandom(10);
    byte[] alphabet = {'\n', '\r', ' ', 'a', (byte) 0x8A, (byte) 0x0B, (byte) 0x09, (byte) 0xFF, 0x00, 0x01};
    for (int k = 0; k < 20_000; k++) {
      byte[] b = new byte[r.nextInt(0, 40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = r.nextInt(8) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt(256);
      }
      int from = b.length == 0 ? 0 : r.nextInt(0, b.length + 1);
      assertEquals(plain(b, from), Provenance.indexOfLineFeed(b, from));
    }
  }

  @Test
  void aFileOnOneLineIsOneBundleAsGiven() throws Exception {
    byte[] one = "  {\"a\":1}  \n\n \r\n".getBytes(StandardCharsets.UTF_8);
    List<byte[]> split = Provenance.split(one);
    assertEquals(1, split.size());
    assertSame(one, split.get(0));
    assertEquals(2, Provenance.split("{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8)).size());
    assertEquals(1, Provenance.split("{\n  \"a\": 1\n}\n".getBytes(StandardCharsets.UTF_8)).size());
  }
}
