package dev.airid.kafka;

import dev.airid.AiridException;
import dev.airid.InputRejectedException;
import dev.airid.declaration.Declaration;
import dev.airid.keys.VerificationKey;
import dev.airid.policy.Policy;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.TrustedRoot;
import dev.airid.verify.Artifact;
import dev.airid.verify.Check;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a record's value is an output of a run whose provenance verifies: the gate's one use of airid's
 * verifier ({@link Verifier}, with one {@link TrustPolicy}). For each record it verifies the provenance (the bytes of a
 * {@code .airid.jsonl}) with the value as the artifact: every check of spec/attestations.md §5.2 (and, for keyless
 * signers, spec/keyless.md §4), ending with {@code artifact.digest}, which passes only if the value is a subject of a
 * verified output attestation of the run; then the trust policy's airid policy, if it has one (spec/policy.md §5.1).
 *
 * <p>The record is {@link Verdict.Verified} only if every check passed; otherwise it is {@link Verdict.Rejected} with the
 * first check that did not pass. Verification is offline: keys, trusted roots and policies are given at construction
 * and nothing is fetched. The time (for keyless log entries and timestamps, and for a policy's {@code maxAgeSeconds})
 * is read from the trust policy's clock at each verification, so one instance serves a long-running gate.
 *
 * <p>Immutable and thread-safe: one instance is shared by every stream thread. Arguments must not be null.
 */
public final class RecordVerifier {

  private final Verifier verifier;
  private final String description;

  private RecordVerifier(Verifier verifier, String description) {
    this.verifier = verifier;
    this.description = description;
  }

  /** Trusts what {@code trust} trusts, and applies its policy and clock. */
  public static RecordVerifier of(TrustPolicy trust) {
    return new RecordVerifier(Verifier.of(trust), trust.toString());
  }

  /** Trusts what {@code verifier} trusts. */
  public static RecordVerifier of(Verifier verifier) {
    return new RecordVerifier(Objects.requireNonNull(verifier, "verifier"), verifier.trustPolicy().toString());
  }

  /**
   * Trusts records whose bundles are each signed by at least {@code threshold} distinct keys of {@code keys}.
   *
   * @throws InputRejectedException {@code TRUST_POLICY_INVALID} if a key is listed twice or the threshold is not
   *     between 1 and the number of keys
   */
  public static RecordVerifier keys(List<VerificationKey> keys, int threshold) throws AiridException {
    return of(TrustPolicy.builder().trustedKeys(keys).threshold(threshold).build());
  }

  /** Trusts keyless (Sigstore) records signed by one of {@code identities}, checked offline against {@code root}. */
  public static RecordVerifier keyless(TrustedRoot root, List<CertificateIdentity> identities) throws AiridException {
    return of(TrustPolicy.builder().trustedRoot(root).trustedIdentities(identities).build());
  }

  /** The policy applied after verification, if any. */
  public Optional<Policy> policy() {
    return verifier.trustPolicy().policy();
  }

  /**
   * Verifies that {@code value} is an output of the run that {@code provenance} attests. Never throws for bad input:
   * every problem is a {@link Verdict.Rejected}.
   */
  public Verdict verify(byte[] value, byte[] provenance) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(provenance, "provenance");
    VerificationResult result = verifier.verify(provenance, Artifact.ofBytes("record value", value));
    if (result.verified() && result.declaration().isPresent()) {
      Declaration d = result.declaration().get();
      return new Verdict.Verified(d.identity(), d.modelName());
    }
    // Fails closed: the first FAIL, else the first check that did not pass (a result with no check never verifies),
    // else — verified, but not airid provenance — a plain Sigstore bundle, which names no run.
    Check first = result.firstFailure()
        .or(() -> result.checks().stream().filter(c -> !c.passed()).findFirst())
        .orElse(null);
    if (first == null) {
      return new Verdict.Rejected("provenance.declaration",
          "the provenance is a plain Sigstore bundle, not the attestation of a run");
    }
    return new Verdict.Rejected(first.name(), first.bundle() >= 0 ? "bundle " + first.bundle() + ": " + first.detail() : first.detail());
  }

  /** The bundles of a provenance file, split as spec/attestations.md §2.5 says. */
  static List<byte[]> bundles(byte[] provenance) throws InputRejectedException {
    return dev.airid.attest.Provenance.split(provenance);
  }

  /** A provenance file of {@code bundles}: one compact bundle per line. */
  static byte[] join(List<Bundle> bundles) {
    return dev.airid.attest.Provenance.join(bundles);
  }

  /** Lowercase hex SHA-256 of {@code data}. */
  static String sha256Hex(byte[] data) {
    return java.util.HexFormat.of().formatHex(SHA256.get().digest(data));
  }

  private static final ThreadLocal<java.security.MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime lacks SHA-256, which Java SE requires", e);
    }
  });

  @Override
  public String toString() {
    return "RecordVerifier[" + description + "]";
  }
}
