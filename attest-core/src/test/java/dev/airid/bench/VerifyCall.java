package dev.airid.bench;

import dev.airid.attest.Verifier;
import dev.airid.keys.VerificationKey;

/**
 * The one place the benchmarks call airid's verification: every check, the identity recomputed from the declaration.
 * When the verifier's front door changes (one TrustPolicy, one Verifier entry point), this class is the only one to
 * edit. Thread-safe, as the verifier is.
 */
final class VerifyCall {

  private final Verifier verifier;

  VerifyCall(VerificationKey trusted) {
    verifier = Verifier.of(trusted);
  }

  /** Whether the bundle verifies. */
  boolean verify(byte[] bundle) {
    return verifier.verify(bundle).verified();
  }
}
