package dev.airid.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts plain Java values to JSON, refusing anything without an exact JSON form. */
final class JavaValues {

  private JavaValues() {}

  static JsonValue toJson(Object value) {
    return toJson(value, new IdentityHashMap<>(), 0);
  }

  private static JsonValue toJson(Object value, IdentityHashMap<Object, Boolean> seen, int depth) {
    if (depth > JsonLimits.DEFAULT_MAX_DEPTH) {
      throw new IllegalArgumentException("value nests deeper than " + JsonLimits.DEFAULT_MAX_DEPTH + " levels");
    }
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof JsonValue j) {
      return j;
    }
    if (value instanceof Boolean b) {
      return JsonBoolean.of(b);
    }
    if (value instanceof CharSequence s) {
      return JsonString.of(s.toString());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return JsonNumber.of(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return JsonNumber.of(((Number) value).doubleValue());
    }
    if (value instanceof BigInteger bi) {
      if (bi.bitLength() > 53) {
        throw new IllegalArgumentException("integer " + bi + " is outside ±(2^53−1); write it as a string");
      }
      return JsonNumber.of(bi.longValueExact());
    }
    if (value instanceof BigDecimal bd) {
      double d = bd.doubleValue();
      if (!Double.isFinite(d) || new BigDecimal(d).compareTo(bd) != 0) {
        throw new IllegalArgumentException("decimal " + bd + " has no exact double form; write it as a string");
      }
      return JsonNumber.of(d);
    }
    if (value instanceof Map<?, ?> map) {
      enter(value, seen);
      LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
        }
        members.put(key, toJson(e.getValue(), seen, depth + 1));
      }
      seen.remove(value);
      return JsonObject.of(members);
    }
    if (value instanceof Iterable<?> it) {
      enter(value, seen);
      List<JsonValue> elements = new ArrayList<>();
      for (Object e : it) {
        elements.add(toJson(e, seen, depth + 1));
      }
      seen.remove(value);
      return JsonArray.adopt(elements);
    }
    throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
  }

  private static void enter(Object container, IdentityHashMap<Object, Boolean> seen) {
    if (seen.put(container, Boolean.TRUE) != null) {
      throw new IllegalArgumentException("value contains itself");
    }
  }
}
