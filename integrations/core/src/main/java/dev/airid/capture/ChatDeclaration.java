package dev.airid.capture;

import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one implementation of spec/frameworks.md: turns the parts of a chat request, as a framework holds them right
 * before it calls the provider, into an AI Run Declaration. Every framework adapter feeds this builder and nothing
 * else writes declaration members, so the normalisation rules (seed as a decimal string, a stop list always an array,
 * leading system messages as instructions, tool calls as parts, …) live in one place.
 *
 * <p>Members are added in request order. Not thread-safe; build one per call. {@link #build()} checks the result
 * against the declaration spec and fails with {@link IllegalArgumentException} only for input no framework produces
 * (two tools of one name, an empty model name).
 */
public final class ChatDeclaration {

  private final String modelName;
  private final String provider;
  private final LinkedHashMap<String, JsonValue> parameters = new LinkedHashMap<>();
  private final List<JsonValue> instructions = new ArrayList<>();
  private final List<JsonValue> inputs = new ArrayList<>();
  private final List<JsonValue> context = new ArrayList<>();
  private final List<JsonValue> tools = new ArrayList<>();
  private final List<RunIdentity> parents = new ArrayList<>();
  private JsonObject runtime;

  private ChatDeclaration(String modelName, String provider) {
    if (modelName == null || modelName.isEmpty()) {
      throw new IllegalArgumentException("the request names no model");
    }
    this.modelName = modelName;
    this.provider = provider;
  }

  /**
   * A declaration of a call of {@code modelName} (as requested, after the framework merged its defaults) at {@code
   * provider}, an OpenTelemetry {@code gen_ai.provider.name} value such as {@code openai}; {@code null} if unknown.
   */
  public static ChatDeclaration of(String modelName, String provider) {
    return new ChatDeclaration(modelName, provider);
  }

  // --- parameters (spec/frameworks.md §3) -------------------------------------------------------------------------

  public ChatDeclaration temperature(Double v) {
    return number("temperature", v);
  }

  public ChatDeclaration topP(Double v) {
    return number("top_p", v);
  }

  public ChatDeclaration topK(Integer v) {
    return integer("top_k", v);
  }

  /** The output token limit ({@code max_tokens} or {@code max_completion_tokens} on the OpenAI wire). */
  public ChatDeclaration maxTokens(Integer v) {
    return integer("max_tokens", v);
  }

  public ChatDeclaration frequencyPenalty(Double v) {
    return number("frequency_penalty", v);
  }

  public ChatDeclaration presencePenalty(Double v) {
    return number("presence_penalty", v);
  }

  /** Stop sequences, always declared as an array; an empty or absent list declares nothing. */
  public ChatDeclaration stopSequences(List<String> stop) {
    if (stop != null && !stop.isEmpty()) {
      parameters.put("stop_sequences", JsonArray.of(stop.stream().map(s -> (JsonValue) JsonString.of(s)).toList()));
    }
    return this;
  }

  /** The seed, declared as a decimal string (spec/ai-run-declaration.md §4.3) whatever its Java type. */
  public ChatDeclaration seed(Number seed) {
    if (seed != null) {
      parameters.put("seed", JsonString.of(new BigInteger(seed.toString()).toString()));
    }
    return this;
  }

  /**
   * Output in JSON was requested: {@code output_type} {@code "json"}, and the schema as {@code output_schema} when
   * one was given ({@code null} for plain JSON mode). Schema names and strictness flags are not declared.
   */
  public ChatDeclaration jsonOutput(JsonValue schema) {
    parameters.put("output_type", JsonString.of("json"));
    if (schema != null) {
      parameters.put("output_schema", schema);
    }
    return this;
  }

  /** {@code auto}, {@code required} or {@code none}. */
  public ChatDeclaration toolChoice(String mode) {
    if (mode != null) {
      parameters.put("tool_choice", JsonString.of(mode));
    }
    return this;
  }

  /** The model must call the tool named {@code name}. */
  public ChatDeclaration toolChoiceNamed(String name) {
    parameters.put("tool_choice", JsonObject.builder().put("name", name).build());
    return this;
  }

  public ChatDeclaration parallelToolCalls(Boolean v) {
    if (v != null) {
      parameters.put("parallel_tool_calls", dev.airid.json.JsonBoolean.of(v));
    }
    return this;
  }

  public ChatDeclaration reasoningEffort(String v) {
    if (v != null) {
      parameters.put("reasoning_effort", JsonString.of(v));
    }
    return this;
  }

  /** Token id → bias. */
  public ChatDeclaration logitBias(Map<String, ? extends Number> bias) {
    if (bias != null && !bias.isEmpty()) {
      LinkedHashMap<String, JsonValue> m = new LinkedHashMap<>();
      bias.forEach((k, v) -> m.put(k, JsonValue.of(v)));
      parameters.put("logit_bias", JsonObject.of(m));
    }
    return this;
  }

  /** How many choices to generate; declared only when set. */
  public ChatDeclaration choices(Integer n) {
    return integer("n", n);
  }

  private ChatDeclaration number(String name, Double v) {
    if (v != null) {
      parameters.put(name, JsonNumber.of(v));
    }
    return this;
  }

  private ChatDeclaration integer(String name, Integer v) {
    if (v != null) {
      parameters.put(name, JsonNumber.of(v.longValue()));
    }
    return this;
  }

  // --- messages (§4) ------------------------------------------------------------------------------------------------

  /**
   * A system message. System messages before the first other message are {@code instructions}; a later one keeps
   * its place among the {@code inputs}, with role {@code system}.
   */
  public ChatDeclaration system(String text) {
    JsonObject item = JsonObject.builder().put("role", "system").put("content", nonNull(text)).build();
    if (inputs.isEmpty()) {
      instructions.add(item);
    } else {
      inputs.add(item);
    }
    return this;
  }

  /** A user message of text only. {@code name} is the participant name, if the request carries one. */
  public ChatDeclaration user(String text, String name) {
    JsonObject.Builder b = JsonObject.builder().put("role", "user");
    if (name != null) {
      b.put("name", name);
    }
    inputs.add(b.put("content", nonNull(text)).build());
    return this;
  }

  /** A user message of parts (text and media), in order. */
  public ChatDeclaration user(List<Part> parts, String name) {
    JsonObject.Builder b = JsonObject.builder().put("role", "user");
    if (name != null) {
      b.put("name", name);
    }
    inputs.add(b.put("content", JsonArray.of(parts.stream().map(p -> (JsonValue) p.json()).toList())).build());
    return this;
  }

  /**
   * An assistant message from an earlier turn: its text, and the tool calls it made. Without tool calls the content
   * is the text; with them it is an array of a text part (when there is text) and one {@code tool_call} part per call.
   */
  public ChatDeclaration assistant(String text, List<ToolCall> calls) {
    JsonObject.Builder b = JsonObject.builder().put("role", "assistant");
    if (calls == null || calls.isEmpty()) {
      b.put("content", text == null ? "" : text);
    } else {
      List<JsonValue> parts = new ArrayList<>();
      if (text != null && !text.isEmpty()) {
        parts.add(Part.text(text).json());
      }
      calls.forEach(c -> parts.add(c.json()));
      b.put("content", JsonArray.of(parts));
    }
    inputs.add(b.build());
    return this;
  }

  /** The result of a tool call, sent back to the model. */
  public ChatDeclaration toolResult(String toolCallId, String toolName, String text) {
    JsonObject.Builder b = JsonObject.builder().put("role", "tool");
    if (toolCallId != null) {
      b.put("toolCallId", toolCallId);
    }
    if (toolName != null) {
      b.put("name", toolName);
    }
    inputs.add(b.put("content", nonNull(text)).build());
    return this;
  }

  // --- tools, context, parents, runtime (§5–§7) ---------------------------------------------------------------------

  /** A tool definition; {@code inputSchema} is the JSON Schema as JSON, {@code null} if the tool declares none. */
  public ChatDeclaration tool(String name, String description, JsonValue inputSchema) {
    JsonObject.Builder t = JsonObject.builder().put("name", name);
    if (description != null) {
      t.put("description", description);
    }
    if (inputSchema != null) {
      t.put("inputSchema", inputSchema);
    }
    tools.add(t.build());
    return this;
  }

  /** A retrieved document, where the framework exposes it as one. */
  public ChatDeclaration context(ContextItem item) {
    context.add(JsonObject.builder().put("source", item.source()).put("content", item.content()).build());
    return this;
  }

  public ChatDeclaration parents(List<RunIdentity> identities) {
    for (RunIdentity id : identities) {
      if (!parents.contains(id)) {
        parents.add(id);
      }
    }
    return this;
  }

  /** The framework that assembled the run. Off by default: see {@link RunCapture.Builder#declareRuntime}. */
  public ChatDeclaration runtime(String name, String version) {
    JsonObject.Builder r = JsonObject.builder().put("name", name);
    if (version != null) {
      r.put("version", version);
    }
    runtime = r.put("language", "java").build();
    return this;
  }

  /** The declaration, checked against spec/ai-run-declaration.md. */
  public Declaration build() {
    JsonObject.Builder model = JsonObject.builder().put("name", modelName);
    if (provider != null && !provider.isEmpty()) {
      model.put("provider", provider);
    }
    JsonObject.Builder d = JsonObject.builder().put("_type", Declaration.TYPE).put("model", model.build());
    if (!parameters.isEmpty()) {
      d.put("parameters", JsonObject.of(parameters));
    }
    putIfAny(d, "instructions", instructions);
    putIfAny(d, "inputs", inputs);
    putIfAny(d, "context", context);
    putIfAny(d, "tools", tools);
    putIfAny(d, "parents", parents.stream().map(p -> (JsonValue) JsonString.of(p.toString())).toList());
    if (runtime != null) {
      d.put("runtime", runtime);
    }
    try {
      return Declaration.of(d.build());
    } catch (InputRejectedException e) {
      throw new IllegalArgumentException("the request does not make a valid declaration: " + e.getMessage(), e);
    }
  }

  private static void putIfAny(JsonObject.Builder d, String name, List<JsonValue> items) {
    if (!items.isEmpty()) {
      d.put(name, JsonArray.of(items));
    }
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  /** A part of a multi-part message. */
  public record Part(JsonObject json) {

    public Part {
      Objects.requireNonNull(json, "json");
    }

    /** {@code {"type":"text","content":…}}: a content block of its own, redactable on its own. */
    public static Part text(String text) {
      return new Part(JsonObject.builder().put("type", "text").put("content", nonNull(text)).build());
    }

    /**
     * Media given by URL: {@code {"type":kind,"uri":url}}, plus {@code detail} when the request sets one other than
     * {@code auto} (the provider's default, the same as none). The media is not fetched, so there is no digest.
     */
    public static Part mediaUrl(String kind, String url, String detail) {
      JsonObject.Builder b = JsonObject.builder().put("type", kind).put("uri", url);
      if (detail != null && !detail.equals("auto")) {
        b.put("detail", detail);
      }
      return new Part(b.build());
    }

    /**
     * Media sent inline (base64 or bytes): never embedded, declared by media type and SHA-256 of its bytes, {@code
     * {"type":kind,"mediaType":…,"digest":{"sha256":…}}}.
     */
    public static Part mediaBytes(String kind, String mediaType, byte[] bytes, String detail) {
      JsonObject.Builder b = JsonObject.builder().put("type", kind);
      if (mediaType != null) {
        b.put("mediaType", mediaType);
      }
      b.put("digest", JsonObject.builder().put("sha256", Hashes.sha256Hex(bytes)).build());
      if (detail != null && !detail.equals("auto")) {
        b.put("detail", detail);
      }
      return new Part(b.build());
    }
  }

  /**
   * A tool call made by the model in an earlier turn. {@code arguments} is the JSON text the model produced, kept
   * verbatim as the part's {@code content} (so it can be redacted); absent or blank arguments are {@code "{}"}, as
   * the OpenAI wire sends them.
   */
  public record ToolCall(String id, String name, String arguments) {

    JsonObject json() {
      JsonObject.Builder b = JsonObject.builder().put("type", "tool_call");
      if (id != null) {
        b.put("id", id);
      }
      b.put("name", name == null ? "" : name);
      return b.put("content", arguments == null || arguments.isBlank() ? "{}" : arguments).build();
    }
  }

}
