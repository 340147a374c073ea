package dev.airid.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every Wycheproof case (C2SP/wycheproof, read in place from ../shared) through airid's own path: the group's PEM key
 * read by {@link KeyFiles#readPublic}, bound to the algorithm, then {@link VerificationKey#verify}. "valid" must
 * verify, "invalid" must not. The one "acceptable" case (PKCS#1 DigestInfo without the NULL parameter) is accepted,
 * as the JDK and OpenSSL do; it is counted, and its verdict recorded here so that a change is noticed.
 */
class WycheproofTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ecdsa_secp256r1_sha256_test.json, ecdsa-p256-sha256",
    "ecdsa_secp384r1_sha384_test.json, ecdsa-p384-sha384",
    "ed25519_test.json, ed25519",
    "rsa_pss_2048_sha256_mgf1_32_test.json, rsa-pss-sha256",
    "rsa_signature_2048_sha256_test.json, rsa-pkcs1-sha256",
  })
  void everyCaseGetsItsVerdict(String file, String algorithm) throws Exception {
    JsonObject suite = (JsonObject) Json.parse(Files.readAllBytes(Paths2.externalVectors("wycheproof/testvectors_v1/" + file)));
    SignatureAlgorithm alg = SignatureAlgorithm.fromId(algorithm);
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
        boolean ok = key.verify(msg, sig);
        boolean want = result.equals("valid") || result.equals("acceptable");
        if (ok != want) {
          wrong.add(test.getOrNull("tcId") + " (" + result + ", " + test.getOrNull("comment") + ")");
        }
        run++;
      }
    }
    assertEquals(expected, run, "every test case was run");
    assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong verdicts: " + wrong);
  }
}
