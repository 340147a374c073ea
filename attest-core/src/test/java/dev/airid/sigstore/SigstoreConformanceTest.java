package dev.airid.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Check;
import dev.airid.internal.Sha256;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All 70 sigstore-conformance bundle-verify cases (read in place from ../shared), each with the artifact file and with
 * its sha256 digest. Public-key cases go through {@link KeyedBundleVerifier}; certificate cases through {@link
 * KeylessBundleVerifier} (airid's own checks for DSSE bundles, sigstore-java for message signatures). Every case gets
 * its expected verdict, 140 of 140 runs, where sigstore-java 2.0.0 alone gets 64 of the 70 cases right offline. A
 * known gap would be listed below and asserted as a rejection, so that closing it is noticed.
 */
class SigstoreConformanceTest {

  /** Valid bundles we cannot verify yet: none. */
  static final Set<String> KNOWN_GAPS = Set.of();

  record Case(String name, String form, JsonObject c, JsonObject defaults) {
    @Override
    public String toString() {
      return name + " [" + form + "]";
    }

    boolean expectSuccess() {
      return !name.endsWith("_fail");
    }

    String get(String key) {
      if (c.getOrNull(key) instanceof JsonString s) {
        return s.value();
      }
      return defaults.getOrNull(key) instanceof JsonString s ? s.value() : null;
    }
  }

  static List<Case> all() throws Exception {
    JsonObject m = (JsonObject) Json.parse(Files.readAllBytes(Paths2.externalVectors("sigstore-conformance/_derived/bundle-verify-manifest.json")));
    JsonObject defaults = (JsonObject) m.getOrNull("defaults");
    List<Case> out = new ArrayList<>();
    for (JsonValue v : (JsonArray) m.getOrNull("cases")) {
      JsonObject c = (JsonObject) v;
      String name = ((JsonString) c.getOrNull("name")).value();
      out.add(new Case(name, "path", c, defaults));
      out.add(new Case(name, "digest", c, defaults));
    }
    return out;
  }

  static Stream<Case> cases() throws Exception {
    return all().stream();
  }

  static Path conformance(String relative) {
    return Paths2.externalVectors("sigstore-conformance/" + relative);
  }

  static Path rootOf(Case c) {
    return c.c.getOrNull("trusted_root") instanceof JsonString s ? conformance(s.value())
        : Paths2.externalVectors("sigstore-python/production/trusted_root.json");
  }

  static boolean verify(Case c, StringBuilder why) throws Exception {
    byte[] bundle = Files.readAllBytes(conformance(c.get("bundle")));
    byte[] digest = c.form.equals("path")
        ? Sha256.of(Files.readAllBytes(conformance(c.get("artifact"))))
        : HexFormat.of().parseHex(c.get("artifact_sha256"));
    Path root = rootOf(c);
    List<Check> checks;
    if ("key".equals(c.get("verify_with"))) {
      VerificationKey key = KeyFiles.readPublic(Files.readAllBytes(conformance(c.get("key"))), "key.pub", Optional.empty());
      checks = new KeyedBundleVerifier(key, TrustedRoot.parse(Json.parse(Files.readAllBytes(root))), Instant.now()).verify(bundle, digest);
    } else {
      checks = new KeylessBundleVerifier(root, new CertificateIdentity(c.get("identity"), false, c.get("issuer")), Instant.now())
          .verify(bundle, digest);
    }
    why.append(checks.stream().map(x -> x.name() + " " + x.status() + " " + x.detail()).collect(Collectors.joining("\n")));
    return KeyedBundleVerifier.verified(checks);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseGetsItsVerdict(Case c) throws Exception {
    StringBuilder why = new StringBuilder();
    boolean verified = verify(c, why);
    boolean expected = c.expectSuccess() && !KNOWN_GAPS.contains(c.name);
    assertEquals(expected, verified, why::toString);
  }

  @Test
  void aliasedFieldNamesCannotHideTheIntegratedTime() throws Exception {
    // sigstore-java's protobuf parser also accepts snake_case field names; the time check must see what it sees.
    byte[] original = Files.readAllBytes(conformance("test/assets/bundle-verify/integrated-time-in-future_fail/bundle.sigstore.json"));
    Path root = Paths2.externalVectors("sigstore-python/production/trusted_root.json");
    KeylessBundleVerifier v = new KeylessBundleVerifier(root, new CertificateIdentity(
        "untrusted-sa@sigstore-conformance.iam.gserviceaccount.com", false, "https://accounts.google.com"), Instant.now());
    byte[] digest = Sha256.of(Files.readAllBytes(conformance("test/assets/bundle-verify/a.txt")));
    for (String[] alias : new String[][] {{"\"integratedTime\"", "\"integrated_time\""}, {"\"tlogEntries\"", "\"tlog_entries\""}}) {
      String text = new String(original, java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(text.contains(alias[0]), alias[0]);
      List<Check> checks = v.verify(text.replace(alias[0], alias[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8), digest);
      assertTrue(!KeyedBundleVerifier.verified(checks), alias[1] + ": " + checks);
    }
  }

  @Test
  void scoreboard() throws Exception {
    List<Case> all = all();
    assertEquals(140, all.size(), "70 cases, two forms each");
    int correct = 0;
    for (Case c : all) {
      if (verify(c, new StringBuilder()) == c.expectSuccess()) {
        correct++;
      }
    }
    System.out.println("sigstore-conformance bundle-verify: " + correct + "/140 runs with the expected verdict");
    assertEquals(140 - 2 * KNOWN_GAPS.size(), correct);
    assertTrue(KNOWN_GAPS.stream().noneMatch(n -> n.endsWith("_fail")), "gaps only ever reject");
  }
}
