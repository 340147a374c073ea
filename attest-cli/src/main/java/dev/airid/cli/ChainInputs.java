package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.internal.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one chain, for {@code verify-chain}: the entries of {@code --dir} and reading each file within the size
 * limit, one at a time.
 *
 * <p>A directory is anybody's to fill, so its entries are read only if they are regular files, or symbolic links to
 * regular files inside the directory: a named pipe would block the read forever, a device could be endless, and a link
 * out of the directory would verify a file the user did not point at. Files named on the command line are the user's
 * choice and may be anything readable (a process substitution is a pipe). Either way the size is checked before
 * reading, and the read itself stops one byte past the limit, in case the file grows meanwhile.
 *
 * <p>A file swapped for a pipe between the check and the open can still make the command wait: verify a directory that
 * others cannot write while it is verified (they could as well change the files after verification).
 */
final class ChainInputs {

  /** Where a file came from: named on the command line, or found in {@code --dir} (then {@code dir} is its real path). */
  record Input(String name, Path dir) {}

  private ChainInputs() {}

  /**
   * {@code named}, then the {@code *.json} and {@code *.jsonl} entries of {@code dir} (if not null) sorted by path; at
   * most {@code max} in all, counted while listing so that a huge directory is never held in memory.
   */
  static List<Input> list(List<String> named, Path dir, int max) throws AiridException {
    List<Input> out = new ArrayList<>();
    named.forEach(n -> out.add(new Input(n, null)));
    if (out.size() > max) {
      throw Usage.error(out.size() + " files; a chain is verified from at most " + max);
    }
    if (dir == null) {
      return out;
    }
    Path real;
    List<Path> found = new ArrayList<>();
    try {
      real = dir.toRealPath();
      if (!Files.isDirectory(real)) {
        throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, dir + " is not a directory");
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path p : entries) {
          String name = p.getFileName().toString();
          if (name.endsWith(".json") || name.endsWith(".jsonl")) {
            if (out.size() + found.size() == max) {
              throw Usage.error("more than " + max + " files; a chain is verified from at most " + max);
            }
            found.add(p);
          }
        }
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, "cannot list " + dir + ": "
          + AtomicFile.describe(e instanceof IOException io ? io : ((java.nio.file.DirectoryIteratorException) e).getCause()));
    }
    found.sort(null);
    found.forEach(p -> out.add(new Input(p.toString(), real)));
    return out;
  }

  /** The bytes of {@code input}, at most {@code limit}; see the class description for what is refused. */
  static byte[] read(Io io, Input input, long limit) throws AiridException {
    String name = input.name();
    if (input.dir() == null && name.equals("-")) {
      return io.read(name, limit);
    }
    Path path = Path.of(name);
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Path open = path;
      if (a.isSymbolicLink()) {
        open = path.toRealPath();
        if (input.dir() != null && !open.startsWith(input.dir())) {
          throw refused(name + " is a symbolic link to " + open + ", outside " + input.dir()
              + "; verify-chain --dir reads only files inside the directory");
        }
        a = Files.readAttributes(open, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      }
      if (a.isDirectory()) {
        throw refused(name + " is a directory, not a file");
      }
      if (!a.isRegularFile() && input.dir() != null) {
        throw refused(name + " is not a regular file (a named pipe, socket or device); verify-chain --dir reads only "
            + "regular files");
      }
      if (a.isRegularFile() && a.size() > limit) {
        throw tooLarge(name, limit);
      }
      try (InputStream in = Files.newInputStream(open, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return readAtMost(in, a.isRegularFile() ? a.size() : 8192, limit, name);
      }
    } catch (NoSuchFileException e) {
      throw refused(name + ": no such file");
    } catch (AccessDeniedException e) {
      throw refused(name + ": permission denied");
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + name + ": " + AtomicFile.describe(e), e);
    }
  }

  /**
   * At most {@code limit} bytes of {@code in}, in a buffer of {@code expected} bytes, grown only if there is more (the
   * file grew since it was measured, or it is a pipe); a byte past the limit is an error. A file of the expected size
   * is read into one array, never copied.
   */
  private static byte[] readAtMost(InputStream in, long expected, long limit, String name) throws IOException, InputRejectedException {
    byte[] buf = new byte[(int) Math.min(limit, expected)];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        int more = in.read();
        if (more < 0) {
          return buf;
        }
        if (n >= limit) {
          throw tooLarge(name, limit);
        }
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(limit, Math.max(2L * n, n + 8192L)));
        buf[n++] = (byte) more;
        continue;
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return java.util.Arrays.copyOf(buf, n);
      }
      n += r;
    }
  }

  private static InputRejectedException refused(String reason) {
    return InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, reason);
  }

  private static InputRejectedException tooLarge(String name, long limit) {
    return InputRejectedException.of(ErrorCode.JSON_TOO_LARGE, name + " is larger than the limit of " + limit + " bytes");
  }
}
