package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What happened when the run executed: they go into the output attestation, never into the identity.
 *
 * @param status how the run ended
 * @param finishedAt when it ended
 * @param reportedModel the model name the provider reported in its response (may differ from the declared one)
 * @param inputTokens tokens the provider counted as input
 * @param outputTokens tokens the provider counted as output
 * @param responseId the provider's id of its response (OpenTelemetry {@code gen_ai.response.id})
 * @param finishReasons why the provider stopped, per choice (OpenTelemetry {@code gen_ai.response.finish_reasons})
 * @param errorType what ended a failed run: the exception class or error code (OpenTelemetry {@code error.type})
 */
public record ExecutionFacts(
    Status status, Optional<Instant> finishedAt, Optional<String> reportedModel, OptionalLong inputTokens,
    OptionalLong outputTokens, Optional<String> responseId, java.util.List<String> finishReasons, Optional<String> errorType) {

  /** How a run ended. */
  public enum Status {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    INTERRUPTED("interrupted");

    private final String json;

    Status(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    public static Optional<Status> fromJson(String s) {
      for (Status v : values()) {
        if (v.json.equals(s)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }

  public ExecutionFacts {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(reportedModel, "reportedModel");
    Objects.requireNonNull(inputTokens, "inputTokens");
    Objects.requireNonNull(outputTokens, "outputTokens");
    Objects.requireNonNull(responseId, "responseId");
    finishReasons = java.util.List.copyOf(finishReasons);
    Objects.requireNonNull(errorType, "errorType");
  }

  /** Facts with only a status. */
  public static ExecutionFacts of(Status status) {
    return new ExecutionFacts(status, Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
        Optional.empty(), java.util.List.of(), Optional.empty());
  }

  public ExecutionFacts finishedAt(Instant at) {
    return new ExecutionFacts(status, Optional.of(at), reportedModel, inputTokens, outputTokens, responseId, finishReasons, errorType);
  }

  public ExecutionFacts reportedModel(String model) {
    return new ExecutionFacts(status, finishedAt, Optional.of(model), inputTokens, outputTokens, responseId, finishReasons, errorType);
  }

  public ExecutionFacts usage(long input, long output) {
    if (input < 0 || output < 0) {
      throw new IllegalArgumentException("token counts are not negative");
    }
    return new ExecutionFacts(status, finishedAt, reportedModel, OptionalLong.of(input), OptionalLong.of(output), responseId,
        finishReasons, errorType);
  }

  /** The provider's id of its response. */
  public ExecutionFacts responseId(String id) {
    return new ExecutionFacts(status, finishedAt, reportedModel, inputTokens, outputTokens, Optional.of(id), finishReasons, errorType);
  }

  /** Why the provider stopped, one reason per choice (e.g. {@code stop}, {@code length}, {@code tool_calls}). */
  public ExecutionFacts finishReasons(java.util.List<String> reasons) {
    return new ExecutionFacts(status, finishedAt, reportedModel, inputTokens, outputTokens, responseId, reasons, errorType);
  }

  /** What ended a failed run: an exception's class name or a provider's error code. Never its message. */
  public ExecutionFacts errorType(String type) {
    return new ExecutionFacts(status, finishedAt, reportedModel, inputTokens, outputTokens, responseId, finishReasons, Optional.of(type));
  }

  /** The execution facts of an output predicate, as JSON (spec/attestations.md §2.2). */
  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("status", status.json());
    finishedAt.ifPresent(t -> b.put("finishedAt", t.toString()));
    reportedModel.ifPresent(m -> b.put("reportedModel", m));
    if (inputTokens.isPresent() || outputTokens.isPresent()) {
      JsonObject.Builder u = JsonObject.builder();
      inputTokens.ifPresent(n -> u.put("inputTokens", n));
      outputTokens.ifPresent(n -> u.put("outputTokens", n));
      b.put("usage", u.build());
    }
    responseId.ifPresent(id -> b.put("responseId", id));
    if (!finishReasons.isEmpty()) {
      b.put("finishReasons", dev.airid.json.JsonArray.of(finishReasons.stream().map(JsonString::of).toList()));
    }
    errorType.ifPresent(t -> b.put("errorType", t));
    return b.build();
  }

  /**
   * Reads {@code execution} of an output predicate: members {@code status} (required), {@code finishedAt}, {@code
   * reportedModel} and {@code usage} ({@code inputTokens}, {@code outputTokens}: whole numbers ≥ 0), nothing else.
   *
   * @param at the JSON Pointer of the object, for errors ({@link ErrorCode#STATEMENT_INVALID})
   */
  public static ExecutionFacts fromJson(JsonValue json, String at) throws InputRejectedException {
    JsonObject e = OutputPredicate.object(json, at, "execution", java.util.Set.of("status", "finishedAt", "reportedModel", "usage",
        "responseId", "finishReasons", "errorType"));
    Optional<Status> status = e.getOrNull("status") instanceof JsonString st ? Status.fromJson(st.value()) : Optional.empty();
    if (status.isEmpty()) {
      throw OutputPredicate.error(at + "/status", "execution.status must be succeeded, failed or interrupted");
    }
    ExecutionFacts facts = of(status.get());
    if (e.has("finishedAt")) {
      if (!(e.getOrNull("finishedAt") instanceof JsonString t)) {
        throw OutputPredicate.error(at + "/finishedAt", "execution.finishedAt must be a string");
      }
      try {
        facts = facts.finishedAt(Instant.parse(t.value()));
      } catch (java.time.format.DateTimeParseException ex) {
        throw OutputPredicate.error(at + "/finishedAt", "execution.finishedAt must be an RFC 3339 UTC time");
      }
    }
    if (e.has("reportedModel")) {
      if (!(e.getOrNull("reportedModel") instanceof JsonString m)) {
        throw OutputPredicate.error(at + "/reportedModel", "execution.reportedModel must be a string");
      }
      facts = facts.reportedModel(m.value());
    }
    if (e.has("usage")) {
      JsonObject u = OutputPredicate.object(e.getOrNull("usage"), at + "/usage", "execution.usage", java.util.Set.of("inputTokens", "outputTokens"));
      OptionalLong in = tokens(u, "inputTokens", at);
      OptionalLong out = tokens(u, "outputTokens", at);
      facts = new ExecutionFacts(facts.status, facts.finishedAt, facts.reportedModel, in, out, Optional.empty(), java.util.List.of(),
          Optional.empty());
    }
    for (String f : java.util.List.of("responseId", "errorType")) {
      if (e.has(f) && !(e.getOrNull(f) instanceof JsonString)) {
        throw OutputPredicate.error(at + "/" + f, "execution." + f + " must be a string");
      }
    }
    if (e.getOrNull("responseId") instanceof JsonString id) {
      facts = facts.responseId(id.value());
    }
    if (e.has("finishReasons")) {
      if (!(e.getOrNull("finishReasons") instanceof dev.airid.json.JsonArray a)
          || !a.elements().stream().allMatch(v -> v instanceof JsonString)) {
        throw OutputPredicate.error(at + "/finishReasons", "execution.finishReasons must be an array of strings");
      }
      facts = facts.finishReasons(a.elements().stream().map(v -> ((JsonString) v).value()).toList());
    }
    if (e.getOrNull("errorType") instanceof JsonString t) {
      facts = facts.errorType(t.value());
    }
    return facts;
  }

  private static OptionalLong tokens(JsonObject u, String name, String at) throws InputRejectedException {
    JsonValue v = u.getOrNull(name);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (!(v instanceof JsonNumber n) || !n.isSafeInteger() || n.value() < 0) {
      throw OutputPredicate.error(at + "/usage/" + name, "token counts are whole numbers >= 0");
    }
    return OptionalLong.of((long) n.value());
  }
}
