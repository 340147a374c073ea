package dev.airid.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Wycheproof case (C2SP/wycheproof, read in place from ../shared) through airid's own path, once per
 * implementation that airid can choose for the algorithm (the native provider when it loads here, and the portable
 * one): the group's PEM key read by {@link KeyFiles#readPublic}, bound to the algorithm, then the same shape checks and
 * that implementation. "valid" must verify, "invalid" must not. The one "acceptable" case (PKCS#1 DigestInfo without
 * the NULL parameter) is accepted, as the JDK and OpenSSL do; it is counted, and its verdict recorded here so that a
 * change is noticed.
 */
class WycheproofTest {

  private static final String[][] SUITES = {
    {"ecdsa_secp256r1_sha256_test.json", "ecdsa-p256-sha256"},
    {"ecdsa_secp384r1_sha384_test.json", "ecdsa-p384-sha384"},
    {"ed25519_test.json", "ed25519"},
    {"rsa_pss_2048_sha256_mgf1_32_test.json", "rsa-pss-sha256"},
    {"rsa_signature_2048_sha256_test.json", "rsa-pkcs1-sha256"},
  };

  static Stream<Arguments> suites() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (String[] s : SUITES) {
      SignatureAlgorithm alg = SignatureAlgorithm.fromId(s[1]);
      List<SignatureEngine> engines = new ArrayList<>(List.of(Engines.portable(alg)));
      if (Engines.nativeEngine() != null && alg != SignatureAlgorithm.RSA_PKCS1_SHA256) {
        engines.add(0, Engines.nativeEngine()); // PKCS#1 v1.5 never uses it: see Engines
      }
      for (SignatureEngine e : engines) {
        out.add(Arguments.of(s[0], s[1], e.id()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} with {2}")
  @MethodSource("suites")
  void everyCaseGetsItsVerdict(String file, String algorithm, String engineId) throws Exception {
    JsonObject suite = (JsonObject) Json.parse(Files.readAllBytes(Paths2.externalVectors("wycheproof/testvectors_v1/" + file)));
    SignatureAlgorithm alg = SignatureAlgorithm.fromId(algorithm);
    SignatureEngine engine = engineId.equals(Engines.portable(alg).id()) ? Engines.portable(alg) : Engines.nativeEngine();
    int expected = (int) ((dev.airid.json.JsonNumber) suite.getOrNull("numberOfTests")).value();
    int run = 0;
    List<String> wrong = new ArrayList<>();
    for (JsonValue g : (JsonArray) suite.getOrNull("testGroups")) {
      JsonObject group = (JsonObject) g;
      String pem = ((JsonString) group.getOrNull("publicKeyPem")).value();
      VerificationKey key = KeyFiles.readPublic(pem.getBytes(StandardCharsets.US_ASCII), file, Optional.of(alg));
      for (JsonValue t : (JsonArray) group.getOrNull("tests")) {
        JsonObject test = (JsonObject) t;
        byte[] msg = HexFormat.of().parseHex(((JsonString) test.getOrNull("msg")).value());
        byte[] sig = HexFormat.of().parseHex(((JsonString) test.getOrNull("sig")).value());
        String result = ((JsonString) test.getOrNull("result")).value();
        boolean ok = alg.verifyWith(engine, key, msg, sig);
        boolean want = result.equals("valid") || result.equals("acceptable");
        if (ok != want) {
          wrong.add(test.getOrNull("tcId") + " (" + result + ", " + test.getOrNull("comment") + ")");
        }
        if (want) {
          // The path users take (implementation chosen at run time, prepared key cached) agrees on valid cases too.
          assertEquals(ok, key.verify(msg, sig), () -> "chosen implementation disagrees on tcId " + test.getOrNull("tcId"));
        }
        run++;
      }
    }
    assertEquals(expected, run, "every test case was run");
    assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong verdicts with " + engine.description() + ": " + wrong);
  }

  /** Where the native provider ships (Linux x86_64, on the test class path), it must load, or its suites above vanish. */
  @Test
  void nativeProviderLoadsWhereItShips() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the test class path carries the native provider for Linux x86_64 only");
    assertNotNull(Engines.nativeEngine(), "the Amazon Corretto Crypto Provider did not load or failed its self-tests");
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      assertEquals(a == SignatureAlgorithm.RSA_PKCS1_SHA256 ? "jdk" : "aws-lc", Engines.chosen(a).id(), a.id());
    }
  }
}
