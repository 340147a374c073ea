package dev.airid.integrations.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.ExecutionFacts;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verdict;
import dev.airid.verify.Artifact;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.Verifier;
import dev.airid.cli.AiridCli;
import dev.airid.keys.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place the integration tests verify provenance, so that a change of the verifier's front door is a change of
 * this file only. Each check runs both the library verifier and the real {@code airid verify} command.
 */
public final class ProvenanceAssert {

  private ProvenanceAssert() {}

  /**
   * Asserts that the provenance file verifies with {@code publicKey} (library and {@code airid verify ARTIFACT --bundle
   * … --key …}) and that {@code artifact} (the bytes of an output, e.g. the UTF-8 response text) is one of its bound
   * outputs. The output of a run that did not succeed (a failed provider call binds its error) is accepted by the
   * command only with {@code --accept-unsuccessful-runs}, and its JSON must name that status. Returns the library's
   * result for further checks.
   */
  public static VerificationResult verifies(Path provenance, VerificationKey publicKey, Path publicKeyFile, byte[] artifact)
      throws Exception {
    byte[] bytes = Files.readAllBytes(provenance);
    VerificationResult r = Verifier.of(TrustPolicy.of(publicKey)).verify(bytes, Artifact.ofBytes("output", artifact));
    assertTrue(r.verified(), () -> "library verifier: " + r.firstFailure());

    Path artifactFile = Files.createTempFile(provenance.getParent(), "artifact-", ".txt");
    try {
      Files.write(artifactFile, artifact);
      String status = r.artifact().flatMap(VerificationResult.ArtifactMatch::execution)
          .map(e -> e.status().json()).orElse(Verdict.STATUS_NOT_RECORDED);
      List<String> args = new ArrayList<>(List.of("verify", artifactFile.toString(), "--bundle", provenance.toString(),
          "--key", publicKeyFile.toString(), "--json"));
      if (!status.equals(ExecutionFacts.Status.SUCCEEDED.json())) {
        AiridCli.Result refused = AiridCli.run(args.toArray(String[]::new));
        assertEquals(1, refused.code(), () -> "airid verify accepted the output of a " + status + " run: " + refused.out());
        args.add("--accept-unsuccessful-runs");
      }
      AiridCli.Result cli = AiridCli.run(args.toArray(String[]::new));
      assertEquals(0, cli.code(), () -> "airid verify: " + cli.out() + cli.err());
      assertTrue(cli.out().contains("\"identity\":\"" + r.identity().orElseThrow() + "\""), cli.out());
      assertTrue(cli.out().contains("\"runStatus\":\"" + status + "\""), cli.out());
    } finally {
      Files.deleteIfExists(artifactFile);
    }
    return r;
  }

  /** Asserts that {@code airid verify} rejects the file for {@code artifact}: the bytes are not a bound output. */
  public static void doesNotBind(Path provenance, Path publicKeyFile, byte[] artifact) throws Exception {
    Path artifactFile = Files.createTempFile(provenance.getParent(), "artifact-", ".txt");
    try {
      Files.write(artifactFile, artifact);
      AiridCli.Result cli = AiridCli.run("verify", artifactFile.toString(), "--bundle", provenance.toString(),
          "--key", publicKeyFile.toString(), "--accept-unsuccessful-runs");
      assertEquals(1, cli.code(), () -> "airid verify accepted " + new String(artifact, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(artifactFile);
    }
  }
}
