package dev.airid.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.keys.KeyFiles;
import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The attestation, output and negative bundle vectors in test-vectors/: exact bytes, and their verdicts. */
class AttestationVectorsTest {

  @Test
  void vectorFilesAreExactlyWhatThisCodeProduces() throws Exception {
    for (Map.Entry<String, Map<String, JsonObject>> set : Map.of(
        "attestation", AttestationVectors.positive(), "bundles-negative", AttestationVectors.negative()).entrySet()) {
      Path dir = Paths2.testVectors().resolve(set.getKey());
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(set.getValue().size(), files.count(), "no stale vector files in " + dir);
      }
      for (Map.Entry<String, JsonObject> v : set.getValue().entrySet()) {
        JsonObject expected = v.getValue().toBuilder().put("name", v.getKey()).build();
        assertEquals(new String(Json.pretty(expected), StandardCharsets.UTF_8),
            Files.readString(dir.resolve(v.getKey() + ".json")), v.getKey());
      }
    }
  }

  @Test
  void positiveVectorsVerifyAndNegativeOnesFailAtTheirCheck() throws Exception {
    Path root = Paths2.testVectors();
    for (Path f : list(root.resolve("attestation"))) {
      JsonObject v = (JsonObject) Json.parse(Files.readAllBytes(f));
      Verifier verifier = Verifier.of(TrustPolicy.of(KeyFiles.readPublic(Files.readAllBytes(root.resolve(s(v, "public_key"))), "pub", Optional.empty())));
      byte[] data = (v.has("bundle") ? s(v, "bundle") : s(v, "provenance")).getBytes(StandardCharsets.UTF_8);
      Optional<dev.airid.verify.Artifact> artifact = v.has("artifact_sha256") ? dev.airid.testing.Verifiers.artifact(s(v, "artifact_sha256")) : Optional.empty();
      VerificationResult r = verifier.verify(Provenance.split(data), artifact);
      assertTrue(r.verified(), f.toString());
      assertEquals(s(v, "identity"), r.identity().orElseThrow().toString());
    }
    int negatives = 0;
    for (Path f : list(root.resolve("bundles-negative"))) {
      JsonObject v = (JsonObject) Json.parse(Files.readAllBytes(f));
      Verifier verifier = Verifier.of(TrustPolicy.of(KeyFiles.readPublic(Files.readAllBytes(root.resolve(s(v, "public_key"))), "pub", Optional.empty())));
      List<byte[]> bundles = new ArrayList<>();
      for (JsonValue b : (JsonArray) v.getOrNull("bundles")) {
        bundles.add(((JsonString) b).value().getBytes(StandardCharsets.UTF_8));
      }
      Optional<dev.airid.verify.Artifact> artifact = v.has("artifact_sha256") ? dev.airid.testing.Verifiers.artifact(s(v, "artifact_sha256")) : Optional.empty();
      VerificationResult r = verifier.verify(bundles, artifact);
      assertFalse(r.verified(), f.toString());
      assertEquals(s(v, "failed_check"), r.firstFailure().orElseThrow().name(), f.toString());
      negatives++;
    }
    assertTrue(negatives >= 15);
  }

  private static String s(JsonObject o, String name) {
    return ((JsonString) o.getOrNull(name)).value();
  }

  private static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
