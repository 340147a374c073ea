package dev.airid.keys;

/**
 * Strict DER checks: an ECDSA signature is exactly {@code SEQUENCE { INTEGER r, INTEGER s }}, and a key file holds one
 * DER value. DER gives each value one byte string; BER's other spellings must not reach code that compares bytes.
 */
final class StrictDer {

  /** Deeper nesting than any key structure needs is refused rather than walked. */
  static final int MAX_DEPTH = 32;

  private StrictDer() {}

  /**
   * Whether {@code b} is exactly one DER value: definite lengths in their shortest form, minimal INTEGERs, BOOLEANs of
   * 0x00 or 0xFF, BIT STRINGs with zero padding bits, empty NULLs, at most {@link #MAX_DEPTH} levels. Iterative, so a
   * hostile file cannot exhaust the stack. (SET OF ordering is not checked: no key structure we read relies on it.)
   */
  static boolean isDer(byte[] b) {
    int[] end = new int[MAX_DEPTH + 1];
    int depth = 0;
    end[0] = b.length;
    int[] pos = {0};
    int topLevel = 0;
    while (pos[0] < b.length) {
      while (depth > 0 && pos[0] == end[depth]) {
        depth--;
      }
      if (depth == 0 && ++topLevel > 1) {
        return false;
      }
      int tag = b[pos[0]++] & 0xFF;
      if ((tag & 0x1F) == 0x1F) {
        return false; // high-numbered tags occur in no key structure
      }
      int len = longLength(b, pos);
      if (len < 0 || len > end[depth] - pos[0]) {
        return false;
      }
      if ((tag & 0x20) != 0) {
        if (++depth > MAX_DEPTH) {
          return false;
        }
        end[depth] = pos[0] + len;
        continue;
      }
      if (!primitive(tag, b, pos[0], len)) {
        return false;
      }
      pos[0] += len;
    }
    return topLevel == 1;
  }

  private static boolean primitive(int tag, byte[] b, int at, int len) {
    switch (tag) {
      case 0x01: // BOOLEAN
        return len == 1 && (b[at] == 0 || b[at] == (byte) 0xFF);
      case 0x02: // INTEGER, two's complement, minimal
        return len >= 1 && !(len > 1 && (b[at] == 0 && (b[at + 1] & 0x80) == 0 || b[at] == (byte) 0xFF && (b[at + 1] & 0x80) != 0));
      case 0x03: { // BIT STRING: unused-bit count, then bits with the unused ones zero
        if (len < 1 || (b[at] & 0xFF) > 7 || len == 1 && b[at] != 0) {
          return false;
        }
        int unused = b[at] & 0xFF;
        return unused == 0 || (b[at + len - 1] & ((1 << unused) - 1)) == 0;
      }
      case 0x05: // NULL
        return len == 0;
      default:
        return true;
    }
  }

  /** A definite length in its shortest form (short form, or 1–4 length bytes without leading zeros); -1 if not. */
  private static int longLength(byte[] b, int[] pos) {
    if (pos[0] >= b.length) {
      return -1;
    }
    int first = b[pos[0]++] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    int n = first & 0x7F;
    if (n == 0 || n > 4 || pos[0] + n > b.length || b[pos[0]] == 0) {
      return -1; // indefinite, too long, truncated, or a leading zero byte
    }
    long len = 0;
    for (int i = 0; i < n; i++) {
      len = len << 8 | (b[pos[0]++] & 0xFF);
    }
    return len < 0x80 || len > Integer.MAX_VALUE ? -1 : (int) len;
  }

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

  /**
   * {@code r} and {@code s} of a signature that {@link #isEcdsaSignature} accepted (both lengths then fit in one byte
   * after the tag), or null for any other input.
   */
  static java.math.BigInteger[] ecdsaIntegers(byte[] sig) {
    int[] pos = {1};
    if (sig.length < 8 || sig[0] != 0x30 || length(sig, pos) < 0) {
      return null;
    }
    java.math.BigInteger[] rs = new java.math.BigInteger[2];
    for (int i = 0; i < 2; i++) {
      if (pos[0] >= sig.length || sig[pos[0]++] != 0x02) {
        return null;
      }
      int len = length(sig, pos);
      if (len <= 0 || pos[0] + len > sig.length) {
        return null;
      }
      rs[i] = new java.math.BigInteger(1, sig, pos[0], len);
      pos[0] += len;
    }
    return rs;
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
