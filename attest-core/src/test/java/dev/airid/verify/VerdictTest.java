package dev.airid.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Attestor;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.sigstore.Bundle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A verdict never says more than was established: an output of a run that did not succeed fails {@code run.status}
 * unless accepted (and is then still named), a verification without an artifact is its own outcome, and a failure
 * names the first failed check. Outcomes and check names are compared, never the line's words.
 */
class VerdictTest {

  static SigningKey key;
  static SigningKey other;
  static Attestor attestor;
  static Bundle run;
  static final byte[] OUTPUT = "the answer\n".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void keys() throws Exception {
    key = KeyFiles.generate(KeyType.ED25519);
    other = KeyFiles.generate(KeyType.ED25519);
    attestor = new Attestor(key);
    run = attestor.attestDeclaration(Declaration.builder("gpt-4o").input("user", "Say it.").build(), Instant.parse("2026-11-23T10:00:00Z"));
  }

  static List<byte[]> provenance(ExecutionFacts.Status status) throws Exception {
    Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("answer.md", Sha256.hexOf(OUTPUT))), ExecutionFacts.of(status));
    return List.of(run.toBytes(), out.toBytes());
  }

  static Verifier verifier(SigningKey k) throws Exception {
    return Verifier.of(TrustPolicy.of(k.verificationKey()));
  }

  @ParameterizedTest
  @EnumSource(ExecutionFacts.Status.class)
  void anOutputIsVerifiedOnlyIfItsRunSucceededOrThatWasAccepted(ExecutionFacts.Status status) throws Exception {
    Optional<Artifact> artifact = Optional.of(Artifact.ofBytes("answer.md", OUTPUT));
    VerificationResult r = verifier(key).verify(provenance(status), artifact);
    assertTrue(r.verified(), "every verifier check passes, whatever the run's status");
    boolean succeeded = status == ExecutionFacts.Status.SUCCEEDED;

    Verdict strict = Verdict.of(r, artifact, "answer.md", false);
    assertEquals(succeeded ? Verdict.Outcome.VERIFIED : Verdict.Outcome.NOT_VERIFIED, strict.outcome());
    assertEquals(Optional.of(status.json()), strict.runStatus());
    Check last = strict.checks().get(strict.checks().size() - 1);
    assertEquals(CheckNames.RUN_STATUS, last.name());
    assertEquals(succeeded ? Check.Status.PASS : Check.Status.FAIL, last.status());
    assertEquals(succeeded ? Optional.empty() : Optional.of(CheckNames.RUN_STATUS), strict.failure().map(Check::name));

    Verdict lenient = Verdict.of(r, artifact, "answer.md", true);
    assertEquals(Verdict.Outcome.VERIFIED, lenient.outcome());
    assertEquals(succeeded, lenient.line().startsWith("verified: "), "a run that did not succeed is never plain 'verified'");
    assertTrue(lenient.line().contains(Sha256.hexOf(OUTPUT)), "the line names the artifact's digest");
    assertTrue(lenient.line().contains(r.identity().orElseThrow().toString()), "and the run");
    assertTrue(lenient.line().contains(key.keyId()), "and the signer");
  }

  @Test
  void withoutAnArtifactTheOutcomeSaysSo() throws Exception {
    VerificationResult declarationOnly = verifier(key).verify(List.of(run.toBytes()), Optional.empty());
    Verdict v = Verdict.of(declarationOnly, Optional.empty(), "run.bundle.json", false);
    assertEquals(Verdict.Outcome.NO_ARTIFACT_CHECKED, v.outcome());
    assertEquals(Optional.of(Verdict.STATUS_NOT_RECORDED), v.runStatus());
    assertFalse(v.checks().stream().anyMatch(c -> c.name().equals(CheckNames.RUN_STATUS)), "no artifact, no run.status");
    assertFalse(v.line().startsWith("verified"), v.line());

    Verdict failedRun = Verdict.of(verifier(key).verify(provenance(ExecutionFacts.Status.FAILED), Optional.empty()),
        Optional.empty(), "answer.md.airid.jsonl", false);
    assertEquals(Verdict.Outcome.NO_ARTIFACT_CHECKED, failedRun.outcome());
    assertEquals(Optional.of("failed"), failedRun.runStatus());
  }

  @Test
  void aFailureNamesItsCheckAndTheArtifactsDigest() throws Exception {
    Optional<Artifact> artifact = Optional.of(Artifact.ofBytes("answer.md", OUTPUT));
    Verdict wrongKey = Verdict.of(verifier(other).verify(provenance(ExecutionFacts.Status.SUCCEEDED), artifact), artifact, "answer.md", true);
    assertEquals(Verdict.Outcome.NOT_VERIFIED, wrongKey.outcome());
    assertEquals(Optional.of(CheckNames.ENVELOPE_SIGNATURE), wrongKey.failure().map(Check::name));
    assertTrue(wrongKey.failure().get().detail().contains(key.keyId()), "the bundle's key hint is named");
    assertTrue(wrongKey.failure().get().detail().contains(other.keyId()), "and the trusted key");
    assertTrue(wrongKey.line().contains(Sha256.hexOf(OUTPUT)), wrongKey.line());
    assertEquals(Optional.empty(), wrongKey.runStatus());

    Optional<Artifact> changed = Optional.of(Artifact.ofBytes("answer.md", "changed\n".getBytes(StandardCharsets.UTF_8)));
    Verdict v = Verdict.of(verifier(key).verify(provenance(ExecutionFacts.Status.SUCCEEDED), changed), changed, "answer.md", false);
    assertEquals(Optional.of(CheckNames.ARTIFACT_DIGEST), v.failure().map(Check::name));
  }
}
