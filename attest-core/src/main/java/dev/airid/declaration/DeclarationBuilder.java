package dev.airid.declaration;

import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Declaration} in code. Obtain one with {@link Declaration#builder(String)}.
 *
 * <p>Values are checked as they are added, so a mistake fails at the line that made it ({@link
 * IllegalArgumentException}); {@link #build()} then cannot fail on anything the builder accepted. Not thread-safe;
 * the built declaration is.
 */
public final class DeclarationBuilder {

  private final LinkedHashMap<String, JsonValue> model = new LinkedHashMap<>();
  private final LinkedHashMap<String, JsonValue> modelDigest = new LinkedHashMap<>();
  private final LinkedHashMap<String, JsonValue> parameters = new LinkedHashMap<>();
  private final List<JsonValue> instructions = new ArrayList<>();
  private final List<JsonValue> inputs = new ArrayList<>();
  private final List<JsonValue> context = new ArrayList<>();
  private final List<JsonValue> tools = new ArrayList<>();
  private final List<JsonValue> parents = new ArrayList<>();
  private final LinkedHashMap<String, JsonValue> runtime = new LinkedHashMap<>();
  private final LinkedHashMap<String, JsonValue> extensions = new LinkedHashMap<>();

  DeclarationBuilder(String modelName) {
    model.put("name", JsonString.of(nonEmpty(modelName, "model name")));
  }

  public DeclarationBuilder modelProvider(String provider) {
    model.put("provider", JsonString.of(nonEmpty(provider, "provider")));
    return this;
  }

  public DeclarationBuilder modelVersion(String version) {
    model.put("version", JsonString.of(nonEmpty(version, "version")));
    return this;
  }

  public DeclarationBuilder modelUri(String uri) {
    model.put("uri", JsonString.of(nonEmpty(uri, "uri")));
    return this;
  }

  /** A digest of the model weights or artifact, e.g. {@code modelDigest("sha256", "…")}. */
  public DeclarationBuilder modelDigest(String algorithm, String hex) {
    modelDigest.put(nonEmpty(algorithm, "algorithm"), JsonString.of(Objects.requireNonNull(hex, "hex")));
    return this;
  }

  /**
   * A sampling or decoding parameter. Use the OpenTelemetry GenAI names where one exists: {@code temperature}, {@code
   * top_p}, {@code top_k}, {@code max_tokens}, {@code seed}, {@code stop_sequences}, {@code frequency_penalty}, {@code
   * presence_penalty}. The value is converted with {@link JsonValue#of(Object)}; a 64-bit seed beyond 2^53−1 must be
   * given as a string.
   */
  public DeclarationBuilder parameter(String name, Object value) {
    parameters.put(nonEmpty(name, "parameter name"), JsonValue.of(value));
    return this;
  }

  /** A system or developer message: {@code {"role": role, "content": content}}. */
  public DeclarationBuilder instruction(String role, String content) {
    instructions.add(message(role, content));
    return this;
  }

  /** A user message or other input: {@code {"role": role, "content": content}}. */
  public DeclarationBuilder input(String role, String content) {
    inputs.add(message(role, content));
    return this;
  }

  /** Retrieved or remembered material and where it came from (a URI or other locator). */
  public DeclarationBuilder context(String source, String content) {
    context.add(JsonObject.builder()
        .put("source", nonEmpty(source, "source"))
        .put("content", JsonString.of(Objects.requireNonNull(content, "content")))
        .build());
    return this;
  }

  /** Any item of {@code instructions}, {@code inputs} or {@code context} given as JSON (e.g. multi-part content). */
  public DeclarationBuilder item(Section section, JsonObject item) {
    Objects.requireNonNull(item, "item");
    switch (section) {
      case INSTRUCTIONS:
        instructions.add(item);
        break;
      case INPUTS:
        inputs.add(item);
        break;
      case CONTEXT:
        context.add(item);
        break;
      default:
        throw new AssertionError(section);
    }
    return this;
  }

  /** A tool the model may call, with the JSON Schema of its arguments ({@code null} for none). */
  public DeclarationBuilder tool(String name, String description, JsonValue inputSchema) {
    JsonObject.Builder t = JsonObject.builder().put("name", nonEmpty(name, "tool name"));
    if (description != null) {
      t.put("description", description);
    }
    if (inputSchema != null) {
      t.put("inputSchema", inputSchema);
    }
    tools.add(t.build());
    return this;
  }

  /** An upstream run whose output this run consumes. */
  public DeclarationBuilder parent(RunIdentity parent) {
    parents.add(JsonString.of(Objects.requireNonNull(parent, "parent").toString()));
    return this;
  }

  /** The framework that assembles the run, e.g. {@code runtime("langchain4j", "1.0.0")}. */
  public DeclarationBuilder runtime(String name, String version) {
    runtime.put("name", JsonString.of(nonEmpty(name, "runtime name")));
    if (version != null) {
      runtime.put("version", JsonString.of(version));
    }
    return this;
  }

  /** Extension data under a reverse-DNS name ({@code com.example.trace}) or an absolute URI. */
  public DeclarationBuilder extension(String name, Object value) {
    if (!DeclarationRules.isExtensionName(Objects.requireNonNull(name, "name"))) {
      throw new IllegalArgumentException(
          "extension name \"" + DeclarationRules.printable(name) + "\" is neither reverse-DNS nor an absolute URI");
    }
    extensions.put(name, JsonValue.of(value));
    return this;
  }

  /** The JSON this builder would produce. */
  public JsonObject toJson() {
    JsonObject.Builder d = JsonObject.builder().put("_type", Declaration.TYPE);
    LinkedHashMap<String, JsonValue> m = new LinkedHashMap<>(model);
    if (!modelDigest.isEmpty()) {
      m.put("digest", JsonObject.of(modelDigest));
    }
    d.put("model", JsonObject.of(m));
    putIfAny(d, "parameters", parameters);
    putIfAny(d, "instructions", instructions);
    putIfAny(d, "inputs", inputs);
    putIfAny(d, "context", context);
    putIfAny(d, "tools", tools);
    putIfAny(d, "parents", parents);
    putIfAny(d, "runtime", runtime);
    putIfAny(d, "extensions", extensions);
    return d.build();
  }

  /**
   * The declaration.
   *
   * @throws IllegalArgumentException if what was added breaks a rule only visible as a whole (a tool or parent given
   *     twice, a malformed model digest, an invalid item)
   */
  public Declaration build() {
    try {
      return Declaration.of(toJson());
    } catch (InputRejectedException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Where {@link #item(Section, JsonObject)} puts an item. */
  public enum Section {
    INSTRUCTIONS,
    INPUTS,
    CONTEXT
  }

  private static JsonObject message(String role, String content) {
    return JsonObject.builder()
        .put("role", nonEmpty(role, "role"))
        .put("content", JsonString.of(Objects.requireNonNull(content, "content")))
        .build();
  }

  private static void putIfAny(JsonObject.Builder d, String name, Map<String, JsonValue> members) {
    if (!members.isEmpty()) {
      d.put(name, JsonObject.of(members));
    }
  }

  private static void putIfAny(JsonObject.Builder d, String name, List<JsonValue> items) {
    if (!items.isEmpty()) {
      d.put(name, JsonArray.of(items));
    }
  }

  private static String nonEmpty(String s, String what) {
    if (Objects.requireNonNull(s, what).isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return s;
  }

}
