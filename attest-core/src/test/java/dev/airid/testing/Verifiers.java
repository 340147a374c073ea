package dev.airid.testing;

import dev.airid.AiridException;
import dev.airid.keys.VerificationKey;
import dev.airid.sigstore.HashAlgorithm;
import dev.airid.verify.Artifact;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.Verifier;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Short forms for tests: verifiers over keys, and artifacts known by their SHA-256. */
public final class Verifiers {

  private Verifiers() {}

  /** A verifier that trusts {@code keys} with {@code threshold}. */
  public static Verifier keys(List<VerificationKey> keys, int threshold) throws AiridException {
    return Verifier.of(TrustPolicy.builder().trustedKeys(keys).threshold(threshold).build());
  }

  /** An artifact known only by its SHA-256 (lowercase hex). */
  public static Artifact sha256(String hex) {
    return Artifact.ofDigest("artifact", HashAlgorithm.SHA2_256, HexFormat.of().parseHex(hex));
  }

  /** {@link #sha256} as the optional argument of {@code verify}. */
  public static Optional<Artifact> artifact(String sha256Hex) {
    return Optional.of(sha256(sha256Hex));
  }
}
