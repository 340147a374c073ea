package dev.airid.integrations.testkit;

import dev.airid.declaration.Declaration;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * spec/frameworks.md §10 written from the other side: the declaration members that an OpenAI Chat Completions request
 * body determines (model, parameters, instructions, inputs, tools), computed from the bytes that went over the wire.
 * Written independently of the integrations' mapping (which reads framework objects), so a test that compares the two
 * checks that the declaration says what was sent.
 */
public final class WireMapping {

  private WireMapping() {}

  /**
   * The declaration of {@code request} at {@code provider}, with {@code extra} top-level members (context, parents:
   * what the wire does not carry) added as given.
   */
  public static JsonObject declaration(JsonObject request, String provider, Map<String, JsonValue> extra) {
    JsonObject.Builder d = JsonObject.builder().put("_type", Declaration.TYPE)
        .put("model", JsonObject.builder().put("name", str(request, "model")).put("provider", provider).build());
    JsonObject params = parameters(request);
    if (!params.isEmpty()) {
      d.put("parameters", params);
    }
    List<JsonValue> instructions = new ArrayList<>();
    List<JsonValue> inputs = new ArrayList<>();
    Map<String, String> toolNames = new HashMap<>();
    for (JsonValue v : (JsonArray) request.getOrNull("messages")) {
      JsonObject m = (JsonObject) v;
      String role = str(m, "role");
      switch (role) {
        case "system" -> (inputs.isEmpty() ? instructions : inputs).add(JsonObject.builder().put("role", "system")
            .put("content", text(m.getOrNull("content"))).build());
        case "user" -> {
          JsonObject.Builder b = JsonObject.builder().put("role", "user");
          if (m.getOrNull("name") instanceof JsonString n) {
            b.put("name", n);
          }
          JsonValue c = m.getOrNull("content");
          b.put("content", c instanceof JsonArray parts ? userParts(parts) : c);
          inputs.add(b.build());
        }
        case "assistant" -> {
          String text = m.getOrNull("content") instanceof JsonString s ? s.value() : null;
          JsonObject.Builder b = JsonObject.builder().put("role", "assistant");
          if (!(m.getOrNull("tool_calls") instanceof JsonArray calls) || calls.isEmpty()) {
            b.put("content", text == null ? "" : text);
          } else {
            List<JsonValue> parts = new ArrayList<>();
            if (text != null && !text.isEmpty()) {
              parts.add(JsonObject.builder().put("type", "text").put("content", text).build());
            }
            for (JsonValue cv : calls) {
              JsonObject call = (JsonObject) cv;
              JsonObject fn = (JsonObject) call.getOrNull("function");
              toolNames.put(str(call, "id"), str(fn, "name"));
              String args = fn.getOrNull("arguments") instanceof JsonString a && !a.value().isBlank() ? a.value() : "{}";
              parts.add(JsonObject.builder().put("type", "tool_call").put("id", str(call, "id"))
                  .put("name", str(fn, "name")).put("content", args).build());
            }
            b.put("content", JsonArray.of(parts));
          }
          inputs.add(b.build());
        }
        case "tool" -> {
          String id = str(m, "tool_call_id");
          JsonObject.Builder b = JsonObject.builder().put("role", "tool").put("toolCallId", id);
          if (toolNames.containsKey(id)) {
            b.put("name", toolNames.get(id));
          }
          inputs.add(b.put("content", text(m.getOrNull("content"))).build());
        }
        default -> throw new AssertionError("unexpected role " + role);
      }
    }
    if (!instructions.isEmpty()) {
      d.put("instructions", JsonArray.of(instructions));
    }
    if (!inputs.isEmpty()) {
      d.put("inputs", JsonArray.of(inputs));
    }
    extra.forEach((k, v) -> {
      if (k.equals("context")) {
        d.put(k, v);
      }
    });
    if (request.getOrNull("tools") instanceof JsonArray tools && !tools.isEmpty()) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue tv : tools) {
        JsonObject fn = (JsonObject) ((JsonObject) tv).getOrNull("function");
        JsonObject.Builder t = JsonObject.builder().put("name", str(fn, "name"));
        if (fn.getOrNull("description") instanceof JsonString desc) {
          t.put("description", desc);
        }
        if (fn.getOrNull("parameters") != null) {
          t.put("inputSchema", fn.getOrNull("parameters"));
        }
        out.add(t.build());
      }
      d.put("tools", JsonArray.of(out));
    }
    extra.forEach((k, v) -> {
      if (!k.equals("context")) {
        d.put(k, v);
      }
    });
    return d.build();
  }

  private static JsonObject parameters(JsonObject r) {
    JsonObject.Builder p = JsonObject.builder();
    for (String n : List.of("temperature", "top_p", "frequency_penalty", "presence_penalty")) {
      if (r.getOrNull(n) instanceof JsonNumber v) {
        p.put(n, v);
      }
    }
    if (r.getOrNull("max_completion_tokens") instanceof JsonNumber v) {
      p.put("max_tokens", v);
    } else if (r.getOrNull("max_tokens") instanceof JsonNumber v) {
      p.put("max_tokens", v);
    }
    JsonValue stop = r.getOrNull("stop");
    if (stop instanceof JsonString s) {
      p.put("stop_sequences", JsonArray.of(s));
    } else if (stop instanceof JsonArray a && !a.isEmpty()) {
      p.put("stop_sequences", a);
    }
    if (r.getOrNull("seed") instanceof JsonNumber seed) {
      p.put("seed", new BigDecimal(seed.toString()).toBigIntegerExact().toString());
    }
    if (r.getOrNull("response_format") instanceof JsonObject rf) {
      String type = str(rf, "type");
      if (type.equals("json_object")) {
        p.put("output_type", "json");
      } else if (type.equals("json_schema")) {
        p.put("output_type", "json");
        JsonValue schema = ((JsonObject) rf.getOrNull("json_schema")).getOrNull("schema");
        if (schema != null) {
          p.put("output_schema", schema);
        }
      }
    }
    JsonValue tc = r.getOrNull("tool_choice");
    if (tc instanceof JsonString s) {
      p.put("tool_choice", s);
    } else if (tc instanceof JsonObject o) {
      p.put("tool_choice", JsonObject.builder().put("name", str((JsonObject) o.getOrNull("function"), "name")).build());
    }
    for (String n : List.of("parallel_tool_calls", "reasoning_effort", "logit_bias", "n")) {
      if (r.getOrNull(n) != null && !(r.getOrNull(n) instanceof dev.airid.json.JsonNull)) {
        p.put(n, r.getOrNull(n));
      }
    }
    return p.build();
  }

  private static JsonArray userParts(JsonArray parts) {
    List<JsonValue> out = new ArrayList<>();
    for (JsonValue v : parts) {
      JsonObject part = (JsonObject) v;
      String type = str(part, "type");
      if (type.equals("text")) {
        out.add(JsonObject.builder().put("type", "text").put("content", str(part, "text")).build());
      } else if (type.equals("image_url")) {
        JsonObject img = (JsonObject) part.getOrNull("image_url");
        String url = str(img, "url");
        JsonObject.Builder b = JsonObject.builder().put("type", "image");
        if (url.startsWith("data:")) {
          int comma = url.indexOf(',');
          String meta = url.substring(5, comma);
          b.put("mediaType", meta.substring(0, meta.indexOf(';')));
          b.put("digest", JsonObject.builder().put("sha256", sha256(Base64.getDecoder().decode(url.substring(comma + 1)))).build());
        } else {
          b.put("uri", url);
        }
        if (img.getOrNull("detail") instanceof JsonString detail && !detail.value().equals("auto")) {
          b.put("detail", detail);
        }
        out.add(b.build());
      } else {
        throw new AssertionError("unexpected part type " + type);
      }
    }
    return JsonArray.of(out);
  }

  private static JsonValue text(JsonValue content) {
    if (content instanceof JsonArray parts) { // text parts only, as OpenAI allows for system and tool messages
      StringBuilder sb = new StringBuilder();
      parts.forEach(p -> sb.append(str((JsonObject) p, "text")));
      return JsonString.of(sb.toString());
    }
    return content == null || content instanceof dev.airid.json.JsonNull ? JsonString.of("") : content;
  }

  private static String str(JsonObject o, String name) {
    return ((JsonString) o.getOrNull(name)).value();
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }
}
