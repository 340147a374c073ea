package dev.airid.langchain4j;

import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * LangChain4j's schema objects as the JSON Schema they stand for (spec/frameworks.md §5): the form LangChain4j's
 * providers send without strict mode. Written from the public schema classes; LangChain4j's own converter is internal.
 */
final class Schemas {

  private Schemas() {}

  static JsonValue toJson(JsonSchemaElement e) {
    if (e instanceof JsonObjectSchema o) {
      JsonObject.Builder b = JsonObject.builder().put("type", "object");
      description(b, o.description());
      JsonObject.Builder props = JsonObject.builder();
      o.properties().forEach((name, value) -> props.put(name, toJson(value)));
      b.put("properties", props.build());
      List<String> required = o.required() == null ? List.of() : o.required();
      b.put("required", JsonArray.of(required.stream().map(s -> (JsonValue) JsonString.of(s)).toList()));
      if (o.definitions() != null && !o.definitions().isEmpty()) {
        JsonObject.Builder defs = JsonObject.builder();
        o.definitions().forEach((name, value) -> defs.put(name, toJson(value)));
        b.put("$defs", defs.build());
      }
      return b.build();
    }
    if (e instanceof JsonArraySchema a) {
      JsonObject.Builder b = JsonObject.builder().put("type", "array");
      description(b, a.description());
      return b.put("items", a.items() == null ? JsonObject.empty() : toJson(a.items())).build();
    }
    if (e instanceof JsonEnumSchema en) {
      JsonObject.Builder b = JsonObject.builder().put("type", "string");
      description(b, en.description());
      return b.put("enum", JsonArray.of(en.enumValues().stream().map(s -> (JsonValue) JsonString.of(s)).toList())).build();
    }
    if (e instanceof JsonStringSchema s) {
      return simple("string", s.description());
    }
    if (e instanceof JsonIntegerSchema i) {
      return simple("integer", i.description());
    }
    if (e instanceof JsonNumberSchema n) {
      return simple("number", n.description());
    }
    if (e instanceof JsonBooleanSchema bo) {
      return simple("boolean", bo.description());
    }
    if (e instanceof JsonNullSchema) {
      return JsonObject.builder().put("type", "null").build();
    }
    if (e instanceof JsonReferenceSchema r) {
      JsonObject.Builder b = JsonObject.builder();
      if (r.reference() != null) {
        b.put("$ref", "#/$defs/" + r.reference());
      }
      return b.build();
    }
    if (e instanceof JsonAnyOfSchema any) {
      JsonObject.Builder b = JsonObject.builder();
      description(b, any.description());
      List<JsonValue> items = new ArrayList<>();
      any.anyOf().forEach(x -> items.add(toJson(x)));
      return b.put("anyOf", JsonArray.of(items)).build();
    }
    if (e instanceof JsonRawSchema raw) {
      try {
        return Json.parse(raw.schema());
      } catch (InputRejectedException ex) {
        throw new IllegalArgumentException("a raw JSON schema is not strict JSON: " + ex.getMessage(), ex);
      }
    }
    throw new IllegalArgumentException("unknown JSON schema element " + e.getClass().getName());
  }

  private static JsonObject simple(String type, String description) {
    JsonObject.Builder b = JsonObject.builder().put("type", type);
    description(b, description);
    return b.build();
  }

  private static void description(JsonObject.Builder b, String description) {
    if (description != null) {
      b.put("description", description);
    }
  }

}
