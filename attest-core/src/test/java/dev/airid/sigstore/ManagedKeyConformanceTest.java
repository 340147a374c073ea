package dev.airid.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.verify.Artifact;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.VerificationKey;
import dev.airid.testing.Paths2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sigstore-conformance "managed-key" cases (public-key bundles), read in place from ../shared, each run twice:
 * with the artifact file and with its sha256 digest. Expected verdicts come from the case names (_fail) and the
 * collector's manifest.
 */
class ManagedKeyConformanceTest {

  record Case(String name, boolean expectSuccess, String form, JsonObject manifest) {
    @Override
    public String toString() {
      return name + " [" + form + "]";
    }
  }

  static Stream<Case> cases() throws Exception {
    Path manifest = Paths2.externalVectors("sigstore-conformance/_derived/bundle-verify-manifest.json");
    JsonObject m = (JsonObject) Json.parse(Files.readAllBytes(manifest));
    List<Case> out = new ArrayList<>();
    for (JsonValue c : (JsonArray) m.getOrNull("cases")) {
      JsonObject o = (JsonObject) c;
      String name = ((JsonString) o.getOrNull("name")).value();
      if (name.startsWith("managed-key")) {
        boolean success = ((JsonString) o.getOrNull("expected")).value().equals("success");
        assertEquals(!name.endsWith("_fail"), success, name);
        out.add(new Case(name, success, "path", o));
        out.add(new Case(name, success, "digest", o));
      }
    }
    assertEquals(8, out.size(), "four managed-key cases, two forms each");
    return out.stream();
  }

  static Path conformance(String relative) {
    return Paths2.externalVectors("sigstore-conformance/" + relative);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void managedKeyCaseGetsItsVerdict(Case c) throws Exception {
    JsonObject m = c.manifest;
    byte[] bundle = Files.readAllBytes(conformance(str(m, "bundle")));
    Artifact artifact = c.form.equals("path") ? Artifact.ofFile(conformance(str(m, "artifact")))
        : Artifact.ofDigest("artifact", HashAlgorithm.SHA2_256, HexFormat.of().parseHex(str(m, "artifact_sha256")));
    Path rootFile = m.getOrNull("trusted_root") instanceof JsonString s ? conformance(s.value())
        : Paths2.externalVectors("sigstore-python/production/trusted_root.json");
    TrustPolicy.Builder trust = TrustPolicy.builder().trustedRoot(TrustedRoot.read(rootFile));
    if (str(m, "verify_with").equals("identity")) {
      // The harness offers a certificate identity; a bundle signed with a bare key cannot satisfy it.
      trust.trustedIdentity(CertificateIdentity.exact(str(m, "identity"), str(m, "issuer")));
    } else {
      trust.trustedKey(KeyFiles.readPublic(Files.readAllBytes(conformance(str(m, "key"))), "key.pub", Optional.empty()))
          .requireTransparencyLog(true);
    }
    VerificationResult r = Verifier.of(trust.build()).verify(bundle, artifact);
    assertEquals(c.expectSuccess, r.verified(), r.checks().stream().map(x -> x.name() + " " + x.status() + " " + x.detail())
        .collect(Collectors.joining("\n")));
  }

  @org.junit.jupiter.api.Test
  void tamperingWithTheLogEvidenceIsCaught() throws Exception {
    Path dir = conformance("test/assets/bundle-verify/managed-key-happy-path");
    String bundle = Files.readString(dir.resolve("bundle.sigstore.json"));
    TrustedRoot root = TrustedRoot.read(Paths2.externalVectors("sigstore-python/production/trusted_root.json"));
    VerificationKey key = KeyFiles.readPublic(Files.readAllBytes(dir.resolve("key.pub")), "key.pub", Optional.empty());
    Artifact artifact = Artifact.ofFile(conformance("test/assets/bundle-verify/a.txt"));
    Verifier v = Verifier.of(TrustPolicy.builder().trustedKey(key).trustedRoot(root).requireTransparencyLog(true).build());
    assertTrue(v.verify(bundle.getBytes(), artifact).verified());
    String[][] mutations = {
      {"\"integratedTime\":\"1766077479\"", "\"integratedTime\":\"1766077480\"", "tlog.set"},
      {"\"logIndex\":\"649584075\"", "\"logIndex\":\"649584074\"", "tlog.inclusion"},
      {"\"treeSize\":\"649584076\"", "\"treeSize\":\"649584077\"", "tlog.inclusion"},
      {"\"integratedTime\":\"1766077479\"", "\"integratedTime\":\"4102444800\"", "tlog.log"},
    };
    for (String[] mu : mutations) {
      assertTrue(bundle.contains(mu[0]), mu[0]);
      VerificationResult r = v.verify(bundle.replace(mu[0], mu[1]).getBytes(), artifact);
      assertFalse(r.verified(), mu[1]);
      assertEquals(mu[2], r.firstFailure().orElseThrow().name(), mu[1]);
    }
  }

  private static String str(JsonObject o, String name) {
    return ((JsonString) o.getOrNull(name)).value();
  }
}
