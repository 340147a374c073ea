package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.sigstore.HashAlgorithm;
import dev.airid.verify.Artifact;
import dev.airid.verify.Check;
import dev.airid.verify.SignedBy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verdict;
import dev.airid.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify that artifacts are outputs of a trusted run, offline.",
      "Each ARTIFACT is checked against its provenance: ARTIFACT.airid.jsonl beside it (what attest-output and the Maven plugin write), or the file given with --bundle. "
          + "An ARTIFACT may be a digest (sha256:HEX, sha384:HEX or sha512:HEX) of a file you do not have; then --bundle is required.",
      "With --bundle and no ARTIFACT, the run is verified and no artifact is checked, and the verdict says so.",
      "Trust keys with --key (or the policy's trustedKeys), or a keyless signer with --certificate-identity (or --certificate-identity-regexp), --certificate-oidc-issuer and a trusted root (--trusted-root, else the policy's, else the cache of 'airid trust update'). Nothing is fetched from the network.",
      "Prints one verdict line per artifact on stdout, and the failing check on failure; --verbose prints every check, --quiet nothing, --json one JSON document (spec/cli.md). Exit 0 only if every artifact verified.",
      "Deprecated, kept for one release: 'airid verify FILE.airid.jsonl [--artifact FILE | --digest ALG:HEX]', which now means 'airid verify [FILE | ALG:HEX] --bundle FILE.airid.jsonl' and prints a notice on stderr. As before, that form accepts an output of a run recorded as failed (exit 0), and its verdict names the status."
    },
    footer = ExitCode.HELP_FOOTER)
final class VerifyCommand extends BaseCommand {

  @Parameters(paramLabel = "ARTIFACT", arity = "0..*",
      description = "A file to check, or its digest (ALG:HEX). Its provenance is ARTIFACT.airid.jsonl unless --bundle is given.")
  List<String> artifacts = new ArrayList<>();

  @Option(names = "--bundle", paramLabel = "FILE",
      description = "The provenance file (.airid.jsonl) or Sigstore bundle to verify the artifacts against. Without ARTIFACT: verify the run only.")
  String bundle;

  @picocli.CommandLine.Mixin TrustedSigners signers;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Also apply this policy (YAML or JSON) to the verified declaration and outputs.")
  String policyFile;

  @Option(names = "--key-algorithm", paramLabel = "ALG",
      description = "Bind the keys to ALG: ed25519, ecdsa-p256-sha256, ecdsa-p384-sha384, rsa-pss-sha256 or rsa-pkcs1-sha256 (for existing RSA PKCS#1 keys). Default: from the key type.")
  String keyAlgorithm;

  @Option(names = "--threshold", paramLabel = "N",
      description = "Number of distinct trusted keys that must have signed (default 1, or the policy's threshold).")
  Integer threshold;

  @Option(names = "--accept-unsuccessful-runs",
      description = "Accept an output of a run recorded as failed or interrupted (the verdict still names the status).")
  boolean acceptUnsuccessfulRuns;

  @Option(names = {"-v", "--verbose"}, description = "Print every check, not only the verdicts.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on stdout; the exit code is the answer (errors still go to stderr).")
  boolean quiet;

  @Option(names = "--artifact", paramLabel = "FILE", description = "Deprecated: use 'airid verify FILE --bundle PROVENANCE'.")
  String legacyArtifact;

  @Option(names = "--digest", paramLabel = "ALG:HEX", description = "Deprecated: use 'airid verify ALG:HEX --bundle PROVENANCE'.")
  String legacyDigest;

  /**
   * Whether the deprecated form with --artifact or --digest was used: for the one release it is kept, it keeps its exit
   * code for an output of a run recorded as failed (0), while its verdict names the status.
   */
  private boolean legacyArtifactForm;

  /** One artifact (or none) and the provenance it is verified against. */
  private record Target(String label, Optional<Artifact> artifact, String bundle, boolean sidecar) {}

