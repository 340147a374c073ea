package dev.airid.fuzz;

import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.internal.ProtoJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Structure-aware mutations of a protobuf JSON document for the differential test: one change at one randomly chosen
 * place — a member removed, renamed to its other spelling, duplicated under its other spelling, set to null, to a value
 * of another type or to an edge value (empty, 0, -1, 2^63, "1e2", a number as a string, Base64 without padding or in
 * the other alphabet, an enum number), an unknown member added, an array emptied or grown.
 */
final class Mutator {

  private Mutator() {}

  static JsonValue mutate(JsonValue doc, Random random) {
    int[] target = {random.nextInt(Math.max(1, count(doc)))};
    return walk(doc, "", random, target);
  }

  private static int count(JsonValue v) {
    int n = 1;
    if (v instanceof JsonObject o) {
      for (JsonValue x : o.members().values()) {
        n += count(x);
      }
    } else if (v instanceof JsonArray a) {
      for (JsonValue x : a) {
        n += count(x);
      }
    }
    return n;
  }

  private static JsonValue walk(JsonValue v, String name, Random random, int[] target) {
    if (target[0]-- == 0) {
      return change(v, name, random);
    }
    if (v instanceof JsonObject o) {
      JsonObject.Builder b = JsonObject.builder();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        b.put(e.getKey(), walk(e.getValue(), e.getKey(), random, target));
      }
      return b.build();
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue x : a) {
        out.add(walk(x, name, random, target));
      }
      return JsonArray.of(out);
    }
    return v;
  }

  private static final JsonValue[] EDGE = {
    JsonNull.INSTANCE, JsonBoolean.of(false), JsonBoolean.of(true), JsonNumber.of(0), JsonNumber.of(-1), JsonNumber.of(1.5),
    JsonNumber.of(4294967296L), JsonString.of(""), JsonString.of("0"), JsonString.of("-1"), JsonString.of("1e2"),
    JsonString.of("9223372036854775807"), JsonString.of("9223372036854775808"), JsonString.of("-9223372036854775808"),
    JsonString.of(" 1"), JsonString.of("AQ"), JsonString.of("AQ=="), JsonString.of("_-8"), JsonString.of("+/8="),
    JsonString.of("A"), JsonString.of("SHA2_256"), JsonString.of("PKIX_ED25519"), JsonString.of("2025-01-01T00:00:00Z"),
    JsonString.of("2025-01-01T00:00Z"), JsonString.of("2025-01-01t00:00:00z"), JsonString.of("2025-01-01T00:00:00.1234567891Z"),
    JsonString.of("0000-01-01T00:00:00Z"), JsonString.of("2025-01-01T00:00:00+01:00:30"), JsonString.of("2025-02-30T00:00:00Z"),
    JsonString.of("2025-01-01T23:59:60Z"), JsonString.of("2025-01-01T00:00:00.Z"), JsonString.of("2025-01-01 00:00:00Z"),
    JsonArray.empty(), JsonObject.empty()
  };

  private static JsonValue change(JsonValue v, String name, Random random) {
    if (v instanceof JsonObject o && !o.isEmpty() && random.nextInt(3) > 0) {
      List<String> names = new ArrayList<>(o.names());
      String m = names.get(random.nextInt(names.size()));
      JsonObject.Builder b = o.toBuilder();
      switch (random.nextInt(6)) {
        case 0 -> b.remove(m);
        case 1 -> {
          b.remove(m);
          b.put(otherSpelling(m), o.getOrNull(m));
        }
        case 2 -> b.put(otherSpelling(m), o.getOrNull(m));
        case 3 -> b.put("unknown" + random.nextInt(3), JsonNumber.of(1));
        case 4 -> b.put(m, JsonNull.INSTANCE);
        default -> b.put(m, EDGE[random.nextInt(EDGE.length)]);
      }
      return b.build();
    }
    if (v instanceof JsonArray a && !a.isEmpty() && random.nextBoolean()) {
      List<JsonValue> out = new ArrayList<>(a.elements());
      if (random.nextBoolean()) {
        out.add(out.get(random.nextInt(out.size())));
      } else {
        out.remove(random.nextInt(out.size()));
      }
      return JsonArray.of(out);
    }
    if (v instanceof JsonString s && random.nextBoolean()) {
      String t = s.value();
      switch (random.nextInt(4)) {
        case 0:
          return JsonString.of(t.replace("=", ""));
        case 1:
          return JsonString.of(t.replace('+', '-').replace('/', '_'));
        case 2:
          return JsonString.of(t.isEmpty() ? t : t.substring(0, t.length() - 1));
        default:
          return JsonString.of(t + "=");
      }
    }
    return EDGE[random.nextInt(EDGE.length)];
  }

  /** camelCase ↔ snake_case. */
  static String otherSpelling(String name) {
    if (name.indexOf('_') < 0) {
      return ProtoJson.snake(name);
    }
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
