package dev.airid.capture;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes each attested run to {@code <dir>/<identity-hex>.airid.jsonl}, so the calling thread never waits for disk.
 * Each file is written to a temporary file in the same directory, forced to disk and moved into place atomically: a
 * reader sees the whole file or none. A run repeated with the same declaration has the same identity and replaces the
 * earlier file with its own provenance. Runs without a signer have no bundles and write nothing.
 *
 * <p>Thread-safe. Write failures are kept: {@link #flush()} and {@link #close()} report the first one as {@link
 * ErrorCode#IO_ERROR}. Close it when the application stops, to wait for pending writes.
 */
public final class DirectorySink implements ProvenanceSink, AutoCloseable {

  private final Path dir;
  private final ExecutorService writer;
  private final AtomicReference<IOException> failure = new AtomicReference<>();

  private DirectorySink(Path dir) {
    this.dir = dir;
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "airid-provenance-writer");
      t.setDaemon(true);
      return t;
    });
  }

  static DirectorySink open(Path dir) throws InputRejectedException {
    if (dir == null || !Files.isDirectory(dir)) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, "provenance directory " + dir + " does not exist");
    }
    return new DirectorySink(dir);
  }

  /** The file a run of {@code identityHex} is written to. */
  public Path fileOf(dev.airid.RunIdentity identity) {
    return dir.resolve(identity.hex() + ".airid.jsonl");
  }

  @Override
  public void accept(FinishedRun run) {
    Optional<byte[]> bytes = run.provenance();
    if (bytes.isEmpty()) {
      return;
    }
    Path target = fileOf(run.identity());
    writer.execute(() -> {
      try {
        write(target, bytes.get());
      } catch (IOException e) {
        failure.compareAndSet(null, e);
      }
    });
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".airid-", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Waits until every run accepted so far is on disk. */
  public void flush() throws OperationFailedException {
    try {
      if (!writer.isShutdown()) {
        Future<?> marker = writer.submit(() -> {});
        marker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException(ErrorCode.IO_ERROR, "interrupted while waiting for provenance writes", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "provenance writer failed", e.getCause());
    }
    IOException e = failure.getAndSet(null);
    if (e != null) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "writing provenance to " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** Flushes, then stops the writer thread. */
  @Override
  public void close() throws OperationFailedException {
    try {
      flush();
    } finally {
      writer.shutdown();
      try {
        writer.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
