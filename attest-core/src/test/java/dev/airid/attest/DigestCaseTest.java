package dev.airid.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.declaration.Declaration;
import dev.airid.sigstore.Bundle;
import dev.airid.testing.Verifiers;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, finding 6: hex case is an encoding. Where a digest is compared as bytes — the declaration subject against
 * the recomputed identity, an output attestation's binding to the declaration payload, an output's digest against an
 * artifact — uppercase hex is the same digest and verifies (spec/attestations.md §2.1, §2.2). Where the text itself is
 * hashed (the identity string in the subject name, identities in parents) it is not an encoding and stays lowercase.
 */
class DigestCaseTest {

  SigningKey key;
  Attestor attestor;
  Declaration d;
  Verifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    key = KeyFiles.generate(KeyType.ED25519);
    attestor = new Attestor(key);
    d = Declaration.builder("gpt-4o").input("user", "Review the diff").build();
    verifier = Verifier.of(TrustPolicy.of(key.verificationKey()));
  }

  static String upper(String hex) {
    return hex.toUpperCase(Locale.ROOT);
  }

  Bundle declarationWithSubjectDigest(String hex) throws Exception {
    Statement s = Attestor.declarationStatement(d, null);
    return attestor.sign(new Statement(s.type(), List.of(Subject.sha256(d.identity().toString(), hex)), s.predicateType(), s.predicate()));
  }

  /** Before the fix: declaration.subject failed on an uppercase digest although the spec accepts it. */
  @Test
  void anUppercaseDeclarationSubjectDigestVerifies() throws Exception {
    VerificationResult r = verifier.verify(declarationWithSubjectDigest(upper(d.identity().hex())).toBytes());
    assertTrue(r.verified(), r.checks().toString());
    assertEquals(Optional.of(d.identity()), r.identity());
    String mixed = d.identity().hex().substring(0, 32) + upper(d.identity().hex().substring(32));
    assertTrue(verifier.verify(declarationWithSubjectDigest(mixed).toBytes()).verified());
  }

  @Test
  void anotherDigestInAnyCaseStillFails() throws Exception {
    String other = Sha256.hexOf(new byte[] {1});
    for (String hex : List.of(other, upper(other), upper(d.identity().hex()).substring(1) + "0")) {
      VerificationResult r = verifier.verify(declarationWithSubjectDigest(hex).toBytes());
      assertFalse(r.verified(), hex);
      assertEquals("declaration.subject", r.firstFailure().orElseThrow().name(), hex);
    }
    // The name is the identity string, compared exactly: its hex is part of what is hashed, not an encoding.
    Statement s = Attestor.declarationStatement(d, null);
    Bundle upperName = attestor.sign(new Statement(s.type(),
        List.of(Subject.sha256("airid:v1:sha256:" + upper(d.identity().hex()), d.identity().hex())), s.predicateType(), s.predicate()));
    assertEquals("declaration.subject", verifier.verify(upperName.toBytes()).firstFailure().orElseThrow().name());
  }

  /** Output attestations: an uppercase binding to the declaration payload and uppercase output digests verify. */
  @Test
  void uppercaseDigestsInAnOutputAttestationVerify() throws Exception {
    Bundle run = attestor.attestDeclaration(d, null);
    String payload = Sha256.hexOf(run.envelope().orElseThrow().payload());
    String artifact = Sha256.hexOf("review.md".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Bundle out = attestor.sign(Attestor.outputStatement(d.identity(), upper(payload), List.of(Subject.sha256("review.md", upper(artifact))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED)));
    VerificationResult r = verifier.verify(List.of(run.toBytes(), out.toBytes()), Verifiers.artifact(artifact));
    assertTrue(r.verified(), r.checks().toString());
    // Rules see the digest in one spelling, lowercase, as they compare it as text.
    dev.airid.policy.Policy policy = dev.airid.policy.Policy.parse(("policy: https://airid.dev/policy/v1\nrules:\n"
        + "  - name: known-output\n    appliesTo: output\n    expression: output.outputs[0].sha256 == '" + artifact + "'\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8), "p.yaml");
    assertTrue(new dev.airid.policy.Gate(policy).checkOutput(d, r.outputStatements().get(0)).approved());
    Bundle wrong = attestor.sign(Attestor.outputStatement(d.identity(), upper(Sha256.hexOf(new byte[0])),
        List.of(Subject.sha256("review.md", upper(artifact))), ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED)));
    assertEquals("output.declarationDigest",
        verifier.verify(List.of(run.toBytes(), wrong.toBytes()), Verifiers.artifact(artifact)).firstFailure().orElseThrow().name());
  }
}
