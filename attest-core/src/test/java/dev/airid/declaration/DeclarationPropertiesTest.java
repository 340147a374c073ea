package dev.airid.declaration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the identity over randomly generated declarations, each printed in randomly chosen but equivalent
 * spellings. Seeds are fixed so that a failure reproduces; the seed is in the message.
 */
class DeclarationPropertiesTest {

  private static final int RUNS = 300;

  @Test
  void keyOrderWhitespaceAndEscapingNeverChangeTheIdentity() throws Exception {
    for (int seed = 0; seed < RUNS; seed++) {
      Random rnd = new Random(seed);
      JsonObject json = randomDeclaration(rnd);
      Declaration d = Declaration.of(json);
      for (int variant = 0; variant < 3; variant++) {
        String text = new Spelling(rnd).write(json);
        assertEquals(d.identity(), Declaration.parse(text.getBytes(StandardCharsets.UTF_8)).identity(),
            "seed " + seed + ": " + text);
      }
    }
  }

  /**
   * The identity is computed without building the identity form (Json.canonicalSha256 with the declaration package's
   * DIGEST_FORM rewrite); the form itself is built
   * separately for {@code canonicalBytes()}. Both must agree, parsed or built, redacted or not.
   */
  @Test
  void theIdentityIsTheHashOfTheCanonicalIdentityForm() throws Exception {
    for (int seed = 0; seed < RUNS; seed++) {
      Random rnd = new Random(seed);
      Declaration built = Declaration.of(randomDeclaration(rnd));
      Declaration parsed = Declaration.parse(new Spelling(rnd).write(built.json()).getBytes(StandardCharsets.UTF_8));
      for (Declaration d : List.of(built, parsed, built.redactAll())) {
        assertEquals(d.identity(), dev.airid.RunIdentity.ofDigest(dev.airid.internal.Sha256.of(d.canonicalBytes())),
            "seed " + seed);
      }
    }
  }

  @Test
  void redactingAnySubsetOfBlocksNeverChangesTheIdentity() throws Exception {
    for (int seed = 0; seed < RUNS; seed++) {
      Random rnd = new Random(seed);
      Declaration d = Declaration.of(randomDeclaration(rnd));
      List<JsonPointer> subset = new ArrayList<>();
      for (ContentBlock b : d.contentBlocks()) {
        if (rnd.nextBoolean()) {
          subset.add(b.pointer());
        }
      }
      Declaration r = d.redact(subset);
      assertEquals(d.identity(), r.identity(), "seed " + seed);
      assertEquals(d.identity(), Declaration.parse(new Spelling(rnd).write(r.json())).identity(), "seed " + seed);
      // A pointer redacts every block at or below it, so a block nested in a chosen one goes too.
      for (ContentBlock b : r.contentBlocks()) {
        boolean chosen = subset.stream().anyMatch(p -> Declaration.isWithin(b.pointer(), p));
        assertEquals(chosen, b.redacted(), "seed " + seed + " block " + b.pointer());
      }
    }
  }

  @Test
  void changingAnyLeafValueChangesTheIdentity() throws Exception {
    for (int seed = 0; seed < RUNS; seed++) {
      Random rnd = new Random(seed);
      JsonObject json = randomDeclaration(rnd);
      Declaration d = Declaration.of(json);
      List<List<Object>> leaves = new ArrayList<>();
      collectLeaves(json, new ArrayList<>(), leaves);
      List<Object> path = leaves.get(rnd.nextInt(leaves.size()));
      if (path.equals(List.of("_type"))) {
        continue; // changing _type makes the document invalid, not a different run
      }
      JsonObject changed = (JsonObject) replaceAt(json, path, 0);
      assertNotEquals(d.identity(), Declaration.of(changed).identity(), "seed " + seed + " path " + path);
    }
  }

  // --- generation ------------------------------------------------------------------------------------------------

  private static JsonObject randomDeclaration(Random rnd) {
    JsonObject.Builder d = JsonObject.builder()
        .put("_type", Declaration.TYPE)
        .put("model", JsonObject.builder().put("name", text(rnd, 1 + rnd.nextInt(10))).build());
    if (rnd.nextBoolean()) {
      d.put("parameters", randomObject(rnd, 3));
    }
    for (String section : List.of("instructions", "inputs", "context")) {
      if (rnd.nextInt(3) > 0) {
        List<JsonValue> items = new ArrayList<>();
        for (int i = rnd.nextInt(4); i >= 0; i--) {
          JsonObject.Builder item = JsonObject.builder().put("content", text(rnd, rnd.nextInt(40)));
          item.put(section.equals("context") ? "source" : "role", section.equals("context") ? "https://x/" + i : "user");
          if (rnd.nextInt(4) == 0) {
            item.put("meta", randomObject(rnd, 2));
          }
          items.add(item.build());
        }
        d.put(section, JsonArray.of(items));
      }
    }
    if (rnd.nextBoolean()) {
      d.put("extensions", JsonObject.builder().put("com.example.x", randomObject(rnd, 3)).build());
    }
    return d.build();
  }

  /** "content", and names that sort between it and "contentDigest", or just after it. */
  private static final String[] NEAR_CONTENT = {"content", "content", "content-type", "contentA", "contentE"};

