package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.verify.Check;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.IdentityToken;
import dev.airid.sigstore.KeylessSigner;
import dev.airid.sigstore.SigningConfig;
import dev.airid.sigstore.TrustedRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keyless signing end to end, over real HTTP on loopback, against @sigstore/mock's Fulcio and Rekor. */
class KeylessSigningTest {

  @TempDir static Path shared;
  @TempDir Path tmp;
  static SigstoreMock mock;

  @BeforeAll
  static void start() throws Exception {
    mock = SigstoreMock.start(shared);
  }

  @AfterAll
  static void stop() throws Exception {
    mock.close();
  }

  static Bundle signJava(Path signingConfig, String token) throws Exception {
    Declaration d = Declaration.parse(Files.readAllBytes(CliTest.example()));
    KeylessSigner signer = new KeylessSigner(
        SigningConfig.read(signingConfig, Instant.now()), TrustedRoot.read(mock.trustedRoot()),
        IdentityToken.resolve(Optional.of(token), Map.of(), KeylessSigner.defaultHttpClient()),
        KeylessSigner.defaultHttpClient(), Clock.systemUTC());
    return new Attestor(signer).attestDeclaration(d, Instant.now());
  }

  static VerificationResult verify(Bundle b, Path root, CertificateIdentity id) throws Exception {
    return Verifier.of(dev.airid.verify.TrustPolicy.builder().trustedRoot(TrustedRoot.read(root)).trustedIdentity(id).build())
        .verify(b.toBytes());
  }

  @Test
  void javaSignsAndVerifiesKeylessly() throws Exception {
    Bundle b = signJava(mock.signingConfig(), SigstoreMock.token());
    VerificationResult r = verify(b, mock.trustedRoot(), CertificateIdentity.exact(SigstoreMock.SUBJECT, SigstoreMock.ISSUER));
    assertTrue(r.verified(), r.checks().toString());
    List<String> names = r.checks().stream().map(Check::name).toList();
    assertTrue(names.containsAll(List.of("envelope.signature", "tlog.body", "tlog.set", "tlog.inclusion", "tlog.checkpoint",
        "certificate.validity", "certificate.chain", "certificate.sct", "certificate.identity", "certificate.issuer",
        "declaration.subject")), names.toString());
  }

  @Test
  void sigstoreJsVerifiesWhatJavaSignedKeylessly() throws Exception {
    Bundle b = signJava(mock.signingConfig(), SigstoreMock.token());
    Path file = tmp.resolve("run.airid.json");
    Files.write(file, b.toBytes());
    JsInteropTest.Node ok = JsInteropTest.node("verify.mjs", "--trusted-root", mock.trustedRoot().toString(),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER, file.toString());
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("\"verified\":true"), ok.out());
    JsInteropTest.Node wrong = JsInteropTest.node("verify.mjs", "--trusted-root", mock.trustedRoot().toString(),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", "https://other.issuer.test", file.toString());
    assertEquals(1, wrong.code(), wrong.out() + wrong.err());
  }

  String p(String name) {
    return tmp.resolve(name).toString();
  }

  /** airid attest --keyless against the mock; returns the bundle path. */
  String attestKeyless(Path signingConfig) throws Exception {
    CliTest.Result r = CliTest.airid("attest", CliTest.example().toString(), "--keyless", "--signing-config", signingConfig.toString(),
        "--trusted-root", mock.trustedRoot().toString(), "--identity-token", "@" + mock.tokenFile(SigstoreMock.token()), "--out", p("run.json"));
    assertEquals(0, r.code(), r.stderr());
    return p("run.json");
  }

  /** The status of the first failing check of a --json verify report, as "name status". */
  static String firstFailure(CliTest.Result r) throws Exception {
    JsonObject report = (JsonObject) Json.parse(r.stdout());
    JsonObject result = (JsonObject) ((JsonArray) report.getOrNull("results")).get(0);
    for (JsonValue c : (JsonArray) result.getOrNull("checks")) {
      JsonObject o = (JsonObject) c;
      if (((JsonString) o.getOrNull("status")).value().equals("fail")) {
        return ((JsonString) o.getOrNull("name")).value();
      }
    }
    return "(none)";
  }

