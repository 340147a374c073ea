package dev.airid.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DER nesting limit of spec/limits.md: a value nested exactly as deep as allowed is read, one level more is not. */
class StrictDerLimitsTest {

  /** A NULL inside {@code depth} SEQUENCEs (short-form lengths suffice: 2 bytes per level). */
  static byte[] nested(int depth) {
    byte[] inner = {0x05, 0x00};
    for (int i = 0; i < depth; i++) {
      byte[] outer = new byte[inner.length + 2];
      outer[0] = 0x30;
      outer[1] = (byte) inner.length;
      System.arraycopy(inner, 0, outer, 2, inner.length);
      inner = outer;
    }
    return inner;
  }

  @Test
  void derNestingDepth() {
    int max = StrictDer.MAX_DEPTH;
    assertTrue(StrictDer.isDer(nested(max)));
    assertFalse(StrictDer.isDer(nested(max + 1)));
  }
}
