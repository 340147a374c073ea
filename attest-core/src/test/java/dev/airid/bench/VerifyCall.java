package dev.airid.bench;

import dev.airid.verify.TrustPolicy;
import dev.airid.verify.Verifier;
import dev.airid.keys.VerificationKey;

/**
 * The one place the benchmarks call airid's verification, through its one front door (a TrustPolicy and the
 * Verifier): every check, the identity recomputed from the declaration. Thread-safe, as the verifier is.
 */
final class VerifyCall {

  private final Verifier verifier;

  VerifyCall(VerificationKey trusted) {
    verifier = Verifier.of(TrustPolicy.of(trusted));
  }

  /** Whether the bundle verifies. */
  boolean verify(byte[] bundle) {
    return verifier.verify(bundle).verified();
  }
}
