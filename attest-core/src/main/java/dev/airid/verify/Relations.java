package dev.airid.verify;

import dev.airid.RunIdentity;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Statement;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that relate bundles to each other and to the artifact (spec/attestations.md §5.2, checks 13–18), and the
 * result they make: for airid provenance, outputs bound to the declaration of the same file; for a plain Sigstore
 * bundle, the artifact its one bundle was found to sign.
 */
final class Relations {

  private Relations() {}

  static VerificationResult of(Verifier.Run run, List<BundleOutcome> outcomes) {
    BundleOutcome first = outcomes.get(0);
    VerificationResult.Kind kind = outcomes.size() > 1 ? VerificationResult.Kind.AIRID_PROVENANCE : first.kind;
    List<SignedBy> signers = signers(outcomes);
    if (kind == VerificationResult.Kind.SIGSTORE_ATTESTATION || kind == VerificationResult.Kind.SIGSTORE_MESSAGE_SIGNATURE) {
      Optional<VerificationResult.ArtifactMatch> match = first.ok && run.artifact.isPresent() && first.artifactSubject.isPresent()
          ? Optional.of(new VerificationResult.ArtifactMatch(run.artifact.get().name(), first.artifactSubject.get(), Optional.empty()))
          : Optional.empty();
      return new VerificationResult(run.checks, kind, Optional.empty(), Optional.empty(), List.of(), List.of(),
          first.ok ? Optional.ofNullable(first.statement) : Optional.empty(), signers, match);
    }
    if (kind == VerificationResult.Kind.UNKNOWN) {
      return new VerificationResult(run.checks, kind, Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(),
          signers, Optional.empty());
    }
    return provenance(run, outcomes, signers);
  }

  private static VerificationResult provenance(Verifier.Run run, List<BundleOutcome> outcomes, List<SignedBy> signers) {
    List<Check> checks = run.checks;
    BundleOutcome first = outcomes.get(0);
    boolean declared = first.ok && first.declaration != null;
    if (first.ok && first.declaration == null) {
      checks.add(new Check(CheckNames.PROVENANCE_DECLARATION, -1, Check.Status.FAIL,
          "the first bundle must be the run's declaration attestation; an output attestation verifies only with it"));
    }
    List<Subject> outputs = new ArrayList<>();
    List<Statement> outputStatements = new ArrayList<>();
    List<ExecutionFacts> facts = new ArrayList<>();
    for (int i = 1; i < outcomes.size(); i++) {
      BundleOutcome o = outcomes.get(i);
      if (!o.ok) {
        continue;
      }
      if (o.declaration != null) {
        checks.add(new Check(CheckNames.PROVENANCE_ORDER, i, Check.Status.FAIL, "only the first bundle may be a declaration attestation"));
        continue;
      }
      if (!declared) {
        checks.add(new Check(CheckNames.OUTPUT_RUN, i, Check.Status.SKIPPED, "no verified declaration to bind to"));
        continue;
      }
      RunIdentity id = first.declaration.declaration().identity();
      boolean sameRun = o.output.run().equals(id);
      checks.add(sameRun
          ? new Check(CheckNames.OUTPUT_RUN, i, Check.Status.PASS, "names run " + id)
          : new Check(CheckNames.OUTPUT_RUN, i, Check.Status.FAIL, "names run " + o.output.run() + ", but the declaration is " + id));
      boolean sameDeclaration = MessageDigest.isEqual(
          HexFormat.of().parseHex(o.output.declarationSha256()), HexFormat.of().parseHex(first.payloadSha256()));
      checks.add(sameDeclaration
          ? new Check(CheckNames.OUTPUT_DECLARATION_DIGEST, i, Check.Status.PASS, "binds to declaration payload sha256:" + first.payloadSha256())
          : new Check(CheckNames.OUTPUT_DECLARATION_DIGEST, i, Check.Status.FAIL,
              "binds to declaration payload sha256:" + o.output.declarationSha256() + ", not this file's sha256:" + first.payloadSha256()));
      if (sameRun && sameDeclaration) {
        for (Subject s : o.statement.subjects()) {
          outputs.add(s);
          facts.add(o.output.execution());
        }
        outputStatements.add(o.statement);
      }
    }
    Optional<VerificationResult.ArtifactMatch> match = Optional.empty();
    if (run.artifact.isPresent()) {
      Artifact a = run.artifact.get();
      int at = -1;
      for (int i = 0; i < outputs.size() && at < 0; i++) {
        if (BundleSteps.Digests.matches(a, outputs.get(i))) {
          at = i;
        }
      }
      if (at >= 0) {
        Subject s = outputs.get(at);
        checks.add(new Check(CheckNames.ARTIFACT_DIGEST, -1, Check.Status.PASS,
            a.name() + " (" + BundleSteps.Digests.describe(s) + ") is output \"" + s.name() + "\" of the run"));
        match = Optional.of(new VerificationResult.ArtifactMatch(a.name(), s, Optional.of(facts.get(at))));
      } else {
        checks.add(new Check(CheckNames.ARTIFACT_DIGEST, -1, Check.Status.FAIL, outputs.isEmpty()
            ? (a.readProblem().isPresent() ? "cannot read " + a.name() + ": " + a.readProblem().get()
                : "no verified output attestation of this run covers any artifact, so " + a.name() + " cannot be one of its outputs")
            : BundleSteps.Digests.noMatch(a, outputs)));
      }
    }
    Optional<Declaration> declaration = declared ? Optional.of(first.declaration.declaration()) : Optional.empty();
    return new VerificationResult(checks, VerificationResult.Kind.AIRID_PROVENANCE, declaration,
        declared ? Optional.of(first.statement) : Optional.empty(), outputStatements, outputs, Optional.empty(), signers, match);
  }

  private static List<SignedBy> signers(List<BundleOutcome> outcomes) {
    Set<SignedBy> out = new LinkedHashSet<>();
    for (BundleOutcome o : outcomes) {
      if (o.ok) {
        o.signer.ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }
}
