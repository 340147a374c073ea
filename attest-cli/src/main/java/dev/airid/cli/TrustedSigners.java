package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.attest.SignerTrust;
import dev.airid.attest.Verifier;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.policy.Policy;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.CertificateTrust;
import java.nio.file.Path;
import java.time.Instant;
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
   * The verifier: {@code --key} (with {@code threshold}, default 1), or the certificate identity, or the policy's
   * signers (with {@code threshold}, else the policy's).
   */
  Verifier verifier(Io io, Policy policy, String policyFile, Integer threshold, Optional<SignatureAlgorithm> alg)
      throws AiridException {
    boolean identityGiven = certificateIdentity != null || certificateIdentityRegexp != null || certificateIssuer != null;
    if ((identityGiven || trustedRoot != null) && !keys.isEmpty()) {
      throw Usage.error("give trusted keys (--key) or a certificate identity (--certificate-identity), not both");
    }
    if (!keys.isEmpty()) {
      return keyVerifier(readKeys(io, keys, alg), threshold != null ? threshold : 1);
    }
    if (identityGiven) {
      if (threshold != null || alg.isPresent()) {
        throw Usage.error("--threshold and --key-algorithm go with --key");
      }
      String policyRoot = policy == null ? null : policy.requirements().trustedRoot().orElse(null);
      return Verifier.of(certificateTrust(List.of(identity()),
          rootFile(policyRoot, policyRoot == null ? null : Path.of(policyFile).toAbsolutePath().getParent(), io)));
    }
    if (policy == null || policy.requirements().trustedKeys().isEmpty() && policy.requirements().trustedIdentities().isEmpty()) {
      throw Usage.error("no trusted signer: give --key PUB, or --certificate-identity ID --certificate-oidc-issuer URL "
          + "--trusted-root FILE, or a --policy that lists trustedKeys or trustedIdentities");
    }
    Path dir = Path.of(policyFile).toAbsolutePath().getParent();
    List<SignerTrust> trusts = new ArrayList<>();
    Policy.Requirements req = policy.requirements();
    if (!req.trustedKeys().isEmpty()) {
      List<String> files = req.trustedKeys().stream().map(k -> dir.resolve(k).toString()).toList();
      trusts.add(keyTrust(readKeys(io, files, alg), threshold != null ? threshold : req.threshold()));
    }
    if (!req.trustedIdentities().isEmpty()) {
      trusts.add(certificateTrust(req.trustedIdentities(), rootFile(req.trustedRoot().orElse(null), dir, io)));
    }
    return Verifier.of(SignerTrust.firstAccepting(trusts));
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

  /** {@code --trusted-root}, else the policy's (relative to its directory), else the trust cache's. */
  private Path rootFile(String fromPolicy, Path policyDir, Io io) throws AiridException {
    if (trustedRoot == null && fromPolicy != null) {
      return policyDir.resolve(fromPolicy);
    }
    return SignerOptions.trustedRootOrCache(trustedRoot, io);
  }

  private static SignerTrust certificateTrust(List<CertificateIdentity> ids, Path root) throws AiridException {
    return new CertificateTrust(SignerOptions.readTrustedRoot(root), ids, Instant.now());
  }

  private static List<VerificationKey> readKeys(Io io, List<String> files, Optional<SignatureAlgorithm> alg) throws AiridException {
    List<VerificationKey> out = new ArrayList<>();
    for (String k : files) {
      out.add(KeyFiles.readPublic(io.read(k, KeyFiles.MAX_KEY_FILE_BYTES), k, alg));
    }
    return out;
  }

  private static SignerTrust keyTrust(List<VerificationKey> keys, int threshold) throws AiridException {
    if (threshold < 1 || threshold > keys.size()) {
      throw Usage.error("the threshold must be between 1 and the number of trusted keys (" + keys.size() + ")");
    }
    try {
      return Verifier.trustOf(keys, threshold);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
  }

  private static Verifier keyVerifier(List<VerificationKey> keys, int threshold) throws AiridException {
    return Verifier.of(keyTrust(keys, threshold));
  }
}
