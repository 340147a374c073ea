package dev.airid.attest;

import dev.airid.sigstore.Bundle;
import dev.airid.verify.Check;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.testing.Verifiers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutations of a valid provenance file (declaration bundle + output bundle). Every mutation must fail verification and
 * name the check that failed; the unmutated file, and harmless re-encodings, must verify.
 */
class TamperMatrixTest {

  static SigningKey key;
  static SigningKey otherKey;
  static Bundle run;
  static Bundle out;
  static Bundle otherRun;
  static Bundle otherOut;
  static final byte[] ANSWER = "answer".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void setUp() throws Exception {
    key = KeyFiles.generate(KeyType.ECDSA_P256);
    otherKey = KeyFiles.generate(KeyType.ECDSA_P256);
    Attestor a = new Attestor(key);
    run = a.attestDeclaration(AttestVerifyTest.declaration(), Instant.parse("2026-11-23T10:00:00Z"));
    out = a.attestOutputs(run, List.of(Subject.sha256("answer.md", Sha256.hexOf(ANSWER))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED));
    otherRun = a.attestDeclaration(dev.airid.declaration.Declaration.builder("other-model").input("user", "x").build(), null);
    otherOut = a.attestOutputs(otherRun, List.of(Subject.sha256("answer.md", Sha256.hexOf(ANSWER))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED));
  }

