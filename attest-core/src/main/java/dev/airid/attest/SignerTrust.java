package dev.airid.attest;

import java.util.Optional;

/**
 * Who a {@link Verifier} trusts to sign: trusted public keys ({@link Verifier#of(java.util.List, int)}), or Sigstore
 * keyless signers named by certificate identity ({@code dev.airid.sigstore.CertificateTrust}). Everything after the
 * signer checks (statement, declaration, identity, outputs) is the same for both.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface SignerTrust {

  /** Records one named check; returns whether it passed (false, and recorded as skipped, after an earlier failure). */
  @FunctionalInterface
  interface Checks {
    boolean check(String name, boolean ok, String detail);
  }

  /** Why this trust cannot judge a bundle with this material (e.g. a key-signed bundle given to identity trust). */
  Optional<String> refuses(Bundle.Material material);

  /** Describes the material for a report, e.g. "public-key bundle, key hint …". */
  String describe(Bundle.Material material);

  /** Runs this trust's checks on one bundle's envelope, in order, through {@code checks}. */
  void verify(Bundle bundle, Checks checks);
}
