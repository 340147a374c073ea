package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.keys.SigningKey;
import dev.airid.sigstore.Bundle;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Signs airid attestations with a local key: the declaration before the run, the outputs after it.
 *
 * <pre>{@code
 * Attestor attestor = new Attestor(signingKey);
 * Bundle run = attestor.attestDeclaration(declaration, Instant.now());          // before the model call
 * Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("answer.md", hex)),
 *     ExecutionFacts.of(Status.SUCCEEDED).reportedModel("gpt-4o-2024-08-06"));  // after it
 * }</pre>
 *
 * Thread-safe.
 */
public final class Attestor {

  /** predicateType of a declaration attestation. */
  public static final String DECLARATION_PREDICATE = "https://airid.dev/ai-run-declaration/v1";

  /** predicateType of an output attestation. */
  public static final String OUTPUT_PREDICATE = "https://airid.dev/ai-run-output/v1";

  private final BundleSigner signer;

  /** Signs with a local key; bundles carry the key id as hint. */
  public Attestor(SigningKey key) {
    Objects.requireNonNull(key, "key");
    // Once: the key id is a SHA-256 over the encoded key, and an inline capture signs on every model call.
    String keyId = key.keyId();
    this.signer = (type, payload) -> Bundle.withKeyHint(keyId,
        new Dsse.Envelope(type, payload, List.of(new Dsse.Signature(keyId, key.sign(Dsse.pae(type, payload))))));
  }

  /** Signs with any bundle signer, e.g. keylessly. */
  public Attestor(BundleSigner signer) {
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  /**
   * The Statement for a declaration: its one subject is the run identity, the predicate carries the declaration as
   * given (full or redacted) and, optionally, when it was declared. Nothing about execution.
   */
  public static Statement declarationStatement(Declaration declaration, Instant declaredAt) {
    RunIdentity id = declaration.identity();
    return Statement.of(List.of(Subject.sha256(id.toString(), id.hex())), DECLARATION_PREDICATE,
        DeclarationPredicate.of(declaration, declaredAt).toJson());
  }

  /**
   * The Statement for outputs of a run: the outputs are the subjects; the predicate names the run identity and the
   * SHA-256 of the declaration bundle's DSSE payload (the signed bytes, which unlike the bundle's JSON have exactly one
   * form), plus the execution facts.
   */
  public static Statement outputStatement(
      RunIdentity run, String declarationPayloadSha256, List<Subject> outputs, ExecutionFacts facts) {
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("an output attestation needs at least one output");
    }
    return Statement.of(outputs, OUTPUT_PREDICATE, new OutputPredicate(run, declarationPayloadSha256, facts).toJson());
  }

  /** Signs a declaration attestation. {@code declaredAt} may be null. */
  public Bundle attestDeclaration(Declaration declaration, Instant declaredAt) throws OperationFailedException {
    return sign(declarationStatement(declaration, declaredAt));
  }

  /** Signs a declaration attestation with this predicate (e.g. one that names its {@code producer}). */
  public Bundle attestDeclaration(DeclarationPredicate predicate) throws OperationFailedException {
    RunIdentity id = predicate.declaration().identity();
    return sign(Statement.of(List.of(Subject.sha256(id.toString(), id.hex())), DECLARATION_PREDICATE, predicate.toJson()));
  }

  /**
   * Signs an output attestation for the run of {@code declarationBundle}.
   *
   * @throws InputRejectedException if {@code declarationBundle} does not hold a declaration attestation
   */
  public Bundle attestOutputs(Bundle declarationBundle, List<Subject> outputs, ExecutionFacts facts)
      throws InputRejectedException, OperationFailedException {
    Statement s = declarationBundle.statement();
    if (!s.predicateType().equals(DECLARATION_PREDICATE)) {
      throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID,
          "the run bundle holds a " + s.predicateType() + " attestation, not a declaration attestation");
    }
    RunIdentity run = DeclarationPredicate.parse(s.predicate()).declaration().identity();
    String payloadDigest = Sha256.hexOf(declarationBundle.envelope().orElseThrow().payload());
    return sign(outputStatement(run, payloadDigest, outputs, facts));
  }

  /** Signs any Statement: compact JSON payload, DSSE over it, a v0.3 bundle. */
  public Bundle sign(Statement statement) throws OperationFailedException {
    return signer.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, Json.compact(statement.toJson()));
  }
}
