package dev.airid.cli;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.internal.AtomicFile;
import dev.airid.json.JsonLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The command's streams, and reading and writing files with airid's limits and error codes. */
final class Io {

  final InputStream in;
  /** Standard output: strings printed are escaped (see {@link EscapingPrintStream}); bytes written pass unchanged. */
  final PrintStream out;
  /** Standard error, for the human report: every string printed is escaped. */
  final PrintStream err;
  /** The environment: {@code System.getenv()}, or what a test gives. */
  final java.util.Map<String, String> env;

  Io(InputStream in, PrintStream out, PrintStream err, java.util.Map<String, String> env) {
    this.in = in;
    this.out = new EscapingPrintStream(out);
    this.err = new EscapingPrintStream(err);
    this.env = java.util.Map.copyOf(env);
  }

  /** The trust cache of 'airid trust update': AIRID_TRUST_CACHE, else the user's cache directory. */
  dev.airid.sigstore.TrustCache trustCache() {
    return dev.airid.sigstore.TrustCache.defaultCache(env);
  }

  /** The bytes of {@code name}, or of standard input when it is {@code -}; at most {@code limit} bytes. */
  byte[] read(String name, long limit) throws InputRejectedException, OperationFailedException {
    if (name.equals("-")) {
      return readBounded(in, "standard input", limit);
    }
    Path path = Path.of(name);
    if (Files.isDirectory(path)) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, name + " is a directory, not a file");
    }
    try (InputStream s = Files.newInputStream(path)) {
      return readBounded(s, name, limit);
    } catch (NoSuchFileException e) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, name + ": no such file");
    } catch (AccessDeniedException e) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, name + ": permission denied");
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + name + ": " + AtomicFile.describe(e), e);
    }
  }

  byte[] read(String name) throws InputRejectedException, OperationFailedException {
    return read(name, JsonLimits.DEFAULT_MAX_BYTES);
  }

  private static byte[] readBounded(InputStream s, String name, long limit)
      throws InputRejectedException, OperationFailedException {
    try {
      byte[] data = s.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (data.length > limit) {
        throw InputRejectedException.of(ErrorCode.JSON_TOO_LARGE, name + " is larger than the limit of " + limit + " bytes");
      }
      return data;
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + name + ": " + AtomicFile.describe(e), e);
    }
  }

  /** Writes to {@code name} atomically, or to standard output when it is {@code null} or {@code -}. */
  void write(String name, byte[] bytes, boolean force) throws InputRejectedException, OperationFailedException {
    if (name == null || name.equals("-")) {
      out.write(bytes, 0, bytes.length);
      out.flush();
      return;
    }
    AtomicFile.write(Path.of(name), bytes, force, false);
  }
}