  CliTest.Result verifyCli(String file, String identity, String issuer, Path root) {
    return CliTest.airid("verify", "--bundle", file, "--certificate-identity", identity, "--certificate-oidc-issuer", issuer,
        "--trusted-root", root.toString(), "--json");
  }

  @Test
  void cliAttestsKeylesslyThenBindsOutputsAndVerifies() throws Exception {
    String run = attestKeyless(mock.signingConfig());
    CliTest.Result ok = verifyCli(run, SigstoreMock.SUBJECT, SigstoreMock.ISSUER, mock.trustedRoot());
    assertEquals(0, ok.code(), ok.stderr());
    CliTest.Result regexp = CliTest.airid("verify", "--bundle", run, "--certificate-identity-regexp", "https://ci\\.airid\\.test/.*",
        "--certificate-oidc-issuer", SigstoreMock.ISSUER, "--trusted-root", mock.trustedRoot().toString());
    assertEquals(0, regexp.code(), regexp.stderr());

    Files.writeString(tmp.resolve("review.md"), "LGTM\n");
    CliTest.Result out = CliTest.airid("attest-output", "--run", run, "--keyless", "--signing-config", mock.signingConfig().toString(),
        "--trusted-root", mock.trustedRoot().toString(), "--identity-token", SigstoreMock.token(), p("review.md"));
    assertEquals(0, out.code(), out.stderr());
    CliTest.Result withArtifact = CliTest.airid("verify", p("review.md"),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER,
        "--trusted-root", mock.trustedRoot().toString());
    assertEquals(0, withArtifact.code(), withArtifact.stderr());
    JsInteropTest.Node js = JsInteropTest.node("verify.mjs", "--trusted-root", mock.trustedRoot().toString(),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER,
        "--artifact", p("review.md"), p("review.md.airid.jsonl"));
    assertEquals(0, js.code(), js.out() + js.err());
  }

  @Test
  void outputsAreNotBoundToARunOfSomeoneElse() throws Exception {
    String run = attestKeyless(mock.signingConfig());
    Files.writeString(tmp.resolve("review.md"), "LGTM\n");
    CliTest.Result r = CliTest.airid("attest-output", "--run", run, "--keyless", "--signing-config", mock.signingConfig().toString(),
        "--trusted-root", mock.trustedRoot().toString(), "--identity-token", SigstoreMock.token(SigstoreMock.ISSUER, "https://ci.airid.test/other"),
        p("review.md"));
    assertEquals(ExitCode.CHECK_FAILED, r.code(), r.stderr());
    assertTrue(r.stderr().contains("certificate.identity"), r.stderr());
    assertTrue(Files.notExists(tmp.resolve("review.md.airid.jsonl")), "nothing written");
  }

  @Test
  void wrongIdentityWrongIssuerAndForeignRootEachFailTheirCheck() throws Exception {
    String run = attestKeyless(mock.signingConfig());
    assertEquals("certificate.identity", firstFailure(verifyCli(run, "https://ci.airid.test/other", SigstoreMock.ISSUER, mock.trustedRoot())));
    assertEquals("certificate.issuer", firstFailure(verifyCli(run, SigstoreMock.SUBJECT, "https://accounts.google.com", mock.trustedRoot())));
    CliTest.Result foreign = verifyCli(run, SigstoreMock.SUBJECT, SigstoreMock.ISSUER, mock.foreignTrustedRoot());
    assertEquals(ExitCode.CHECK_FAILED, foreign.code());
    assertEquals("tlog.log", firstFailure(foreign));
  }

