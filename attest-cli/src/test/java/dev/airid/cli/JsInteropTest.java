package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability in both directions with test-vectors/verifier-js, a second implementation that uses only
 * third-party npm packages (@sigstore/verify, @sigstore/bundle, canonicalize) and node:crypto. The build installs
 * its pinned packages with 'npm ci'. Any disagreement fails the build.
 */
class JsInteropTest {

  @TempDir Path tmp;

  static Path js() {
    return Paths2.testVectors().resolve("verifier-js");
  }

  @BeforeAll
  static void packagesInstalled() {
    assertTrue(Files.isDirectory(js().resolve("node_modules/@sigstore/verify")),
        "test-vectors/verifier-js/node_modules is missing: the build runs 'npm ci' there (exec-maven-plugin)");
  }

  record Node(int code, String out, String err) {}

  static Node node(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(js().toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node finished");
    return new Node(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  String p(String name) {
    return tmp.resolve(name).toString();
  }

  @Test
  void javaScriptRecomputesEveryIdentityVector() throws Exception {
    Node n = node("check-identity-vectors.mjs");
    assertEquals(0, n.code(), n.out() + n.err());
    assertTrue(n.out().contains("\"mismatches\":[]"), n.out());
  }

  @Test
  void javaScriptReproducesAndJudgesTheAttestationVectors() throws Exception {
    // Signs each declaration vector itself (same bytes: Ed25519 is deterministic), verifies every positive vector
    // and rejects every negative one, apart from the leniencies it lists and the test-vectors README documents.
    Node n = node("check-attestation-vectors.mjs");
    assertEquals(0, n.code(), n.out() + n.err());
    assertTrue(n.out().contains("\"problems\":[]"), n.out());
  }

  /** @sigstore/verify checks only SHA-256 based signatures, so P-384/SHA-384 and RSA-PSS are not asked of it. */
  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256"})
  void javaScriptVerifiesWhatJavaMadeAndRejectsWhatJavaRejects(String algorithm) throws Exception {
    assertEquals(0, airid("keygen", "--algorithm", algorithm, "--out", p("k")).code());
    assertEquals(0, airid("attest", CliTest.example().toString(), "--key", p("k.key"), "--redact", "/context", "--out", p("run.json")).code());
    Files.writeString(tmp.resolve("out.md"), "generated ✓\n");
    assertEquals(0, airid("attest-output", "--run", p("run.json"), "--key", p("k.key"), p("out.md")).code());

    String identity = airid("id", CliTest.example().toString()).out().trim();
    Node ok = node("verify.mjs", "--key", p("k.pub"), "--artifact", p("out.md"), p("out.md.airid.jsonl"));
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("\"identity\":\"" + identity + "\""), ok.out());

    // Both sides reject a changed output, and a changed signed payload.
    Files.writeString(tmp.resolve("out.md"), "generated ✗\n");
    assertEquals(1, node("verify.mjs", "--key", p("k.pub"), "--artifact", p("out.md"), p("out.md.airid.jsonl")).code());
    assertEquals(1, airid("verify", p("out.md.airid.jsonl"), "--key", p("k.pub"), "--artifact", p("out.md")).code());
    String run = Files.readString(tmp.resolve("run.json"));
    String payload = run.replaceAll(".*\"payload\":\"([^\"]+)\".*\\s*", "$1");
    String changed = java.util.Base64.getEncoder().encodeToString(new String(java.util.Base64.getDecoder().decode(payload),
        StandardCharsets.UTF_8).replace("gpt-4o", "gpt-4x").getBytes(StandardCharsets.UTF_8));
    Files.writeString(tmp.resolve("forged.json"), run.replace(payload, changed));
    assertEquals(1, node("verify.mjs", "--key", p("k.pub"), p("forged.json")).code());
    assertEquals(1, airid("verify", p("forged.json"), "--key", p("k.pub")).code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256"})
  void javaVerifiesWhatJavaScriptSigned(String algorithm) throws Exception {
    assertEquals(0, airid("keygen", "--algorithm", algorithm, "--out", p("k")).code());
    Node signed = node("sign.mjs", "--key", p("k.key"), CliTest.example().toString());
    assertEquals(0, signed.code(), signed.err());
    Files.writeString(tmp.resolve("js.bundle.json"), signed.out());
    CliTest.Result r = airid("verify", p("js.bundle.json"), "--key", p("k.pub"), "--json");
    assertEquals(0, r.code(), r.stderr());
    String identity = airid("id", CliTest.example().toString()).out().trim();
    assertTrue(r.out().contains("\"identity\":\"" + identity + "\""), r.out());
  }

  /**
   * Issue 18, finding 6: both implementations compare subject and binding digests as bytes, so uppercase hex verifies
   * in both (spec/attestations.md §2.1, §2.2), and neither accepts an uppercase identity string as the subject name.
   */
  @Test
  void bothSidesAcceptUppercaseDigestsAndRefuseAnUppercaseName() throws Exception {
    assertEquals(0, airid("keygen", "--out", p("k")).code());
    dev.airid.keys.SigningKey key = dev.airid.keys.KeyFiles.readPrivate(Files.readAllBytes(tmp.resolve("k.key")), "k.key", null,
        java.util.Optional.empty());
    dev.airid.attest.Attestor attestor = new dev.airid.attest.Attestor(key);
    dev.airid.declaration.Declaration d = dev.airid.declaration.Declaration.parse(Files.readAllBytes(CliTest.example()));
    dev.airid.attest.Statement s = dev.airid.attest.Attestor.declarationStatement(d, null);
    String upper = d.identity().hex().toUpperCase(java.util.Locale.ROOT);
    dev.airid.sigstore.Bundle run = attestor.sign(new dev.airid.attest.Statement(s.type(),
        List.of(dev.airid.attest.Subject.sha256(d.identity().toString(), upper)), s.predicateType(), s.predicate()));
    Files.writeString(tmp.resolve("out.md"), "generated\n");
    String artifact = dev.airid.internal.Sha256.hexOfFile(tmp.resolve("out.md"));
    dev.airid.sigstore.Bundle out = attestor.sign(dev.airid.attest.Attestor.outputStatement(d.identity(),
        dev.airid.internal.Sha256.hexOf(run.envelope().orElseThrow().payload()).toUpperCase(java.util.Locale.ROOT),
        List.of(dev.airid.attest.Subject.sha256("out.md", artifact.toUpperCase(java.util.Locale.ROOT))),
        dev.airid.attest.ExecutionFacts.of(dev.airid.attest.ExecutionFacts.Status.SUCCEEDED)));
    Files.write(tmp.resolve("upper.airid.jsonl"), dev.airid.attest.Provenance.join(List.of(run, out)));
    Node js = node("verify.mjs", "--key", p("k.pub"), "--artifact", p("out.md"), p("upper.airid.jsonl"));
    assertEquals(0, js.code(), js.out() + js.err());
    CliTest.Result java = airid("verify", p("upper.airid.jsonl"), "--key", p("k.pub"), "--artifact", p("out.md"));
    assertEquals(0, java.code(), java.stderr());

    dev.airid.sigstore.Bundle upperName = attestor.sign(new dev.airid.attest.Statement(s.type(),
        List.of(dev.airid.attest.Subject.sha256("airid:v1:sha256:" + upper, upper)), s.predicateType(), s.predicate()));
    Files.write(tmp.resolve("upper-name.json"), upperName.toBytes());
    assertEquals(1, node("verify.mjs", "--key", p("k.pub"), p("upper-name.json")).code());
    assertEquals(1, airid("verify", p("upper-name.json"), "--key", p("k.pub")).code());
  }
}
