package dev.airid.policy;

import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON values as CEL sees them: objects as maps, integral numbers within ±(2^53−1) as int, others as double. */
final class CelValues {

  private CelValues() {}

  static Object of(JsonValue v) {
    if (v instanceof JsonObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.members().forEach((k, x) -> m.put(k, of(x)));
      return m;
    }
    if (v instanceof JsonArray a) {
      List<Object> l = new ArrayList<>(a.size());
      a.forEach(x -> l.add(of(x)));
      return l;
    }
    if (v instanceof JsonString s) {
      return s.value();
    }
    if (v instanceof JsonNumber n) {
      double d = n.value();
      return d == Math.rint(d) && Math.abs(d) <= JsonNumber.MAX_SAFE_INTEGER ? (Object) (long) d : (Object) d;
    }
    if (v instanceof JsonBoolean b) {
      return b.value();
    }
    return dev.cel.common.values.NullValue.NULL_VALUE;
  }
}
