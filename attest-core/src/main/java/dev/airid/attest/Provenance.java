package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.sigstore.Bundle;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A provenance file ({@code .airid.jsonl}, spec/attestations.md §2.5): the run's declaration bundle, then output
 * bundles of that run, one compact bundle per line. Splitting and joining only; verification is {@code
 * dev.airid.verify.Verifier}'s.
 */
public final class Provenance {

  /** A provenance file may hold at most this many bundles. */
  public static final int MAX_BUNDLES = 1000;

  private Provenance() {}

  /**
   * Splits a provenance file into bundles: one bundle per line, blank lines ignored, at most {@link #MAX_BUNDLES}. A
   * file that is one JSON document (a single, possibly pretty-printed, bundle) is one bundle; only data after a first
   * complete value makes it JSON Lines. A file that is not JSON at all is one (malformed) bundle, which verification
   * then reports.
   *
   * @throws InputRejectedException {@link ErrorCode#PROVENANCE_INVALID} if the file is empty or has too many bundles
   */
  public static List<byte[]> split(byte[] data) throws InputRejectedException {
    if (isBlank(data, 0, data.length)) {
      throw InputRejectedException.of(ErrorCode.PROVENANCE_INVALID, "the provenance file is empty");
    }
    if (oneLine(data)) {
      // One line holds one document (JSON strings cannot hold a raw line feed), or one malformed one that verification
      // then reports: no need to parse it here only to learn that. This is every single bundle airid writes.
      return List.of(data);
    }
    try {
      Json.parse(data);
      return List.of(data);
    } catch (InputRejectedException e) {
      if (e.code() != ErrorCode.JSON_TRAILING_DATA) {
        return List.of(data); // one malformed document: bundle.json reports why
      }
    }
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    while (start <= data.length) {
      int lf = indexOfLineFeed(data, start);
      int i = lf < 0 ? data.length : lf;
      int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
      if (!isBlank(data, start, end)) {
        if (lines.size() == MAX_BUNDLES) {
          throw InputRejectedException.of(ErrorCode.PROVENANCE_INVALID, "more than " + MAX_BUNDLES + " bundles");
        }
        lines.add(Arrays.copyOfRange(data, start, end));
      }
      start = i + 1;
    }
    return lines;
  }

  /** A provenance file: the bundles in order, one compact bundle per line, each line ending in LF. */
  public static byte[] join(List<Bundle> bundles) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Bundle b : bundles) {
      out.writeBytes(b.toBytes());
      out.write('\n');
    }
    return out.toByteArray();
  }

  /**
   * Writes a provenance file atomically: a temporary file beside {@code target}, flushed to disk, then moved into
   * place, so that a reader (or a crash) never sees half a file.
   *
   * @param replace whether an existing {@code target} may be replaced
   * @throws InputRejectedException {@link ErrorCode#OUTPUT_EXISTS} if it exists and {@code replace} is false
   * @throws dev.airid.OperationFailedException {@link ErrorCode#IO_ERROR} if writing fails
   */
  public static void write(java.nio.file.Path target, List<Bundle> bundles, boolean replace) throws dev.airid.AiridException {
    dev.airid.internal.AtomicFile.write(target, join(bundles), replace, false);
  }

  /** Whether everything but blank space is on one line. */
  private static boolean oneLine(byte[] b) {
    int lines = 0;
    int start = 0;
    while (true) {
      int lf = indexOfLineFeed(b, start);
      int end = lf < 0 ? b.length : lf;
      if (!isBlank(b, start, end) && ++lines > 1) {
        return false;
      }
      if (lf < 0) {
        return true;
      }
      start = lf + 1;
    }
  }

  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The first '\n' at or after {@code from}, or -1; eight bytes per step (a bundle is kilobytes of Base64). */
  static int indexOfLineFeed(byte[] b, int from) {
    int i = from;
    for (; i + 8 <= b.length; i += 8) {
      long w = (long) WORDS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
      // A zero byte of w is a line feed; the lowest flagged byte is exact (false flags occur only above a real one).
      long found = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** JSON white space only (what a blank line may hold). */
  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
        return false;
      }
    }
    return true;
  }
}
