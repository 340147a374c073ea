package dev.airid.attest;

import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a bundle or a provenance file: every check, in order, and what was verified.
 *
 * @param checks every check that was run or skipped, in order
 * @param declaration the verified declaration (full or redacted), when one was verified
 * @param outputs the subjects of verified output attestations
 * @param declarationStatement the verified declaration attestation (its predicate holds {@code declaredAt})
 * @param outputStatements the verified output attestations bound to the run, for output policy rules
 */
public record VerificationResult(List<Check> checks, Optional<Declaration> declaration, List<Subject> outputs,
    Optional<Statement> declarationStatement, List<Statement> outputStatements) {

  public VerificationResult {
    checks = List.copyOf(checks);
    outputs = List.copyOf(outputs);
    outputStatements = List.copyOf(outputStatements);
  }

  /** This result with {@code more} checks appended (e.g. policy checks); verified only if those pass too. */
  public VerificationResult withChecks(List<Check> more) {
    List<Check> all = new java.util.ArrayList<>(checks);
    all.addAll(more);
    return new VerificationResult(all, declaration, outputs, declarationStatement, outputStatements);
  }

  /** True only if there is at least one check and every check passed. Fails closed. */
  public boolean verified() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** The first failed check, if any. */
  public Optional<Check> firstFailure() {
    return checks.stream().filter(c -> c.status() == Check.Status.FAIL).findFirst();
  }

  /** The identity of the verified run. */
  public Optional<RunIdentity> identity() {
    return declaration.map(Declaration::identity);
  }
}
