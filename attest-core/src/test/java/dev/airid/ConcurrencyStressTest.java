package dev.airid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.verify.Check;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.chain.ChainVerifier;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.policy.Decision;
import dev.airid.policy.Gate;
import dev.airid.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One set of shared objects — attestors, a verifier, a gate, a policy, a chain verifier — used from 16 threads at once
 * gives exactly what it gives on one thread: the same identities, decisions, bundles (Ed25519 signs deterministically),
 * checks and chain results, task by task. Uses the public API only.
 */
class ConcurrencyStressTest {

  static final int THREADS = 16;
  static final int TASKS = 64;
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  final SigningKey ed;
  final SigningKey ec;
  final Attestor edAttestor;
  final Attestor ecAttestor;
  final Verifier verifier;
  final Policy policy;
  final Gate gate;
  final ChainVerifier chains;
  final Declaration root;
  final byte[] rootBundle;

  ConcurrencyStressTest() throws Exception {
    ed = KeyFiles.generate(KeyType.ED25519);
    ec = KeyFiles.generate(KeyType.ECDSA_P256);
    edAttestor = new Attestor(ed);
    ecAttestor = new Attestor(ec);
    policy = Policy.parse(("""
        policy: https://airid.dev/policy/v1
        rules:
          - name: cool
            expression: declaration.parameters.temperature <= 0.5
            message: too hot
          - name: known-model
            expression: declaration.model.name in ["gpt-4o", "llama-3.1-70b", "claude"]
          - name: short-input
            expression: declaration.inputs.all(i, !has(i.content) || size(i.content) < 40)
          - name: reported
            appliesTo: output
            expression: output.execution.reportedModel.startsWith(declaration.model.name)
        verification:
          allowRedacted: false
        """).getBytes(StandardCharsets.UTF_8), "stress.yaml");
    gate = new Gate(policy);
    verifier = Verifier.of(TrustPolicy.builder().trustedKeys(List.of(ed.verificationKey(), ec.verificationKey())).threshold(1)
        .policy(policy).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
    chains = new ChainVerifier(verifier);
    root = Declaration.builder("gpt-4o").parameter("temperature", 0.1).input("user", "plan").build();
    rootBundle = edAttestor.attestDeclaration(root, null).toBytes();
  }

  /** Everything one task computes, as text: equal text, equal results. */
  String task(int i) throws Exception {
    StringBuilder out = new StringBuilder();
    String model = List.of("gpt-4o", "llama-3.1-70b", "claude", "mystery").get(i % 4);
    byte[] json = Declaration.builder(model).parameter("temperature", (i % 10) / 10.0)
        .instruction("system", "Task " + i + " — ünïcödé ✓ 日本")
        .input("user", i % 7 == 0 ? "a long input that breaks the short-input rule of the policy" : "input " + i)
        .parent(root.identity()).toJson().toString().getBytes(StandardCharsets.UTF_8);
    Declaration d = Declaration.parse(json);
    if (i % 5 == 0) {
      d = d.redactAll();
    }
    out.append(d.identity()).append('\n');
    Decision decision = gate.check(d);
    out.append(decision).append('\n');

    Attestor attestor = i % 3 == 0 ? ecAttestor : edAttestor;
    Bundle run = attestor.attestDeclaration(d, null);
    byte[] artifact = ("output of task " + i).getBytes(StandardCharsets.UTF_8);
    Bundle output = attestor.attestOutputs(run, List.of(Subject.sha256("out-" + i + ".md", Sha256.hexOf(artifact))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).reportedModel(i % 2 == 0 ? model + "-2025" : "other"));
    if (attestor == edAttestor) {
      out.append(Sha256.hexOf(run.toBytes())).append(' ').append(Sha256.hexOf(output.toBytes())).append('\n');
    }
    List<byte[]> provenance = List.of(run.toBytes(), output.toBytes());
    VerificationResult r = verifier.verify(provenance, dev.airid.testing.Verifiers.artifact(Sha256.hexOf(artifact)));
    describe(out, r);
    byte[] tampered = new String(run.toBytes(), StandardCharsets.UTF_8).replace("\"sig\":\"", "\"sig\":\"AAAA").getBytes(StandardCharsets.UTF_8);
    describe(out, verifier.verify(List.of(tampered, output.toBytes()), Optional.empty()));

    ChainVerifier.Result chain = chains.verify(List.of(new ChainVerifier.Source("run-" + i, provenance),
        new ChainVerifier.Source("root", List.of(rootBundle))), Optional.of(d.identity()));
    out.append(chain.verified()).append(' ').append(chain.nodes().stream().map(ChainVerifier.Node::identity).toList())
        .append(' ').append(chain.problems()).append('\n');
    return out.toString();
  }

  /**
   * Check details name the key that signed, not the signature, so they are the same for ECDSA on every run; all but the
   * size of the bundle, which follows the length of the ECDSA signature's DER encoding (70 to 72 bytes), so it is left
   * out.
   */
  static void describe(StringBuilder out, VerificationResult r) {
    out.append(r.verified()).append(' ').append(r.identity()).append('\n');
    for (Check c : r.checks()) {
      String detail = c.name().equals(dev.airid.verify.CheckNames.BUNDLE_JSON) ? c.detail().replaceFirst("^\\d+ bytes", "N bytes") : c.detail();
      out.append(c.name()).append(' ').append(c.bundle()).append(' ').append(c.status()).append(' ').append(detail).append('\n');
    }
  }

  @Test
  void sixteenThreadsGiveWhatOneThreadGives() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      expected.add(task(i));
    }
    // The tasks must not all agree trivially: some approve, some are rejected, some do not verify.
    assertTrue(expected.stream().anyMatch(s -> s.contains("policy.rule.cool -1 PASS")));
    assertTrue(expected.stream().anyMatch(s -> s.contains("policy.rule.cool -1 FAIL")));
    assertTrue(expected.stream().anyMatch(s -> s.contains("policy.allowRedacted 0 FAIL")));

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < 2; round++) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          int task = (i * 37 + round * 11) % TASKS; // another order each round
          results.add(pool.submit(() -> {
            start.await();
            return task + "\n" + task(task);
          }));
        }
        start.countDown();
        for (Future<String> f : results) {
          String r = f.get();
          int task = Integer.parseInt(r.substring(0, r.indexOf('\n')));
          assertEquals(expected.get(task), r.substring(r.indexOf('\n') + 1), "task " + task + " in round " + round);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
