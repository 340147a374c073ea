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
  void aRewrittenObjectOfAnySizeIsTheCanonicalFormOfTheObjectTheRewriteDescribes() {
    // The rewrite path orders members itself (insertion sort up to 32 members, the library's sort above): it must give
    // what building the derived object and writing it canonically gives, for names that sort by UTF-16 code units
    // differently from code points (a surrogate pair against U+FF61) and values that are objects in their turn.
    java.util.SplittableRandom random = new java.util.SplittableRandom(8785);
    String[] alphabet = {"a", "b", "B", "_", "é", "\uFF61", "\uD83D\uDE00", "0", "aa", ""};
    CanonicalRewrite upper = (name, value) -> name.startsWith("a")
        ? new CanonicalRewrite.Member("A" + name, JsonObject.builder().put("b", 1).put("a", 2).build()) : null;
    for (int size = 0; size <= 40; size++) {
      JsonObject.Builder original = JsonObject.builder();
      JsonObject.Builder derived = JsonObject.builder();
      for (int i = 0; i < size; i++) {
        String name = alphabet[random.nextInt(alphabet.length)] + alphabet[random.nextInt(alphabet.length)] + i;
        original.put(name, i);
        CanonicalRewrite.Member m = upper.rewrite(name, JsonNumber.of(i));
        if (m != null) {
          derived.put(m.name(), m.value());
        } else {
          derived.put(name, i);
        }
      }
      JsonObject doc = original.build();
      assertArrayEquals(Json.canonicalize(derived.build()), Json.canonicalize(doc, upper), "size " + size);
      assertArrayEquals(Sha256.of(Json.canonicalize(derived.build())), Json.canonicalSha256(doc, upper), "size " + size);
    }
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
