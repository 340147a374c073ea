package dev.airid.verify;

import dev.airid.attest.DeclarationPredicate;
import dev.airid.attest.OutputPredicate;
import dev.airid.attest.Statement;
import dev.airid.attest.Subject;
import dev.airid.internal.Sha256;
import dev.airid.sigstore.Bundle;
import java.util.Optional;

/** What one bundle yielded: filled in by {@link BundleSteps} as its checks pass. */
final class BundleOutcome {
  final int index;
  /** Every check of the bundle passed. */
  boolean ok;
  VerificationResult.Kind kind = VerificationResult.Kind.UNKNOWN;
  Bundle bundle;
  Optional<SignedBy> signer = Optional.empty();
  Statement statement;
  byte[] payload;
  private String payloadSha256;
  /** A verified declaration attestation. */
  DeclarationPredicate declaration;
  /** A verified output attestation. */
  OutputPredicate output;
  /** For a plain Sigstore bundle: the subject the artifact matched. */
  Optional<Subject> artifactSubject = Optional.empty();

  BundleOutcome(int index) {
    this.index = index;
  }

  /** Hashed only when an output attestation binds to this payload: most verifications have none. */
  String payloadSha256() {
    if (payloadSha256 == null) {
      payloadSha256 = Sha256.hexOf(payload);
    }
    return payloadSha256;
  }
}
