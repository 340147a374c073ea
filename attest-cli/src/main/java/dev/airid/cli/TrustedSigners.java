package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.Verifier;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.policy.Policy;
import dev.airid.sigstore.CertificateIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Whom a verifying command trusts: its {@code --key} files, or a keyless identity ({@code --certificate-identity} …
 * with {@code --trusted-root}), else the policy's {@code trustedKeys} and {@code trustedIdentities} (paths relative to
 * the policy file). A picocli mixin, shared by {@code verify} and {@code verify-chain}.
 */
final class TrustedSigners {

  @Option(names = {"-k", "--key"}, paramLabel = "PUB",
      description = "A trusted public key (PEM or JWK). Repeatable. Default: the policy's trustedKeys.")
  List<String> keys = new ArrayList<>();

  @Option(names = "--certificate-identity", paramLabel = "ID",
      description = "Keyless: the signer's identity, exactly as its certificate names it (an email or URI SAN).")
  String certificateIdentity;

  @Option(names = "--certificate-identity-regexp", paramLabel = "RE",
      description = "Keyless: a regular expression (Java syntax) that the whole SAN must match.")
  String certificateIdentityRegexp;

  @Option(names = "--certificate-oidc-issuer", paramLabel = "URL",
      description = "Keyless: the OIDC issuer that must have vouched for the identity, compared exactly.")
  String certificateIssuer;

  @Option(names = "--trusted-root", paramLabel = "FILE",
      description = "Keyless: the Sigstore trusted root (trusted_root.json): CAs, CT logs, Rekor logs and TSAs to trust. "
          + "Default: the policy's trustedRoot, else the one 'airid trust update' cached. Never fetched while verifying.")
  Path trustedRoot;

  /**
   * The trust policy: {@code --key} (with {@code threshold}, default 1), or the certificate identity, or else the
   * policy's signers (with {@code threshold}, else the policy's), as spec/policy.md §5.2 says; the trusted root is
   * {@code --trusted-root}, else the policy's, else the cache of {@code airid trust update}. The policy, if any, is
   * applied to what verifies.
   */
  TrustPolicy trustPolicy(Io io, Policy policy, String policyFile, Integer threshold, Optional<SignatureAlgorithm> alg)
      throws AiridException {
    boolean identityGiven = certificateIdentity != null || certificateIdentityRegexp != null || certificateIssuer != null;
    if ((identityGiven || trustedRoot != null) && !keys.isEmpty()) {
      throw Usage.error("give trusted keys (--key) or a certificate identity (--certificate-identity), not both");
    }
    TrustPolicy.Builder b = TrustPolicy.builder();
    if (policy != null) {
      b.policy(policy);
    }
    Path policyDir = policyFile == null ? null : Path.of(policyFile).toAbsolutePath().getParent();
    if (!keys.isEmpty()) {
      b.trustedKeys(readKeys(io, keys, alg));
      if (threshold != null) {
        b.threshold(threshold);
      }
    } else if (identityGiven) {
      if (threshold != null || alg.isPresent()) {
        throw Usage.error("--threshold and --key-algorithm go with --key");
      }
      b.trustedIdentity(identity());
      if (trustedRoot != null) {
        b.trustedRoot(SignerOptions.readTrustedRoot(trustedRoot));
      } else if (policy != null) {
        b.trustedRootOf(policy, policyDir);
      }
    } else {
      if (policy == null || policy.requirements().trustedKeys().isEmpty() && policy.requirements().trustedIdentities().isEmpty()) {
        throw Usage.error("no trusted signer: give --key PUB, or --certificate-identity ID --certificate-oidc-issuer URL "
            + "--trusted-root FILE, or a --policy that lists trustedKeys or trustedIdentities");
      }
      if (threshold != null) {
        b.threshold(threshold);
      }
      if (trustedRoot != null) {
        b.trustedRoot(SignerOptions.readTrustedRoot(trustedRoot));
      }
      b.signersOf(policy, policyDir, alg);
    }
    b.fallbackTrustedRoot(() -> SignerOptions.readTrustedRoot(SignerOptions.trustedRootOrCache(null, io)));
    return b.build();
  }

  /** The verifier of {@link #trustPolicy}. */
  Verifier verifier(Io io, Policy policy, String policyFile, Integer threshold, Optional<SignatureAlgorithm> alg)
      throws AiridException {
    return Verifier.of(trustPolicy(io, policy, policyFile, threshold, alg));
  }

  private CertificateIdentity identity() throws AiridException {
    if ((certificateIdentity == null) == (certificateIdentityRegexp == null)) {
      throw Usage.error("keyless verification needs exactly one of --certificate-identity and --certificate-identity-regexp");
    }
    if (certificateIssuer == null) {
      throw Usage.error("keyless verification needs --certificate-oidc-issuer: an identity means nothing without its issuer");
    }
    try {
      return CertificateIdentity.of(certificateIdentity, certificateIdentityRegexp, certificateIssuer);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
  }

  static List<VerificationKey> readKeys(Io io, List<String> files, Optional<SignatureAlgorithm> alg) throws AiridException {
    List<VerificationKey> out = new ArrayList<>();
    for (String k : files) {
      byte[] data = io.read(k, KeyFiles.MAX_KEY_FILE_BYTES);
      try {
        out.add(KeyFiles.readPublic(data, k, alg));
      } catch (dev.airid.InputRejectedException e) {
        throw FileKind.explain(e, data, k, "--key", FileKind.KEY, FileKind.CERTIFICATE);
      }
    }
    return out;
  }
}
