package dev.airid.capture;

import dev.airid.InputRejectedException;
import java.nio.file.Path;

/**
 * Receives every finished run: its identity, declaration, run attestation and output attestation, after the output was
 * bound. Called on the {@link RunCapture}'s binding thread; on the thread that ended the run (for streaming, the thread
 * that delivered the last event) when the capture is synchronous, has no signer, or its binding queue is full. An
 * implementation must therefore be thread-safe and quick, and must not block: hand slow work to another thread, as
 * {@link #directory(Path)} does. An exception thrown here is reported by {@link RunCapture#flush()} (in synchronous
 * mode, or without a signer, it surfaces as a {@link ProvenanceException} of a successful call).
 *
 * <p>A lambda is a callback sink: {@code ProvenanceSink sink = run -> queue.add(run);}.
 */
@FunctionalInterface
public interface ProvenanceSink {

  /** Takes a finished run. */
  void accept(FinishedRun run);

  /** A sink that drops everything: the identity is still computed, gated and visible in {@link RunScope}. */
  static ProvenanceSink none() {
    return run -> {};
  }

  /**
   * Writes each attested run to {@code <dir>/<identity-hex>.airid.jsonl} (the run bundle, then the output bundle),
   * atomically, on a background thread of its own. {@code dir} must exist.
   *
   * @throws InputRejectedException ({@link dev.airid.ErrorCode#INPUT_NOT_FOUND}) if {@code dir} is not a directory
   */
  static DirectorySink directory(Path dir) throws InputRejectedException {
    return DirectorySink.open(dir);
  }
}
