package dev.airid.verify;

import dev.airid.RunIdentity;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Statement;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a verification: every check in order, and what was established. Only the {@link Verifier} makes
 * one; the facts it carries ({@link #declaration()}, {@link #signers()}, {@link #artifact()}, …) are what verified,
 * and mean nothing unless {@link #verified()} — true only if there is at least one check and every check passed.
 * Immutable and thread-safe.
 */
public final class VerificationResult {

  /** What was verified. */
  public enum Kind {
    /** airid provenance: a declaration attestation and possibly output attestations of that run. */
    AIRID_PROVENANCE,
    /** A plain Sigstore bundle with a DSSE envelope (an in-toto attestation made by any Sigstore client). */
    SIGSTORE_ATTESTATION,
    /** A plain Sigstore bundle with a message signature over an artifact. */
    SIGSTORE_MESSAGE_SIGNATURE,
    /** The input could not be read far enough to tell. */
    UNKNOWN
  }

  /**
   * The artifact that was checked and verified.
   *
   * @param name the artifact's name as given (a file name, or the digest text)
   * @param subject the subject it matched: an output of the run, or a subject of the statement (for a message
   *     signature, the artifact itself with the digests that were checked)
   * @param execution for airid provenance, how the run that produced it ended, as its output attestation records
   */
  public record ArtifactMatch(String name, Subject subject, Optional<ExecutionFacts> execution) {
    public ArtifactMatch {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(execution, "execution");
    }
  }

  private final List<Check> checks;
  private final Kind kind;
  private final Optional<Declaration> declaration;
  private final Optional<Statement> declarationStatement;
  private final List<Statement> outputStatements;
  private final List<Subject> outputs;
  private final Optional<Statement> statement;
  private final List<SignedBy> signers;
  private final Optional<ArtifactMatch> artifact;

  VerificationResult(List<Check> checks, Kind kind, Optional<Declaration> declaration, Optional<Statement> declarationStatement,
      List<Statement> outputStatements, List<Subject> outputs, Optional<Statement> statement, List<SignedBy> signers,
      Optional<ArtifactMatch> artifact) {
    this.checks = List.copyOf(checks);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.declaration = Objects.requireNonNull(declaration, "declaration");
    this.declarationStatement = Objects.requireNonNull(declarationStatement, "declarationStatement");
    this.outputStatements = List.copyOf(outputStatements);
    this.outputs = List.copyOf(outputs);
    this.statement = Objects.requireNonNull(statement, "statement");
    this.signers = List.copyOf(signers);
    this.artifact = Objects.requireNonNull(artifact, "artifact");
  }

  /** Every check that was run or skipped, in order. */
  public List<Check> checks() {
    return checks;
  }

  /** What the input was. */
  public Kind kind() {
    return kind;
  }

  /** The verified declaration (full or redacted), for airid provenance. */
  public Optional<Declaration> declaration() {
    return declaration;
  }

  /** The verified declaration attestation (its predicate holds {@code declaredAt}). */
  public Optional<Statement> declarationStatement() {
    return declarationStatement;
  }

  /** The verified output attestations bound to the run. */
  public List<Statement> outputStatements() {
    return outputStatements;
  }

  /** The subjects of the verified output attestations. */
  public List<Subject> outputs() {
    return outputs;
  }

  /** For a plain Sigstore attestation, the verified in-toto Statement. */
  public Optional<Statement> statement() {
    return statement;
  }

  /** Who signed, one entry per distinct signer, in bundle order. */
  public List<SignedBy> signers() {
    return signers;
  }

  /** The artifact that was checked and what it was found to be; empty if none was given or it did not verify. */
  public Optional<ArtifactMatch> artifact() {
    return artifact;
  }

  /** True only if there is at least one check and every check passed. Fails closed. */
  public boolean verified() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** The first failed check, if any. */
  public Optional<Check> firstFailure() {
    return checks.stream().filter(c -> c.status() == Check.Status.FAIL).findFirst();
  }

  /** The identity of the verified run, for airid provenance. */
  public Optional<RunIdentity> identity() {
    return declaration.map(Declaration::identity);
  }

  /** This result with {@code more} checks appended; verified only if those pass too. */
  VerificationResult withChecks(List<Check> more) {
    List<Check> all = new ArrayList<>(checks);
    all.addAll(more);
    return new VerificationResult(all, kind, declaration, declarationStatement, outputStatements, outputs, statement, signers, artifact);
  }

  @Override
  public String toString() {
    return "VerificationResult[" + (verified() ? "verified" : "not verified: " + firstFailure().map(Check::name).orElse("no checks"))
        + ", " + kind + "]";
  }
}
