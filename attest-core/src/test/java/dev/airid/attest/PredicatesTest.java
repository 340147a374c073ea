package dev.airid.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.sigstore.Bundle;
import dev.airid.testing.Verifiers;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The airid predicates are read and written in one place each, and round-trip through signing and verification. */
class PredicatesTest {

  @Test
  void everyExecutionFactRoundTrips() throws Exception {
    ExecutionFacts facts = ExecutionFacts.of(ExecutionFacts.Status.FAILED).finishedAt(Instant.parse("2026-11-30T10:00:00Z"))
        .reportedModel("gpt-4o-2024-08-06").usage(12, 0).responseId("chatcmpl-1").finishReasons(List.of("length"))
        .errorType("java.net.http.HttpTimeoutException");
    assertEquals(facts, ExecutionFacts.fromJson(Json.parse(Json.compact(facts.toJson())), "/predicate/execution"));
  }

  @Test
  void malformedExecutionFactsAreRefusedWithAPointer() throws Exception {
    for (String bad : List.of("{\"status\":\"done\"}", "{\"status\":\"failed\",\"finishReasons\":\"stop\"}",
        "{\"status\":\"failed\",\"errorType\":7}", "{\"status\":\"failed\",\"usage\":{\"inputTokens\":-1}}",
        "{\"status\":\"failed\",\"finishedAt\":\"yesterday\"}", "{\"status\":\"failed\",\"extra\":1}")) {
      InputRejectedException e = assertThrows(InputRejectedException.class,
          () -> ExecutionFacts.fromJson(Json.parse(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "/predicate/execution"), bad);
      assertEquals(ErrorCode.STATEMENT_INVALID, e.code(), bad);
      assertTrue(e.pointer().orElseThrow().startsWith("/predicate/execution"), bad);
    }
  }

  @Test
  void aProducerIsAttestedButIsNotPartOfTheIdentity() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Attestor attestor = new Attestor(key);
    DeclarationPredicate p = DeclarationPredicate.of(AttestVerifyTest.declaration(), null)
        .producedBy(new DeclarationPredicate.Producer("langchain4j", "1.19.0"));
    Bundle run = attestor.attestDeclaration(p);
    VerificationResult r = Verifier.of(TrustPolicy.of(key.verificationKey())).verify(run.toBytes());
    assertTrue(r.verified(), r.checks().toString());
    assertEquals(Optional.of(AttestVerifyTest.declaration().identity()), r.identity());
    assertEquals(p, DeclarationPredicate.parse(r.declarationStatement().orElseThrow().predicate()));
    Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("a.txt", "ab".repeat(32))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).responseId("r-1").finishReasons(List.of("stop")));
    VerificationResult both = Verifiers.keys(List.of(key.verificationKey()), 1)
        .verify(List.of(run.toBytes(), out.toBytes()), Verifiers.artifact("ab".repeat(32)));
    assertTrue(both.verified(), both.checks().toString());
    assertEquals(Optional.of("r-1"), both.artifact().orElseThrow().execution().orElseThrow().responseId());
  }
}
