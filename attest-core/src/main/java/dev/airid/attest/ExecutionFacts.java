package dev.airid.attest;

import dev.airid.json.JsonObject;
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
 */
public record ExecutionFacts(
    Status status, Optional<Instant> finishedAt, Optional<String> reportedModel, OptionalLong inputTokens,
    OptionalLong outputTokens) {

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
  }

  /** Facts with only a status. */
  public static ExecutionFacts of(Status status) {
    return new ExecutionFacts(status, Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
  }

  public ExecutionFacts finishedAt(Instant at) {
    return new ExecutionFacts(status, Optional.of(at), reportedModel, inputTokens, outputTokens);
  }

  public ExecutionFacts reportedModel(String model) {
    return new ExecutionFacts(status, finishedAt, Optional.of(model), inputTokens, outputTokens);
  }

  public ExecutionFacts usage(long input, long output) {
    if (input < 0 || output < 0) {
      throw new IllegalArgumentException("token counts are not negative");
    }
    return new ExecutionFacts(status, finishedAt, reportedModel, OptionalLong.of(input), OptionalLong.of(output));
  }

  JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("status", status.json());
    finishedAt.ifPresent(t -> b.put("finishedAt", t.toString()));
    reportedModel.ifPresent(m -> b.put("reportedModel", m));
    if (inputTokens.isPresent() || outputTokens.isPresent()) {
      JsonObject.Builder u = JsonObject.builder();
      inputTokens.ifPresent(n -> u.put("inputTokens", n));
      outputTokens.ifPresent(n -> u.put("outputTokens", n));
      b.put("usage", u.build());
    }
    return b.build();
  }
}
