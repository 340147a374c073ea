package dev.airid.kafka;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.Dsse;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Signed records for the gate's tests: a run declared and attested with a real Ed25519 key, and outputs bound to it.
 * Non-ASCII everywhere, so that a lost encoding shows.
 */
final class Fixtures {

  static final Instant DECLARED_AT = Instant.parse("2026-11-23T10:00:00Z");

  final SigningKey team;
  final SigningKey stranger;
  final Declaration declaration;
  final Bundle run;
  private final Attestor attestor;

  Fixtures() throws Exception {
    team = KeyFiles.generate(KeyType.ED25519);
    stranger = KeyFiles.generate(KeyType.ED25519);
    declaration = Declaration.builder("gpt-4o")
        .modelProvider("openai")
        .parameter("temperature", 0.2)
        .instruction("system", "Fasse den Bericht zusammen. Grüße 🚀")
        .input("user", "Résumé, s'il vous plaît: 報告書を要約して")
        .build();
    attestor = new Attestor(team);
    run = attestor.attestDeclaration(declaration, DECLARED_AT);
  }

  /** An output value: distinct for each {@code i}, non-ASCII. */
  static byte[] value(int i) {
    return ("Antwort Nr. " + i + ": Der Bericht ist ausgewogen — 結論は妥当です. ✓").getBytes(StandardCharsets.UTF_8);
  }

  /** The provenance of {@code value} as an output of {@link #run}, signed by the team key. */
  byte[] provenance(byte[] value) throws Exception {
    return provenance(attestor, run, value);
  }

  /** The same, signed by a key nobody trusts. */
  byte[] provenanceByStranger(byte[] value) throws Exception {
    Attestor other = new Attestor(stranger);
    return provenance(other, other.attestDeclaration(declaration, DECLARED_AT), value);
  }

  /** The provenance of a redacted declaration of the same run (same identity). */
  byte[] redactedProvenance(byte[] value) throws Exception {
    Bundle redactedRun = attestor.attestDeclaration(declaration.redactAll(), DECLARED_AT);
    return provenance(attestor, redactedRun, value);
  }

  /** A provenance file whose declaration bundle has this payload type, signed: the type is checked before the key. */
  byte[] provenanceWithPayloadType(String payloadType) throws Exception {
    byte[] payload = run.envelope().orElseThrow().payload();
    Dsse.Envelope env = new Dsse.Envelope(payloadType, payload,
        List.of(new Dsse.Signature(team.keyId(), team.sign(Dsse.pae(payloadType, payload)))));
    return (new String(Bundle.withKeyHint(team.keyId(), env).toBytes(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] provenance(Attestor attestor, Bundle run, byte[] value) throws Exception {
    Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("antwort.md", RecordVerifier.sha256Hex(value))),
        ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).reportedModel("gpt-4o-2024-08-06"));
    return Provenance.of(List.of(run, out)).bytes();
  }
}
