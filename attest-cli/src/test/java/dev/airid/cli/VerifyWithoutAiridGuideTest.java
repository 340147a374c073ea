package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/verify-without-airid.md as written: its sh blocks with bash, its js block with node, in a directory holding
 * what a recipient receives. The guide cannot rot without this test failing.
 */
class VerifyWithoutAiridGuideTest {

  @TempDir Path dir;

  static Path guide() {
    return Paths2.repositoryRoot().resolve("docs/verify-without-airid.md");
  }

  static List<String> blocks(String language) throws Exception {
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(guide()));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @BeforeEach
  void receivedFiles() throws Exception {
    String d = dir.toString();
    assertEquals(0, airid("keygen", "--algorithm", "ed25519", "--out", d + "/team").code());
    assertEquals(0, airid("attest", CliTest.example().toString(), "--key", d + "/team.key", "--redact", "/instructions",
        "--out", d + "/run.bundle.json").code());
    Files.writeString(dir.resolve("review.md"), "1. eval() on user input — remote code execution.\n");
    assertEquals(0, airid("attest-output", "--run", d + "/run.bundle.json", "--key", d + "/team.key", d + "/review.md",
        "--reported-model", "gpt-4o-2024-08-06").code());
    Files.delete(dir.resolve("team.key")); // the recipient has only the public key
  }

  record Run(int code, String out) {}

  Run run(String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Path bin = Paths2.testVectors().resolve("verifier-js/node_modules/.bin");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  Run shellSteps() throws Exception {
    Path script = dir.resolve("guide.sh");
    Files.writeString(script, String.join("\n", blocks("sh")));
    return run("bash", script.toString());
  }

  @Test
  void theGuideVerifiesWhatAiridProduced() throws Exception {
    String identity = airid("id", CliTest.example().toString()).out().trim();
    Run r = shellSteps();
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("recomputed: " + identity), r.out());
    assertTrue(r.out().contains("identity OK") && r.out().contains("output OK"), r.out());
  }

  @Test
  void theGuideFailsOnATamperedOutput() throws Exception {
    Files.writeString(dir.resolve("review.md"), "1. all good.\n");
    Run r = shellSteps();
    assertNotEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("identity OK") && !r.out().contains("output OK"), r.out());
  }

  @Test
  void theGuideFailsWithTheWrongKey() throws Exception {
    assertEquals(0, airid("keygen", "--out", dir.resolve("other").toString(), "--force").code());
    Files.copy(dir.resolve("other.pub"), dir.resolve("team.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run r = shellSteps();
    assertNotEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("Signature Verification Failure"), r.out());
  }

  @Test
  void theSigstoreClientSnippetRuns() throws Exception {
    List<String> js = blocks("js");
    assertEquals(1, js.size());
    Files.createSymbolicLink(dir.resolve("node_modules"), Paths2.testVectors().resolve("verifier-js/node_modules"));
    Files.writeString(dir.resolve("check.mjs"), js.get(0));
    Run r = run("node", "check.mjs");
    assertEquals(0, r.code(), r.out());
    assertEquals(0, airid("keygen", "--out", dir.resolve("other").toString()).code());
    Files.copy(dir.resolve("other.pub"), dir.resolve("team.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertNotEquals(0, run("node", "check.mjs").code(), "the snippet rejects the wrong key");
  }
}
