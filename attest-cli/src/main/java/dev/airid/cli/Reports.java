package dev.airid.cli;

import dev.airid.verify.Check;
import dev.airid.attest.Subject;
import dev.airid.verify.VerificationResult;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The two report formats of 'airid verify', documented in its help and in the README. */
final class Reports {

  private Reports() {}

  /** One line per check: a mark, the bundle line, the check name and what was found; then a verdict line. */
  static void human(PrintStream err, String file, VerificationResult r) {
    for (Check c : r.checks()) {
      String mark = switch (c.status()) {
        case PASS -> "ok  ";
        case FAIL -> "FAIL";
        case SKIPPED -> "skip";
      };
      String where = c.bundle() < 0 ? "   " : String.format("#%-2d", c.bundle());
      err.println(mark + " " + where + " " + c.name() + (c.detail().isEmpty() ? "" : ": " + c.detail()));
    }
    if (r.verified()) {
      err.println("verified: " + file + (r.identity().isPresent() ? " is run " + r.identity().get() : ""));
    } else {
      Check first = r.firstFailure().orElse(null);
      err.println("NOT verified: " + file + (first == null ? "" : " (" + first.name() + ": " + first.detail() + ")"));
    }
  }

  /** {@code {name, bundle?, status, detail}}: one check as the JSON reports give it; {@code bundle} only if asked. */
  static JsonObject check(Check c, boolean withBundle) {
    JsonObject.Builder b = JsonObject.builder().put("name", c.name());
    if (withBundle) {
      b.put("bundle", c.bundle());
    }
    return b.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT)).put("detail", c.detail()).build();
  }

  /** {"verified": bool, "file", "identity"?, "model"?, "outputs": […], "checks": [{name, bundle, status, detail}]}. */
  static JsonObject json(String file, VerificationResult r) {
    List<JsonValue> checks = new ArrayList<>();
    for (Check c : r.checks()) {
      checks.add(check(c, true));
    }
    List<JsonValue> outputs = new ArrayList<>();
    for (Subject s : r.outputs()) {
      outputs.add(JsonObject.builder().put("name", s.name()).put("sha256", s.digest().getOrDefault("sha256", "")).build());
    }
    JsonObject.Builder b = JsonObject.builder().put("verified", r.verified()).put("file", file);
    r.identity().ifPresent(id -> b.put("identity", id.toString()));
    r.declaration().ifPresent(d -> b.put("model", d.modelName()).put("redacted", d.isRedacted()));
    return b.put("outputs", JsonArray.of(outputs)).put("checks", JsonArray.of(checks)).build();
  }
}
