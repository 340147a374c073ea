package dev.airid.keys;

/** Checks that an ECDSA signature is exactly {@code SEQUENCE { INTEGER r, INTEGER s }} in DER, and nothing else. */
final class StrictDer {

  private StrictDer() {}

  static boolean isEcdsaSignature(byte[] sig, int fieldBytes) {
    int[] pos = {0};
    if (sig.length < 8 || sig[0] != 0x30) {
      return false;
    }
    pos[0] = 1;
    int seqLen = length(sig, pos);
    if (seqLen < 0 || pos[0] + seqLen != sig.length) {
      return false;
    }
    return integer(sig, pos, fieldBytes) && integer(sig, pos, fieldBytes) && pos[0] == sig.length;
  }

  /** A positive, minimally encoded INTEGER of at most {@code fieldBytes} magnitude bytes. */
  private static boolean integer(byte[] b, int[] pos, int fieldBytes) {
    if (pos[0] >= b.length || b[pos[0]] != 0x02) {
      return false;
    }
    pos[0]++;
    int len = length(b, pos);
    if (len <= 0 || pos[0] + len > b.length) {
      return false;
    }
    int start = pos[0];
    if ((b[start] & 0x80) != 0) {
      return false; // negative
    }
    if (len > 1 && b[start] == 0 && (b[start + 1] & 0x80) == 0) {
      return false; // not minimal
    }
    int magnitude = b[start] == 0 ? len - 1 : len;
    if (magnitude > fieldBytes || (len == 1 && b[start] == 0)) {
      return false; // too large, or zero
    }
    pos[0] += len;
    return true;
  }

  /** A DER definite length (short form, or long form with one byte >= 128); -1 if malformed. */
  private static int length(byte[] b, int[] pos) {
    if (pos[0] >= b.length) {
      return -1;
    }
    int first = b[pos[0]++] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    if (first == 0x81 && pos[0] < b.length) {
      int len = b[pos[0]++] & 0xFF;
      return len >= 0x80 ? len : -1;
    }
    return -1;
  }
}
