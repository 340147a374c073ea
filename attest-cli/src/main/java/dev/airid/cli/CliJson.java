package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.Optional;

/**
 * The members every {@code --json} document shares (spec/cli.md §2): {@code ok}, {@code exitCode} and {@code error}, so
 * that a script reads success, failure and errors (usage errors included) from one shape.
 */
final class CliJson {

  private CliJson() {}

  /** {@code {"ok": exitCode == 0, "exitCode": …, "error": {…} | null}}, to which a command adds its own members. */
  static JsonObject.Builder envelope(int exitCode, Optional<JsonObject> error) {
    return JsonObject.builder().put("ok", exitCode == ExitCode.OK).put("exitCode", exitCode)
        .put("error", error.<JsonValue>map(e -> e).orElse(JsonNull.INSTANCE));
  }

  /** {@code {"code", "message", "pointer"}} of an airid error ({@code pointer} null unless inside a JSON document). */
  static JsonObject error(AiridException e) {
    return error(e.code().name(), e.getMessage(),
        e instanceof InputRejectedException r ? r.pointer().orElse(null) : null);
  }

  /** {@code {"code", "message", "pointer"}}; {@code pointer} may be null. */
  static JsonObject error(String code, String message, String pointer) {
    return JsonObject.builder().put("code", code).put("message", message).put("pointer", string(pointer)).build();
  }

  static JsonValue string(String s) {
    return s == null ? JsonNull.INSTANCE : JsonString.of(s);
  }
}