  /** A named mutation and the check it must trip. */
  record Case(String name, String expectedCheck, Function<byte[][], byte[][]> mutate, Optional<dev.airid.verify.Artifact> artifact) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, String check, Function<byte[][], byte[][]> mutate) {
    return new Case(name, check, mutate, Verifiers.artifact(Sha256.hexOf(ANSWER)));
  }

  /** Rewrites the declaration bundle (line 0) JSON. */
  static Function<byte[][], byte[][]> bundle0(Function<JsonObject, JsonObject> f) {
    return files -> new byte[][] {Json.compact(f.apply(obj(files[0]))), files[1]};
  }

  /** Re-signs the declaration bundle with a new payload text (as an attacker holding the key, or a buggy producer). */
  static Function<byte[][], byte[][]> resigned0(Function<String, String> payloadEdit) {
    return files -> {
      String payload = new String(run.envelope().orElseThrow().payload(), StandardCharsets.UTF_8);
      return new byte[][] {signed(payloadEdit.apply(payload).getBytes(StandardCharsets.UTF_8), Dsse.IN_TOTO_PAYLOAD_TYPE, key), files[1]};
    };
  }

  static byte[] signed(byte[] payload, String type, SigningKey k) {
    try {
      byte[] sig = k.sign(Dsse.pae(type, payload));
      return Bundle.withKeyHint(k.keyId(), new Dsse.Envelope(type, payload, List.of(new Dsse.Signature(k.keyId(), sig)))).toBytes();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonObject obj(byte[] b) {
    try {
      return (JsonObject) Json.parse(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonObject env(JsonObject bundle) {
    return (JsonObject) bundle.getOrNull("dsseEnvelope");
  }

  static JsonObject withEnv(JsonObject bundle, JsonObject env) {
    return bundle.toBuilder().put("dsseEnvelope", env).build();
  }

  static byte[] flip(byte[] b, int i) {
    byte[] c = b.clone();
    c[i] ^= 1;
    return c;
  }

  static Stream<Case> cases() {
    List<Case> cs = new ArrayList<>();
    cs.add(c("payload byte flipped", "envelope.signature", bundle0(b -> withEnv(b, env(b).toBuilder()
        .put("payload", Base64.getEncoder().encodeToString(flip(run.envelope().orElseThrow().payload(), 40))).build()))));
    cs.add(c("signature byte flipped", "envelope.signature", bundle0(b -> withEnv(b, env(b).toBuilder()
        .put("signatures", JsonArray.of(JsonObject.builder().put("keyid", "").put("sig", Base64.getEncoder()
            .encodeToString(flip(run.envelope().orElseThrow().signatures().get(0).sig(), 20))).build())).build()))));
    cs.add(c("payloadType changed", "envelope.payloadType", bundle0(b -> withEnv(b, env(b).toBuilder()
        .put("payloadType", "application/json").build()))));
    cs.add(c("payloadType changed and re-signed", "envelope.payloadType",
        files -> new byte[][] {signed(run.envelope().orElseThrow().payload(), "application/json", key), files[1]}));
    cs.add(c("payload re-serialised (pretty) without re-signing", "envelope.signature", bundle0(b -> {
      try {
        return withEnv(b, env(b).toBuilder().put("payload", Base64.getEncoder().encodeToString(
            Json.pretty(Json.parse(run.envelope().orElseThrow().payload())))).build());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    })));
    cs.add(c("subject digest changed", "declaration.subject", resigned0(p -> p.replaceFirst("\"sha256\":\"[0-9a-f]", "\"sha256\":\"x")
        .replace("\"sha256\":\"x", "\"sha256\":\"0"))));
    cs.add(c("subject name changed", "declaration.subject", resigned0(p -> p.replaceFirst("airid:v1:sha256:[0-9a-f]", "airid:v1:sha256:f"))));
    cs.add(c("declaration value changed, subject kept", "declaration.subject",
        resigned0(p -> p.replace("\"temperature\":0.2", "\"temperature\":0.9"))));
    cs.add(c("declaration invalid", "declaration.valid", resigned0(p -> p.replace("\"parameters\":", "\"params\":"))));
    cs.add(c("duplicate key in payload", "statement.json", resigned0(p -> p.replace("\"predicateType\":", "\"predicateType\":\"x\",\"predicateType\":"))));
    cs.add(c("integer beyond 2^53 in payload", "statement.json", resigned0(p -> p.replace("1e+20", "100000000000000000000"))));
    cs.add(c("lone surrogate in payload", "statement.json", resigned0(p -> p.replace("Summarise", "\\ud800Summarise"))));
    cs.add(c("unknown predicateType", "statement.predicateType", resigned0(p -> p.replace("ai-run-declaration/v1\",\"predicate\"", "ai-run-declaration/v9\",\"predicate\""))));
    cs.add(c("legacy statement type", "statement.type", resigned0(p -> p.replace("Statement/v1", "Statement/v0.1"))));
    cs.add(c("not a statement", "statement.shape", resigned0(p -> "{\"hello\":\"world\"}")));
    cs.add(c("unknown predicate member", "declaration.valid", resigned0(p -> p.replace("\"declaredAt\":", "\"executedAt\":"))));
    cs.add(c("signed by an untrusted key", "envelope.signature",
        files -> new byte[][] {signed(run.envelope().orElseThrow().payload(), Dsse.IN_TOTO_PAYLOAD_TYPE, otherKey), files[1]}));
    cs.add(c("media type v0.2", "bundle.mediaType", bundle0(b -> b.toBuilder()
        .put("mediaType", "application/vnd.dev.sigstore.bundle.v0.2+json").build())));
    cs.add(c("certificate instead of key", "bundle.content", bundle0(b -> b.toBuilder().put("verificationMaterial",
        JsonObject.builder().put("certificate", JsonObject.builder().put("rawBytes", "AAAA").build()).build()).build())));
    cs.add(c("unchecked tlog entry", "bundle.content", bundle0(b -> b.toBuilder().put("verificationMaterial",
        JsonObject.builder().put("publicKey", JsonObject.builder().put("hint", "").build())
            .put("tlogEntries", JsonArray.of(JsonObject.empty())).build()).build())));
    cs.add(c("extra envelope member", "envelope.shape", bundle0(b -> withEnv(b, env(b).toBuilder().put("extra", 1).build()))));
    cs.add(c("no signatures", "envelope.shape", bundle0(b -> withEnv(b, env(b).toBuilder().put("signatures", JsonArray.empty()).build()))));
    cs.add(c("bad base64", "envelope.shape", bundle0(b -> withEnv(b, env(b).toBuilder().put("payload", "!!!").build()))));
    cs.add(c("duplicate key in bundle JSON", "bundle.json",
        files -> new byte[][] {new String(files[0], StandardCharsets.UTF_8).replaceFirst("\\{", "{\"mediaType\":\"x\",")
            .getBytes(StandardCharsets.UTF_8), files[1]}));
    cs.add(c("output of another run swapped in", "output.run", files -> new byte[][] {files[0], otherOut.toBytes()}));
    cs.add(c("output bound to another attestation of the same run", "output.declarationDigest", files -> {
      try {
        Bundle again = new Attestor(key).attestDeclaration(AttestVerifyTest.declaration(), Instant.parse("2026-11-24T00:00:00Z"));
        return new byte[][] {again.toBytes(), files[1]};
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }));
    cs.add(c("output and declaration in the wrong order", "provenance.declaration", files -> new byte[][] {files[1], files[0]}));
    cs.add(new Case("artifact that is not an output", "artifact.digest", files -> files, Verifiers.artifact("ab".repeat(32))));
    return cs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutationFailsAndNamesTheCheck(Case c) {
    byte[][] files = c.mutate.apply(new byte[][] {run.toBytes(), out.toBytes()});
    VerificationResult r = Verifier.of(TrustPolicy.of(key.verificationKey())).verify(List.of(files), c.artifact);
    assertFalse(r.verified(), () -> AttestVerifyTest.describe(r));
    assertEquals(c.expectedCheck, r.firstFailure().orElseThrow().name(), () -> AttestVerifyTest.describe(r));
  }

  @Test
  void unmutatedAndHarmlessReencodingsVerify() {
    Verifier v = Verifier.of(TrustPolicy.of(key.verificationKey()));
    assertTrue(v.verify(List.of(run.toBytes(), out.toBytes()), Verifiers.artifact(Sha256.hexOf(ANSWER))).verified());
    // URL-safe base64 without padding, and a pretty-printed bundle: same signed bytes, so still verified.
    JsonObject b = obj(run.toBytes());
    JsonObject urlSafe = withEnv(b, env(b).toBuilder()
        .put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(run.envelope().orElseThrow().payload())).build());
    assertTrue(v.verify(Json.compact(urlSafe)).verified());
    assertTrue(v.verify(Json.pretty(b)).verified());
  }

  @Test
  void base64MixingBothAlphabetsIsRefusedAndSaysSo() {
    Verifier v = Verifier.of(TrustPolicy.of(key.verificationKey()));
    JsonObject b = obj(run.toBytes());
    // One letter of each alphabet's own pair in place of two others.
    char[] text = Base64.getEncoder().withoutPadding().encodeToString(run.envelope().orElseThrow().payload()).toCharArray();
    text[4] = '-';
    text[8] = '+';
    String mixed = new String(text);
    VerificationResult r = v.verify(Json.compact(withEnv(b, env(b).toBuilder().put("payload", mixed).build())));
    Check failed = r.firstFailure().orElseThrow();
    assertEquals("envelope.shape", failed.name());
    assertTrue(failed.detail().contains("mixes the standard and URL-safe alphabets"), failed.detail());
    // Invalid in both alphabets: the plain message.
    VerificationResult invalid = v.verify(Json.compact(withEnv(b, env(b).toBuilder().put("payload", "a*b").build())));
    assertTrue(invalid.firstFailure().orElseThrow().detail().contains("not valid base64"),
        () -> AttestVerifyTest.describe(invalid));
  }

}