  @Test
  void aTamperedLogEntryFailsItsCheck() throws Exception {
    String run = attestKeyless(mock.signingConfig());
    JsonObject bundle = (JsonObject) Json.parse(Files.readAllBytes(Path.of(run)));
    String text = new String(Files.readAllBytes(Path.of(run)), java.nio.charset.StandardCharsets.UTF_8);
    JsonObject entry = (JsonObject) ((JsonArray) ((JsonObject) bundle.getOrNull("verificationMaterial")).getOrNull("tlogEntries")).get(0);
    String index = ((JsonString) entry.getOrNull("logIndex")).value();
    Files.writeString(tmp.resolve("index.json"), text.replace("\"logIndex\":\"" + index + "\"", "\"logIndex\":\"" + (Long.parseLong(index) + 1) + "\""));
    assertEquals("tlog.set", firstFailure(verifyCli(p("index.json"), SigstoreMock.SUBJECT, SigstoreMock.ISSUER, mock.trustedRoot())));
    String time = ((JsonString) entry.getOrNull("integratedTime")).value();
    Files.writeString(tmp.resolve("time.json"), text.replace("\"integratedTime\":\"" + time + "\"", "\"integratedTime\":\"" + (Long.parseLong(time) - 60) + "\""));
    assertEquals("tlog.set", firstFailure(verifyCli(p("time.json"), SigstoreMock.SUBJECT, SigstoreMock.ISSUER, mock.trustedRoot())));
    JsInteropTest.Node js = JsInteropTest.node("verify.mjs", "--trusted-root", mock.trustedRoot().toString(),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER, p("index.json"));
    assertEquals(1, js.code(), js.out() + js.err());
  }

  @Test
  void anExpiredCertificateIsRefusedBySignerAndVerifier() throws Exception {
    // The stale Fulcio's clock runs an hour behind: its certificate expired 50 minutes before Rekor logs the entry.
    CliTest.Result r = CliTest.airid("attest", CliTest.example().toString(), "--keyless", "--signing-config", mock.staleSigningConfig().toString(),
        "--trusted-root", mock.trustedRoot().toString(), "--identity-token", SigstoreMock.token(), "--out", p("stale.json"));
    assertEquals(ExitCode.OPERATION_FAILED, r.code(), r.stderr());
    assertTrue(r.stderr().contains("certificate.validity"), r.stderr());
    assertTrue(Files.notExists(tmp.resolve("stale.json")));
    // The same bundle, assembled without airid's signer, is rejected by the verifier for the same reason.
    Path stale = tmp.resolve("stale-by-js.json");
    Files.writeString(stale, signWithJs(mock.staleSigningConfig()));
    assertEquals("certificate.validity", firstFailure(verifyCli(stale.toString(), SigstoreMock.SUBJECT, SigstoreMock.ISSUER, mock.trustedRoot())));
    JsInteropTest.Node js = JsInteropTest.node("verify.mjs", "--trusted-root", mock.trustedRoot().toString(),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER, stale.toString());
    assertEquals(1, js.code(), js.out() + js.err());
  }

  /** A keyless bundle made by verifier-js/sign-keyless.mjs, a second client that checks nothing it is given. */
  String signWithJs(Path signingConfig) throws Exception {
    JsInteropTest.Node n = JsInteropTest.node("sign-keyless.mjs", "--signing-config", signingConfig.toString(),
        "--identity-token", "@" + mock.tokenFile(SigstoreMock.token()), CliTest.example().toString());
    assertEquals(0, n.code(), n.err());
    return n.out();
  }

  @Test
  void javaVerifiesWhatAnIndependentJsClientSignedKeylessly() throws Exception {
    Path b = tmp.resolve("js.json");
    Files.writeString(b, signWithJs(mock.signingConfig()));
    CliTest.Result r = verifyCli(b.toString(), SigstoreMock.SUBJECT, SigstoreMock.ISSUER, mock.trustedRoot());
    assertEquals(0, r.code(), r.stderr());
    CliTest.Result id = CliTest.airid("id", CliTest.example().toString());
    assertTrue(new String(r.stdout(), java.nio.charset.StandardCharsets.UTF_8).contains(id.out().trim()), "same run identity");
  }

