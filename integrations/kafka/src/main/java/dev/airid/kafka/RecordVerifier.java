package dev.airid.kafka;

import dev.airid.InputRejectedException;
import dev.airid.attest.Bundle;
import dev.airid.attest.Check;
import dev.airid.attest.VerificationResult;
import dev.airid.attest.Verifier;
import dev.airid.declaration.Declaration;
import dev.airid.keys.VerificationKey;
import dev.airid.policy.Policy;
import dev.airid.policy.PolicyChecks;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.CertificateTrust;
import dev.airid.sigstore.TrustedRoot;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a record's value is an output of a run whose provenance verifies: the gate's one use of airid's
 * verifier. For each record, in order:
 *
 * <ol>
 *   <li>split the provenance into bundles (spec/attestations.md §2.5); a malformed file fails {@code
 *       provenance.bundles};
 *   <li>verify the bundles against the trusted signers, with the SHA-256 of the value as the artifact digest: every
 *       check of spec/attestations.md §5.2 (and, for keyless signers, spec/keyless.md §4), ending with {@code
 *       artifact.digest}, which passes only if the value is a subject of a verified output attestation of the run;
 *   <li>if a policy is set and everything so far passed, the policy checks of spec/policy.md §5.1.
 * </ol>
 *
 * The record is {@link Verdict.Verified} only if every check passed; otherwise it is {@link Verdict.Rejected} with the
 * first check that did not pass. Verification is offline: keys, trusted roots and policies are given at construction
 * and nothing is fetched. The time (for keyless log entries and timestamps, and for a policy's {@code maxAgeSeconds})
 * is read from the clock at each verification, so one instance serves a long-running gate.
 *
 * <p>Immutable and thread-safe: one instance is shared by every stream thread. Arguments must not be null.
 */
public final class RecordVerifier {

  private static final HexFormat HEX = HexFormat.of();
  private static final MessageDigest SHA256 = sha256();

  /** The verifier to use at a given time: fixed for keys, rebuilt with the time for keyless trust. */
  private final Function<Instant, Verifier> trust;
  private final String description;
  private final Policy policy;
  private final Clock clock;

  private RecordVerifier(Function<Instant, Verifier> trust, String description, Policy policy, Clock clock) {
    this.trust = trust;
    this.description = description;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Trusts records whose bundles are each signed by at least {@code threshold} distinct keys of {@code keys}.
   *
   * @throws IllegalArgumentException if a key is listed twice or the threshold is not between 1 and the number of keys
   */
  public static RecordVerifier keys(List<VerificationKey> keys, int threshold) {
    Verifier verifier = Verifier.of(Verifier.trustOf(keys, threshold));
    return new RecordVerifier(t -> verifier, keys.size() + " trusted key(s), threshold " + threshold, null, Clock.systemUTC());
  }

  /**
   * Trusts keyless (Sigstore) records signed by one of {@code identities}, checked offline against {@code root}.
   *
   * @throws IllegalArgumentException if {@code identities} is empty
   */
  public static RecordVerifier keyless(TrustedRoot root, List<CertificateIdentity> identities) {
    Objects.requireNonNull(root, "root");
    List<CertificateIdentity> ids = List.copyOf(identities);
    new CertificateTrust(root, ids, Instant.EPOCH); // checks the arguments now rather than at the first record
    return new RecordVerifier(t -> Verifier.of(new CertificateTrust(root, ids, t)), "keyless " + ids, null, Clock.systemUTC());
  }

  /**
   * Trusts what {@code verifier} trusts (for example a verifier built from the command line's trust options). Such a
   * verifier fixes its own time for keyless bundles when it is built; prefer {@link #keyless} for a long-running gate.
   */
  public static RecordVerifier of(Verifier verifier) {
    Objects.requireNonNull(verifier, "verifier");
    return new RecordVerifier(t -> verifier, "the given verifier", null, Clock.systemUTC());
  }

  /** This verifier, also applying {@code policy}'s rules and requirements to each verified record. */
  public RecordVerifier withPolicy(Policy policy) {
    return new RecordVerifier(trust, description, Objects.requireNonNull(policy, "policy"), clock);
  }

  /** This verifier, reading the time from {@code clock} (default: the system clock, UTC). */
  public RecordVerifier withClock(Clock clock) {
    return new RecordVerifier(trust, description, policy, Objects.requireNonNull(clock, "clock"));
  }

  /** The policy applied after verification, if any. */
  public Optional<Policy> policy() {
    return Optional.ofNullable(policy);
  }

  /**
   * Verifies that {@code value} is an output of the run that {@code provenance} (the bytes of a {@code .airid.jsonl})
   * attests. Never throws for bad input: every problem is a {@link Verdict.Rejected}.
   */
  public Verdict verify(byte[] value, byte[] provenance) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(provenance, "provenance");
    List<byte[]> bundles;
    try {
      bundles = Verifier.splitProvenance(provenance);
    } catch (InputRejectedException e) {
      return new Verdict.Rejected("provenance.bundles", e.getMessage());
    }
    Instant now = clock.instant();
    VerificationResult verified = trust.apply(now).verify(bundles, Optional.of(sha256Hex(value)));
    VerificationResult result = policy != null && verified.verified()
        ? verified.withChecks(PolicyChecks.apply(policy, verified, now)) : verified;
    if (result.verified()) {
      Declaration d = result.declaration().orElseThrow();
      return new Verdict.Verified(d.identity(), d.modelName());
    }
    // Fails closed: the first FAIL, else the first check that did not pass (a result with no check never verifies).
    Check first = result.firstFailure()
        .or(() -> result.checks().stream().filter(c -> !c.passed()).findFirst())
        .orElse(null);
    if (first == null) {
      return new Verdict.Rejected("provenance.bundles", "no check was run");
    }
    return new Verdict.Rejected(first.name(), first.bundle() >= 0 ? "bundle " + first.bundle() + ": " + first.detail() : first.detail());
  }

  /** The bundles of a provenance file, split as spec/attestations.md §2.5 says. */
  static List<byte[]> bundles(byte[] provenance) throws InputRejectedException {
    return Verifier.splitProvenance(provenance);
  }

  /** A provenance file of {@code bundles}: one compact bundle per line. */
  static byte[] join(List<Bundle> bundles) {
    return Verifier.joinProvenance(bundles);
  }

  static String sha256Hex(byte[] data) {
    MessageDigest md;
    try {
      md = (MessageDigest) SHA256.clone(); // cheaper than a provider lookup per record
    } catch (CloneNotSupportedException e) {
      md = sha256();
    }
    return HEX.formatHex(md.digest(data));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime lacks SHA-256, which Java SE requires", e);
    }
  }

  @Override
  public String toString() {
    return "RecordVerifier[" + description + (policy == null ? "" : ", with policy") + "]";
  }
}
