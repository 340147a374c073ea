package dev.airid.capture;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.Bundle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run that has started: its identity is fixed and, with a signer, its run attestation is signed. It ends exactly
 * once, with {@link #succeeded}, {@link #failed} or {@link #interrupted}; later calls do nothing (a stream may report
 * completion and an error). Ending a run records it in its {@link RunScope} at once; its output attestation is then
 * signed and the run handed to the sink, off the calling thread unless the capture is synchronous (see {@link
 * RunCapture}). {@link #finished()} completes when that is done. Thread-safe.
 *
 * <p>The output attestation (spec/frameworks.md §9) binds the outputs as subjects and records the execution facts in
 * its predicate. Subjects: {@code response} — the SHA-256 of the UTF-8 response text — and, when the model called
 * tools, {@code tool_calls} — the SHA-256 of the canonical JSON of the calls. A failed run has one subject, {@code
 * error}, the SHA-256 of the exception's class name, which is also its {@code errorType}; an interrupted one has {@code
 * interrupted}. The response id, finish reasons, reported model and token counts are execution facts, never names.
 */
public final class Run {

  private final RunCapture capture;
  private final Declaration declaration;
  private final Optional<Bundle> runBundle;
  private final RunScope scope;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CompletableFuture<FinishedRun> finished = new CompletableFuture<>();

  Run(RunCapture capture, Declaration declaration, Optional<Bundle> runBundle, RunScope scope) {
    this.capture = capture;
    this.declaration = declaration;
    this.runBundle = runBundle;
    this.scope = scope;
  }

  public RunIdentity identity() {
    return declaration.identity();
  }

  public Declaration declaration() {
    return declaration;
  }

  /** The signed declaration attestation, when a signer is configured. Signed before the provider was called. */
  public Optional<Bundle> runBundle() {
    return runBundle;
  }

  /**
   * The finished run, once the run has ended, its output attestation is signed (or could not be: {@link
   * FinishedRun#provenanceError()}) and the sink has taken it. Each call returns a new future; completing it does
   * not affect the run. {@code run.finished().join()} waits for one run, {@link RunCapture#flush()} for all.
   */
  public CompletableFuture<FinishedRun> finished() {
    return finished.copy();
  }

  CompletableFuture<FinishedRun> finishedFuture() {
    return finished;
  }

  /**
   * Binds a successful response.
   *
   * @throws ProvenanceException only when the capture is synchronous: the output attestation could not be signed, or
   *     the sink failed (the run still went to the sink). Otherwise such failures are reported by {@link
   *     RunCapture#flush()}.
   */
  public void succeeded(ChatOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    end(new Ending(ExecutionFacts.Status.SUCCEEDED, outcome, null, capture.clock().instant()));
  }

  /**
   * Records a failed call (an exception, a timeout): the run attestation stays, and an output attestation with status
   * {@code failed} records the error's class name as {@code errorType} (never its message). Never throws: the
   * caller's exception is what propagates.
   */
  public void failed(Throwable error) {
    end(new Ending(ExecutionFacts.Status.FAILED, null, error.getClass().getName(), capture.clock().instant()));
  }

  /** Records a run that was cancelled before it finished (a stream that was disposed). Never throws. */
  public void interrupted() {
    end(new Ending(ExecutionFacts.Status.INTERRUPTED, null, null, capture.clock().instant()));
  }

