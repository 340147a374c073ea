package dev.airid.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.verify.Artifact;
import dev.airid.verify.Check;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.json.Json;
import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for defects a security review found in the keyless checks, each built from third-party
 * sigstore-conformance data: an unsigned integrated time, a certificate that overflows the JDK parser's stack,
 * an unbounded checkpoint, and DSSE bundles that must never fall through to a laxer verifier.
 */
class KeylessHardeningTest {

  static final String IDENTITY =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String ISSUER = "https://token.actions.githubusercontent.com";

  static Path asset(String c, String file) {
    return Paths2.externalVectors("sigstore-conformance/test/assets/bundle-verify/" + c + "/" + file);
  }

  static Verifier keyless(Path root) throws Exception {
    return Verifier.of(TrustPolicy.builder().trustedRoot(TrustedRoot.read(root)).trustedIdentity(CertificateIdentity.exact(IDENTITY, ISSUER)).build());
  }

  static final Artifact A_TXT = Artifact.ofFile(Paths2.externalVectors("sigstore-conformance/test/assets/bundle-verify/a.txt"));

  static List<Check> certificateTrust(String bundleJson, Path root) throws Exception {
    return keyless(root).verify(bundleJson.getBytes(StandardCharsets.UTF_8), A_TXT).checks();
  }

  static String firstFailure(List<Check> checks) {
    return checks.stream().filter(c -> !c.passed()).map(Check::name).findFirst().orElse("(none)");
  }

  @Test
  void anIntegratedTimeWithoutItsSignedEntryTimestampIsNotTrusted() throws Exception {
    // The case's certificate expired before the log integrated the entry. Dropping the SET and rewriting the
    // integrated time into the certificate's window must not make it verify: only the SET signs that field.
    String c = "intoto-set-outside-signing-cert-validity_fail";
    String original = Files.readString(asset(c, "bundle.sigstore.json"));
    assertEquals("certificate.validity", firstFailure(certificateTrust(original, asset(c, "trusted_root.json"))));
    String forged = original.replaceAll("\"inclusionPromise\"\\s*:\\s*\\{[^}]*\\},?", "")
        .replace("\"1675296000\"", "\"1675209660\"");
    assertFalse(forged.contains("inclusionPromise"));
    List<Check> checks = certificateTrust(forged, asset(c, "trusted_root.json"));
    assertEquals("tlog.log", firstFailure(checks), checks.toString());
    assertTrue(checks.stream().anyMatch(k -> k.detail().contains("not signed")), checks.toString());
  }

  @Test
  void aDeeplyNestedCertificateFailsAsACheck() throws Exception {
    byte[] deep = new byte[20_000];
    for (int i = 0; i < deep.length; i += 2) {
      deep[i] = 0x30;
      deep[i + 1] = (byte) 0x80;
    }
    String c = "happy-path-intoto-in-dsse-v3";
    String text = Files.readString(asset(c, "bundle.sigstore.json"));
    String rawBytes = ((dev.airid.json.JsonString) ((dev.airid.json.JsonObject) ((dev.airid.json.JsonObject) ((dev.airid.json.JsonObject)
        Json.parse(text.getBytes(StandardCharsets.UTF_8))).getOrNull("verificationMaterial")).getOrNull("certificate")).getOrNull("rawBytes")).value();
    String hostile = text.replace(rawBytes, Base64.getEncoder().encodeToString(deep));
    Path root = Paths2.externalVectors("sigstore-python/production/trusted_root.json");
    assertEquals("envelope.signature", firstFailure(certificateTrust(hostile, root)));
    // The same certificate in a message-signature bundle goes through the same checks, and fails, not crashes.
    String message = Files.readString(asset("happy-path-v0.3", "bundle.sigstore.json"));
    String msgRaw = message.replaceAll("(?s).*\"rawBytes\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    List<Check> checks = certificateTrust(message.replace(msgRaw, Base64.getEncoder().encodeToString(deep)), root);
    assertEquals("message.signature", firstFailure(checks), checks.toString());
  }

  @Test
  void checkpointsAreBoundedBeforeAnySignatureIsTried() throws Exception {
    StringBuilder note = new StringBuilder("origin\n1\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n\n");
    for (int i = 0; i < 25; i++) {
      note.append("\u2014 origin ").append(Base64.getEncoder().encodeToString(new byte[72])).append('\n');
    }
    dev.airid.InputRejectedException many = assertThrows(dev.airid.InputRejectedException.class,
        () -> dev.airid.sigstore.internal.SignedNote.parse(note.toString(), "/c"));
    assertEquals("more than 20 checkpoint signatures", many.reason());
    dev.airid.InputRejectedException longNote = assertThrows(dev.airid.InputRejectedException.class,
        () -> dev.airid.sigstore.internal.SignedNote.parse("x".repeat(70_000), "/c"));
    assertTrue(longNote.reason().startsWith("checkpoint longer"));
  }

  @Test
  void aBundleOurReaderRejectsFailsItsContentCheck() throws Exception {
    String c = "happy-path-intoto-in-dsse-v3";
    String text = Files.readString(asset(c, "bundle.sigstore.json")).replaceFirst("\\{", "{\"unknownMember\":1,");
    List<Check> checks = certificateTrust(text, Paths2.externalVectors("sigstore-python/production/trusted_root.json"));
    assertEquals("bundle.content", firstFailure(checks), checks.toString());
  }

  @Test
  void routingIsByTheTypedBundleNotByAMemberName() throws Exception {
    // Issue 18, finding 5: "dsse_envelope" is the proto name of "dsseEnvelope"; both are read, and read the same.
    String c = "happy-path-intoto-in-dsse-v3";
    String text = Files.readString(asset(c, "bundle.sigstore.json"));
    Path root = Paths2.externalVectors("sigstore-python/production/trusted_root.json");
    VerificationResult camel = keyless(root).verify(text.getBytes(StandardCharsets.UTF_8), A_TXT);
    VerificationResult snake = keyless(root).verify(text.replace("\"dsseEnvelope\"", "\"dsse_envelope\"")
        .replace("\"verificationMaterial\"", "\"verification_material\"").getBytes(StandardCharsets.UTF_8), A_TXT);
    assertTrue(camel.verified(), camel.checks().toString());
    assertTrue(snake.verified(), snake.checks().toString());
    assertEquals(camel.checks().stream().map(Check::name).toList(), snake.checks().stream().map(Check::name).toList());
    // Both spellings at once are one field set twice: refused.
    VerificationResult both = keyless(root).verify(text.replaceFirst("\\{", "{\"dsse_envelope\":{},").getBytes(StandardCharsets.UTF_8), A_TXT);
    assertEquals("bundle.content", both.firstFailure().orElseThrow().name(), both.checks().toString());
  }
}
