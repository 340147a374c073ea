package dev.airid.capture;

import dev.airid.AiridException;
import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run that has started: its identity is fixed and, with a signer, its run attestation is signed. It ends exactly
 * once, with {@link #succeeded}, {@link #failed} or {@link #interrupted}; later calls return {@code null} and do
 * nothing (a stream may report completion and an error). Thread-safe.
 *
 * <p>The output attestation's subjects (spec/frameworks.md §9) are {@code response} — the SHA-256 of the UTF-8
 * response text — and, when the model called tools, {@code tool_calls} — the SHA-256 of the canonical JSON of the
 * calls. A failed run has one subject, {@code error}, the SHA-256 of the exception's class name. Facts that the output
 * predicate has no member for (response id, finish reason, error class) are recorded in the subject name, e.g.
 * {@code response;id=chatcmpl-1;finish=stop}.
 */
public final class Run {

  private final RunCapture capture;
  private final Declaration declaration;
  private final Optional<Bundle> runBundle;
  private final RunScope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

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

  /** The signed declaration attestation, when a signer is configured. */
  public Optional<Bundle> runBundle() {
    return runBundle;
  }

  /**
   * Binds a successful response.
   *
   * @throws ProvenanceException if the output attestation cannot be signed, or the sink fails
   */
  public FinishedRun succeeded(ChatOutcome outcome) {
    if (!ended.compareAndSet(false, true)) {
      return null;
    }
    Optional<Bundle> out = Optional.empty();
    if (runBundle.isPresent()) {
      ExecutionFacts facts = ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).finishedAt(capture.clock().instant());
      if (outcome.reportedModel() != null) {
        facts = facts.reportedModel(outcome.reportedModel());
      }
      if (outcome.inputTokens() != null && outcome.outputTokens() != null) {
        facts = facts.usage(outcome.inputTokens(), outcome.outputTokens());
      }
      try {
        out = Optional.of(attestor().attestOutputs(runBundle.get(), subjects(outcome), facts));
      } catch (AiridException e) {
        throw new ProvenanceException("cannot sign the output attestation of " + identity(), e);
      }
    }
    FinishedRun run = new FinishedRun(identity(), declaration, runBundle, out, ExecutionFacts.Status.SUCCEEDED,
        Optional.of(outcome), Optional.empty(), Optional.empty());
    deliver(run, true);
    return run;
  }

  /**
   * Records a failed call (an exception, a timeout): the run attestation stays, and an output attestation with status
   * {@code failed} names the error class. Never throws: the caller's exception is what propagates.
   */
  public FinishedRun failed(Throwable error) {
    return end(ExecutionFacts.Status.FAILED, error.getClass().getName());
  }

  /** Records a run that was cancelled before it finished (a stream that was disposed). Never throws. */
  public FinishedRun interrupted() {
    return end(ExecutionFacts.Status.INTERRUPTED, "cancelled");
  }

  private FinishedRun end(ExecutionFacts.Status status, String what) {
    if (!ended.compareAndSet(false, true)) {
      return null;
    }
    Optional<Bundle> out = Optional.empty();
    Optional<String> problem = Optional.empty();
    if (runBundle.isPresent()) {
      String label = status == ExecutionFacts.Status.FAILED ? "error;class=" + what : "interrupted";
      Subject subject = Subject.sha256(label, Hashes.sha256Hex(what));
      try {
        out = Optional.of(attestor().attestOutputs(runBundle.get(), List.of(subject),
            ExecutionFacts.of(status).finishedAt(capture.clock().instant())));
      } catch (AiridException | RuntimeException e) {
        problem = Optional.of(e.getMessage());
      }
    }
    FinishedRun run = new FinishedRun(identity(), declaration, runBundle, out, status, Optional.empty(),
        status == ExecutionFacts.Status.FAILED ? Optional.of(what) : Optional.empty(), problem);
    deliver(run, false);
    return run;
  }

  private void deliver(FinishedRun run, boolean propagate) {
    if (scope != null) {
      scope.finished(run);
    }
    try {
      capture.sink().accept(run);
    } catch (RuntimeException e) {
      if (propagate) {
        throw new ProvenanceException("the provenance sink failed for " + identity(), dev.airid.ErrorCode.IO_ERROR, e);
      }
    }
  }

  private Attestor attestor() {
    return capture.attestor().orElseThrow();
  }

  /** The output subjects of a successful response (spec/frameworks.md §9). */
  static List<Subject> subjects(ChatOutcome outcome) {
    List<Subject> subjects = new ArrayList<>();
    StringBuilder name = new StringBuilder("response");
    if (outcome.responseId() != null) {
      name.append(";id=").append(outcome.responseId());
    }
    if (outcome.finishReason() != null) {
      name.append(";finish=").append(outcome.finishReason());
    }
    String text = outcome.text() == null ? "" : outcome.text();
    subjects.add(Subject.sha256(name.toString(), Hashes.sha256Hex(text)));
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
