package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17: every command run over a table of the mistakes users make (at least the twelve of the issue), comparing
 * the exit code, the stream each message goes to, and its shape: the error code that starts the message on stderr, or
 * the failed check named on stdout; then the same command line with {@code --json}, whose stdout must be one JSON
 * document with {@code ok}, {@code exitCode} and the same code. Messages are never compared as prose.
 */
class MistakesTest {

  @TempDir static Path dir;
  static String teamKeyId;
  static String otherKeyId;

  static String p(String name) {
    return dir.resolve(name).toString();
  }

  @BeforeAll
  static void fixtures() throws Exception {
    teamKeyId = keyId(CliTest.airid("keygen", "--out", p("team"), "--json"));
    otherKeyId = keyId(CliTest.airid("keygen", "--algorithm", "ecdsa-p256", "--out", p("other"), "--json"));
    Files.copy(CliTest.example(), dir.resolve("declaration.json"));
    Files.copy(CliTest.example().resolveSibling("policy.yaml"), dir.resolve("policy.yaml"));
    ok("attest", p("declaration.json"), "--key", p("team.key"), "--out", p("run.bundle.json"));
    Files.writeString(dir.resolve("review.md"), "LGTM\n");
    ok("attest-output", "--run", p("run.bundle.json"), "--key", p("team.key"), p("review.md"));
    Files.writeString(dir.resolve("failed.md"), "half a review\n");
    ok("attest-output", "--run", p("run.bundle.json"), "--key", p("team.key"), "--status", "failed", p("failed.md"));
    Files.writeString(dir.resolve("other.md"), "not an output of the run\n");
    byte[] provenance = Files.readAllBytes(dir.resolve("review.md.airid.jsonl"));
    Files.write(dir.resolve("truncated.airid.jsonl"), Arrays.copyOf(provenance, provenance.length / 2));
    Files.writeString(dir.resolve("malformed.json"), "{\"mediaType\": ");
    String text = new String(provenance, StandardCharsets.UTF_8);
    int sig = text.indexOf("\"sig\":\"") + 7;
    Files.writeString(dir.resolve("tampered.airid.jsonl"), text.substring(0, sig) + (text.charAt(sig) == 'A' ? 'B' : 'A') + text.substring(sig + 1));
    Files.writeString(dir.resolve("cosign.key"), "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
        + java.util.Base64.getEncoder().encodeToString("{\"kdf\":{\"name\":\"scrypt\"},\"cipher\":{\"name\":\"nacl/secretbox\"}}".getBytes(StandardCharsets.UTF_8))
        + "\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    Files.createDirectory(dir.resolve("outdir"));
  }

  static void ok(String... args) {
    CliTest.Result r = CliTest.airid(args);
    assertEquals(0, r.code(), r.stderr());
  }

  static String keyId(CliTest.Result r) throws Exception {
    assertEquals(0, r.code(), r.stderr());
    return ((JsonString) ((JsonObject) Json.parse(r.stdout())).getOrNull("keyId")).value();
  }

  /** One mistake: the command line, the exit code, and the error code or failed check ("check:NAME") expected. */
  static final class Mistake {
    final String issue;
    final List<String> args;
    final int exit;
    final String code;
    boolean json = true;
    String stdoutStart;
    List<String> stdoutContains = List.of();
    Integer stdoutLines;
    boolean stderrEmpty;

    Mistake(String issue, int exit, String code, String... args) {
      this.issue = issue;
      this.exit = exit;
      this.code = code;
      this.args = List.of(args);
    }

    Mistake noJson() {
      json = false;
      return this;
    }

    Mistake stdoutStarts(String s) {
      stdoutStart = s;
      return this;
    }

    Mistake stdoutHas(String... s) {
      stdoutContains = List.of(s);
      return this;
    }

    Mistake lines(int n) {
      stdoutLines = n;
      return this;
    }

    Mistake quietStderr() {
      stderrEmpty = true;
      return this;
    }

    @Override
    public String toString() {
      return "(" + issue + ") airid " + String.join(" ", args.stream().map(a -> a.startsWith(dir.toString()) ? a.substring(dir.toString().length() + 1) : a).toList());
    }
  }

  static final String WRONG_KIND = "INPUT_WRONG_KIND";
  static final String NOT_FOUND = "INPUT_NOT_FOUND";
  static final String USAGE = "USAGE";

  static Stream<Mistake> mistakes() throws Exception {
    List<Mistake> m = new ArrayList<>();
    String sha = "sha256:" + Sha256.hexOfFile(dir.resolve("other.md"));
    // 1. A provenance file verified on its own says that no artifact was checked; a failed run is never 'verified'.
    m.add(new Mistake("1", 0, null, "verify", p("review.md.airid.jsonl"), "--key", p("team.pub")).stdoutStarts("run verified; no artifact checked").lines(1));
    m.add(new Mistake("1", 0, null, "verify", "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub")).stdoutStarts("run verified; no artifact checked").quietStderr());
    m.add(new Mistake("1", 1, "check:run.status", "verify", p("failed.md"), "--key", p("team.pub")));
    // 2. The artifact is the positional argument; its provenance is beside it, or --bundle.
    m.add(new Mistake("2", 0, null, "verify", p("review.md"), "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub")).stdoutStarts("verified: ").lines(1).quietStderr());
    m.add(new Mistake("2", 0, null, "verify", p("review.md"), "--key", p("team.pub")).stdoutStarts("verified: ").lines(1).quietStderr());
    m.add(new Mistake("2", 2, NOT_FOUND, "verify", p("other.md"), "--key", p("team.pub")));
    m.add(new Mistake("2", 1, "check:artifact.digest", "verify", p("review.md"), p("other.md"), "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub")).lines(3));
    // 3. Another key and a tampered bundle: the same check fails, and the other key's case names both keys.
    m.add(new Mistake("3", 1, "check:envelope.signature", "verify", p("review.md"), "--key", p("other.pub")).stdoutHas(teamKeyId, otherKeyId));
    m.add(new Mistake("3", 1, "check:envelope.signature", "verify", p("review.md"), "--bundle", p("tampered.airid.jsonl"), "--key", p("team.pub")));
    // 4. The wrong kind of file, to every command that reads one.
    m.add(new Mistake("4", 2, WRONG_KIND, "id", p("run.bundle.json")));
    m.add(new Mistake("4", 2, WRONG_KIND, "id", p("review.md.airid.jsonl")));
    m.add(new Mistake("4", 2, WRONG_KIND, "id", p("team.pub")));
    m.add(new Mistake("4", 2, WRONG_KIND, "canon", p("run.bundle.json")).noJson());
    m.add(new Mistake("4", 2, WRONG_KIND, "redact", p("policy.yaml"), "--all", "--out", p("r.json")));
    m.add(new Mistake("4", 2, WRONG_KIND, "attest", p("run.bundle.json"), "--key", p("team.key"), "--out", p("a.json")));
    m.add(new Mistake("4", 2, WRONG_KIND, "policy", "check", p("run.bundle.json"), "--policy", p("policy.yaml")));
    m.add(new Mistake("4", 2, WRONG_KIND, "policy", "check", p("declaration.json"), "--policy", p("run.bundle.json")));
    m.add(new Mistake("4", 2, WRONG_KIND, "inspect", p("review.md")));
    m.add(new Mistake("4", 2, WRONG_KIND, "inspect", p("declaration.json")));
    m.add(new Mistake("4", 2, WRONG_KIND, "attest-output", "--run", p("declaration.json"), "--key", p("team.key"), p("review.md"), "--out", p("o.jsonl")));
    m.add(new Mistake("4", 2, WRONG_KIND, "verify", p("review.md"), "--bundle", p("declaration.json"), "--key", p("team.pub")));
    m.add(new Mistake("4", 2, WRONG_KIND, "verify", p("review.md"), "--key", p("run.bundle.json")));
    m.add(new Mistake("4", 2, WRONG_KIND, "verify", p("review.md"), "--key", p("team.pub"), "--policy", p("declaration.json")));
    // 5. Short output: one line when it verifies, nothing with --quiet.
    m.add(new Mistake("5", 0, null, "verify", p("review.md"), "--key", p("team.pub"), "--quiet").lines(0).quietStderr());
    m.add(new Mistake("5", 1, "check:artifact.digest", "verify", p("other.md"), "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub"), "--quiet").lines(0).quietStderr());
    // 6. Malformed input is 2, a truncated provenance file too; what cannot be read is one code, bundle or artifact.
    m.add(new Mistake("6", 2, "JSON_SYNTAX", "verify", p("review.md"), "--bundle", p("truncated.airid.jsonl"), "--key", p("team.pub")));
    m.add(new Mistake("6", 2, "JSON_SYNTAX", "verify", p("review.md"), "--bundle", p("malformed.json"), "--key", p("team.pub")));
    m.add(new Mistake("6", 2, NOT_FOUND, "verify", p("review.md"), "--bundle", p("outdir"), "--key", p("team.pub")));
    m.add(new Mistake("6", 2, NOT_FOUND, "verify", p("outdir"), "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub")));
    m.add(new Mistake("6", 2, NOT_FOUND, "verify", p("nothing.md"), "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub")));
    m.add(new Mistake("6", 2, NOT_FOUND, "verify", p("review.md"), "--bundle", p("nothing.jsonl"), "--key", p("team.pub")));
    // 7. Usage errors, with --json too.
    m.add(new Mistake("7", 2, USAGE, "verify", "--key", p("team.pub")));
    m.add(new Mistake("7", 2, USAGE, "verify", sha, "--key", p("team.pub")));
    m.add(new Mistake("7", 2, USAGE, "verify", p("review.md"), "--verbose", "--quiet", "--key", p("team.pub")));
    // 9. Unknown commands and options are errors, even with --help.
    m.add(new Mistake("9", 2, USAGE, "unknowncmd", "--help"));
    m.add(new Mistake("9", 2, USAGE, "verify", "--help-me"));
    m.add(new Mistake("9", 2, USAGE, "verify", p("review.md"), "--help", "--frobnicate"));
    m.add(new Mistake("9", 2, USAGE, "policy", "frobnicate", "--help"));
    m.add(new Mistake("9", 2, USAGE, "help", "frobnicate"));
    m.add(new Mistake("11", 2, USAGE, "policy"));
    m.add(new Mistake("11", 2, USAGE, "verify", "--threshold"));
    // 10. A wrong artifact: named, with its digest and what the provenance covers.
    m.add(new Mistake("10", 1, "check:artifact.digest", "verify", p("other.md"), "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub"))
        .stdoutHas(sha, "review.md", "sha256:" + Sha256.hexOfFile(dir.resolve("review.md"))));
    m.add(new Mistake("10", 1, "check:artifact.digest", "verify", sha, "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub")).stdoutHas(sha));
    // 11. picocli's own errors, in our words (checked for every row below).
    m.add(new Mistake("11", 2, USAGE, "verify", p("review.md.airid.jsonl"), "--artifact", p("review.md"), "--artifact", p("review.md"), "--key", p("team.pub")));
    m.add(new Mistake("11", 2, USAGE, "attest", p("declaration.json"), "--out", p("x.json"), "--key"));
    m.add(new Mistake("11", 2, USAGE, "id"));
    m.add(new Mistake("11", 2, USAGE, "id", p("declaration.json"), p("declaration.json")));
    m.add(new Mistake("11", 2, USAGE, "verify", p("review.md"), "--threshold", "two", "--key", p("team.pub")));
    m.add(new Mistake("11", 2, USAGE, "redact", p("declaration.json"), "--all", "--pointer", "/context"));
    // 12. An output that is a directory; keys users have; results on stdout.
    m.add(new Mistake("12", 2, USAGE, "canon", p("declaration.json"), "--out", p("outdir")).noJson());
    m.add(new Mistake("12", 2, USAGE, "attest", p("declaration.json"), "--key", p("team.key"), "--out", p("outdir")));
    m.add(new Mistake("12", 2, "KEY_UNSUPPORTED", "attest", p("declaration.json"), "--key", p("cosign.key"), "--out", p("c.json")));
    m.add(new Mistake("12", 0, null, "id", p("declaration.json")).stdoutStarts("airid:v1:sha256:").lines(1).quietStderr());
    // Every command: an unknown option is an error, with --help or without.
    for (String[] c : List.of(new String[] {"id"}, new String[] {"canon"}, new String[] {"redact"}, new String[] {"keygen"},
        new String[] {"attest"}, new String[] {"attest-output"}, new String[] {"verify"}, new String[] {"inspect"},
        new String[] {"policy", "check"}, new String[] {"verify-chain"}, new String[] {"trust", "update"}, new String[] {"gate"},
        new String[] {"conformance", "verify-bundle"})) {
      List<String> a = new ArrayList<>(List.of(c));
      a.add("--frobnicate");
      m.add(new Mistake("9", 2, USAGE, a.toArray(new String[0])));
      a.add("--help");
      m.add(new Mistake("9", 2, USAGE, a.toArray(new String[0])));
    }
    return m.stream();
  }

  /** picocli's wording, which must never reach a user. */
  static final List<String> PICOCLI = List.of("Unmatched argument", "expected only one match", "Missing required", "Unknown option",
      "Expected parameter", "mutually exclusive", "Invalid value for", "should be specified only once", "Error:");

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeHasItsExitCodeStreamAndCode(Mistake m) throws Exception {
    CliTest.Result r = CliTest.airid(m.args.toArray(new String[0]));
    String both = r.out() + r.stderr();
    assertEquals(m.exit, r.code(), both);
    for (String w : PICOCLI) {
      assertFalse(both.contains(w), () -> "picocli's wording \"" + w + "\": " + both);
    }
    if (m.code != null && m.code.startsWith("check:")) {
      // --quiet prints nothing; the JSON run below names the check.
      assertTrue(Integer.valueOf(0).equals(m.stdoutLines) || r.out().contains("FAIL " + m.code.substring(6)), r.out());
    } else if (m.code != null) {
      assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("airid: " + m.code + ": ")), r.stderr());
      assertFalse(r.out().contains("airid: "), "diagnostics go to stderr: " + r.out());
    }
    if (m.stdoutStart != null) {
      assertTrue(r.out().startsWith(m.stdoutStart), r.out());
    }
    for (String s : m.stdoutContains) {
      assertTrue(r.out().contains(s), s + " in " + r.out());
    }
    if (m.stdoutLines != null) {
      assertEquals(m.stdoutLines.longValue(), r.out().lines().count(), r.out());
    }
    if (m.stderrEmpty) {
      assertEquals("", r.stderr());
    }
    if (m.json) {
      List<String> a = new ArrayList<>(m.args);
      a.add("--json");
      CliTest.Result j = CliTest.airid(a.toArray(new String[0]));
      assertEquals(m.exit, j.code(), j.out() + j.stderr());
      assertEquals(1, j.out().lines().count(), "one JSON document on one line: " + j.out());
      JsonObject doc = (JsonObject) Json.parse(j.stdout());
      assertEquals(m.exit == 0, doc.getOrNull("ok") == dev.airid.json.JsonBoolean.TRUE, j.out());
      assertEquals(m.exit, ((JsonNumber) doc.getOrNull("exitCode")).longValueExact(), j.out());
      if (m.code != null) {
        List<String> codes = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        if (doc.getOrNull("error") instanceof JsonObject e) {
          codes.add(((JsonString) e.getOrNull("code")).value());
        }
        if (doc.getOrNull("results") instanceof JsonArray results) {
          for (JsonValue v : results) {
            JsonObject o = (JsonObject) v;
            if (o.getOrNull("error") instanceof JsonObject e) {
              codes.add(((JsonString) e.getOrNull("code")).value());
            }
            if (o.getOrNull("failure") instanceof JsonObject f) {
              failed.add(((JsonString) f.getOrNull("name")).value());
            }
          }
        }
        if (m.code.startsWith("check:")) {
          assertTrue(failed.contains(m.code.substring(6)), j.out());
        } else {
          assertTrue(codes.contains(m.code), j.out());
        }
      }
    }
  }

  /** 6. A file without read permission: the same code for the bundle and the artifact (not testable as root). */
  @Test
  void unreadableBundleAndArtifactGiveOneCode() throws Exception {
    Path bundle = Files.copy(dir.resolve("review.md.airid.jsonl"), dir.resolve("locked.airid.jsonl"));
    Path artifact = Files.copy(dir.resolve("review.md"), dir.resolve("locked.md"));
    try {
      Assumptions.assumeTrue(bundle.toFile().setReadable(false, false) && artifact.toFile().setReadable(false, false)
          && !Files.isReadable(bundle), "file permissions are not enforced here (running as root?)");
      CliTest.Result b = CliTest.airid("verify", p("review.md"), "--bundle", bundle.toString(), "--key", p("team.pub"));
      CliTest.Result a = CliTest.airid("verify", artifact.toString(), "--bundle", p("review.md.airid.jsonl"), "--key", p("team.pub"));
      assertEquals(2, b.code(), b.stderr());
      assertEquals(2, a.code(), a.stderr());
      assertTrue(b.stderr().startsWith("airid: " + NOT_FOUND + ": "), b.stderr());
      assertTrue(a.stderr().startsWith("airid: " + NOT_FOUND + ": "), a.stderr());
    } finally {
      bundle.toFile().setReadable(true, false);
      artifact.toFile().setReadable(true, false);
    }
  }

  /** 12. Under a charset without arrows (LC_ALL=C), reports print ASCII, never '?'. */
  @Test
  void arrowsFallBackToAsciiWhenTheCharsetCannotEncodeThem() throws Exception {
    CliTest.Result r = CliTest.airidWithCharset(StandardCharsets.US_ASCII, "attest", p("declaration.json"), "--key", p("team.key"),
        "--out", p("ascii.bundle.json"));
    assertEquals(0, r.code(), r.stderr());
    assertTrue(r.out().contains(" -> "), r.out());
    assertFalse(r.out().contains("?"), r.out());
    CliTest.Result utf8 = CliTest.airidWithCharset(StandardCharsets.UTF_8, "attest", p("declaration.json"), "--key", p("team.key"),
        "--out", p("utf8.bundle.json"));
    assertTrue(utf8.out().contains(" \u2192 "), utf8.out());
  }

  /** 1. The old form keeps working for one release, with a notice on stderr naming the new form. */
  @Test
  void theDeprecatedFormWorksAndSaysSo() {
    CliTest.Result r = CliTest.airid("verify", p("review.md.airid.jsonl"), "--key", p("team.pub"), "--artifact", p("review.md"));
    assertEquals(0, r.code(), r.stderr());
    assertTrue(r.out().startsWith("verified: "), r.out());
    assertTrue(r.stderr().startsWith("airid: deprecated: ") && r.stderr().contains("--bundle"), r.stderr());
    // For the release it is kept, the old form keeps its exit code for an output of a failed run; the words say FAILED.
    CliTest.Result failed = CliTest.airid("verify", p("failed.md.airid.jsonl"), "--key", p("team.pub"), "--artifact", p("failed.md"));
    assertEquals(0, failed.code(), failed.stderr());
    assertTrue(failed.out().startsWith("verified, but the run FAILED: "), failed.out());
    assertEquals(1, CliTest.airid("verify", p("failed.md"), "--key", p("team.pub")).code(), "the new form refuses it");
  }
}
