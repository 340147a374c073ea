package dev.airid.verify;

import dev.airid.InputRejectedException;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.OutputPredicate;
import dev.airid.attest.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a verification established, said the same way by every front end (the {@code airid} command, the Maven
 * plugin): the outcome, one line that names exactly what was verified and what was not, and the checks behind it.
 *
 * <p>A {@link VerificationResult} says whether every check passed; a verdict also answers the question a user asks of
 * an artifact: is this file an output of a run I trust, and did that run succeed? An output attestation records how
 * its run ended, so a verdict on an artifact adds one check, {@link CheckNames#RUN_STATUS}: it fails for the output
 * of a run recorded as failed or interrupted, unless the caller accepts those ({@code acceptUnsuccessfulRuns}), and
 * even then the verdict names the status. A verification without an artifact is never worded like one with an
 * artifact: its outcome is {@link Outcome#NO_ARTIFACT_CHECKED}.
 *
 * <p>Immutable and thread-safe. The line contains text from the verified files (names, identities); a front end that
 * prints it to a terminal escapes it ({@code dev.airid.text.Printable}).
 */
public final class Verdict {

  /** What was established. */
  public enum Outcome {
    /** An artifact was checked: it is an output of a verified run (or, for a plain Sigstore bundle, what it signs). */
    VERIFIED("verified"),
    /** The provenance or bundle verified; no artifact was given, so none was checked. */
    NO_ARTIFACT_CHECKED("no-artifact-checked"),
    /** A check failed. */
    NOT_VERIFIED("not-verified");

    private final String json;

    Outcome(String json) {
      this.json = json;
    }

    /** The outcome as JSON reports spell it: {@code verified}, {@code no-artifact-checked}, {@code not-verified}. */
    public String json() {
      return json;
    }
  }

  /** What a run's output attestation records about how it ended, as reports spell it. */
  public static final String STATUS_NOT_RECORDED = "not-recorded";

  private final Outcome outcome;
  private final List<Check> checks;
  private final Optional<String> runStatus;
  private final String line;

  private Verdict(Outcome outcome, List<Check> checks, Optional<String> runStatus, String line) {
    this.outcome = outcome;
    this.checks = List.copyOf(checks);
    this.runStatus = runStatus;
    this.line = line;
  }

  /**
   * The verdict on {@code result}.
   *
   * @param artifact the artifact that was given to the verification, if any (its digests name it in the line)
   * @param subject what the line calls the thing verified: the artifact as the user named it (a path, a digest), or,
   *     without an artifact, the provenance file
   * @param acceptUnsuccessfulRuns whether an output of a run recorded as failed or interrupted passes {@link
   *     CheckNames#RUN_STATUS} (the line still names the status)
   */
  public static Verdict of(VerificationResult result, Optional<Artifact> artifact, String subject, boolean acceptUnsuccessfulRuns) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(subject, "subject");
    List<Check> checks = new ArrayList<>(result.checks());
    Optional<String> status = Optional.empty();
    Optional<ExecutionFacts.Status> ran = result.artifact().flatMap(VerificationResult.ArtifactMatch::execution).map(ExecutionFacts::status);
    if (result.verified() && ran.isPresent()) {
      ExecutionFacts.Status s = ran.get();
      status = Optional.of(s.json());
      boolean ok = s == ExecutionFacts.Status.SUCCEEDED || acceptUnsuccessfulRuns;
      checks.add(new Check(CheckNames.RUN_STATUS, -1, ok ? Check.Status.PASS : Check.Status.FAIL,
          s == ExecutionFacts.Status.SUCCEEDED ? "the run that produced " + subject + " succeeded"
              : "the run that produced " + subject + " is recorded as " + s.json() + " by its output attestation"
                  + (ok ? "; accepted, as asked" : "; the outputs of runs that did not succeed are not accepted unless asked for")));
    } else if (result.verified() && result.kind() == VerificationResult.Kind.AIRID_PROVENANCE) {
      status = Optional.of(recordedStatus(result));
    }
    boolean allPassed = !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    Outcome outcome = !allPassed ? Outcome.NOT_VERIFIED : artifact.isPresent() ? Outcome.VERIFIED : Outcome.NO_ARTIFACT_CHECKED;
    return new Verdict(outcome, checks, status, line(outcome, result, artifact, subject, status));
  }

  /** The outcome. */
  public Outcome outcome() {
    return outcome;
  }

  /** True for {@link Outcome#VERIFIED} and {@link Outcome#NO_ARTIFACT_CHECKED}: every check passed. */
  public boolean passed() {
    return outcome != Outcome.NOT_VERIFIED;
  }

  /** The result's checks, then {@link CheckNames#RUN_STATUS} when an artifact of an airid run was matched. */
  public List<Check> checks() {
    return checks;
  }

  /** The first failed check, if any. */
  public Optional<Check> failure() {
    return checks.stream().filter(c -> c.status() == Check.Status.FAIL).findFirst();
  }

  /**
   * How the run ended, for verified airid provenance: {@code succeeded}, {@code failed} or {@code interrupted} as its
   * output attestation records it (for an artifact, the attestation that covers it; without one, every output
   * attestation of the file, joined with {@code ,} if they differ), or {@link #STATUS_NOT_RECORDED} when the file holds
   * no output attestation. Empty for plain Sigstore bundles and for what did not verify.
   */
  public Optional<String> runStatus() {
    return runStatus;
  }

  /**
   * One line that says what was verified and what was not, e.g. {@code verified: review.md (sha256:…) is an output of
   * run airid:v1:sha256:…, signed by key … (ed25519); the run succeeded}. A failed or interrupted run is named in
   * capitals and never summarised as plain {@code verified}; a verification without an artifact starts {@code run
   * verified; no artifact checked}; a failure starts {@code NOT verified} (the failed check is {@link #failure()}).
   */
  public String line() {
    return line;
  }

  @Override
  public String toString() {
    return line;
  }

  private static String recordedStatus(VerificationResult r) {
    Set<String> seen = new LinkedHashSet<>();
    for (Statement s : r.outputStatements()) {
      try {
        seen.add(OutputPredicate.parse(s.predicate()).execution().status().json());
      } catch (InputRejectedException e) {
        // verified output attestations parsed before; nothing to add if one could not be read again
      }
    }
    return seen.isEmpty() ? STATUS_NOT_RECORDED : String.join(",", seen);
  }

  private static String line(Outcome outcome, VerificationResult r, Optional<Artifact> artifact, String subject, Optional<String> status) {
    String signers = r.signers().isEmpty() ? "" : ", signed by " + String.join(" and ", r.signers().stream().map(SignedBy::describe).toList());
    switch (outcome) {
      case NOT_VERIFIED: {
        String digest = artifact.map(Verdict::knownDigest).orElse("");
        return "NOT verified: " + subject + (digest.isEmpty() ? "" : " (" + digest + ")");
      }
      case VERIFIED: {
        VerificationResult.ArtifactMatch m = r.artifact().orElseThrow();
        String what = subject + " (" + BundleSteps.Digests.describe(m.subject()) + ")";
        if (r.kind() != VerificationResult.Kind.AIRID_PROVENANCE) {
          return "verified: " + what + " is " + (r.kind() == VerificationResult.Kind.SIGSTORE_MESSAGE_SIGNATURE
              ? "signed by a Sigstore message signature" : "subject \"" + m.subject().name() + "\" of a Sigstore attestation"
                  + r.statement().map(s -> " (predicate " + s.predicateType() + ")").orElse(""))
              + signers + "; not an airid run";
        }
        String st = status.orElse(STATUS_NOT_RECORDED);
        boolean succeeded = st.equals(ExecutionFacts.Status.SUCCEEDED.json());
        return (succeeded ? "verified: " : "verified, but the run " + st.toUpperCase(java.util.Locale.ROOT) + ": ") + what
            + " is an output of run " + r.identity().map(Object::toString).orElse("?") + signers
            + (succeeded ? "; the run succeeded" : "; the run is recorded as " + st.toUpperCase(java.util.Locale.ROOT));
      }
      default: {
        if (r.kind() != VerificationResult.Kind.AIRID_PROVENANCE) {
          return "bundle verified; no artifact checked: " + subject + " is a "
              + (r.kind() == VerificationResult.Kind.SIGSTORE_MESSAGE_SIGNATURE ? "Sigstore message signature"
                  : "Sigstore attestation" + r.statement().map(s -> " of " + s.subjects().size() + " subject(s) (predicate "
                      + s.predicateType() + ")").orElse(""))
              + signers;
        }
        String st = status.orElse(STATUS_NOT_RECORDED);
        int outputs = r.outputs().size();
        return "run verified; no artifact checked: " + subject + " is run " + r.identity().map(Object::toString).orElse("?")
            + signers + (st.equals(STATUS_NOT_RECORDED)
                ? "; no outcome recorded (a declaration attestation only)"
                : "; recorded as " + (st.equals(ExecutionFacts.Status.SUCCEEDED.json()) ? st : st.toUpperCase(java.util.Locale.ROOT))
                    + ", " + outputs + " output(s) attested");
      }
    }
  }

  /** The artifact's first known digest, {@code alg:hex}, or empty (a file that could not be read). */
  private static String knownDigest(Artifact a) {
    if (a.knownDigests().isEmpty()) {
      a.digest(dev.airid.sigstore.HashAlgorithm.SHA2_256); // a failure before the artifact step: name it all the same
    }
    return a.knownDigests().entrySet().stream().findFirst().map(e -> e.getKey() + ":" + e.getValue()).orElse("");
  }
}
