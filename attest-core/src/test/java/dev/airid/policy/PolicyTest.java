package dev.airid.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.attest.Attestor;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Statement;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PolicyTest {

  static final String YAML = String.join("\n",
      "policy: https://airid.dev/policy/v1",
      "rules:",
      "  - name: approved-model",
      "    expression: declaration.model.name in [\"gpt-4o\", \"llama-3.1-70b\"]",
      "    message: only approved models may run",
      "  - name: low-temperature",
      "    expression: declaration.parameters.temperature <= 0.7",
      "    message: temperature above 0.7",
      "  - name: no-shell",
      "    expression: '!declaration.tools.exists(t, t.name == \"shell\")'",
      "    message: the shell tool is not allowed",
      "  - name: few-parents",
      "    expression: size(declaration.parents) <= 3",
      "    message: at most three upstream runs",
      "  - name: observed-model",
      "    appliesTo: output",
      "    expression: output.execution.reportedModel.startsWith(declaration.model.name)",
      "    message: the provider ran another model than declared",
      "verification:",
      "  allowRedacted: false",
      "  maxAgeSeconds: 86400",
      "");

  static Policy policy() throws Exception {
    return Policy.parse(YAML.getBytes(StandardCharsets.UTF_8), "policy.yaml");
  }


  @Test
  void approvesAndRejectsWithEveryFailedRule() throws Exception {
    Gate gate = new Gate(policy());
    Declaration ok = Declaration.builder("gpt-4o").parameter("temperature", 0.2).input("user", "x").build();
    Decision yes = gate.check(ok);
    assertTrue(yes.approved(), yes.toString());
    assertEquals(List.of("approved-model", "low-temperature", "no-shell", "few-parents"), yes.evaluated());

    Declaration bad = Declaration.builder("gpt-5-preview").parameter("temperature", 1)
        .tool("shell", "runs commands", null).input("user", "x").build();
    Decision no = gate.check(bad);
    assertFalse(no.approved());
    assertEquals(List.of("approved-model", "low-temperature", "no-shell"), no.failures().stream().map(Decision.Failure::rule).toList());
    assertEquals("only approved models may run", no.failures().get(0).message());
  }

  @Test
  void aRuleThatCannotBeEvaluatedFailsClosed() throws Exception {
    Decision d = new Gate(policy()).check(Declaration.builder("gpt-4o").input("user", "x").build()); // no temperature
    assertEquals(List.of("low-temperature"), d.failures().stream().map(Decision.Failure::rule).toList());
    assertTrue(d.failures().get(0).message().contains("cannot evaluate"), d.failures().get(0).message());
  }

  @Test
  void outputRulesCompareDeclaredAndObserved() throws Exception {
    Gate gate = new Gate(policy());
    Declaration d = Declaration.builder("gpt-4o").parameter("temperature", 0.2).input("user", "x").build();
    Statement same = Attestor.outputStatement(d.identity(), "00".repeat(32), List.of(Subject.sha256("a", "11".repeat(32))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).reportedModel("gpt-4o-2024-08-06"));
    Statement other = Attestor.outputStatement(d.identity(), "00".repeat(32), List.of(Subject.sha256("a", "11".repeat(32))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).reportedModel("gpt-4o-mini-2024-07-18".replace("gpt-4o", "gpt-3.5")));
    assertTrue(gate.checkOutput(d, same).approved());
    Decision no = gate.checkOutput(d, other);
    assertEquals(List.of("observed-model"), no.failures().stream().map(Decision.Failure::rule).toList());
  }

  @Test
  void jsonPoliciesAndRequirements() throws Exception {
    String json = "{\"policy\":\"https://airid.dev/policy/v1\",\"rules\":[{\"name\":\"r\",\"expression\":\"declaration.parameters.max_tokens <= 4096\"}],"
        + "\"verification\":{\"trustedKeys\":[\"a.pub\",\"b.pub\"],\"threshold\":2,\"requiredPredicateTypes\":[\"https://airid.dev/ai-run-output/v1\"]}}";
    Policy p = Policy.parse(json.getBytes(StandardCharsets.UTF_8), "p.json");
    assertEquals(2, p.requirements().threshold());
    assertTrue(p.requirements().allowRedacted());
    assertTrue(new Gate(p).check(Declaration.builder("m").parameter("max_tokens", 1024).input("user", "x").build()).approved());
    assertEquals("rule r failed", new Gate(p).check(Declaration.builder("m").parameter("max_tokens", 8192).input("user", "x").build())
        .failures().get(0).message());
  }

  @Test
  void keylessSignersAreTrustedIdentitiesWithARoot() throws Exception {
    String yaml = "policy: https://airid.dev/policy/v1\nrules: []\nverification:\n  trustedRoot: sigstore/trusted_root.json\n"
        + "  trustedIdentities:\n    - subject: https://ci.example/planner\n      issuer: https://token.example\n"
        + "    - subjectRegexp: https://ci\\.example/workers/.*\n      issuer: https://token.example\n";
    Policy p = Policy.parse(yaml.getBytes(StandardCharsets.UTF_8), "p.yaml");
    assertEquals(List.of(dev.airid.sigstore.CertificateIdentity.exact("https://ci.example/planner", "https://token.example"),
        dev.airid.sigstore.CertificateIdentity.regexp("https://ci\\.example/workers/.*", "https://token.example")),
        p.requirements().trustedIdentities());
    assertEquals(java.util.Optional.of("sigstore/trusted_root.json"), p.requirements().trustedRoot());
    String base = "policy: https://airid.dev/policy/v1\nrules: []\nverification:\n  trustedRoot: r.json\n  trustedIdentities:\n";
    assertBad(base + "    - subject: a\n", "/verification/trustedIdentities/0", "an \"issuer\"");
    assertBad(base + "    - subject: a\n      subjectRegexp: b\n      issuer: c\n", "/verification/trustedIdentities/0", "exactly one of");
    assertBad(base + "    - subjectRegexp: '('\n      issuer: c\n", "/verification/trustedIdentities/0", "invalid identity regular expression");
    assertBad(base + "    - subject: a\n      issuer: c\n      email: d\n", "/verification/trustedIdentities/0/email", "unknown field");
    assertBad("policy: https://airid.dev/policy/v1\nrules: []\nverification:\n  trustedIdentities:\n    - subject: a\n      issuer: c\n",
        "/verification/trustedRoot", "need a \"trustedRoot\"");
  }

  @Test
  void badPoliciesFailAtLoadTimeWithPlaceAndReason() {
    assertBad("policy: https://airid.dev/policy/v1\nrules:\n  - name: a\n    expression: declaration.model.name ==\n",
        "/rules/0/expression", "does not compile");
    assertBad("policy: https://airid.dev/policy/v1\nrules:\n  - name: a\n    expression: declaration.modle.name == 'x'\n",
        "/rules/0/expression", "unknown field declaration.modle (column");
    assertBad("policy: https://airid.dev/policy/v1\nrules:\n  - name: a\n    expression: 1 + 'a' == 2\n",
        "/rules/0/expression", "no matching overload");
    assertBad("policy: https://airid.dev/policy/v1\nrules:\n  - name: a\n    expression: size(declaration.tools)\n",
        "/rules/0/expression", "does not compile");
    assertBad("policy: https://airid.dev/policy/v1\nrules:\n  - name: a\n    expression: output.run == ''\n",
        "/rules/0/expression", "appliesTo");
    assertBad("policy: https://airid.dev/policy/v1\nrulez: []\n", "/rulez", "unknown field");
    assertBad("policy: https://airid.dev/policy/v2\n", "/policy", "must be");
    assertBad("policy: https://airid.dev/policy/v1\nrules:\n  - name: a\n    expression: 'true'\n  - name: a\n    expression: 'true'\n",
        "/rules/1/name", "defined twice");
    assertBad("policy: https://airid.dev/policy/v1\npolicy: x\n", "", "duplicate");
    assertBad("{\"policy\":\"https://airid.dev/policy/v1\",\"policy\":\"x\"}", "/policy", "JSON_DUPLICATE_KEY");
  }

  private static void assertBad(String text, String pointer, String fragment) {
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> Policy.parse(text.getBytes(StandardCharsets.UTF_8), "p.yaml"));
    assertEquals(ErrorCode.POLICY_INVALID, e.code());
    assertEquals(Optional.of(pointer), e.pointer(), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains(fragment.toLowerCase()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void compiledPoliciesAreSharedAcrossThreads() throws Exception {
    Gate gate = new Gate(policy());
    Declaration ok = Declaration.builder("gpt-4o").parameter("temperature", 0.2).input("user", "x").build();
    Declaration bad = Declaration.builder("gpt-4o").parameter("temperature", 0.9).input("user", "x").build();
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        boolean good = i % 2 == 0;
        fs.add(pool.submit(() -> gate.check(good ? ok : bad).approved() == good));
      }
      for (Future<Boolean> f : fs) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