  @Test
  void keylessUsageErrorsAreClear() throws Exception {
    CliTest.Result noRoot = CliTest.airid("attest", CliTest.example().toString(), "--keyless", "--identity-token", SigstoreMock.token(), "--out", p("x.json"));
    assertEquals(ExitCode.BAD_INPUT, noRoot.code());
    assertTrue(noRoot.stderr().contains("--trusted-root"), noRoot.stderr());
    CliTest.Result both = CliTest.airid("attest", CliTest.example().toString(), "--keyless", "--key", "k.key", "--out", p("x.json"));
    assertEquals(ExitCode.BAD_INPUT, both.code());
    CliTest.Result badToken = CliTest.airid("attest", CliTest.example().toString(), "--keyless", "--trusted-root", mock.trustedRoot().toString(),
        "--signing-config", mock.signingConfig().toString(), "--identity-token", "not-a-jwt", "--out", p("x.json"));
    assertEquals(ExitCode.BAD_INPUT, badToken.code());
    assertTrue(badToken.stderr().contains("not a JWT"), badToken.stderr());
    assertTrue(!badToken.stderr().contains("not-a-jwt"), "the token is never echoed");
    // "@FILE" is read by airid as one token, never expanded by picocli into more arguments.
    Path injected = tmp.resolve("token-with-option");
    Files.writeString(injected, SigstoreMock.token() + " --no-declared-at");
    CliTest.Result noInjection = CliTest.airid("attest", CliTest.example().toString(), "--keyless", "--trusted-root", mock.trustedRoot().toString(),
        "--signing-config", mock.signingConfig().toString(), "--identity-token", "@" + injected, "--out", p("x.json"));
    assertEquals(ExitCode.BAD_INPUT, noInjection.code(), noInjection.stderr());
    assertTrue(noInjection.stderr().contains("IDENTITY_TOKEN"), noInjection.stderr());
    Files.writeString(tmp.resolve("empty-root.json"), "{}");
    CliTest.Result notARoot = CliTest.airid("attest", CliTest.example().toString(), "--keyless", "--trusted-root", p("empty-root.json"),
        "--signing-config", mock.signingConfig().toString(), "--identity-token", SigstoreMock.token(), "--out", p("x.json"));
    assertEquals(ExitCode.BAD_INPUT, notARoot.code(), notARoot.stderr());
    assertTrue(notARoot.stderr().contains("not a Sigstore trusted root"), notARoot.stderr());
    String run = attestKeyless(mock.signingConfig());
    CliTest.Result noIssuer = CliTest.airid("verify", run, "--certificate-identity", SigstoreMock.SUBJECT, "--trusted-root", mock.trustedRoot().toString());
    assertEquals(ExitCode.BAD_INPUT, noIssuer.code());
    assertTrue(noIssuer.stderr().contains("--certificate-oidc-issuer"), noIssuer.stderr());
    CliTest.Result noVerifyRoot = CliTest.airid("verify", run, "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER);
    assertEquals(ExitCode.BAD_INPUT, noVerifyRoot.code());
    assertTrue(noVerifyRoot.stderr().contains("--trusted-root"), noVerifyRoot.stderr());
    assertEquals(0, CliTest.airid("keygen", "--out", p("k")).code());
    CliTest.Result withKey = CliTest.airid("verify", "--bundle", run, "--key", p("k.pub"));
    assertEquals(ExitCode.CHECK_FAILED, withKey.code());
    assertTrue(withKey.out().contains("signed keylessly"), withKey.out());
  }

  @Test
  void conformanceSignBundleMakesPlainBundlesThatSigstoreJavaVerifies() throws Exception {
    Files.writeString(tmp.resolve("a.txt"), "an artifact\n");
    CliTest.Result signed = CliTest.airid("conformance", "sign-bundle", "--identity-token", SigstoreMock.token(),
        "--bundle", p("a.sigstore.json"), "--trusted-root", mock.trustedRoot().toString(),
        "--signing-config", mock.signingConfig().toString(), p("a.txt"), "--json");
    assertEquals(0, signed.code(), signed.stderr());
    assertTrue(signed.out().contains("\"ok\":true"), signed.out());
    JsonObject bundle = (JsonObject) Json.parse(Files.readAllBytes(tmp.resolve("a.sigstore.json")));
    assertTrue(bundle.has("messageSignature"), "a message-signature bundle");
    CliTest.Result verified = CliTest.airid("conformance", "verify-bundle", "--bundle", p("a.sigstore.json"),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER,
        "--trusted-root", mock.trustedRoot().toString(), p("a.txt"));
    assertEquals(0, verified.code(), verified.stderr());
    // An implementation that is not ours verifies the same bundle: sigstore-java's KeylessVerifier.
    dev.sigstore.KeylessVerifier.builder().trustedRootProvider(dev.sigstore.TrustedRootProvider.from(mock.trustedRoot())).build()
        .verify(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tmp.resolve("a.txt"))), dev.sigstore.bundle.Bundle.from(tmp.resolve("a.sigstore.json"),
            java.nio.charset.StandardCharsets.UTF_8), dev.sigstore.VerificationOptions.builder()
            .addCertificateMatchers(dev.sigstore.VerificationOptions.CertificateMatcher.fulcio()
                .subjectAlternativeName(dev.sigstore.strings.StringMatcher.string(SigstoreMock.SUBJECT))
                .issuer(dev.sigstore.strings.StringMatcher.string(SigstoreMock.ISSUER)).build())
            .build());
    Files.writeString(tmp.resolve("a.txt"), "another artifact\n");
    CliTest.Result changed = CliTest.airid("conformance", "verify-bundle", "--bundle", p("a.sigstore.json"),
        "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER,
        "--trusted-root", mock.trustedRoot().toString(), p("a.txt"));
    assertEquals(ExitCode.CHECK_FAILED, changed.code(), changed.stderr());