  private void end(Ending ending) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (scope != null) {
      scope.ended(this);
    }
    capture.bind(this, ending);
  }

  /** How a run ended, fixed on the thread that ended it (so the time is the end's, not the binding's). */
  record Ending(ExecutionFacts.Status status, ChatOutcome outcome, String errorType, Instant finishedAt) {}

  /** A bound run and the first failure of its binding ({@code null} if none). */
  record Bound(FinishedRun run, ProvenanceException failure) {}

  /**
   * Signs the output attestation and hands the finished run to the sink. Returns the first failure instead of throwing
   * it, so that the capture decides where it goes, and completes nothing: the capture completes {@link #finished()}
   * once the failure is recorded, so that whoever waits for the run also sees its failure.
   */
  Bound bind(Ending e) {
    ProvenanceException failure = null;
    Optional<Bundle> out = Optional.empty();
    Optional<String> problem = Optional.empty();
    if (runBundle.isPresent()) {
      try {
        // The output statement straight from what this run holds: Attestor.attestOutputs would parse the run
        // bundle's payload again and recompute the identity it was made from.
        byte[] payload = runBundle.get().envelope().orElseThrow().payload();
        out = Optional.of(capture.attestor().orElseThrow().sign(
            Attestor.outputStatement(identity(), Hashes.sha256Hex(payload), subjects(e), facts(e))));
      } catch (AiridException ex) {
        failure = new ProvenanceException("cannot sign the output attestation of " + identity(), ex);
      } catch (RuntimeException ex) {
        failure = new ProvenanceException("cannot sign the output attestation of " + identity() + ": " + ex,
            ErrorCode.IO_ERROR, ex);
      }
      if (failure != null) {
        problem = Optional.of(failure.getMessage());
      }
    }
    FinishedRun run = new FinishedRun(identity(), declaration, runBundle, out, e.status(), Optional.ofNullable(e.outcome()),
        Optional.ofNullable(e.errorType()), problem);
    try {
      capture.sink().accept(run);
    } catch (RuntimeException ex) {
      if (failure == null) {
        failure = new ProvenanceException("the provenance sink failed for " + identity() + ": " + ex, ErrorCode.IO_ERROR, ex);
      }
    }
    return new Bound(run, failure);
  }

  /** The execution facts of an ending (spec/frameworks.md §9). */
  static ExecutionFacts facts(Ending e) {
    ExecutionFacts facts = ExecutionFacts.of(e.status()).finishedAt(e.finishedAt());
    ChatOutcome o = e.outcome();
    if (o != null) {
      if (o.reportedModel() != null) {
        facts = facts.reportedModel(o.reportedModel());
      }
      if (o.inputTokens() != null && o.outputTokens() != null) {
        facts = facts.usage(o.inputTokens(), o.outputTokens());
      }
      if (o.responseId() != null) {
        facts = facts.responseId(o.responseId());
      }
      if (!o.finishReasons().isEmpty()) {
        facts = facts.finishReasons(o.finishReasons());
      }
    }
    if (e.errorType() != null) {
      facts = facts.errorType(e.errorType());
    }
    return facts;
  }

  /** The output subjects of an ending (spec/frameworks.md §9). */
  static List<Subject> subjects(Ending e) {
    return switch (e.status()) {
      case SUCCEEDED -> subjects(e.outcome());
      case FAILED -> List.of(Subject.sha256("error", Hashes.sha256Hex(e.errorType())));
      case INTERRUPTED -> List.of(Subject.sha256("interrupted", Hashes.sha256Hex("cancelled")));
    };
  }

  /** The output subjects of a successful response: {@code response}, and {@code tool_calls} when there are any. */
  static List<Subject> subjects(ChatOutcome outcome) {
    List<Subject> subjects = new ArrayList<>(2);
    subjects.add(Subject.sha256("response", Hashes.sha256Hex(responseBytes(outcome))));
    if (!outcome.toolCalls().isEmpty()) {
      subjects.add(Subject.sha256("tool_calls", Hashes.sha256Hex(toolCallsJson(outcome.toolCalls()))));
    }
    return subjects;
  }

  /** The canonical JSON (RFC 8785) of the tool calls: {@code [{"arguments":…,"id":…,"name":…}, …]}. */
  public static byte[] toolCallsJson(List<ChatDeclaration.ToolCall> calls) {
    List<JsonValue> items = new ArrayList<>();
    for (ChatDeclaration.ToolCall c : calls) {
      JsonObject.Builder b = JsonObject.builder();
      if (c.id() != null) {
        b.put("id", c.id());
      }
      b.put("name", c.name() == null ? "" : c.name());
      b.put("arguments", c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments());
      items.add(b.build());
    }
    return Json.canonicalize(JsonArray.of(items));
  }

  /** The UTF-8 bytes the {@code response} subject digests. */
  public static byte[] responseBytes(ChatOutcome outcome) {
    return (outcome.text() == null ? "" : outcome.text()).getBytes(StandardCharsets.UTF_8);
  }
}
