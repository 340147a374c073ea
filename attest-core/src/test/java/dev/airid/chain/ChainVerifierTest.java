package dev.airid.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A planner, two workers that consume its plan, and a reviewer that consumes both: verified end to end. */
class ChainVerifierTest {

  SigningKey key;
  Attestor attestor;
  Declaration planner;
  Declaration workerA;
  Declaration workerB;
  Declaration reviewer;
  Map<String, Bundle> bundles;

  @BeforeEach
  void pipeline() throws Exception {
    key = KeyFiles.generate(KeyType.ED25519);
    attestor = new Attestor(key);
    planner = Declaration.builder("gpt-4o").parameter("temperature", 0.2).instruction("system", "Plan the work.").input("user", "Ship v2").build();
    workerA = Declaration.builder("llama-3.1-70b").parameter("temperature", 0.2).parent(planner.identity()).input("user", "Part A").build();
    workerB = Declaration.builder("llama-3.1-70b").parameter("temperature", 0.9).parent(planner.identity()).input("user", "Part B").build();
    reviewer = Declaration.builder("gpt-4o").parameter("temperature", 0.0)
        .parent(workerA.identity()).parent(workerB.identity()).input("user", "Review A and B").build();
    bundles = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Declaration> e : Map.of("planner", planner, "workerA", workerA, "workerB", workerB, "reviewer", reviewer).entrySet()) {
      bundles.put(e.getKey(), attestor.attestDeclaration(e.getValue(), Instant.now()));
    }
  }

  List<ChainVerifier.Source> sources(String... names) {
    List<ChainVerifier.Source> out = new ArrayList<>();
    for (String n : names) {
      out.add(new ChainVerifier.Source(n, List.of(bundles.get(n).toBytes())));
    }
    return out;
  }

  ChainVerifier.Result verify(List<ChainVerifier.Source> sources, Policy policy) {
    try {
      TrustPolicy.Builder trust = TrustPolicy.builder().trustedKey(key.verificationKey());
      if (policy != null) {
        trust.policy(policy);
      }
      return new ChainVerifier(Verifier.of(trust.build())).verify(sources, Optional.of(reviewer.identity()));
    } catch (dev.airid.AiridException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theWholePipelineVerifies() {
    ChainVerifier.Result r = verify(sources("reviewer", "workerA", "workerB", "planner"), null);
    assertTrue(r.verified(), r.problems().toString());
    assertEquals(List.of(reviewer.identity(), workerA.identity(), planner.identity(), workerB.identity()),
        r.nodes().stream().map(ChainVerifier.Node::identity).toList());
  }

  @Test
  void aMissingParentIsNamed() {
    ChainVerifier.Result r = verify(sources("reviewer", "workerA", "workerB"), null);
    assertFalse(r.verified());
    assertEquals(2, r.problems().size(), r.problems().toString());
    assertTrue(r.problems().get(0).contains("names parent " + planner.identity() + ", which is not a verified run"), r.problems().toString());
  }

  @Test
  void aTamperedMiddleBundleIsNamed() {
    List<ChainVerifier.Source> s = sources("reviewer", "workerB", "planner");
    String a = new String(bundles.get("workerA").toBytes(), StandardCharsets.UTF_8);
    byte[] tampered = a.replace("\"sig\":\"", "\"sig\":\"AAAA").getBytes(StandardCharsets.UTF_8);
    s.add(new ChainVerifier.Source("workerA-tampered", List.of(tampered)));
    ChainVerifier.Result r = verify(s, null);
    assertFalse(r.verified());
    assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("workerA-tampered: does not verify: envelope.signature")), r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("names parent " + workerA.identity())), r.problems().toString());
  }

  @Test
  void aPolicyViolationInOneNodeIsNamed() throws Exception {
    Policy p = Policy.parse(("policy: https://airid.dev/policy/v1\nrules:\n  - name: cool\n    expression: declaration.parameters.temperature <= 0.5\n"
        + "    message: too hot\n").getBytes(StandardCharsets.UTF_8), "p.yaml");
    ChainVerifier.Result r = verify(sources("reviewer", "workerA", "workerB", "planner"), p);
    assertFalse(r.verified());
    assertEquals(List.of("run " + workerB.identity() + " (workerB): policy.rule.cool: too hot"), r.problems());
  }

  @Test
  void cyclesAreDetectedByTheGraphWalk() throws Exception {
    // Verified identities cannot form a cycle (an identity hashes its parents'); the walk detects one on any graph.
    RunIdentity x = RunIdentity.parse("airid:v1:sha256:" + "1".repeat(64));
    RunIdentity y = RunIdentity.parse("airid:v1:sha256:" + "2".repeat(64));
    RunIdentity z = RunIdentity.parse("airid:v1:sha256:" + "3".repeat(64));
    RunGraph g = new RunGraph(Map.of(x, List.of(y), y, List.of(z), z, List.of(x)));
    List<RunIdentity> cycle = g.cycle().orElseThrow();
    assertEquals(4, cycle.size());
    assertEquals(cycle.get(0), cycle.get(3));
    assertEquals(3, g.ancestry(x).size(), "the walk terminates");
    assertTrue(new RunGraph(Map.of(x, List.of(y), y, List.of())).cycle().isEmpty());
  }

  @Test
  void aRootThatIsNotInTheSetIsNamed() {
    ChainVerifier.Result r = verify(sources("workerA", "planner"), null);
    assertFalse(r.verified());
    assertTrue(r.problems().get(0).startsWith("root " + reviewer.identity()), r.problems().toString());
  }

  static Policy policy(String yaml) throws Exception {
    return Policy.parse(("policy: https://airid.dev/policy/v1\n" + yaml).getBytes(StandardCharsets.UTF_8), "p.yaml");
  }

  /**
   * Issue 18, finding 6: a byte-identical copy of a source is the same attestation, verified and reported once. Before,
   * the copy of a failing run was reported a second time.
   */
  @Test
  void aByteIdenticalCopyIsTheSameAttestation() throws Exception {
    List<ChainVerifier.Source> s = sources("reviewer", "workerA", "workerB", "planner");
    s.add(new ChainVerifier.Source("planner-copy", List.of(bundles.get("planner").toBytes())));
    assertTrue(verify(s, null).verified(), verify(s, null).problems().toString());
    s.add(new ChainVerifier.Source("workerB-copy", List.of(bundles.get("workerB").toBytes())));
    ChainVerifier.Result r = verify(s, policy("rules:\n  - name: cool\n    expression: declaration.parameters.temperature <= 0.5\n"));
    assertEquals(List.of("run " + workerB.identity() + " (workerB): policy.rule.cool: rule cool failed"), r.problems());
  }

  /**
   * Issue 18, finding 6: another attestation of a run already in the chain is a separate claim and must verify too. A
   * redacted copy that the policy refuses fails the chain and its run, and is named. Before, the run stayed verified.
   */
  @Test
  void aDifferentCopyThatFailsFailsItsRun() throws Exception {
    List<ChainVerifier.Source> s = sources("reviewer", "workerA", "workerB", "planner");
    s.add(new ChainVerifier.Source("planner-redacted", List.of(attestor.attestDeclaration(planner.redactAll(), Instant.now()).toBytes())));
    assertTrue(verify(s, null).verified(), "a redacted copy is the same run: " + verify(s, null).problems());
    ChainVerifier.Result r = verify(s, policy("verification:\n  allowRedacted: false\n"));
    assertFalse(r.verified());
    assertEquals(1, r.problems().size(), r.problems().toString());
    assertTrue(r.problems().get(0).startsWith("run " + planner.identity() + " (planner-redacted): policy.allowRedacted: "), r.problems().toString());
    ChainVerifier.Node node = r.nodes().stream().filter(n -> n.identity().equals(planner.identity())).findFirst().orElseThrow();
    assertFalse(node.verified(), "a run with a failing copy is not verified");
    assertEquals("planner", node.source());
  }

  /** Sources are verified as they are added; what is kept of each is bounded however large its untrusted text. */
  @Test
  void aSessionKeepsBoundedTextOfEachSource() throws Exception {
    Declaration big = Declaration.builder("m".repeat(100_000)).input("user", "x").build();
    ChainVerifier.Session session = new ChainVerifier(Verifier.of(TrustPolicy.of(key.verificationKey()))).session();
    session.add(new ChainVerifier.Source("big", List.of(attestor.attestDeclaration(big, null).toBytes())));
    byte[] junk = ("{\"mediaType\":\"" + "\\u001b".repeat(50_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    session.add(new ChainVerifier.Source("junk", List.of(junk)));
    ChainVerifier.Result r = session.result(Optional.empty());
    assertEquals(ChainVerifier.MAX_TEXT_CHARS + 1, r.nodes().get(0).model().length());
    assertTrue(r.nodes().get(0).model().endsWith("…"));
    assertEquals(1, r.problems().size(), r.problems().toString());
    assertTrue(r.problems().get(0).length() < ChainVerifier.MAX_TEXT_CHARS + 100, r.problems().get(0));
  }
}
