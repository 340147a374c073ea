package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of test-vectors/sigstore-interop/manifest.json through {@code airid conformance verify-bundle}, as a
 * user would run it: Sigstore bundles made in this run by the Sigstore JavaScript client ({@code @sigstore/sign}
 * against {@code @sigstore/mock} on loopback, test-vectors/verifier-js/interop-bundles.mjs, run once for the class),
 * their tampered and re-encoded variants, and real public bundles with their trusted roots. Each case must give the
 * manifest's verdict and, when refused, fail first the check the manifest names. The verdict of
 * {@code @sigstore/verify} on each case is recorded in the manifest too, and must not change.
 *
 * <p>Every case gets its verdict; there is no list of known failures (issue 14 closed the 66 there were).
 */
class SigstoreInteropTest {

  @TempDir static Path out;
  static JsonObject manifest;
  static JsonObject results;

  @BeforeAll
  static void produceTheCases() throws Exception {
    JsInteropTest.packagesInstalled();
    Path manifestFile = folder().resolve("manifest.json");
    manifest = (JsonObject) Json.parse(Files.readAllBytes(manifestFile));
    Process p = new ProcessBuilder("node", "interop-bundles.mjs", manifestFile.toString(), out.toString())
        .directory(JsInteropTest.js().toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "interop-bundles.mjs finished");
    assertEquals(0, p.exitValue(), log);
    results = (JsonObject) ((JsonObject) Json.parse(Files.readAllBytes(out.resolve("results.json")))).getOrNull("cases");
  }

  static Path folder() {
    return Paths2.testVectors().resolve("sigstore-interop");
  }

  static List<JsonObject> cases() {
    List<JsonObject> list = new ArrayList<>();
    for (JsonValue v : (JsonArray) manifest.getOrNull("cases")) {
      list.add((JsonObject) v);
    }
    return list;
  }

  static String str(JsonObject o, String name) {
    return o.getOrNull(name) instanceof JsonString s ? s.value() : null;
  }

  /** "verified", or "refused by CHECK", as the manifest expects. */
  static String expected(JsonObject c) {
    JsonObject e = (JsonObject) c.getOrNull("expect");
    return ((JsonBoolean) e.getOrNull("verified")).value() ? "verified" : "refused by " + str(e, "failed_check");
  }

  /** What airid gives: "verified", "refused by CHECK" (the first failing check), or the exit code and error. */
  static String airid(JsonObject c, JsonObject produced) {
    CliTest.Result r = CliTest.airid("conformance", "verify-bundle", "--bundle", str(produced, "bundle"),
        "--certificate-identity", str(c, "identity"), "--certificate-oidc-issuer", str(c, "issuer"),
        "--trusted-root", str(produced, "trusted_root"), str(produced, "artifact"), "--json");
    if (r.code() == 0) {
      return "verified";
    }
    if (r.code() == ExitCode.CHECK_FAILED) {
      try {
        JsonObject json = (JsonObject) Json.parse(r.stdout());
        for (JsonValue check : (JsonArray) json.getOrNull("checks")) {
          JsonObject o = (JsonObject) check;
          if ("fail".equals(str(o, "status"))) {
            return "refused by " + str(o, "name") + " (" + str(o, "detail") + ")";
          }
        }
        return "refused with no failing check";
      } catch (Exception e) {
        return "refused without a JSON report: " + r.stderr().strip();
      }
    }
    return "exit " + r.code() + ": " + r.stderr().strip();
  }

  /** Same outcome: the same verdict and, when refused, the same first failing check (its detail aside). */
  static boolean sameOutcome(String expected, String got) {
    return got.equals(expected) || got.startsWith(expected + " (");
  }

