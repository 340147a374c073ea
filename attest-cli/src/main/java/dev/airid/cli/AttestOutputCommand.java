package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.InputRejectedException;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.KeylessSigner;
import dev.airid.internal.AtomicFile;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;

import java.nio.file.Path;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "attest-output",
    mixinStandardHelpOptions = true,
    description = {
      "Bind generated files to their run, in a provenance file beside them.",
      "The provenance file travels with the files.",
      "Signs an output attestation whose subjects are the files' SHA-256 digests and which names the run identity and its declaration bundle (which must verify), then writes the provenance file: JSON Lines, the declaration bundle and then the output bundle."
    },
    footer = ExitCode.HELP_FOOTER)
final class AttestOutputCommand extends BaseCommand {

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "The generated files.")
  List<Path> files;

  @Option(names = "--run", paramLabel = "BUNDLE", required = true, description = "The run's declaration bundle (from 'airid attest').")
  String run;

  @Mixin SignerOptions signerOptions;

  @Option(names = {"-o", "--out"}, paramLabel = "OUT",
      description = "Provenance file to write; default FILE.airid.jsonl when there is one FILE.")
  String out;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "succeeded",
      description = "How the run ended: succeeded (default), failed or interrupted.")
  String status;

  @Option(names = "--reported-model", paramLabel = "NAME", description = "The model name the provider reported.")
  String reportedModel;

  @Option(names = "--input-tokens", paramLabel = "N", description = "Input tokens the provider counted.")
  Long inputTokens;

  @Option(names = "--output-tokens", paramLabel = "N", description = "Output tokens the provider counted.")
  Long outputTokens;

  @Option(names = "--run-key", paramLabel = "PUB",
      description = "Public key(s) the run bundle must verify with before outputs are bound to it. Repeatable. "
          + "Default: the signing key's own public half (the run was attested with the same key).")
  java.util.List<String> runKeys = new ArrayList<>();

  @Option(names = "--run-certificate-identity", paramLabel = "ID",
      description = "With --keyless: the identity (certificate SAN) that must have signed the run bundle. "
          + "Default: the identity certified for this output attestation (the same workload attested the run).")
  String runIdentity;

  @Option(names = "--run-certificate-oidc-issuer", paramLabel = "URL",
      description = "With --run-certificate-identity: the OIDC issuer of that identity.")
  String runIssuer;

  @Option(names = "--force", description = "Overwrite OUT if it exists.")
  boolean force;

  @Override
  int run() throws AiridException {
    if (out == null && files.size() != 1) {
      throw Usage.error("--out is required when attesting more than one file");
    }
    String target = out != null ? out : files.get(0) + ".airid.jsonl";
    ExecutionFacts.Status st = ExecutionFacts.Status.fromJson(status)
        .orElseThrow(() -> Usage.error("--status must be succeeded, failed or interrupted, not " + status));
    if ((inputTokens == null) != (outputTokens == null) || inputTokens != null && (inputTokens < 0 || outputTokens < 0)) {
      throw Usage.error("give --input-tokens and --output-tokens together, as counts >= 0");
    }
    ExecutionFacts facts = ExecutionFacts.of(st).finishedAt(Instant.now());
    if (reportedModel != null) {
      facts = facts.reportedModel(reportedModel);
    }
    if (inputTokens != null) {
      facts = facts.usage(inputTokens, outputTokens);
    }
    byte[] runData = io.read(run);
    List<byte[]> runBundles;
    Bundle declarationBundle;
    try {
      runBundles = Provenance.split(runData);
      declarationBundle = Bundle.parse(Json.parse(runBundles.get(0)));
    } catch (InputRejectedException e) {
      throw FileKind.explain(e, runData, run, "airid attest-output --run", FileKind.SIGSTORE_BUNDLE);
    }
    List<Subject> subjects = new ArrayList<>();
    for (Path f : files) {
      io.checkReadable(f.toString()); // one code for an unreadable file, whatever reads it (spec/cli.md)
      subjects.add(Subject.ofFile(f));
    }
    SignerOptions.Loaded signer = signerOptions.load(io);
    // Never bind outputs to a run whose declaration bundle does not verify: that would vouch for an unknown run.
    TrustPolicy runTrust = runTrust(signer);
    if (runTrust != null && !runVerifies(runTrust, runBundles.get(0))) {
      return ExitCode.CHECK_FAILED;
    }
    Bundle outputBundle = signer.attestor().attestOutputs(declarationBundle, subjects, facts);
    if (runTrust == null && !runVerifies(TrustPolicy.builder().trustedRoot(signer.trustedRoot().get())
        .trustedIdentity(KeylessSigner.certifiedIdentity(outputBundle)).build(), runBundles.get(0))) {
      return ExitCode.CHECK_FAILED;
    }
    AtomicFile.write(Path.of(target), Provenance.join(List.of(declarationBundle, outputBundle)), force, false);
    if (json) {
      printJson(ExitCode.OK, JsonObject.builder().put("provenance", target).put("outputs", subjects.size()).build());
    } else {
      io.out.println("bound " + subjects.size() + " file(s) to their run → " + target);
    }
    return ExitCode.OK;
  }

  /** Who must have signed the run bundle; null for "the identity certified for the output", known only after signing. */
  private TrustPolicy runTrust(SignerOptions.Loaded signer) throws AiridException {
    if ((runIdentity == null) != (runIssuer == null)) {
      throw Usage.error("give --run-certificate-identity and --run-certificate-oidc-issuer together");
    }
    if (runIdentity != null && !runKeys.isEmpty()) {
      throw Usage.error("give --run-key or --run-certificate-identity, not both");
    }
    if (runIdentity != null && signer.trustedRoot().isEmpty()) {
      throw Usage.error("--run-certificate-identity needs --keyless (and its --trusted-root)");
    }
    if (runIdentity != null) {
      return TrustPolicy.builder().trustedRoot(signer.trustedRoot().get())
          .trustedIdentity(CertificateIdentity.exact(runIdentity, runIssuer)).build();
    }
    List<dev.airid.keys.VerificationKey> trusted = new ArrayList<>();
    for (String k : runKeys) {
      trusted.add(dev.airid.keys.KeyFiles.readPublic(io.read(k, dev.airid.keys.KeyFiles.MAX_KEY_FILE_BYTES), k, java.util.Optional.empty()));
    }
    if (trusted.isEmpty() && signer.key().isEmpty()) {
      return null;
    }
    if (trusted.isEmpty()) {
      trusted.add(signer.key().get().verificationKey());
    }
    return TrustPolicy.builder().trustedKeys(trusted).build();
  }

  private boolean runVerifies(TrustPolicy trust, byte[] runBundle) {
    dev.airid.verify.VerificationResult r = Verifier.of(trust).verify(List.of(runBundle), java.util.Optional.empty());
    if (!r.verified()) {
      r.firstFailure().ifPresent(c -> io.err.println("airid: " + run + " does not verify: " + c.name() + ": " + c.detail()));
      io.err.println("airid: not binding outputs to a run bundle that does not verify; if someone else attested the run, "
          + "name them with " + (signerOptions.keyless
              ? "--run-key PUB or --run-certificate-identity ID --run-certificate-oidc-issuer URL" : "--run-key PUB"));
    }
    return r.verified();
  }

}
