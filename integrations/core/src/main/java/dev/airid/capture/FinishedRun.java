package dev.airid.capture;

import dev.airid.RunIdentity;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.sigstore.Bundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run that has ended and whose output is bound, as a {@link ProvenanceSink} receives it and {@link Run#finished()}
 * yields it. Immutable.
 *
 * @param identity the run identity, assigned before the call
 * @param declaration the declaration it was computed from
 * @param runBundle the signed declaration attestation, when a signer is configured
 * @param outputBundle the signed output attestation, when a signer is configured and it could be made
 * @param status how the run ended
 * @param outcome what the provider returned, for a succeeded run
 * @param errorType the class name of the exception that ended a failed run (its {@code errorType} fact)
 * @param provenanceError why the output attestation could not be made, when it could not (the run attestation is kept;
 *     the failure is also reported by {@link RunCapture#flush()}, or, in synchronous mode, thrown to the caller of a
 *     successful call)
 */
public record FinishedRun(RunIdentity identity, Declaration declaration, Optional<Bundle> runBundle,
    Optional<Bundle> outputBundle, ExecutionFacts.Status status, Optional<ChatOutcome> outcome,
    Optional<String> errorType, Optional<String> provenanceError) {

  public FinishedRun {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(runBundle, "runBundle");
    Objects.requireNonNull(outputBundle, "outputBundle");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(provenanceError, "provenanceError");
  }

  /** The bundles of the run, in provenance-file order: the run bundle, then the output bundle. Empty without a signer. */
  public List<Bundle> bundles() {
    if (runBundle.isEmpty()) {
      return List.of();
    }
    List<Bundle> bundles = new ArrayList<>(2);
    bundles.add(runBundle.get());
    outputBundle.ifPresent(bundles::add);
    return List.copyOf(bundles);
  }

  /**
   * The provenance file of the run ({@code .airid.jsonl}, spec/attestations.md §2.5): {@link #bundles()}, one per
   * line. Empty when no signer is configured.
   */
  public Optional<byte[]> provenance() {
    List<Bundle> bundles = bundles();
    return bundles.isEmpty() ? Optional.empty() : Optional.of(Provenance.join(bundles));
  }
}
