package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.attest.Check;
import dev.airid.attest.VerificationResult;
import dev.airid.attest.Verifier;
import dev.airid.internal.Sha256;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.CertificateTrust;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a declaration bundle or a provenance file (.airid.jsonl) offline, against trusted public keys (--key)",
      "or, for keyless bundles, an expected Sigstore identity and issuer (--certificate-identity[-regexp],",
      "--certificate-oidc-issuer) and a trusted root (--trusted-root). Nothing is fetched from the network.",
      "Every check is reported: the human report goes to stderr; with --json a machine report of every check",
      "goes to stdout. Exit 0 only if every check passed."
    },
    footer = ExitCode.HELP_FOOTER)
final class VerifyCommand extends BaseCommand {

  @Parameters(paramLabel = "BUNDLE_OR_JSONL", description = "A bundle (.json) or a provenance file (.airid.jsonl).")
  String file;

  @Option(names = {"-k", "--key"}, paramLabel = "PUB",
      description = "A trusted public key (PEM or JWK). Repeatable; see --threshold. Default: the policy's trustedKeys.")
  List<String> keys = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Also apply this policy (YAML or JSON) to the verified declaration and outputs.")
  String policyFile;

  @Option(names = "--key-algorithm", paramLabel = "ALG",
      description = "Bind the keys to ALG: ed25519, ecdsa-p256-sha256, ecdsa-p384-sha384, rsa-pss-sha256 or rsa-pkcs1-sha256 "
          + "(for existing RSA PKCS#1 keys). Default: from the key type.")
  String keyAlgorithm;

  @Option(names = "--threshold", paramLabel = "N",
      description = "Number of distinct trusted keys that must have signed (default 1, or the policy's threshold).")
  Integer threshold;

  @ArgGroup(exclusive = true)
  Artifact artifact;

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
      description = "Keyless: the Sigstore trusted root (trusted_root.json) with the CAs, CT logs, Rekor logs and TSAs to trust.")
  Path trustedRoot;

  static final class Artifact {
    @Option(names = "--artifact", paramLabel = "FILE", description = "Check that FILE is an output of the verified run.")
    Path file;

    @Option(names = "--digest", paramLabel = "sha256:HEX", description = "Like --artifact, given the file's digest.")
    String digest;
  }

  @Override
  int run() throws AiridException {
    Optional<SignatureAlgorithm> alg = Optional.empty();
    if (keyAlgorithm != null) {
      alg = Optional.of(SignatureAlgorithm.fromId(keyAlgorithm));
    }
    dev.airid.policy.Policy policy = policyFile == null ? null
        : dev.airid.policy.Policy.parse(io.read(policyFile, dev.airid.policy.Policy.MAX_BYTES), policyFile);
    Verifier verifier = keyless() ? keylessVerifier() : keyVerifier(policy, alg);
    Optional<String> artifactSha = Optional.empty();
    if (artifact != null && artifact.file != null) {
      artifactSha = Optional.of(AttestOutputCommand.sha256(artifact.file));
    } else if (artifact != null) {
      String d = artifact.digest;
      if (!d.startsWith("sha256:") || !Sha256.isLowerHex64(d.substring(7))) {
        throw Usage.error("--digest must be sha256:<64 lowercase hex>");
      }
      artifactSha = Optional.of(d.substring(7));
    }
    VerificationResult result = verifier.verify(Verifier.splitProvenance(io.read(file)), artifactSha);
    if (policy != null) {
      result = result.withChecks(dev.airid.policy.PolicyChecks.apply(policy, result, java.time.Instant.now()));
    }
    Reports.human(io.err, file, result);
    if (json) {
      printJson(Reports.json(file, result));
    }
    return result.verified() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private boolean keyless() throws AiridException {
    boolean any = certificateIdentity != null || certificateIdentityRegexp != null || certificateIssuer != null || trustedRoot != null;
    if (any && (!keys.isEmpty() || threshold != null || keyAlgorithm != null)) {
      throw Usage.error("give trusted keys (--key) or a certificate identity (--certificate-identity), not both");
    }
    return any;
  }

  private Verifier keylessVerifier() throws AiridException {
    if ((certificateIdentity == null) == (certificateIdentityRegexp == null)) {
      throw Usage.error("keyless verification needs exactly one of --certificate-identity and --certificate-identity-regexp");
    }
    if (certificateIssuer == null) {
      throw Usage.error("keyless verification needs --certificate-oidc-issuer: an identity means nothing without its issuer");
    }
    if (trustedRoot == null) {
      throw Usage.error("keyless verification needs --trusted-root FILE, the Sigstore trusted root to verify against "
          + "(for the public-good instance, Sigstore's trusted_root.json); airid never fetches one during verification");
    }
    CertificateIdentity id;
    try {
      id = certificateIdentity != null ? CertificateIdentity.exact(certificateIdentity, certificateIssuer)
          : CertificateIdentity.regexp(certificateIdentityRegexp, certificateIssuer);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
    return Verifier.of(new CertificateTrust(SignerOptions.readTrustedRoot(trustedRoot), List.of(id), Instant.now()));
  }

  private Verifier keyVerifier(dev.airid.policy.Policy policy, Optional<SignatureAlgorithm> alg) throws AiridException {
    TrustedKeys.Trust trust = TrustedKeys.read(io, keys, policy, policyFile, alg);
    List<VerificationKey> trusted = trust.keys();
    int threshold = this.threshold != null ? this.threshold : trust.policyThreshold().orElse(1);
    if (threshold < 1 || threshold > trusted.size()) {
      throw Usage.error("the threshold must be between 1 and the number of trusted keys (" + trusted.size() + ")");
    }
    try {
      return Verifier.of(trusted, threshold);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
  }
}
