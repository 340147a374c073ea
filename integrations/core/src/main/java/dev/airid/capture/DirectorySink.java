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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes each attested run to {@code <dir>/<identity-hex>.airid.jsonl} on a thread of its own, so that no thread that
 * hands it a run waits for disk. Files are written with {@link Provenance#write}: a temporary file in the same
 * directory, forced to disk and moved into place atomically, so a reader sees the whole file or none. A run repeated
 * with the same declaration has the same identity and replaces the earlier file with its own provenance. Runs without
 * a signer have no bundles and write nothing.
 *
 * <p>At most {@value #DEFAULT_QUEUE} runs wait for the writer; beyond that, and after {@link #close()}, the thread
 * that hands a run over writes it itself (backpressure: a disk slower than the model calls slows the binding instead
 * of filling the heap, and no run is dropped).
 *
 * <p>Thread-safe. Write failures are kept: {@link #flush()} and {@link #close()} report the first one with its code
 * ({@link ErrorCode#IO_ERROR}). Close it when the application stops, after the {@link RunCapture} that feeds it, to
 * wait for pending writes.
 */
public final class DirectorySink implements ProvenanceSink, AutoCloseable {

  /** Runs waiting for the writer thread, at most; the next one is written by the thread that hands it over. */
  static final int DEFAULT_QUEUE = 1024;

  private final Path dir;
  private final ThreadPoolExecutor writer;
  private final AtomicReference<AiridException> failure = new AtomicReference<>();
  private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

  private DirectorySink(Path dir, int queue) {
    this.dir = dir;
    // Caller-runs in every case, also once shut down (the JDK's CallerRunsPolicy would discard the run then).
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
      Thread t = new Thread(r, "airid-provenance-writer");
      t.setDaemon(true);
      return t;
    }, (task, executor) -> task.run());
  }

  static DirectorySink open(Path dir) throws InputRejectedException {
    return open(dir, DEFAULT_QUEUE);
  }

  static DirectorySink open(Path dir, int queue) throws InputRejectedException {
    if (dir == null || !Files.isDirectory(dir)) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, "provenance directory " + dir + " does not exist");
    }
    return new DirectorySink(dir, queue);
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
    CompletableFuture<Void> written = new CompletableFuture<>();
    pending.add(written);
    writer.execute(() -> {
      try {
        Provenance.write(target, bundles, true);
      } catch (AiridException e) {
        failure.compareAndSet(null, e);
      } finally {
        pending.remove(written);
        written.complete(null);
      }
    });
  }

  /**
   * Waits until every run accepted before this call is on disk (or failed to be written), whichever thread writes it.
   *
   * @throws OperationFailedException the first write failure since the last flush, with its code
   */
  public void flush() throws OperationFailedException {
    // Each write has its own future: a marker task would not do, since a full queue runs it at once on the caller.
    for (CompletableFuture<Void> f : List.copyOf(pending)) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationFailedException(ErrorCode.IO_ERROR, "interrupted while waiting for provenance writes", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a provenance write future completes normally", e);
      }
    }
    AiridException e = failure.getAndSet(null);
    if (e != null) {
      throw new OperationFailedException(e.code(), "writing provenance to " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** Flushes, then stops the writer thread. Runs handed over afterwards are written on the calling thread. */
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
