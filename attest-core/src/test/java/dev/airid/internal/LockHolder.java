package dev.airid.internal;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stand-in for a live writer in another process: locks the file named by its argument as AtomicFile's writers do,
 * prints "locked", and holds the lock until its standard input closes.
 */
public final class LockHolder {

  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); FileLock lock = c.lock()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the test closes our standard input
      }
    }
  }
}