  /** What became of one target: a verdict, or an error that kept it from being verified. */
  private record Outcome(Target target, Verdict verdict, VerificationResult result, AiridException error, int exitCode) {}

  /**
   * Why {@code provenance} cannot be read as provenance at all, if it cannot: then a failed verification is malformed
   * input (exit 2, with the parser's code), not a check that failed (exit 1). Asked only after a failure.
   */
  private static Optional<InputRejectedException> malformed(byte[] provenance) {
    try {
      for (byte[] b : dev.airid.attest.Provenance.split(provenance)) {
        dev.airid.sigstore.Bundle.parse(dev.airid.json.Json.parse(b));
      }
      return Optional.empty();
    } catch (InputRejectedException e) {
      return Optional.of(e);
    }
  }

  @Override
  int run() throws AiridException {
    if (verbose && quiet) {
      throw Usage.error("give --verbose or --quiet, not both");
    }
    List<Target> targets = targets();
    Optional<SignatureAlgorithm> alg = keyAlgorithm == null ? Optional.empty() : Optional.of(SignatureAlgorithm.fromId(keyAlgorithm));
    dev.airid.policy.Policy policy = null;
    if (policyFile != null) {
      byte[] p = io.read(policyFile, dev.airid.policy.Policy.MAX_BYTES);
      try {
        policy = dev.airid.policy.Policy.parse(p, policyFile);
      } catch (InputRejectedException e) {
        throw FileKind.explain(e, p, policyFile, "--policy", FileKind.POLICY);
      }
    }
    Verifier verifier = signers.verifier(io, policy, policyFile, threshold, alg);
    List<Outcome> outcomes = new ArrayList<>();
    int exit = ExitCode.OK;
    for (Target t : targets) {
      Outcome o = verify(verifier, t);
      outcomes.add(o);
      exit = Math.max(exit, o.exitCode());
      if (!json && !quiet) {
        printHuman(o);
      } else if (o.error() != null) {
        io.err.println("airid: " + o.error().getMessage());
      }
    }
    if (json) {
      List<JsonValue> results = new ArrayList<>();
      outcomes.forEach(o -> results.add(json(o)));
      printJson(exit, JsonObject.builder().put("results", JsonArray.of(results)).build());
    }
    return exit;
  }

  /** The artifacts and their provenance, from the new form or the deprecated one. */
  private List<Target> targets() throws AiridException {
    List<Target> out = new ArrayList<>();
    if (legacyArtifact != null || legacyDigest != null) {
      if (legacyArtifact != null && legacyDigest != null) {
        throw Usage.error("give --artifact or --digest, not both (both are deprecated: 'airid verify ARTIFACT --bundle FILE')");
      }
      if (bundle != null || artifacts.size() != 1) {
        throw Usage.error("--artifact and --digest are the deprecated form 'airid verify PROVENANCE --artifact FILE'; "
            + "write 'airid verify FILE --bundle PROVENANCE'");
      }
      String given = legacyArtifact != null ? legacyArtifact : legacyDigest;
      deprecated("airid verify " + given + " --bundle " + artifacts.get(0));
      legacyArtifactForm = true;
      out.add(new Target(given, Optional.of(artifact(given, legacyDigest != null)), artifacts.get(0), false));
      return out;
    }
    if (artifacts.isEmpty()) {
      if (bundle == null) {
        throw Usage.error("give the ARTIFACT to check (its provenance ARTIFACT.airid.jsonl is read), or --bundle FILE to verify a run and check no artifact");
      }
      out.add(new Target(bundle, Optional.empty(), bundle, false));
      return out;
    }
    if (bundle == null && artifacts.size() == 1 && isProvenanceWithoutSidecar(artifacts.get(0))) {
      // The form of airid 0.x: 'airid verify FILE.airid.jsonl'. It checks no artifact, and now says so.
      deprecated("airid verify --bundle " + artifacts.get(0));
      out.add(new Target(artifacts.get(0), Optional.empty(), artifacts.get(0), false));
      return out;
    }
    for (String a : artifacts) {
      boolean digest = Artifact.looksLikeDigest(a);
      if (digest && bundle == null) {
        throw Usage.error("a digest argument (" + a + ") needs --bundle FILE: there is no file beside which to look for its provenance");
      }
      out.add(new Target(a, Optional.of(artifact(a, digest)), bundle != null ? bundle : a + ".airid.jsonl", bundle == null));
    }
    return out;
  }

