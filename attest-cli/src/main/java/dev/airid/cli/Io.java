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

  /** Values on the command line that must never be printed (what was given to --passphrase-env, --identity-token). */
  private final java.util.List<String> secrets;

  Io(InputStream in, PrintStream out, PrintStream err, java.util.Map<String, String> env) {
    this(in, out, err, env, java.nio.charset.StandardCharsets.UTF_8, java.util.List.of());
  }

  /**
   * @param charset what the streams encode with: characters it cannot encode are printed as their ASCII fallback
   * @param secrets command-line values never to print, see {@link #scrub}
   */
  Io(InputStream in, PrintStream out, PrintStream err, java.util.Map<String, String> env, java.nio.charset.Charset charset,
      java.util.List<String> secrets) {
    this.in = in;
    this.out = new EscapingPrintStream(out, charset);
    this.err = new EscapingPrintStream(err, charset);
    this.env = java.util.Map.copyOf(env);
    this.secrets = java.util.List.copyOf(secrets);
  }

  /**
   * The charset the process's standard streams encode with: {@code stdout.encoding} (Java 19+), else {@code
   * sun.stdout.encoding} (set for a console), else the default charset, which under {@code LC_ALL=C} is ASCII.
   */
  static java.nio.charset.Charset terminalCharset() {
    String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
    try {
      return name == null ? java.nio.charset.Charset.defaultCharset() : java.nio.charset.Charset.forName(name);
    } catch (RuntimeException e) {
      return java.nio.charset.Charset.defaultCharset();
    }
  }

  /**
   * {@code text} with every secret value of the command line replaced by {@code ***}: a last line of defence for
   * messages that quote an argument (airid's own never quote these values).
   */
  String scrub(String text) {
    String t = text;
    for (String s : secrets) {
      if (s.length() >= 3) {
        t = t.replace(s, "***");
      }
    }
    return t;
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
    try (InputStream s = open(name)) {
      return readBounded(s, name, limit);
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + name + ": " + AtomicFile.describe(e), e);
    }
  }

  /**
   * Fails as {@link #read} would if {@code name} cannot be read (no such file, a directory, permission denied), without
   * reading it: a file that is then hashed as a stream gets the same error code as a file read whole.
   */
  void checkReadable(String name) throws InputRejectedException, OperationFailedException {
    if (name.equals("-")) {
      return;
    }
    try (InputStream s = open(name)) {
      // opened: readable
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + name + ": " + AtomicFile.describe(e), e);
    }
  }

  /** Opens a file, with one error code for every way it cannot be opened that the user can fix. */
  private static InputStream open(String name) throws InputRejectedException, OperationFailedException {
    Path path = Path.of(name);
    if (Files.isDirectory(path)) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, name + " is a directory, not a file");
    }
    try {
      return Files.newInputStream(path);
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
