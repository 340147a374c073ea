package dev.airid.vectors;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.Dsse;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
import dev.airid.json.JsonValue;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;
import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the attestation, output-binding and negative bundle vectors of test-vectors/ from the fixed TEST keys in
 * test-vectors/keys. Ed25519 signatures are deterministic, so the expected bundles are exact bytes. Run {@link #main}
 * to regenerate after a deliberate format change; {@code AttestationVectorsTest} checks the files against this code
 * and the JavaScript verifier checks them independently.
 */
public final class AttestationVectors {

  static final Instant DECLARED_AT = Instant.parse("2026-11-23T10:00:00Z");
  static final Instant FINISHED_AT = Instant.parse("2026-11-23T10:00:07Z");
  static final byte[] OUTPUT = "1. app.py line 13: eval() on a request parameter allows remote code execution.\n"
      .getBytes(StandardCharsets.UTF_8);

  private AttestationVectors() {}

  static SigningKey key(String name) throws Exception {
    Path p = Paths2.testVectors().resolve("keys/" + name + ".key");
    return KeyFiles.readPrivate(Files.readAllBytes(p), p.toString(), null, Optional.empty());
  }

  /** name → vector object. */
  static Map<String, JsonObject> positive() throws Exception {
    SigningKey ed = key("ed25519-test");
    Attestor a = new Attestor(ed);
    Declaration example = Declaration.parse(Files.readAllBytes(Paths2.repositoryRoot().resolve("examples/code-review.declaration.json")));
    Map<String, JsonObject> out = new LinkedHashMap<>();
    out.put("declaration-ed25519", declarationVector("The bundled example declaration, attested with declaredAt.", example, DECLARED_AT, a));
    out.put("declaration-ed25519-no-time", declarationVector("The same declaration without declaredAt: a second, equally valid attestation of the same run.", example, null, a));
    out.put("declaration-ed25519-redacted", declarationVector("The example with /instructions and /context redacted: same identity.",
        example.redact(List.of(JsonPointer.parse("/instructions"), JsonPointer.parse("/context"))), DECLARED_AT, a));
    Declaration unicode = Declaration.builder("modèle-😀").parameter("temperature", 0.7).parameter("stop_sequences", List.of("\n\n", "—"))
        .input("user", "Grüße, 世界! \"quoted\" \\ back\tslash").build();
    out.put("declaration-ed25519-unicode", declarationVector("Non-ASCII and escapes: PAE lengths count UTF-8 bytes.", unicode, DECLARED_AT, a));

    Bundle run = a.attestDeclaration(example, DECLARED_AT);
    Bundle output = outputBundle(a, run);
    out.put("output-ed25519", JsonObject.builder()
        .put("name", "output-ed25519")
        .put("description", "An output attestation bound to declaration-ed25519; the provenance file is both bundles, one per line.")
        .put("public_key", "keys/ed25519-test.pub")
        .put("private_key", "keys/ed25519-test.key")
        .put("artifact", new String(OUTPUT, StandardCharsets.UTF_8))
        .put("artifact_sha256", Sha256.hexOf(OUTPUT))
        .put("provenance", new String(dev.airid.attest.Provenance.join(List.of(run, output)), StandardCharsets.UTF_8))
        .put("identity", example.identity().toString())
        .build());
    return out;
  }

  static Bundle outputBundle(Attestor a, Bundle run) throws Exception {
    return a.attestOutputs(run, List.of(Subject.sha256("review.md", Sha256.hexOf(OUTPUT))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).finishedAt(FINISHED_AT).reportedModel("gpt-4o-2024-08-06").usage(812, 31));
  }

  private static JsonObject declarationVector(String description, Declaration d, Instant at, Attestor a) throws Exception {
    Bundle b = a.attestDeclaration(d, at);
    JsonObject.Builder v = JsonObject.builder()
        .put("name", "")
        .put("description", description)
        .put("public_key", "keys/ed25519-test.pub")
        .put("private_key", "keys/ed25519-test.key")
        .put("declaration", new String(Json.compact(d.json()), StandardCharsets.UTF_8));
    if (at != null) {
      v.put("declared_at", at.toString());
    }
    return v.put("identity", d.identity().toString())
        .put("payload", new String(b.envelope().orElseThrow().payload(), StandardCharsets.UTF_8))
        .put("pae_sha256", Sha256.hexOf(b.envelope().orElseThrow().pae()))
        .put("bundle", new String(b.toBytes(), StandardCharsets.UTF_8))
        .build();
  }

  /** name → {description, bundles[], artifact_sha256?, failed_check}. */
  static Map<String, JsonObject> negative() throws Exception {
    SigningKey ed = key("ed25519-test");
    SigningKey untrusted = key("ed25519-other-test");
    Attestor a = new Attestor(ed);
    Declaration example = Declaration.parse(Files.readAllBytes(Paths2.repositoryRoot().resolve("examples/code-review.declaration.json")));
    Bundle run = a.attestDeclaration(example, DECLARED_AT);
    Bundle out = outputBundle(a, run);
    String payload = new String(run.envelope().orElseThrow().payload(), StandardCharsets.UTF_8);
    Map<String, JsonObject> v = new LinkedHashMap<>();
    Function<String, String> resign = p -> signed(p.getBytes(StandardCharsets.UTF_8), Dsse.IN_TOTO_PAYLOAD_TYPE, ed);
    String runLine = new String(run.toBytes(), StandardCharsets.UTF_8);
    String outLine = new String(out.toBytes(), StandardCharsets.UTF_8);
    JsonObject runJson = (JsonObject) Json.parse(run.toBytes());
    JsonObject env = (JsonObject) runJson.getOrNull("dsseEnvelope");
    Function<JsonObject, String> withEnv = e -> new String(Json.compact(runJson.toBuilder().put("dsseEnvelope", e).build()), StandardCharsets.UTF_8);

    byte[] flipped = run.envelope().orElseThrow().payload();
    flipped[60] ^= 1;
    neg(v, "payload-modified", "One payload byte changed after signing.", "envelope.signature",
        withEnv.apply(env.toBuilder().put("payload", Base64.getEncoder().encodeToString(flipped)).build()));
    byte[] sig = run.envelope().orElseThrow().signatures().get(0).sig();
    sig[10] ^= 1;
    neg(v, "signature-modified", "One signature byte changed.", "envelope.signature", withEnv.apply(env.toBuilder()
        .put("signatures", JsonArray.of(JsonObject.builder().put("sig", Base64.getEncoder().encodeToString(sig)).put("keyid", "").build())).build()));
    neg(v, "wrong-key", "Signed by a key the verifier does not trust (keys/ed25519-other-test).", "envelope.signature",
        signed(run.envelope().orElseThrow().payload(), Dsse.IN_TOTO_PAYLOAD_TYPE, untrusted));
    neg(v, "payload-reserialised", "The payload pretty-printed after signing: same JSON value, different signed bytes.", "envelope.signature",
        withEnv.apply(env.toBuilder().put("payload", Base64.getEncoder().encodeToString(Json.pretty(Json.parse(run.envelope().orElseThrow().payload())))).build()));
    neg(v, "payload-type-json", "payloadType application/json, re-signed.", "envelope.payloadType",
        signed(run.envelope().orElseThrow().payload(), "application/json", ed));
    neg(v, "media-type-v02", "Bundle media type v0.2.", "bundle.mediaType",
        new String(Json.compact(runJson.toBuilder().put("mediaType", "application/vnd.dev.sigstore.bundle.v0.2+json").build()), StandardCharsets.UTF_8));
    neg(v, "subject-digest-changed", "The subject digest does not match the declaration, re-signed.", "declaration.subject",
        resign.apply(payload.replace(example.identity().hex(), "0".repeat(64))));
    neg(v, "declaration-changed", "A declaration value changed, subject kept, re-signed: the recomputed identity differs.", "declaration.subject",
        resign.apply(payload.replace("\"temperature\":0.2", "\"temperature\":0.9")));
    neg(v, "duplicate-key-in-payload", "A duplicate member in the signed payload, re-signed.", "statement.json",
        resign.apply(payload.replace("\"predicateType\":", "\"predicateType\":\"x\",\"predicateType\":")));
    neg(v, "lone-surrogate-in-payload", "A lone surrogate escape in the payload, re-signed.", "statement.json",
        resign.apply(payload.replace("\"gpt-4o\"", "\"gpt-4o\\ud800\"")));
    neg(v, "statement-type-v01", "Statement _type v0.1, re-signed.", "statement.type", resign.apply(payload.replace("Statement/v1", "Statement/v0.1")));
    // A single bundle with another predicate type is a plain in-toto attestation, not airid provenance; in a provenance
    // file every bundle must be an airid attestation.
    String outPayload = new String(out.envelope().orElseThrow().payload(), StandardCharsets.UTF_8);
    negLines(v, "unknown-predicate-type", "A provenance file whose output bundle has an unknown predicateType, re-signed.",
        "statement.predicateType", Optional.empty(), runLine,
        resign.apply(outPayload.replace("ai-run-output/v1\",\"predicate\"", "ai-run-output/v2\",\"predicate\"")));
    neg(v, "declaration-invalid", "The declaration has an unknown top-level member, re-signed.", "declaration.valid",
        resign.apply(payload.replace("\"parameters\":", "\"params\":")));

    Bundle other = a.attestDeclaration(Declaration.builder("other").input("user", "x").build(), DECLARED_AT);
    Bundle otherOut = outputBundle(a, other);
    negLines(v, "output-of-another-run", "The output bundle belongs to another run.", "output.run", Optional.empty(),
        runLine, new String(otherOut.toBytes(), StandardCharsets.UTF_8));
    Bundle rerun = a.attestDeclaration(example, null);
    negLines(v, "output-bound-to-another-attestation", "Same run, but the output names another declaration payload.", "output.declarationDigest",
        Optional.empty(), new String(rerun.toBytes(), StandardCharsets.UTF_8), outLine);
    negLines(v, "artifact-not-an-output", "The artifact digest is not a subject of the output attestation.", "artifact.digest",
        Optional.of("ab".repeat(32)), runLine, outLine);
    negLines(v, "output-before-declaration", "The output bundle comes first.", "provenance.declaration", Optional.empty(), outLine, runLine);
    return v;
  }

  private static void neg(Map<String, JsonObject> v, String name, String description, String check, String line) {
    negLines(v, name, description, check, Optional.empty(), line);
  }

  private static void negLines(Map<String, JsonObject> v, String name, String description, String check,
      Optional<String> artifact, String... lines) {
    List<JsonValue> ls = new ArrayList<>();
    for (String l : lines) {
      ls.add(dev.airid.json.JsonString.of(l));
    }
    JsonObject.Builder b = JsonObject.builder().put("name", name).put("description", description)
        .put("public_key", "keys/ed25519-test.pub").put("bundles", JsonArray.of(ls));
    artifact.ifPresent(s -> b.put("artifact_sha256", s));
    v.put(name, b.put("failed_check", check).build());
  }

  static String signed(byte[] payload, String type, SigningKey k) {
    try {
      byte[] sig = k.sign(Dsse.pae(type, payload));
      return new String(Bundle.withKeyHint(k.keyId(), new Dsse.Envelope(type, payload, List.of(new Dsse.Signature(k.keyId(), sig)))).toBytes(),
          StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Regenerates the vector files. */
  public static void main(String[] args) throws Exception {
    write("attestation", positive());
    write("bundles-negative", negative());
  }

  static void write(String dir, Map<String, JsonObject> vectors) throws Exception {
    Path d = Paths2.testVectors().resolve(dir);
    Files.createDirectories(d);
    for (Map.Entry<String, JsonObject> e : vectors.entrySet()) {
      JsonObject o = e.getValue().toBuilder().put("name", e.getKey()).build();
      Files.write(d.resolve(e.getKey() + ".json"), Json.pretty(o));
    }
  }
}