  private Artifact artifact(String given, boolean digest) throws AiridException {
    return digest ? Artifact.parseDigest(given) : Artifact.ofFile(Path.of(given));
  }

  private void deprecated(String instead) {
    io.err.println("airid: deprecated: this form of 'airid verify' will be removed in the next release; write '" + instead
        + "' (see docs/cli.md)");
  }

  /** Whether {@code arg} names an existing provenance file or bundle with no sidecar of its own (the deprecated form). */
  private boolean isProvenanceWithoutSidecar(String arg) {
    if (Artifact.looksLikeDigest(arg) || arg.equals("-")) {
      return false;
    }
    Path p = Path.of(arg);
    if (!Files.isRegularFile(p) || Files.exists(Path.of(arg + ".airid.jsonl"))) {
      return false;
    }
    try {
      FileKind k = FileKind.of(io.read(arg));
      return k == FileKind.SIGSTORE_BUNDLE || k == FileKind.PROVENANCE;
    } catch (AiridException e) {
      return false;
    }
  }

  private Outcome verify(Verifier verifier, Target t) {
    try {
      if (t.artifact().isPresent() && t.artifact().get().file().isPresent()) {
        io.checkReadable(t.label());
      }
      byte[] provenance;
      try {
        provenance = io.read(t.bundle());
      } catch (InputRejectedException e) {
        if (t.sidecar() && e.code() == ErrorCode.INPUT_NOT_FOUND) {
          String kindHint = "";
          FileKind k = FileKind.of(io.read(t.label()));
          if (k == FileKind.SIGSTORE_BUNDLE || k == FileKind.PROVENANCE) {
            kindHint = "; " + t.label() + " is itself " + k.description() + ": to verify it, write 'airid verify --bundle " + t.label() + "'";
          }
          throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, "no provenance for " + t.label() + ": " + e.reason()
              + "; give the provenance file with --bundle FILE" + kindHint);
        }
        throw e;
      }
      FileKind kind = FileKind.of(provenance);
      if (kind != FileKind.SIGSTORE_BUNDLE && kind != FileKind.PROVENANCE && kind != FileKind.UNKNOWN && kind != FileKind.OTHER_JSON) {
        throw FileKind.explain(InputRejectedException.of(ErrorCode.BUNDLE_INVALID, "not a bundle"), provenance, t.bundle(),
            "airid verify --bundle", FileKind.PROVENANCE, FileKind.SIGSTORE_BUNDLE);
      }
      VerificationResult result = verifier.verify(provenance, t.artifact());
      Verdict verdict = Verdict.of(result, t.artifact(), t.label(), acceptUnsuccessfulRuns || legacyArtifactForm);
      if (verdict.passed()) {
        return new Outcome(t, verdict, result, null, ExitCode.OK);
      }
      Optional<InputRejectedException> bad = malformed(provenance);
      return new Outcome(t, verdict, result, bad.orElse(null), bad.isPresent() ? ExitCode.BAD_INPUT : ExitCode.CHECK_FAILED);
    } catch (AiridException e) {
      return new Outcome(t, null, null, e, e instanceof InputRejectedException ? ExitCode.BAD_INPUT : ExitCode.OPERATION_FAILED);
    }
  }

  private void printHuman(Outcome o) {
    if (o.error() != null && o.verdict() == null) {
      io.err.println("airid: " + o.error().getMessage());
      io.out.println("NOT verified: " + o.target().label() + " (" + o.error().code() + ")");
      return;
    }
    Verdict v = o.verdict();
    if (verbose) {
      for (Check c : v.checks()) {
        String mark = switch (c.status()) {
          case PASS -> "ok  ";
          case FAIL -> "FAIL";
          case SKIPPED -> "skip";
        };
        String where = c.bundle() < 0 ? "   " : String.format("#%-2d", c.bundle());
        io.out.println("  " + mark + " " + where + " " + c.name() + (c.detail().isEmpty() ? "" : ": " + c.detail()));
      }
    }
    io.out.println(v.line());
    if (!verbose) {
      v.failure().ifPresent(c -> io.out.println("  FAIL " + c.name() + ": " + c.detail()));
    }
    if (o.error() != null) {
      io.err.println("airid: " + o.error().getMessage());
    }
  }

  /** One member of {@code results}: spec/cli.md §3. */
  private JsonObject json(Outcome o) {
    Target t = o.target();
    JsonObject.Builder b = JsonObject.builder()
        .put("artifact", t.artifact().isPresent() ? CliJson.string(t.label()) : JsonNull.INSTANCE)
        .put("digest", t.artifact().map(VerifyCommand::digest).map(CliJson::string).orElse(JsonNull.INSTANCE))
        .put("bundle", t.bundle());
    if (o.verdict() == null) {
      return b.put("outcome", "error").put("line", "NOT verified: " + t.label() + " (" + o.error().code() + ")")
          .put("identity", JsonNull.INSTANCE).put("signers", JsonArray.empty()).put("runStatus", JsonNull.INSTANCE)
          .put("failure", JsonNull.INSTANCE).put("checks", JsonArray.empty()).put("error", CliJson.error(o.error())).build();
    }
    Verdict v = o.verdict();
    VerificationResult r = o.result();
    List<JsonValue> signersJson = new ArrayList<>();
    for (SignedBy s : r.signers()) {
      if (s instanceof SignedBy.Key k) {
        signersJson.add(JsonObject.builder().put("keyId", k.keyId()).put("algorithm", k.algorithm()).build());
      } else if (s instanceof SignedBy.Identity id) {
        signersJson.add(JsonObject.builder().put("certificateIdentities", JsonArray.of(id.subjects().stream().map(CliJson::string).toList()))
            .put("certificateIssuer", id.issuer()).build());
      }
    }
    List<JsonValue> checks = new ArrayList<>();
    v.checks().forEach(c -> checks.add(Reports.check(c, true)));
    JsonValue error = o.error() == null ? JsonNull.INSTANCE : CliJson.error(o.error());
    return b.put("outcome", v.outcome().json()).put("line", v.line())
        .put("identity", r.identity().map(i -> CliJson.string(i.toString())).orElse(JsonNull.INSTANCE))
        .put("signers", JsonArray.of(signersJson))
        .put("runStatus", v.runStatus().map(CliJson::string).orElse(JsonNull.INSTANCE))
        .put("failure", v.failure().map(f -> (JsonValue) JsonObject.builder().put("name", f.name()).put("detail", f.detail()).build())
            .orElse(JsonNull.INSTANCE))
        .put("checks", JsonArray.of(checks))
        .put("error", error)
        .build();
  }

  /** The artifact's digest as {@code alg:hex}, SHA-256 if it can be had; null for a file that cannot be read. */
  private static String digest(Artifact a) {
    if (a.file().isPresent()) {
      a.digest(HashAlgorithm.SHA2_256);
    }
    Map<String, String> known = a.knownDigests();
    if (known.containsKey("sha256")) {
      return "sha256:" + known.get("sha256");
    }
    return known.entrySet().stream().findFirst().map(e -> e.getKey() + ":" + e.getValue()).orElse(null);
  }
}
