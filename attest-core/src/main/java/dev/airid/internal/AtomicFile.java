package dev.airid.internal;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a part: the bytes go to a
 * temporary file in the same directory, are forced to disk, and the temporary file is renamed over the target.
 *
 * <p>Not part of the public API.
 */
public final class AtomicFile {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  /** Temporary files are created owner-only; files that are not secret are then opened to readers as usual. */
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFile() {}

  /**
   * Writes {@code bytes} to {@code target}.
   *
   * @param overwrite whether an existing file may be replaced; if not, an existing target is an input error
   * @param ownerOnly create the file readable and writable by its owner only (0600), as private keys need
   * @throws InputRejectedException ({@link ErrorCode#OUTPUT_EXISTS}) if the target exists and {@code overwrite} is false
   * @throws OperationFailedException ({@link ErrorCode#IO_ERROR}) if writing fails; nothing is left behind
   */
  public static void write(Path target, byte[] bytes, boolean overwrite, boolean ownerOnly)
      throws InputRejectedException, OperationFailedException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (!overwrite && Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw InputRejectedException.of(ErrorCode.OUTPUT_EXISTS, target + " exists; use --force to overwrite it");
    }
    if (!Files.isDirectory(dir)) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot write " + target + ": directory " + dir + " does not exist", null);
    }
    Path tmp = null;
    try {
      tmp = ownerOnly && isPosix(dir)
          ? Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
          : Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        out.write(bytes);
        out.flush();
        ch.force(true);
      }
      if (!ownerOnly && isPosix(dir)) {
        Files.setPosixFilePermissions(tmp, PUBLIC);
      }
      if (overwrite) {
        move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // No REPLACE_EXISTING: a file created meanwhile must not be clobbered, and rename(2) would replace it. A hard
        // link fails if the target exists; where links are unsupported we refuse rather than risk a silent replace.
        try {
          Files.createLink(absolute, tmp);
        } catch (FileAlreadyExistsException e) {
          throw e;
        } catch (UnsupportedOperationException | IOException e) {
          throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot create " + target
              + " without risking to replace a file: this file system has no hard links; use --force to replace atomically", e);
        }
        try {
          Files.delete(tmp);
        } catch (IOException e) {
          // The target is complete; the leftover is a dot-named .tmp file, and finally{} tries again.
          return;
        }
      }
      tmp = null;
    } catch (FileAlreadyExistsException e) {
      throw InputRejectedException.of(ErrorCode.OUTPUT_EXISTS, target + " exists; use --force to overwrite it");
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot write " + target + ": " + describe(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Best effort: the temporary file has a dot name and a .tmp suffix, so it is recognisable.
        }
      }
    }
  }

  private static void move(Path from, Path to, StandardCopyOption... options) throws IOException {
    try {
      StandardCopyOption[] atomic = new StandardCopyOption[options.length + 1];
      System.arraycopy(options, 0, atomic, 0, options.length);
      atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
      Files.move(from, to, atomic);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, options);
    }
  }

  private static boolean isPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** An IOException's message is often just a path; say what kind of failure it was. */
  public static String describe(IOException e) {
    String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
  }
}
