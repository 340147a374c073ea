package dev.airid.capture;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.RunIdentity;
import dev.airid.attest.Provenance;
import dev.airid.sigstore.Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes each attested run to {@code <dir>/<identity-hex>.airid.jsonl} on a thread of its own, so that no thread that
 * hands it a run waits for disk. Files are written with {@link Provenance#write}: a temporary file in the same
 * directory, forced to disk and moved into place atomically, so a reader sees the whole file or none. A run repeated
 * with the same declaration has the same identity and replaces the earlier file with its own provenance. Runs without
 * a signer have no bundles and write nothing.
 *
 * <p>Thread-safe. Write failures are kept: {@link #flush()} and {@link #close()} report the first one with its code
 * ({@link ErrorCode#IO_ERROR}). Close it when the application stops, after the {@link RunCapture} that feeds it, to
 * wait for pending writes.
 */
public final class DirectorySink implements ProvenanceSink, AutoCloseable {

  private final Path dir;
  private final ExecutorService writer;
  private final AtomicReference<AiridException> failure = new AtomicReference<>();

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

  /** The file a run of {@code identity} is written to. */
  public Path fileOf(RunIdentity identity) {
    return dir.resolve(identity.hex() + ".airid.jsonl");
  }

  @Override
  public void accept(FinishedRun run) {
    List<Bundle> bundles = run.bundles();
    if (bundles.isEmpty()) {
      return;
    }
    Path target = fileOf(run.identity());
    writer.execute(() -> {
      try {
        Provenance.write(target, bundles, true);
      } catch (AiridException e) {
        failure.compareAndSet(null, e);
      }
    });
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
    } catch (ExecutionException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "provenance writer failed", e.getCause());
    }
    AiridException e = failure.getAndSet(null);
    if (e != null) {
      throw new OperationFailedException(e.code(), "writing provenance to " + dir + " failed: " + e.getMessage(), e);
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
