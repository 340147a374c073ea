package dev.airid.declaration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
import dev.airid.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeclarationTest {

  private static Declaration sample() {
    return Declaration.builder("gpt-4o")
        .modelProvider("openai")
        .modelVersion("2024-08-06")
        .parameter("temperature", 0.2)
        .parameter("max_tokens", 512)
        .parameter("seed", "18446744073709551615")
        .instruction("system", "You are a careful reviewer.")
        .input("user", "Review this diff.")
        .context("https://example.com/kb/7", "Retrieved passage.")
        .tool("search", "Searches the docs", JsonValue.of(Map.of("type", "object")))
        .runtime("langchain4j", "1.0.0")
        .extension("com.example.ticket", Map.of("id", "SEC-1"))
        .build();
  }

  @Test
  void builderAndParserAgree() throws Exception {
    Declaration built = sample();
    Declaration parsed = Declaration.parse(built.toJsonBytes());
    assertEquals(built, parsed);
    assertEquals(built.identity(), parsed.identity());
    assertEquals(built.identity(), Declaration.read(new ByteArrayInputStream(Json.compact(built.json()))).identity());
    assertEquals("gpt-4o", built.modelName());
    assertEquals(3, built.contentBlocks().size());
    assertFalse(built.isRedacted());
    // The identity is the SHA-256 of the canonical bytes, and those hold digests, never the content.
    assertEquals(built.identity().hex(), Sha256.hexOf(built.canonicalBytes()));
    String canonical = new String(built.canonicalBytes(), StandardCharsets.UTF_8);
    assertFalse(canonical.contains("careful reviewer"));
    assertTrue(canonical.contains(Sha256.hexOf("You are a careful reviewer.".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void parentsAreIdentities() throws Exception {
    RunIdentity planner = sample().identity();
    Declaration worker = Declaration.builder("m").parent(planner).input("user", "x").build();
    assertEquals(List.of(planner), worker.parents());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> Declaration.builder("m").parent(planner).parent(planner).build());
    assertTrue(twice.getMessage().contains("DECL_INVALID_PARENT"), twice.getMessage());
  }

  @Test
  void builderRefusesMistakesWhereTheyAreMade() {
    assertThrows(IllegalArgumentException.class, () -> Declaration.builder(""));
    assertThrows(NullPointerException.class, () -> Declaration.builder("m").input("user", null));
    assertThrows(IllegalArgumentException.class, () -> Declaration.builder("m").extension("nodots", 1));
    assertThrows(IllegalArgumentException.class, () -> Declaration.builder("m").parameter("seed", Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> Declaration.builder("m").parameter("t", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Declaration.builder("m").modelDigest("sha256", "ABC").build());
  }

  @Test
  void redactionByPointerKeepsIdentityAndHidesOnlyWhatWasAsked() throws Exception {
    Declaration d = sample();
    Declaration r = d.redact(List.of(JsonPointer.parse("/instructions")));
    assertEquals(d.identity(), r.identity());
    assertTrue(r.isRedacted());
    String text = new String(r.toJsonBytes(), StandardCharsets.UTF_8);
    assertFalse(text.contains("careful reviewer"));
    assertTrue(text.contains("Review this diff."));
    assertEquals(Optional.of(true), r.contentBlock(JsonPointer.parse("/instructions/0")).map(ContentBlock::redacted));
    assertEquals(Optional.of(false), r.contentBlock(JsonPointer.parse("/inputs/0")).map(ContentBlock::redacted));
    // Idempotent, and redacting the rest converges on redactAll.
    assertEquals(r, r.redact(List.of(JsonPointer.parse("/instructions/0"))));
    assertEquals(d.redactAll(), r.redact(List.of(JsonPointer.parse("/inputs"), JsonPointer.parse("/context"))));
    assertEquals(d.redactAll().json(), d.identityForm());
    // A pointer to the content string means its block.
    assertEquals(r, d.redact(List.of(JsonPointer.parse("/instructions/0/content"))));
  }

  @Test
  void redactionRefusesPointersThatSelectNothing() {
    Declaration d = sample();
    InputRejectedException missing = assertThrows(InputRejectedException.class,
        () -> d.redact(List.of(JsonPointer.parse("/instructions/5"))));
    assertEquals(ErrorCode.INVALID_POINTER, missing.code());
    InputRejectedException noBlock = assertThrows(InputRejectedException.class,
        () -> d.redact(List.of(JsonPointer.parse("/model"))));
    assertEquals(ErrorCode.INVALID_POINTER, noBlock.code());
  }

  @Test
  void errorsNameTheirPlace() {
    String base = "{\"_type\":\"https://airid.dev/ai-run-declaration/v1\",\"model\":{\"name\":\"m\"},";
    assertError(base + "\"inputs\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\"}]}",
        ErrorCode.DECL_INVALID_MEMBER, "/inputs/1");
    assertError(base + "\"tools\":[{\"name\":\"a\"},{\"name\":\"a\"}]}", ErrorCode.DECL_INVALID_MEMBER, "/tools/1/name");
    assertError(base + "\"extensions\":{\"a/b\":1}}", ErrorCode.DECL_INVALID_EXTENSION_NAME, "/extensions/a~1b");
    assertError(base + "\"parameters\":{\"x\":{\"content\":\"a\",\"contentDigest\":{\"sha256\":\"00\"}}}}",
        ErrorCode.DECL_INVALID_CONTENT_DIGEST, "/parameters/x/contentDigest/sha256");
    assertError(base + "\"parents\":[\"airid:v1:sha256:00\"]}", ErrorCode.DECL_INVALID_PARENT, "/parents/0");
    assertError("{\"model\":{\"name\":\"m\"},\"_type\":1}", ErrorCode.DECL_TYPE, "/_type");
  }

  private static void assertError(String json, ErrorCode code, String pointer) {
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> Declaration.parse(json));
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(Optional.of(pointer), e.pointer(), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void anyValueChangeChangesTheIdentity() throws Exception {
    Declaration d = sample();
    JsonObject json = d.json();
    JsonObject other = json.toBuilder()
        .put("parameters", ((JsonObject) json.getOrNull("parameters")).toBuilder().put("temperature", 0.3).build())
        .build();
    assertNotEquals(d.identity(), Declaration.of(other).identity());
  }
}
