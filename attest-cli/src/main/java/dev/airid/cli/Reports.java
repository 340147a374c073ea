package dev.airid.cli;

import dev.airid.verify.Check;
import dev.airid.json.JsonObject;

/** How a check is written in the JSON reports of 'airid verify' and 'airid conformance verify-bundle'. */
final class Reports {

  private Reports() {}

  /** {@code {name, bundle?, status, detail}}: one check as the JSON reports give it; {@code bundle} only if asked. */
  static JsonObject check(Check c, boolean withBundle) {
    JsonObject.Builder b = JsonObject.builder().put("name", c.name());
    if (withBundle) {
      b.put("bundle", c.bundle());
    }
    return b.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT)).put("detail", c.detail()).build();
  }
}
