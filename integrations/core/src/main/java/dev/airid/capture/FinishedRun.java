package dev.airid.capture;

import dev.airid.RunIdentity;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run that has ended, as a {@link ProvenanceSink} receives it and {@link RunScope#runs()} lists it. Immutable.
 *
 * @param identity the run identity, assigned before the call
 * @param declaration the declaration it was computed from
 * @param runBundle the signed declaration attestation, when a signer is configured
 * @param outputBundle the signed output attestation, when a signer is configured and it could be made
 * @param status how the run ended
 * @param outcome what the provider returned, for a succeeded run
 * @param errorClass the class of the exception that ended a failed run
 * @param provenanceError why the output attestation of a failed run could not be made (the caller's exception, not
 *     this one, propagated)
 */
public record FinishedRun(RunIdentity identity, Declaration declaration, Optional<Bundle> runBundle,
    Optional<Bundle> outputBundle, ExecutionFacts.Status status, Optional<ChatOutcome> outcome,
    Optional<String> errorClass, Optional<String> provenanceError) {

  public FinishedRun {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(runBundle, "runBundle");
    Objects.requireNonNull(outputBundle, "outputBundle");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(provenanceError, "provenanceError");
  }

  /**
   * The provenance file of the run ({@code .airid.jsonl}, spec/attestations.md §2.5): the run bundle, then the output
   * bundle. Empty when no signer is configured.
   */
  public Optional<byte[]> provenance() {
    if (runBundle.isEmpty()) {
      return Optional.empty();
    }
    List<Bundle> bundles = new ArrayList<>();
    bundles.add(runBundle.get());
    outputBundle.ifPresent(bundles::add);
    return Optional.of(Provenance.join(bundles));
  }
}
