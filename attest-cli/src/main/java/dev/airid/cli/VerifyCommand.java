package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.verify.Check;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.keys.SignatureAlgorithm;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a declaration bundle or a provenance file (.airid.jsonl) offline, with trusted keys or a keyless identity.",
      "Keys: --key (or the policy's trustedKeys). Keyless bundles: an expected Sigstore identity and issuer",
      "(--certificate-identity[-regexp], --certificate-oidc-issuer) and a trusted root (--trusted-root, else the",
      "policy's, else the cache of 'airid trust update'). Nothing is fetched from the network.",
      "Every check is reported: the human report goes to stderr; with --json a machine report of every check",
      "goes to stdout. Exit 0 only if every check passed."
    },
    footer = ExitCode.HELP_FOOTER)
final class VerifyCommand extends BaseCommand {

  @Parameters(paramLabel = "BUNDLE_OR_JSONL", description = "A bundle (.json) or a provenance file (.airid.jsonl).")
  String file;

  @picocli.CommandLine.Mixin TrustedSigners signers;

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

  static final class Artifact {
    @Option(names = "--artifact", paramLabel = "FILE", description = "Check that FILE is an output of the verified run.")
    Path file;

    @Option(names = "--digest", paramLabel = "ALG:HEX", description = "Like --artifact, given the file's digest: sha256:HEX, sha384:HEX or sha512:HEX.")
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
    Verifier verifier = signers.verifier(io, policy, policyFile, threshold, alg);
    Optional<dev.airid.verify.Artifact> artifactToCheck = Optional.empty();
    if (artifact != null && artifact.file != null) {
      AttestOutputCommand.sha256(artifact.file); // a clear error now for a missing or unreadable file
      artifactToCheck = Optional.of(dev.airid.verify.Artifact.ofFile(artifact.file));
    } else if (artifact != null) {
      artifactToCheck = Optional.of(dev.airid.verify.Artifact.parseDigest(artifact.digest));
    }
    VerificationResult result = verifier.verify(io.read(file), artifactToCheck);
    Reports.human(io.err, file, result);
    if (json) {
      printJson(Reports.json(file, result));
    }
    return result.verified() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }
}