  private static JsonObject randomObject(Random rnd, int depth) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    for (int i = rnd.nextInt(5); i >= 0; i--) {
      String key = rnd.nextInt(5) == 0 ? NEAR_CONTENT[rnd.nextInt(NEAR_CONTENT.length)] : text(rnd, rnd.nextInt(6));
      m.put(key, randomValue(rnd, depth - 1));
    }
    return JsonObject.of(m);
  }

  private static JsonValue randomValue(Random rnd, int depth) {
    switch (rnd.nextInt(depth > 0 ? 8 : 6)) {
      case 0: return JsonNull.INSTANCE;
      case 1: return JsonBoolean.of(rnd.nextBoolean());
      case 2: return JsonNumber.of(rnd.nextInt(2001) - 1000);
      case 3: return JsonNumber.of(Double.longBitsToDouble(rnd.nextLong() & 0x7fefffffffffffffL) * (rnd.nextBoolean() ? 1 : -1));
      case 4:
      case 5: return JsonString.of(text(rnd, rnd.nextInt(12)));
      case 6: return randomObject(rnd, depth);
      default:
        List<JsonValue> a = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          a.add(randomValue(rnd, depth - 1));
        }
        return JsonArray.of(a);
    }
  }

  private static final int[] CODE_POINTS = {'a', 'Z', '0', ' ', '"', '\\', '/', '\n', 0x1f, 0x7f, 0xe9, 0x20ac, 0xfb33, 0x1f600, 0x10ffff};

  private static String text(Random rnd, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(rnd.nextInt(3) == 0 ? CODE_POINTS[rnd.nextInt(CODE_POINTS.length)] : 'a' + rnd.nextInt(26));
    }
    return sb.toString();
  }

  // --- leaves ----------------------------------------------------------------------------------------------------

  private static void collectLeaves(JsonValue v, List<Object> path, List<List<Object>> out) {
    if (v instanceof JsonObject o) {
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        path.add(e.getKey());
        collectLeaves(e.getValue(), path, out);
        path.remove(path.size() - 1);
      }
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        path.add(i);
        collectLeaves(a.get(i), path, out);
        path.remove(path.size() - 1);
      }
    } else {
      out.add(List.copyOf(path));
    }
  }

  /** A different value of a different kind or content at {@code path}; keeps the declaration valid. */
  private static JsonValue replaceAt(JsonValue v, List<Object> path, int i) {
    if (i == path.size()) {
      if (v instanceof JsonString s) {
        return JsonString.of(s.value() + "x");
      }
      if (v instanceof JsonNumber n) {
        return JsonNumber.of(n.value() == 0 ? 1 : -n.value() * 2 == n.value() ? 1 : n.value() * 2 == Double.POSITIVE_INFINITY ? 0 : n.value() / 2 == n.value() ? 1 : n.value() / 2);
      }
      if (v instanceof JsonBoolean b) {
        return JsonBoolean.of(!b.value());
      }
      return JsonString.of("null");
    }
    if (v instanceof JsonObject o) {
      String key = (String) path.get(i);
      return o.toBuilder().put(key, replaceAt(o.getOrNull(key), path, i + 1)).build();
    }
    JsonArray a = (JsonArray) v;
    List<JsonValue> copy = new ArrayList<>(a.elements());
    int index = (Integer) path.get(i);
    copy.set(index, replaceAt(a.get(index), path, i + 1));
    return JsonArray.of(copy);
  }

  /** Writes JSON with shuffled members, random whitespace and random (valid) escapes. */
  private static final class Spelling {
    private final Random rnd;
    private final StringBuilder sb = new StringBuilder();

    Spelling(Random rnd) {
      this.rnd = rnd;
    }

    String write(JsonValue v) {
      sb.setLength(0);
      ws();
      value(v);
      ws();
      return sb.toString();
    }

    private void ws() {
      for (int i = rnd.nextInt(3); i > 0; i--) {
        sb.append(" \t\r\n".charAt(rnd.nextInt(4)));
      }
    }

    private void value(JsonValue v) {
      if (v instanceof JsonObject o) {
        List<String> keys = new ArrayList<>(o.names());
        Collections.shuffle(keys, rnd);
        sb.append('{');
        for (int i = 0; i < keys.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          ws();
          string(keys.get(i));
          ws();
          sb.append(':');
          ws();
          value(o.getOrNull(keys.get(i)));
          ws();
        }
        sb.append('}');
      } else if (v instanceof JsonArray a) {
        sb.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          ws();
          value(a.get(i));
          ws();
        }
        sb.append(']');
      } else if (v instanceof JsonString s) {
        string(s.value());
      } else if (v instanceof JsonNumber n) {
        double d = n.value();
        // Same value, other spellings: Java's repr, or with an exponent; integers stay integer literals.
        if (d == Math.rint(d) && Math.abs(d) < 9007199254740992.0) {
          sb.append(rnd.nextBoolean() ? Long.toString((long) d) : (long) d + ".0");
        } else {
          // Java's repr (shortest-ish, may differ from ECMAScript), or the exact binary value in decimal; big
          // integral values get an exponent, as integer literals beyond 2^53 are (rightly) rejected.
          String exact = new java.math.BigDecimal(d).toString().replace("E", "e");
          sb.append(rnd.nextBoolean() ? Double.toString(d) : exact.matches("-?[0-9]+") ? exact + "e0" : exact);
        }
      } else {
        sb.append(v instanceof JsonBoolean b ? String.valueOf(b.value()) : "null");
      }
    }

    private void string(String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
          // A pair is escaped as a pair, or written raw as a pair: half of each would be two lone surrogates.
          char low = s.charAt(++i);
          if (rnd.nextBoolean()) {
            sb.append(String.format("\\u%04x\\u%04X", (int) c, (int) low));
          } else {
            sb.append(c).append(low);
          }
        } else if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20 || rnd.nextInt(5) == 0) {
          sb.append(String.format("\\u%04" + (rnd.nextBoolean() ? "x" : "X"), (int) c));
        } else if (c == '/' && rnd.nextBoolean()) {
          sb.append("\\/");
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    }
  }
}
