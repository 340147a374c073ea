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

  /**
   * Trusts what any of {@code trusts} trusts, each for the bundles it can judge: e.g. trusted keys for key bundles and
   * trusted identities for keyless ones, so that a chain may mix both. A bundle goes to the first that does not refuse it.
   */
  static SignerTrust firstAccepting(java.util.List<SignerTrust> trusts) {
    java.util.List<SignerTrust> all = java.util.List.copyOf(trusts);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no signer trust");
    }
    return all.size() == 1 ? all.get(0) : new FirstAccepting(all);
  }
}

/** See {@link SignerTrust#firstAccepting}. */
record FirstAccepting(java.util.List<SignerTrust> trusts) implements SignerTrust {

  private SignerTrust judge(Bundle.Material m) {
    return trusts.stream().filter(t -> t.refuses(m).isEmpty()).findFirst().orElse(null);
  }

  @Override
  public Optional<String> refuses(Bundle.Material material) {
    return judge(material) != null ? Optional.empty() : trusts.get(0).refuses(material);
  }

  @Override
  public String describe(Bundle.Material material) {
    return judge(material).describe(material);
  }

  @Override
  public void verify(Bundle bundle, Checks checks) {
    judge(bundle.material()).verify(bundle, checks);
  }
}
