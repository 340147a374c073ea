package dev.airid.internal;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a part: the bytes go to a
 * temporary file in the same directory, are forced to disk, and the temporary file is renamed over the target. A
 * process killed at any point (even with SIGKILL) leaves the target as it was, or complete.
 *
 * <p>What a killed write leaves is its temporary file, {@code .NAME.PID.RANDOM.tmp} beside {@code NAME}. The next write
 * to the same target removes such leftovers, and only those that are certainly dead:
 *
 * <ul>
 *   <li>the name matches exactly: a dot, the target's name, a dot, a process id, a dot, 16 lowercase hex digits,
 *       {@code .tmp} — nothing else is touched, not even other dot files of the same target;
 *   <li>it is a regular file (not followed if it is a symbolic link, and then not deleted);
 *   <li>the process id in the name is not this process's (another thread of this process may be writing it); and
 *   <li>no process holds its lock. A writer holds an exclusive lock on its temporary file from just after creating it
 *       until it has been renamed, and the operating system releases the locks of a process that dies, however it
 *       dies. A lock, unlike a process id, says the truth across pid reuse, pid namespaces (containers) and, where the
 *       file system supports locks, across machines. A file whose lock cannot be tried (a file system without locks,
 *       a file we may not open) is left alone.
 * </ul>
 *
 * <p>Between creating its file and locking it a writer holds no lock; if a cleaner removes the file in that instant,
 * the writer sees that its file is gone once it holds the lock, and starts again with a new one.
 *
 * <p>Not part of the public API. Thread-safe.
 */
public final class AtomicFile {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  /** Temporary files are created owner-only; files that are not secret are then opened to readers as usual. */
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long PID = ProcessHandle.current().pid();
  private static final String SUFFIX = ".tmp";

  private AtomicFile() {}

  /**
   * Writes {@code bytes} to {@code target}, after removing temporary files that killed writes to it left behind.
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
    if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
      // Not OUTPUT_EXISTS: --force cannot replace a directory, so the advice to use it would be wrong.
      throw InputRejectedException.of(ErrorCode.USAGE, target + " is a directory; name the file to write");
    }
    if (!overwrite && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw InputRejectedException.of(ErrorCode.OUTPUT_EXISTS, target + " exists; use --force to overwrite it");
    }
    if (!Files.isDirectory(dir)) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot write " + target + ": directory " + dir + " does not exist", null);
    }
    String name = absolute.getFileName().toString();
    removeLeftovers(dir, name);
    Path tmp = null;
    FileChannel ch = null;
    try {
      for (int attempt = 0; ch == null; attempt++) {
        tmp = dir.resolve(tempName(name));
        // Created owner-only (as a private key needs from its first byte); a public file is opened up before renaming.
        FileChannel c = isPosix(dir)
            ? FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), asAttribute(OWNER_ONLY))
            : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock = c.tryLock();
        if (lock != null && Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
          ch = c; // locked, and still ours: no cleaner can take it from here on
        } else {
          c.close(); // a cleaner took it between create and lock: start again with another name
          if (attempt == 10) {
            throw new IOException("could not hold a temporary file in " + dir);
          }
        }
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
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
          // The target is complete; the leftover is unlocked once we close, and the next write removes it.
          tmp = null;
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
          // Best effort: unlocked once closed below, the next write to the target removes it.
        }
      }
      if (ch != null) {
        try {
          ch.close(); // releases the lock
        } catch (IOException ignored) {
          // nothing was left half-done by a failed close of a file already renamed or deleted
        }
      }
    }
  }

  /** {@code .NAME.PID.RANDOM.tmp}: the target's name, this process's id and 64 random bits. */
  static String tempName(String target) {
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    return "." + target + "." + PID + "." + HexFormat.of().formatHex(r) + SUFFIX;
  }

  /**
   * The process id in {@code fileName} if it is a temporary file name of a write to {@code target}, else -1. The match
   * is exact, so that no other file — not even another dot file that starts with the target's name — is taken.
   */
  static long writerOf(String fileName, String target) {
    String prefix = "." + target + ".";
    if (fileName.length() < prefix.length() + 18 + SUFFIX.length() || !fileName.startsWith(prefix) || !fileName.endsWith(SUFFIX)) {
      return -1;
    }
    String middle = fileName.substring(prefix.length(), fileName.length() - SUFFIX.length()); // PID.RANDOM
    int dot = middle.indexOf('.');
    if (dot < 1 || dot > 19 || middle.length() - dot - 1 != 16) {
      return -1;
    }
    for (int i = 0; i < middle.length(); i++) {
      char c = middle.charAt(i);
      boolean ok = i < dot ? c >= '0' && c <= '9' : i == dot || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return -1;
      }
    }
    try {
      return Long.parseLong(middle.substring(0, dot));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Removes what killed writes to {@code target} in {@code dir} left behind; see the class description. Never fails. */
  static void removeLeftovers(Path dir, String target) {
    String prefix = "." + target + ".";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : entries) {
        long pid = writerOf(p.getFileName().toString(), target);
        if (pid < 0 || pid == PID) {
          continue;
        }
        removeIfUnlocked(p);
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: a leftover costs disk space, never correctness, and must not stop the write.
    }
  }

  private static void removeIfUnlocked(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return;
      }
      try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        FileLock lock = c.tryLock();
        if (lock != null) {
          Files.deleteIfExists(p); // while holding the lock: its writer is dead, and no new writer can own this name
        }
      }
    } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
      // Cannot tell whether its writer lives: leave it.
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> asAttribute(Set<PosixFilePermission> perms) {
    return PosixFilePermissions.asFileAttribute(perms);
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