  @TestFactory
  Stream<DynamicTest> everyCaseGivesTheExpectedVerdict() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(str(c, "name"), () -> {
      String name = str(c, "name");
      JsonObject produced = (JsonObject) results.getOrNull(name);
      if (produced.has("missing")) {
        // Only the cases that read the shared third-party vectors in place; .ci/run refuses to run without them.
        Paths2.externalVectors(".");
        fail(name + ": artifact missing: " + str(produced, "missing"));
      }
      String expected = expected(c);
      String got = airid(c, produced);
      if (!sameOutcome(expected, got)) {
        fail(name + ": expected " + expected + ", airid gave " + got);
      }
    }));
  }

  /** The verdict of @sigstore/verify recorded in the manifest is what it gives on the bundles of this run. */
  @Test
  void sigstoreJsGivesTheVerdictsTheManifestRecords() {
    List<String> differences = new ArrayList<>();
    for (JsonObject c : cases()) {
      JsonObject produced = (JsonObject) results.getOrNull(str(c, "name"));
      if (produced.has("missing")) {
        continue;
      }
      JsonObject recorded = (JsonObject) c.getOrNull("sigstore_js");
      JsonObject now = (JsonObject) produced.getOrNull("sigstore_js");
      boolean same = recorded.getOrNull("verified").equals(now.getOrNull("verified"))
          && java.util.Objects.equals(str(recorded, "code"), str(now, "code"));
      if (!same) {
        differences.add(str(c, "name") + ": manifest " + recorded + ", now " + now);
      }
    }
    assertEquals(List.of(), differences);
  }

  /** Each case tests what its name says: proofs of a fresh log omit their defaults, the long log's have hashes. */
  @Test
  void theProducedBundlesHaveTheShapesTheCasesNeed() throws Exception {
    for (JsonObject c : cases()) {
      String name = str(c, "name");
      if (!(c.getOrNull("produce") instanceof JsonObject produce) || !produce.has("sign")) {
        continue;
      }
      JsonObject bundle = (JsonObject) Json.parse(Files.readAllBytes(Path.of(str((JsonObject) results.getOrNull(name), "bundle"))));
      JsonObject entry = (JsonObject) ((JsonArray) ((JsonObject) bundle.getOrNull("verificationMaterial")).getOrNull("tlogEntries")).get(0);
      JsonObject proof = (JsonObject) entry.getOrNull("inclusionProof");
      long treeSize = Long.parseLong(str(proof, "treeSize"));
      switch (str(produce, "log")) {
        case "fresh" -> {
          assertEquals(1, treeSize, name);
          assertFalse(entry.has("logIndex") || proof.has("logIndex") || proof.has("hashes"), name + ": defaults omitted");
        }
        case "mock" -> {
          assertEquals(1, treeSize, name);
          assertFalse(proof.has("logIndex") || proof.has("hashes"), name + ": defaults omitted");
        }
        case "many" -> {
          assertTrue(treeSize > 24, name);
          assertFalse(((JsonArray) proof.getOrNull("hashes")).isEmpty(), name + ": an audit path");
        }
        default -> fail(name + ": unknown log");
      }
      if (produce.has("log_pem")) {
        String pem = loggedPem(entry);
        boolean asNamed = switch (str(produce, "log_pem")) {
          case "lf-64" -> pem.endsWith("-----\n") && !pem.contains("\r") && pem.lines().allMatch(l -> l.length() <= 64);
          case "one-line" -> pem.lines().count() == 3 && !pem.endsWith("\n");
          case "crlf-76" -> pem.endsWith("-----\r\n") && pem.lines().anyMatch(l -> l.length() == 76);
          default -> false;
        };
        assertTrue(asNamed, name + ": the log stores the PEM form the case names: " + pem);
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        JsonObject material = (JsonObject) bundle.getOrNull("verificationMaterial");
        JsonObject cert = material.getOrNull("certificate") instanceof JsonObject o ? o
            : (JsonObject) ((JsonArray) ((JsonObject) material.getOrNull("x509CertificateChain")).getOrNull("certificates")).get(0);
        assertEquals(str(cert, "rawBytes"), b64, name + ": the same DER");
      }
    }
  }

  /** The certificate PEM that a log entry body names, whatever its kind. */
  static String loggedPem(JsonObject entry) throws Exception {
    JsonObject body = (JsonObject) Json.parse(Base64.getDecoder().decode(str(entry, "canonicalizedBody")));
    JsonObject spec = (JsonObject) body.getOrNull("spec");
    String b64 = switch (str(body, "kind")) {
      case "hashedrekord" -> str((JsonObject) ((JsonObject) spec.getOrNull("signature")).getOrNull("publicKey"), "content");
      case "dsse" -> str((JsonObject) ((JsonArray) spec.getOrNull("signatures")).get(0), "verifier");
      case "intoto" -> str((JsonObject) ((JsonArray) ((JsonObject) ((JsonObject) spec.getOrNull("content")).getOrNull("envelope"))
          .getOrNull("signatures")).get(0), "publicKey");
      default -> throw new AssertionError(str(body, "kind"));
    };
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }
}
