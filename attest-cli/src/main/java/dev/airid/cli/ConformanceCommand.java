package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.verify.Check;
import dev.airid.verify.Artifact;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.Verifier;
import dev.airid.keys.KeyFiles;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.IdentityToken;
import dev.airid.sigstore.KeylessSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The sigstore-conformance client protocol (docs/cli_protocol.md of sigstore-conformance), so its suite can drive airid. */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description = "Sign and verify plain Sigstore bundles as the sigstore-conformance client protocol asks.",
    subcommands = {ConformanceCommand.SignBundle.class, ConformanceCommand.VerifyBundle.class},
    footer = ExitCode.HELP_FOOTER)
final class ConformanceCommand implements Runnable {

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a subcommand is required: sign-bundle or verify-bundle");
  }

  @Command(
      name = "sign-bundle",
      mixinStandardHelpOptions = true,
      description = {
        "Sign FILE keylessly as a plain Sigstore bundle, for the sigstore-conformance suite.",
        "Without --in-toto the bundle holds a message signature; with --in-toto, FILE is an in-toto Statement signed as a DSSE envelope. Fulcio and Rekor come from --signing-config; the bundle is verified against --trusted-root before it is written. Exit 0 signed, non-zero otherwise."
      },
      footer = ExitCode.HELP_FOOTER_NO_CHECK)
  static final class SignBundle extends BaseCommand {

    @Option(names = "--staging", description = "Sigstore staging infrastructure (give its --signing-config and --trusted-root).")
    boolean staging;

    @Option(names = "--in-toto", description = "FILE is an in-toto Statement: sign it as a DSSE envelope.")
    boolean inToto;

    @Option(names = "--identity-token", required = true, paramLabel = "TOKEN", description = "The OIDC identity token.")
    String identityToken;

    @Option(names = "--bundle", required = true, paramLabel = "FILE",
        description = "Where to write the bundle; an existing file is replaced, as the conformance protocol expects.")
    Path bundle;

    @Option(names = "--trusted-root", required = true, paramLabel = "TRUSTROOT",
        description = "The trusted root to verify the new bundle against (required: nothing is written unverified).")
    Path trustedRoot;

    @Option(names = "--signing-config", paramLabel = "SIGNINGCONFIG", description = "Sigstore signing config (v0.2). "
        + "Default: the public-good instance.")
    Path signingConfig;

    @Parameters(paramLabel = "FILE", description = "The artifact to sign, or with --in-toto the Statement.")
    Path file;

    @Override
    int run() throws AiridException {
      if (staging && signingConfig == null) {
        throw Usage.error("--staging needs the staging --signing-config and --trusted-root (airid has no built-in staging instance)");
      }
      var http = KeylessSigner.defaultHttpClient();
      KeylessSigner signer = new KeylessSigner(SignerOptions.readSigningConfig(signingConfig), SignerOptions.readTrustedRoot(trustedRoot),
          IdentityToken.parse(identityToken, "--identity-token"), http, java.time.Clock.systemUTC());
      byte[] data = io.read(file.toString());
      byte[] out = inToto ? signer.sign(dev.airid.attest.Dsse.IN_TOTO_PAYLOAD_TYPE, data).toBytes() : signer.signArtifact(data);
      io.write(bundle.toString(), out, true);
      io.err.println("signed " + file + " → " + bundle);
      if (json) {
        printJson(ExitCode.OK, dev.airid.json.JsonObject.builder().put("bundle", bundle.toString()).build());
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "verify-bundle",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a plain Sigstore bundle offline, for the sigstore-conformance suite.",
        "Verify a Sigstore bundle: with --key (public-key bundles) or --certificate-identity and --certificate-oidc-issuer (keyless), against --trusted-root. FILE_OR_DIGEST is the artifact, or sha256:HEX.",
        "Exit 0 verified, 1 not verified, 2 bad input or usage. With --json, the checks go to stdout."
      },
      footer = ExitCode.HELP_FOOTER)
  static final class VerifyBundle extends BaseCommand {

    @Option(names = "--staging", description = "Sigstore staging infrastructure (needs --trusted-root: no network).")
    boolean staging;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The Sigstore bundle to verify.")
    Path bundle;

    @Option(names = "--certificate-identity", paramLabel = "IDENTITY",
        description = "The expected signer identity (certificate SAN), exactly.")
    String identity;

    @Option(names = "--certificate-identity-regexp", paramLabel = "REGEX",
        description = "The expected signer identity as a regular expression (Java syntax) that the whole SAN must match.")
    String identityRegexp;

    @Option(names = "--certificate-oidc-issuer", paramLabel = "URL", description = "The expected OIDC issuer.")
    String issuer;

    @Option(names = "--key", paramLabel = "PATH_TO_KEY", description = "The public key of a public-key bundle (PEM).")
    String key;

    @Option(names = "--trusted-root", paramLabel = "TRUSTROOT",
        description = "The Sigstore trusted root (trusted_root.json). Required: verification never uses the network.")
    Path trustedRoot;

    @Parameters(paramLabel = "FILE_OR_DIGEST", description = "The artifact, or its digest as sha256:HEX, sha384:HEX or sha512:HEX.")
    String artifact;

    @Override
    int run() throws AiridException {
      if (trustedRoot == null) {
        throw Usage.error("no trusted root: pass --trusted-root FILE (verify-bundle never uses the network, and does not "
            + "read the cache of 'airid trust update')");
      }
      // FILE_OR_DIGEST: an existing file is the artifact; otherwise sha256:, sha384: or sha512: is its digest.
      Artifact target;
      if (Artifact.looksLikeDigest(artifact) && !Files.exists(Path.of(artifact))) {
        target = Artifact.parseDigest(artifact);
      } else {
        io.checkReadable(artifact); // a clear error for a missing or unreadable file
        target = Artifact.ofFile(Path.of(artifact));
      }
      byte[] bundleBytes = io.read(bundle.toString());
      TrustPolicy.Builder trust = TrustPolicy.builder().trustedRoot(SignerOptions.readTrustedRoot(trustedRoot));
      if (key != null) {
        if (identity != null || identityRegexp != null) {
          throw Usage.error("--key excludes --certificate-identity");
        }
        // Sigstore clients require a log entry of managed-key bundles, and so does the conformance protocol.
        trust.trustedKey(KeyFiles.readPublic(io.read(key, KeyFiles.MAX_KEY_FILE_BYTES), key, Optional.empty()))
            .requireTransparencyLog(true);
      } else {
        if ((identity == null) == (identityRegexp == null) || issuer == null) {
          throw Usage.error("give --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer, or --key");
        }
        try {
          trust.trustedIdentity(CertificateIdentity.of(identity, identityRegexp, issuer));
        } catch (IllegalArgumentException e) {
          throw Usage.error(e.getMessage());
        }
      }
      List<Check> checks = Verifier.of(trust.build()).verify(bundleBytes, target).checks();
      for (Check c : checks) {
        io.err.println((c.passed() ? "ok   " : "FAIL ") + c.name() + ": " + c.detail());
      }
      boolean ok = !checks.isEmpty() && checks.stream().allMatch(Check::passed);
      io.err.println(ok ? "verified" : "NOT verified");
      if (json) {
        List<dev.airid.json.JsonValue> list = new java.util.ArrayList<>();
        for (Check c : checks) {
          list.add(Reports.check(c, false));
        }
        printJson(ok ? ExitCode.OK : ExitCode.CHECK_FAILED, dev.airid.json.JsonObject.builder().put("verified", ok).put("checks", dev.airid.json.JsonArray.of(list)).build());
      }
      return ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
  }
}
