package dev.airid.attest;

import dev.airid.sigstore.Bundle;
import dev.airid.verify.Check;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.testing.Verifiers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.InputRejectedException;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonPointer;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AttestVerifyTest {

  static Declaration declaration() {
    return Declaration.builder("gpt-4o")
        .parameter("temperature", 0.2)
        .parameter("big", 1e20) // re-serialised payloads must stay parseable
        .instruction("system", "Be exact. Grüße 🚀")
        .input("user", "Summarise the report.")
        .build();
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "ECDSA_P256", "ECDSA_P384", "RSA"})
  void declarationAndOutputVerifyWithEachKeyType(KeyType type) throws Exception {
    SigningKey key = KeyFiles.generate(type);
    Attestor attestor = new Attestor(key);
    Declaration d = declaration();
    Bundle run = attestor.attestDeclaration(d, Instant.parse("2026-11-23T10:00:00Z"));
    byte[] answer = "The report says ...".getBytes(StandardCharsets.UTF_8);
    String answerSha = Sha256.hexOf(answer);
    Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("answer.md", answerSha)),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).reportedModel("gpt-4o-2024-08-06").usage(120, 40));

    Verifier verifier = Verifier.of(TrustPolicy.of(key.verificationKey()));
    VerificationResult single = verifier.verify(run.toBytes());
    assertTrue(single.verified(), () -> describe(single));
    assertEquals(Optional.of(d.identity()), single.identity());

    VerificationResult both = verifier.verify(List.of(run.toBytes(), out.toBytes()), Verifiers.artifact(answerSha));
    assertTrue(both.verified(), () -> describe(both));
    assertEquals(List.of("answer.md"), both.outputs().stream().map(Subject::name).toList());
    List<String> names = both.checks().stream().map(Check::name).distinct().toList();
    assertTrue(names.containsAll(List.of("bundle.mediaType", "envelope.payloadType", "envelope.signature", "statement.type",
        "statement.predicateType", "declaration.valid", "declaration.subject", "output.predicate", "output.run",
        "output.declarationDigest", "artifact.digest")), names.toString());

    // The provenance file format round-trips.
    byte[] jsonl = Provenance.join(List.of(run, out));
    assertTrue(verifier.verify(Provenance.split(jsonl), Verifiers.artifact(answerSha)).verified());
  }

  @Test
  void redactedDeclarationHasTheSameIdentityAndVerifies() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Declaration d = declaration();
    Declaration r = d.redact(List.of(JsonPointer.parse("/instructions")));
    Bundle bundle = new Attestor(key).attestDeclaration(r, null);
    VerificationResult v = Verifier.of(TrustPolicy.of(key.verificationKey())).verify(bundle.toBytes());
    assertTrue(v.verified(), () -> describe(v));
    assertEquals(Optional.of(d.identity()), v.identity());
    assertTrue(v.declaration().orElseThrow().isRedacted());
    assertFalse(new String(bundle.envelope().orElseThrow().payload(), StandardCharsets.UTF_8).contains("Be exact"));
  }

  @Test
  void thresholdCountsDistinctTrustedKeys() throws Exception {
    SigningKey a = KeyFiles.generate(KeyType.ED25519);
    SigningKey b = KeyFiles.generate(KeyType.ECDSA_P256);
    Bundle signedByA = new Attestor(a).attestDeclaration(declaration(), null);
    assertTrue(Verifiers.keys(List.of(a.verificationKey(), b.verificationKey()), 1).verify(signedByA.toBytes()).verified());
    VerificationResult two = Verifiers.keys(List.of(a.verificationKey(), b.verificationKey()), 2).verify(signedByA.toBytes());
    assertFalse(two.verified());
    assertEquals("envelope.signature", two.firstFailure().orElseThrow().name());
    assertThrows(InputRejectedException.class, () -> Verifiers.keys(List.of(a.verificationKey()), 2));
  }

  @Test
  void oneRsaKeyEncodedTwoWaysIsOneSigner() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
    dev.airid.keys.VerificationKey asRsa = dev.airid.keys.VerificationKey.of(rsa, dev.airid.keys.SignatureAlgorithm.RSA_PSS_SHA256);
    byte[] pssSpki = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(
        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_RSASSA_PSS),
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(rsa.getEncoded()).getPublicKeyData().getBytes()).getEncoded();
    java.security.PublicKey pss = java.security.KeyFactory.getInstance("RSASSA-PSS").generatePublic(new java.security.spec.X509EncodedKeySpec(pssSpki));
    dev.airid.keys.VerificationKey asPss = dev.airid.keys.VerificationKey.of(pss, dev.airid.keys.SignatureAlgorithm.RSA_PSS_SHA256);
    assertTrue(!asRsa.keyId().equals(asPss.keyId()));
    assertEquals(asRsa.materialId(), asPss.materialId());
    assertThrows(InputRejectedException.class, () -> Verifiers.keys(List.of(asRsa, asPss), 2));
  }

  @Test
  void anOutputBundleAloneDoesNotVerify() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Attestor attestor = new Attestor(key);
    Bundle run = attestor.attestDeclaration(declaration(), null);
    Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("a", "00".repeat(32))),
        ExecutionFacts.of(ExecutionFacts.Status.FAILED));
    VerificationResult v = Verifier.of(TrustPolicy.of(key.verificationKey())).verify(out.toBytes());
    assertFalse(v.verified());
    assertEquals("provenance.declaration", v.firstFailure().orElseThrow().name());
  }

  @Test
  void attestOutputsRefusesANonDeclarationBundle() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Attestor attestor = new Attestor(key);
    Bundle run = attestor.attestDeclaration(declaration(), null);
    Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("a", "00".repeat(32))),
        ExecutionFacts.of(ExecutionFacts.Status.INTERRUPTED));
    assertThrows(InputRejectedException.class, () -> attestor.attestOutputs(out, List.of(Subject.sha256("b", "11".repeat(32))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED)));
  }

  @Test
  void payloadIsCompactJsonThatReparsesToTheStatement() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Bundle run = new Attestor(key).attestDeclaration(declaration(), null);
    String payload = new String(run.envelope().orElseThrow().payload(), StandardCharsets.UTF_8);
    assertTrue(payload.startsWith("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"airid:v1:sha256:"), payload);
    assertTrue(payload.contains("\"big\":1e+20"), payload);
    assertEquals(run.statement().toJson(), Json.parse(run.envelope().orElseThrow().payload()));
  }

  static String describe(VerificationResult r) {
    return r.checks().stream().map(c -> c.bundle() + " " + c.name() + " " + c.status() + " " + c.detail())
        .collect(Collectors.joining("\n"));
  }
}
