package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Attestor;
import dev.airid.attest.Bundle;
import dev.airid.attest.Check;
import dev.airid.attest.VerificationResult;
import dev.airid.attest.Verifier;
import dev.airid.declaration.Declaration;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.CertificateTrust;
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
    return Verifier.of(new CertificateTrust(TrustedRoot.read(root), List.of(id), Instant.now())).verify(b.toBytes());
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
}
