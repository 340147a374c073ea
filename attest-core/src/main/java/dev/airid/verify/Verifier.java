package dev.airid.verify;

import dev.airid.InputRejectedException;
import dev.airid.attest.Provenance;
import dev.airid.sigstore.Bundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one verifier: airid provenance files ({@code .airid.jsonl}: a run's declaration attestation and output
 * attestations), single airid bundles, and plain Sigstore bundles made by any Sigstore client (v0.1 to v0.3; DSSE or
 * message signature; public key, certificate or certificate chain), all checked offline against one {@link
 * TrustPolicy}.
 *
 * <p>The steps, in order, each reported as named checks ({@link CheckNames}):
 *
 * <ol>
 *   <li><b>read</b> each bundle: strict JSON, media type, content, envelope ({@code bundle.*}, {@code envelope.shape},
 *       {@code envelope.payloadType});
 *   <li><b>signer</b>: the signature by a trusted key, or by a certificate a trusted identity holds, and the evidence
 *       of when (timestamps, log entries, certificate validity, chain, SCT, identity) — authentication comes first;
 *   <li><b>statement</b>: the signed payload is an in-toto Statement ({@code statement.*});
 *   <li><b>predicate</b>: an airid declaration (its identity recomputed, which the subject must name) or output
 *       attestation, or for a plain Sigstore attestation the artifact among its subjects;
 *   <li><b>provenance</b>: outputs bound to the declaration of the same file ({@code provenance.*}, {@code output.*});
 *   <li><b>artifact</b>: the artifact is an attested output ({@code artifact.digest});
 *   <li><b>policy</b>: the trust policy's airid {@code Policy}, only on what verified.
 * </ol>
 *
 * After a failed check, the later checks of that bundle are reported as skipped; a result is verified only if every
 * check passed. Nothing is fetched. The clock is read once per verification. Thread-safe: one instance serves any
 * number of threads.
 */
public final class Verifier {

  private final TrustPolicy trust;

  private Verifier(TrustPolicy trust) {
    this.trust = Objects.requireNonNull(trust, "trust");
  }

  /** A verifier that trusts what {@code trust} trusts. */
  public static Verifier of(TrustPolicy trust) {
    return new Verifier(trust);
  }

  public TrustPolicy trustPolicy() {
    return trust;
  }

  /** Verifies a provenance file or a single bundle, with no artifact: what it says about its run or subjects. */
  public VerificationResult verify(byte[] file) {
    return verify(file, Optional.empty());
  }

  /** Verifies a provenance file or a single bundle, and that {@code artifact} is what it attests. */
  public VerificationResult verify(byte[] file, Artifact artifact) {
    return verify(file, Optional.of(artifact));
  }

  /** Verifies a provenance file or a single bundle, with or without an artifact. */
  public VerificationResult verify(byte[] file, Optional<Artifact> artifact) {
    List<byte[]> bundles;
    try {
      bundles = Provenance.split(file);
    } catch (InputRejectedException e) {
      return new Run(trust, List.of(), artifact).fail(CheckNames.PROVENANCE_BUNDLES, e.reason());
    }
    return verify(bundles, artifact);
  }

  /** Verifies bundles already split from a provenance file (the declaration bundle first). */
  public VerificationResult verify(List<byte[]> bundles, Optional<Artifact> artifact) {
    Objects.requireNonNull(artifact, "artifact");
    return new Run(trust, List.copyOf(bundles), artifact).run();
  }

  /** Verifies one parsed bundle (read from a file elsewhere), with or without an artifact. */
  public VerificationResult verify(Bundle bundle, Optional<Artifact> artifact) {
    return verify(List.of(bundle.toBytes()), artifact);
  }

  /** The checks of one verification, as a sequence of steps over the input's bundles. */
  static final class Run {
    final TrustPolicy trust;
    final List<byte[]> input;
    final Optional<Artifact> artifact;
    final List<Check> checks = new ArrayList<>();
    final java.time.Instant now;

    Run(TrustPolicy trust, List<byte[]> input, Optional<Artifact> artifact) {
      this.trust = trust;
      this.input = input;
      this.artifact = artifact;
      this.now = trust.clock().instant();
    }

    VerificationResult fail(String check, String detail) {
      checks.add(new Check(check, -1, Check.Status.FAIL, detail));
      return new VerificationResult(checks, VerificationResult.Kind.UNKNOWN, Optional.empty(), Optional.empty(), List.of(),
          List.of(), Optional.empty(), List.of(), Optional.empty());
    }

    VerificationResult run() {
      if (input.isEmpty() || input.size() > Provenance.MAX_BUNDLES) {
        return fail(CheckNames.PROVENANCE_BUNDLES, input.isEmpty() ? "no bundle" : "more than " + Provenance.MAX_BUNDLES + " bundles");
      }
      boolean provenance = input.size() > 1;
      List<BundleOutcome> outcomes = new ArrayList<>();
      for (int i = 0; i < input.size(); i++) {
        outcomes.add(new BundleSteps(this, i, provenance).run(input.get(i)));
      }
      VerificationResult result = Relations.of(this, outcomes);
      return PolicyStep.apply(trust, result, now);
    }
  }
}
