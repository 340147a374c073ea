package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.internal.Sha256;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.Objects;
import java.util.Set;

/**
 * The predicate of an output attestation ({@link Attestor#OUTPUT_PREDICATE}, spec/attestations.md §2.2): the run the
 * outputs belong to — its identity and the SHA-256 of its declaration attestation's DSSE payload — and the execution
 * facts. Read and written here only.
 *
 * @param run the run identity
 * @param declarationSha256 hex SHA-256 of the declaration bundle's DSSE payload (producers write lowercase; either
 *     case is read, since hex case is an encoding and the digest is compared as bytes)
 * @param execution what the provider reported
 */
public record OutputPredicate(RunIdentity run, String declarationSha256, ExecutionFacts execution) {

  public OutputPredicate {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(execution, "execution");
    if (!Sha256.isHex64(declarationSha256)) {
      throw new IllegalArgumentException("the declaration digest is 64 hex digits");
    }
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("run", JsonObject.builder()
            .put("identity", run.toString())
            .put("declaration", JsonObject.builder().put("sha256", declarationSha256).build())
            .build())
        .put("execution", execution.toJson())
        .build();
  }

  /**
   * Reads the predicate: members {@code run} and {@code execution} and nothing else, also inside them. Errors are
   * {@link ErrorCode#STATEMENT_INVALID} with a pointer into the Statement ({@code /predicate/…}).
   */
  public static OutputPredicate parse(JsonValue predicate) throws InputRejectedException {
    JsonObject p = object(predicate, "/predicate", "the output predicate", Set.of("run", "execution"));
    JsonObject r = object(p.getOrNull("run"), "/predicate/run", "run", Set.of("identity", "declaration"));
    if (!(r.getOrNull("identity") instanceof JsonString id)) {
      throw error("/predicate/run/identity", "run.identity must be a run identity string");
    }
    RunIdentity run = RunIdentity.parse(id.value());
    JsonObject d = object(r.getOrNull("declaration"), "/predicate/run/declaration", "run.declaration", Set.of("sha256"));
    if (!(d.getOrNull("sha256") instanceof JsonString sha) || !Sha256.isHex64(sha.value())) {
      throw error("/predicate/run/declaration/sha256", "run.declaration.sha256 is not 64 hex digits");
    }
    return new OutputPredicate(run, sha.value(), ExecutionFacts.fromJson(p.getOrNull("execution"), "/predicate/execution"));
  }

  /** {@code json} as an object with only {@code allowed} members; a missing one is an error too. */
  static JsonObject object(JsonValue json, String at, String what, Set<String> allowed) throws InputRejectedException {
    if (!(json instanceof JsonObject o)) {
      throw error(at, what + " must be an object");
    }
    for (String name : o.names()) {
      if (!allowed.contains(name)) {
        throw error(at + "/" + name, "unknown member \"" + name + "\" in " + what);
      }
    }
    return o;
  }

  static InputRejectedException error(String at, String reason) {
    return new InputRejectedException(ErrorCode.STATEMENT_INVALID, at, -1, reason);
  }
}
