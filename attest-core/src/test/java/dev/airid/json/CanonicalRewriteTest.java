package dev.airid.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airid.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The json package's generic hooks: members hashed while parsing, and members rewritten while writing canonically. */
class CanonicalRewriteTest {

  /** Renames "b" to "z" with a new value: it sorts under its new name, and nested objects are rewritten too. */
  private static final CanonicalRewrite RENAME_B = (name, value) ->
      name.equals("b") ? new CanonicalRewrite.Member("z", JsonString.of("was b")) : null;

  @Test
  void aRewrittenMemberSortsUnderItsNewNameAtEveryDepth() throws Exception {
    JsonValue doc = Json.parse("{\"b\":1,\"c\":{\"b\":[1],\"a\":true},\"a\":null}");
    String expected = "{\"a\":null,\"c\":{\"a\":true,\"z\":\"was b\"},\"z\":\"was b\"}";
    assertEquals(expected, new String(Json.canonicalize(doc, RENAME_B), StandardCharsets.UTF_8));
    assertArrayEquals(Sha256.of(expected.getBytes(StandardCharsets.UTF_8)), Json.canonicalSha256(doc, RENAME_B));
  }

  @Test
  void aRewriteThatMakesTwoMembersOfOneNameIsRefused() throws Exception {
    JsonValue doc = Json.parse("{\"b\":1,\"z\":2}");
    assertThrows(IllegalArgumentException.class, () -> Json.canonicalSha256(doc, RENAME_B));
  }

  @Test
  void noRewriteIsPlainCanonicalForm() throws Exception {
    JsonValue doc = Json.parse("{\"b\":\"\\u00e9\\n\",\"a\":[1e21,0.5]}");
    assertArrayEquals(Json.canonicalize(doc), Json.canonicalize(doc, (n, v) -> null));
  }

  @Test
  void hashedMembersCarryTheDigestOfTheirDecodedValueAndOthersComputeTheSame() throws Exception {
    String text = "{\"h\":\"a\\u00e9\\n中\",\"x\":{\"h\":\"😀\"},\"o\":\"a\\u00e9\\n中\",\"h2\":5}";
    JsonObject hashed = (JsonObject) Json.parse(text.getBytes(StandardCharsets.UTF_8), JsonLimits.DEFAULT, Set.of("h"));
    JsonObject plain = (JsonObject) Json.parse(text);
    assertEquals(plain, hashed);
    byte[] want = Sha256.of("aé\n中".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(want, ((JsonString) hashed.getOrNull("h")).sha256());
    assertArrayEquals(want, ((JsonString) hashed.getOrNull("o")).sha256());
    assertArrayEquals(Sha256.of("😀".getBytes(StandardCharsets.UTF_8)),
        ((JsonString) ((JsonObject) hashed.getOrNull("x")).getOrNull("h")).sha256());
  }
}