    Files.write(tmp.resolve("statement.json"), Files.readAllBytes(CliTest.example())); // any JSON payload signs
    CliTest.Result inToto = CliTest.airid("conformance", "sign-bundle", "--in-toto", "--identity-token", SigstoreMock.token(),
        "--bundle", p("s.sigstore.json"), "--trusted-root", mock.trustedRoot().toString(),
        "--signing-config", mock.signingConfig().toString(), p("statement.json"));
    assertEquals(0, inToto.code(), inToto.stderr());
    assertTrue(((JsonObject) Json.parse(Files.readAllBytes(tmp.resolve("s.sigstore.json")))).has("dsseEnvelope"));
  }

  @Test
  void aChainMayMixKeylessAndKeySignedRunsWhenThePolicyTrustsBoth() throws Exception {
    String plan = "{\"_type\":\"https://airid.dev/ai-run-declaration/v1\",\"model\":{\"name\":\"gpt-4o\"},\"inputs\":[{\"role\":\"user\",\"content\":\"plan\"}]}";
    Files.writeString(tmp.resolve("plan.json"), plan);
    String planId = CliTest.airid("id", p("plan.json")).out().trim();
    Files.writeString(tmp.resolve("work.json"), plan.replace("\"plan\"}]", "\"work\"}],\"parents\":[\"" + planId + "\"]"));
    String workId = CliTest.airid("id", p("work.json")).out().trim();
    Files.createDirectories(tmp.resolve("bundles"));
    assertEquals(0, CliTest.airid("keygen", "--out", p("k")).code());
    CliTest.Result planned = CliTest.airid("attest", p("plan.json"), "--keyless", "--signing-config", mock.signingConfig().toString(),
        "--trusted-root", mock.trustedRoot().toString(), "--identity-token", SigstoreMock.token(), "--out", p("bundles/plan.json"));
    assertEquals(0, planned.code(), planned.stderr());
    assertEquals(0, CliTest.airid("attest", p("work.json"), "--key", p("k.key"), "--out", p("bundles/work.json")).code());

    Files.writeString(tmp.resolve("both.yaml"), "policy: https://airid.dev/policy/v1\nrules: []\nverification:\n"
        + "  trustedKeys: [k.pub]\n  trustedRoot: " + mock.trustedRoot() + "\n  trustedIdentities:\n"
        + "    - subject: " + SigstoreMock.SUBJECT + "\n      issuer: " + SigstoreMock.ISSUER + "\n");
    CliTest.Result ok = CliTest.airid("verify-chain", "--dir", p("bundles"), "--root", workId, "--policy", p("both.yaml"));
    assertEquals(0, ok.code(), ok.stderr());

    Files.writeString(tmp.resolve("keys.yaml"), "policy: https://airid.dev/policy/v1\nrules: []\nverification:\n  trustedKeys: [k.pub]\n");
    CliTest.Result keysOnly = CliTest.airid("verify-chain", "--dir", p("bundles"), "--root", workId, "--policy", p("keys.yaml"));
    assertEquals(ExitCode.CHECK_FAILED, keysOnly.code(), keysOnly.stderr());
    assertTrue(keysOnly.stderr().contains("signed keylessly"), keysOnly.stderr());

    Files.writeString(tmp.resolve("other.yaml"), Files.readString(tmp.resolve("both.yaml")).replace(SigstoreMock.SUBJECT, "https://ci.airid.test/other"));
    CliTest.Result otherSigner = CliTest.airid("verify", "--bundle", p("bundles/plan.json"), "--policy", p("other.yaml"), "--json");
    assertEquals("certificate.identity", firstFailure(otherSigner));
  }

  @Test
  void aLargeDeclarationLogsOnlyADigest() throws Exception {
    // Rekor refuses dsse/intoto bodies over ~100 KB; a hashedrekord entry over the PAE's digest stays small.
    Declaration big = Declaration.builder("gpt-4o").input("user", "review")
        .context("https://git.example.com/big.diff", "+ line of a large diff\n".repeat(20_000)).build();
    KeylessSigner signer = new KeylessSigner(SigningConfig.read(mock.signingConfig(), Instant.now()), TrustedRoot.read(mock.trustedRoot()),
        IdentityToken.parse(SigstoreMock.token(), "test"), KeylessSigner.defaultHttpClient(), Clock.systemUTC());
    Bundle b = new Attestor(signer).attestDeclaration(big, Instant.now());
    assertTrue(b.envelope().orElseThrow().payload().length > 400_000, "the payload is large");
    int body = b.material().tlogEntries().get(0).canonicalizedBody().length;
    assertTrue(body < 4_000, "log entry body of " + body + " bytes");
    assertTrue(verify(b, mock.trustedRoot(), CertificateIdentity.exact(SigstoreMock.SUBJECT, SigstoreMock.ISSUER)).verified());
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void withoutATokenAPersonSignsInThroughTheBrowserFlow() throws Exception {
    String email = "reviewer@airid.test";
    try (OidcProvider idp = new OidcProvider(email)) {
      // The "browser" follows the sign-in page's redirect back to the client's one-shot loopback listener.
      java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.ALWAYS).build();
      java.util.List<String> opened = new java.util.ArrayList<>();
      IdentityToken.Interactive signIn = new IdentityToken.Interactive(idp.issuerUri(), "sigstore", url -> {
        opened.add(url);
        try {
          browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
          throw new java.io.IOException(e);
        }
      });
      IdentityToken token = IdentityToken.resolve(Optional.empty(), Map.of(), KeylessSigner.defaultHttpClient(), Optional.of(signIn));
      assertEquals(1, opened.size());
      assertTrue(opened.get(0).contains("code_challenge="), "PKCE");
      assertEquals(email, token.subject());
      assertEquals(idp.issuer(), token.issuer());
      // And the token signs: Fulcio (the mock) certifies the signed-in person.
      KeylessSigner signer = new KeylessSigner(SigningConfig.read(mock.signingConfig(), Instant.now()), TrustedRoot.read(mock.trustedRoot()),
          token, KeylessSigner.defaultHttpClient(), Clock.systemUTC());
      Bundle b = new Attestor(signer).attestDeclaration(Declaration.parse(Files.readAllBytes(CliTest.example())), Instant.now());
      assertTrue(verify(b, mock.trustedRoot(), CertificateIdentity.exact(idp.subject, idp.issuer())).verified());
      // In CI the browser flow is never started.
      Exception ci = org.junit.jupiter.api.Assertions.assertThrows(dev.airid.InputRejectedException.class,
          () -> IdentityToken.resolve(Optional.empty(), Map.of("CI", "true"), KeylessSigner.defaultHttpClient(), Optional.of(signIn)));
      assertTrue(ci.getMessage().contains("off in CI"), ci.getMessage());
      assertEquals(1, opened.size());
    }
  }
}
