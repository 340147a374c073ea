package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.testing.Paths2;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyChainCliTest {

  @TempDir Path tmp;

  String p(String n) {
    return tmp.resolve(n).toString();
  }

  static String policy() {
    return Paths2.repositoryRoot().resolve("examples/policy.yaml").toString();
  }

  @Test
  void policyCheckApprovesRejectsAndRefusesBadPolicies() throws Exception {
    CliTest.Result ok = airid("policy", "check", CliTest.example().toString(), "--policy", policy(), "--json");
    assertEquals(0, ok.code(), ok.stderr());
    assertTrue(ok.out().contains("\"approved\":true"), ok.out());

    Files.writeString(tmp.resolve("hot.json"), Files.readString(CliTest.example()).replace("\"temperature\": 0.2", "\"temperature\": 1.2"));
    CliTest.Result no = airid("policy", "check", p("hot.json"), "--policy", policy());
    assertEquals(1, no.code());
    assertTrue(no.out().contains("rejected by low-temperature: reviews run at temperature 0.7 or below"), no.out());

    Files.writeString(tmp.resolve("bad.yaml"), "policy: https://airid.dev/policy/v1\nrules:\n  - name: x\n    expression: declaration.modle.name == 'a'\n");
    CliTest.Result bad = airid("policy", "check", CliTest.example().toString(), "--policy", p("bad.yaml"));
    assertEquals(2, bad.code());
    assertTrue(bad.stderr().contains("POLICY_INVALID") && bad.stderr().contains("declaration.modle") && bad.stderr().contains("/rules/0/expression"),
        bad.stderr());
  }

  @Test
  void verifyAppliesThePolicyToVerifiedProvenance() throws Exception {
    airid("keygen", "--out", p("k"));
    assertEquals(0, airid("attest", CliTest.example().toString(), "--key", p("k.key"), "--out", p("run.json")).code());
    Files.writeString(tmp.resolve("out.md"), "x\n");
    assertEquals(0, airid("attest-output", "--run", p("run.json"), "--key", p("k.key"), p("out.md"), "--reported-model", "gpt-3.5-turbo").code());
    CliTest.Result r = airid("verify", p("out.md"), "--key", p("k.pub"), "--policy", policy(), "--verbose");
    assertEquals(1, r.code(), r.stderr());
    assertTrue(r.out().contains("FAIL #1  policy.rule.provider-ran-the-declared-model"), r.out());
    assertTrue(r.out().contains("ok       policy.rule.approved-model"), r.out());
  }

  @Test
  void verifyChainPrintsTheGraph() throws Exception {
    airid("keygen", "--out", p("k"));
    String plan = "{\"_type\":\"https://airid.dev/ai-run-declaration/v1\",\"model\":{\"name\":\"gpt-4o\"},\"inputs\":[{\"role\":\"user\",\"content\":\"plan\"}]}";
    Files.writeString(tmp.resolve("plan.json"), plan);
    String planId = airid("id", p("plan.json")).out().trim();
    Files.writeString(tmp.resolve("work.json"), plan.replace("\"plan\"}]", "\"work\"}],\"parents\":[\"" + planId + "\"]"));
    String workId = airid("id", p("work.json")).out().trim();
    Files.createDirectories(tmp.resolve("bundles"));
    assertEquals(0, airid("attest", p("plan.json"), "--key", p("k.key"), "--out", p("bundles/plan.bundle.json")).code());
    assertEquals(0, airid("attest", p("work.json"), "--key", p("k.key"), "--out", p("bundles/work.bundle.json")).code());
    CliTest.Result r = airid("verify-chain", "--dir", p("bundles"), "--root", workId, "--key", p("k.pub"), "--format", "dot");
    assertEquals(0, r.code(), r.stderr());
    assertTrue(r.out().contains("\"" + planId.substring(16) + "\" -> \"" + workId.substring(16) + "\""), r.out());
    Files.delete(tmp.resolve("bundles/plan.bundle.json"));
    CliTest.Result missing = airid("verify-chain", "--dir", p("bundles"), "--root", workId, "--key", p("k.pub"));
    assertEquals(1, missing.code());
    assertTrue(missing.stderr().contains("names parent " + planId), missing.stderr());
  }
}
