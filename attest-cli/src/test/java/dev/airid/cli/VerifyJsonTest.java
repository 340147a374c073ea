package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.testing.Paths2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec/cli.md is normative for 'airid verify --json': the members its tables list are read from the spec, and the
 * documents of a success, a run verified without an artifact, a failed check, a failed run, an unreadable artifact and
 * a usage error must have exactly those members, each seen with a value of its documented type.
 */
class VerifyJsonTest {

  @TempDir Path tmp;

  String p(String name) {
    return tmp.resolve(name).toString();
  }

  /** The members of the table that follows {@code heading}'s first "| Member |" header in spec/cli.md. */
  static List<String> members(String spec, String after) {
    int start = spec.indexOf("| Member |", spec.indexOf(after));
    List<String> out = new ArrayList<>();
    for (String line : spec.substring(start).split("\n")) {
      if (!line.startsWith("|")) {
        break;
      }
      Matcher m = Pattern.compile("^\\| `([A-Za-z]+)` \\|").matcher(line);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  @Test
  void everyDocumentedMemberIsThereWithItsType() throws Exception {
    String spec = Files.readString(Paths2.repositoryRoot().resolve("spec/cli.md"));
    List<String> envelope = members(spec, "## 2. The JSON document");
    List<String> error = members(spec, "`error`, when not `null`, has the members");
    List<String> result = members(spec, "## 3. `airid verify`");
    assertEquals(List.of("ok", "exitCode", "error"), envelope);
    assertEquals(List.of("code", "message", "pointer"), error);
    assertEquals(11, result.size(), result.toString());

    assertEquals(0, CliTest.airid("keygen", "--out", p("k"), "--json").code());
    assertEquals(0, CliTest.airid("attest", CliTest.example().toString(), "--key", p("k.key"), "--out", p("run.json")).code());
    Files.writeString(tmp.resolve("a.md"), "a\n");
    Files.writeString(tmp.resolve("f.md"), "f\n");
    Files.writeString(tmp.resolve("x.md"), "x\n");
    assertEquals(0, CliTest.airid("attest-output", "--run", p("run.json"), "--key", p("k.key"), p("a.md")).code());
    assertEquals(0, CliTest.airid("attest-output", "--run", p("run.json"), "--key", p("k.key"), "--status", "failed", p("f.md")).code());

    List<JsonObject> docs = new ArrayList<>();
    docs.add(verify(0, "verify", p("a.md"), "--key", p("k.pub"), "--json"));
    docs.add(verify(0, "verify", "--bundle", p("a.md.airid.jsonl"), "--key", p("k.pub"), "--json"));
    docs.add(verify(1, "verify", p("x.md"), "--bundle", p("a.md.airid.jsonl"), "--key", p("k.pub"), "--json"));
    docs.add(verify(1, "verify", p("f.md"), "--key", p("k.pub"), "--json"));
    docs.add(verify(0, "verify", p("f.md"), "--key", p("k.pub"), "--accept-unsuccessful-runs", "--json"));
    docs.add(verify(2, "verify", p("a.md"), p("missing.md"), "--key", p("k.pub"), "--json"));
    docs.add(verify(2, "verify", p("a.md"), "--frobnicate", "--json"));
    docs.add(verify(2, "verify", p("a.md"), "--key", p("run.json"), "--json"));

    Set<String> outcomes = new HashSet<>();
    Set<String> statuses = new HashSet<>();
    Set<String> nonNull = new LinkedHashSet<>();
    for (JsonObject d : docs) {
      Set<String> expected = new LinkedHashSet<>(envelope);
      expected.add("results");
      assertEquals(expected, d.names(), d.toString());
      long exit = ((JsonNumber) d.getOrNull("exitCode")).longValueExact();
      assertEquals(JsonBoolean.of(exit == 0), d.getOrNull("ok"));
      if (d.getOrNull("error") instanceof JsonObject e) {
        assertEquals(new LinkedHashSet<>(error), e.names(), e.toString());
        assertTrue(e.getOrNull("code") instanceof JsonString && e.getOrNull("message") instanceof JsonString);
        assertTrue(((JsonArray) d.getOrNull("results")).isEmpty(), "a stopped command has no results");
        nonNull.add("error(top)");
      } else {
        assertEquals(JsonNull.INSTANCE, d.getOrNull("error"));
      }
      for (JsonValue v : (JsonArray) d.getOrNull("results")) {
        JsonObject r = (JsonObject) v;
        assertEquals(new LinkedHashSet<>(result), r.names(), r.toString());
        for (String m : result) {
          if (r.getOrNull(m) != JsonNull.INSTANCE && !(r.getOrNull(m) instanceof JsonArray a && a.isEmpty())) {
            nonNull.add(m);
          }
        }
        String outcome = ((JsonString) r.getOrNull("outcome")).value();
        outcomes.add(outcome);
        assertTrue(r.getOrNull("bundle") instanceof JsonString && r.getOrNull("line") instanceof JsonString, r.toString());
        if (r.getOrNull("runStatus") instanceof JsonString s) {
          statuses.add(s.value());
        }
        if (outcome.equals("no-artifact-checked")) {
          assertEquals(JsonNull.INSTANCE, r.getOrNull("artifact"));
        }
        if (outcome.equals("verified")) {
          assertTrue(r.getOrNull("identity") instanceof JsonString && r.getOrNull("digest") instanceof JsonString, r.toString());
          JsonObject signer = (JsonObject) ((JsonArray) r.getOrNull("signers")).get(0);
          assertEquals(Set.of("keyId", "algorithm"), signer.names());
        }
        if (outcome.equals("not-verified")) {
          JsonObject f = (JsonObject) r.getOrNull("failure");
          assertEquals(Set.of("name", "detail"), f.names());
        }
        for (JsonValue c : (JsonArray) r.getOrNull("checks")) {
          JsonObject check = (JsonObject) c;
          assertEquals(Set.of("name", "bundle", "status", "detail"), check.names());
          assertTrue(Set.of("pass", "fail", "skipped").contains(((JsonString) check.getOrNull("status")).value()));
        }
        if (r.getOrNull("error") instanceof JsonObject e) {
          assertEquals(new LinkedHashSet<>(error), e.names(), e.toString());
        }
      }
    }
    assertEquals(Set.of("verified", "no-artifact-checked", "not-verified", "error"), outcomes);
    assertTrue(statuses.containsAll(Set.of("succeeded", "failed")), statuses.toString());
    Set<String> all = new LinkedHashSet<>(result);
    all.add("error(top)");
    assertEquals(all, nonNull, "every documented member is seen with a value");
  }

  JsonObject verify(int exit, String... args) throws Exception {
    CliTest.Result r = CliTest.airid(args);
    assertEquals(exit, r.code(), r.out() + r.stderr());
    assertEquals(1, r.out().lines().count(), r.out());
    assertFalse(r.stderr().contains("{"), "no JSON on stderr: " + r.stderr());
    return (JsonObject) Json.parse(r.stdout());
  }
}
