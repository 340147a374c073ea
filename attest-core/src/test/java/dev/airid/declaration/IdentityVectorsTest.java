package dev.airid.declaration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.testing.Paths2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every language-neutral vector in {@code test-vectors/identity/}. Their expected values were computed by the
 * independent JavaScript implementation in {@code test-vectors/verifier-js/}, not by this code.
 */
class IdentityVectorsTest {

  record Vector(String name, byte[] input, JsonObject json) {
    @Override
    public String toString() {
      return name;
    }

    String string(String member) {
      return json.getOrNull(member) instanceof JsonString s ? s.value() : null;
    }
  }

  static List<Vector> vectors() throws Exception {
    Path dir = Paths2.testVectors().resolve("identity");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> paths = files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
      List<Vector> out = new java.util.ArrayList<>();
      for (Path p : paths) {
        JsonObject v = (JsonObject) Json.parse(Files.readAllBytes(p));
        String name = ((JsonString) v.getOrNull("name")).value();
        assertEquals(p.getFileName().toString(), name + ".json", "file name matches vector name");
        byte[] input = v.has("declaration")
            ? ((JsonString) v.getOrNull("declaration")).value().getBytes(StandardCharsets.UTF_8)
            : Base64.getDecoder().decode(((JsonString) v.getOrNull("declaration_base64")).value());
        out.add(new Vector(name, input, v));
      }
      return out;
    }
  }

  static Stream<Vector> valid() throws Exception {
    return vectors().stream().filter(v -> v.json.has("identity"));
  }

  static Stream<Vector> invalid() throws Exception {
    return vectors().stream().filter(v -> v.json.has("error"));
  }

  @Test
  void suiteIsComplete() throws Exception {
    List<Vector> all = vectors();
    assertTrue(all.size() >= 40, "at least 40 identity vectors, found " + all.size());
    for (Vector v : all) {
      assertTrue(v.json.has("identity") ^ v.json.has("error"), v.name + ": exactly one of identity and error");
      assertTrue(v.json.has("declaration") ^ v.json.has("declaration_base64"), v.name + ": one input form");
      assertTrue(v.string("description") != null && !v.string("description").isEmpty(), v.name + ": description");
    }
    assertTrue(valid().count() >= 20 && invalid().count() >= 20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validVectorHasItsIdentity(Vector v) throws Exception {
    Declaration d = Declaration.parse(v.input);
    assertEquals(v.string("canonical_hex"), HexFormat.of().formatHex(d.canonicalBytes()), "canonical bytes");
    assertEquals(v.string("identity"), d.identity().toString(), "identity");
    // Redacting everything, and parsing the declaration's own pretty output, keep the identity.
    assertEquals(d.identity(), d.redactAll().identity());
    assertEquals(d.identity(), Declaration.parse(d.toJsonBytes()).identity());
    assertEquals(d.identity(), Declaration.parse(dev.airid.json.Json.compact(d.json())).identity());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidVectorIsRejectedWithItsCode(Vector v) {
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> Declaration.parse(v.input));
    assertEquals(v.string("error"), e.code().name(), () -> "message was: " + e.getMessage());
  }

  @Test
  void vectorsDocumentedAsEqualShareAnIdentity() throws Exception {
    List<Vector> all = vectors();
    String[][] same = {
      {"minimal", "minimal-whitespace", "minimal-reordered"},
      {"full", "full-redacted-all", "full-redacted-instructions", "full-redacted-context-1"},
      {"content-block-instruction", "content-block-instruction-redacted"},
      {"content-escaped", "content-escaped-raw"},
      {"content-mixed-redaction", "content-mixed-redaction-none"},
    };
    for (String[] group : same) {
      List<String> ids = Stream.of(group).map(n -> identityOf(all, n)).distinct().toList();
      assertEquals(1, ids.size(), () -> String.join(", ", group) + " should share one identity");
    }
    assertTrue(!identityOf(all, "parents-two").equals(identityOf(all, "parents-two-swapped")));
  }

  private static String identityOf(List<Vector> all, String name) {
    return all.stream().filter(v -> v.name.equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no vector " + name)).string("identity");
  }

}
