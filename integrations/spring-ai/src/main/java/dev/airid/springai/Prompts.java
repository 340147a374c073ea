package dev.airid.springai;

import dev.airid.InputRejectedException;
import dev.airid.capture.ChatDeclaration;
import dev.airid.capture.ChatOutcome;
import dev.airid.capture.ContextItem;
import dev.airid.json.Json;
import dev.airid.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.document.Document;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/** Spring AI's final {@link Prompt} as a declaration (spec/frameworks.md §11.2), and its response as facts. */
final class Prompts {

  /** The framework's name: the run attestation's {@code producer}, and the declared {@code runtime} when asked for. */
  static final String RUNTIME = "spring-ai";

  /** Spring AI's version, from the manifest of its own jar (spring-ai-model); {@code null} when unknown. */
  static final String VERSION = Prompt.class.getPackage().getImplementationVersion();

  private static final boolean OPENAI = present("org.springframework.ai.openai.OpenAiChatOptions");

  private Prompts() {}

  /**
   * The declaration draft of {@code prompt} sent with {@code options} (the prompt's own options, or the model's when
   * it has none: what the provider modules send).
   */
  static ChatDeclaration declare(Prompt prompt, ChatOptions options, String provider) {
    ChatDeclaration d = ChatDeclaration.of(options.getModel(), provider)
        .temperature(options.getTemperature())
        .topP(options.getTopP())
        .topK(options.getTopK())
        .maxTokens(options.getMaxTokens())
        .stopSequences(options.getStopSequences())
        .frequencyPenalty(options.getFrequencyPenalty())
        .presencePenalty(options.getPresencePenalty());
    if (OPENAI && OpenAi.declare(options, d)) {
      // the OpenAI options carried the response format
    } else if (options instanceof StructuredOutputChatOptions s && s.getOutputSchema() != null) {
      d.jsonOutput(json(s.getOutputSchema()));
    }
    for (Message m : prompt.getInstructions()) {
      message(m, d);
    }
    if (options instanceof ToolCallingChatOptions t && t.getToolCallbacks() != null) {
      for (ToolCallback cb : t.getToolCallbacks()) {
        ToolDefinition def = cb.getToolDefinition();
        String schema = def.inputSchema();
        d.tool(def.name(), def.description(), schema == null || schema.isEmpty() ? null : json(schema));
      }
    }
    return d;
  }

  private static void message(Message m, ChatDeclaration d) {
    if (m instanceof SystemMessage s) {
      d.system(s.getText());
    } else if (m instanceof UserMessage u) {
      if (u.getMedia() == null || u.getMedia().isEmpty()) {
        d.user(u.getText(), null);
      } else {
        List<ChatDeclaration.Part> parts = new ArrayList<>();
        if (u.getText() != null && !u.getText().isEmpty()) {
          parts.add(ChatDeclaration.Part.text(u.getText()));
        }
        for (Media media : u.getMedia()) {
          parts.add(part(media));
        }
        d.user(parts, null);
      }
    } else if (m instanceof AssistantMessage a) {
      List<ChatDeclaration.ToolCall> calls = new ArrayList<>();
      for (AssistantMessage.ToolCall c : a.getToolCalls()) {
        calls.add(new ChatDeclaration.ToolCall(c.id(), c.name(), c.arguments()));
      }
      d.assistant(a.getText(), calls);
    } else if (m instanceof ToolResponseMessage t) {
      for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
        d.toolResult(r.id(), r.name(), r.responseData());
      }
    } else {
      throw new IllegalArgumentException("airid cannot declare a " + m.getMessageType() + " message");
    }
  }

  private static ChatDeclaration.Part part(Media media) {
    String type = media.getMimeType().getType();
    String kind = type.equals("image") || type.equals("audio") || type.equals("video") ? type : "file";
    String mediaType = media.getMimeType().toString();
    Object data = media.getData();
    if (data instanceof URI uri) {
      return ChatDeclaration.Part.mediaUrl(kind, uri.toString(), null);
    }
    if (data instanceof String s) {
      if (s.startsWith("data:") && s.contains(";base64,")) {
        return ChatDeclaration.Part.mediaBytes(kind, s.substring(5, s.indexOf(';')),
            Base64.getDecoder().decode(s.substring(s.indexOf(',') + 1)), null);
      }
      return ChatDeclaration.Part.mediaUrl(kind, s, null);
    }
    return ChatDeclaration.Part.mediaBytes(kind, mediaType, media.getDataAsByteArray(), null);
  }

  /** Documents a retrieval advisor put in the advisor context, as context items. */
  static List<ContextItem> documents(Object value) {
    List<ContextItem> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Document doc && doc.getText() != null) {
          out.add(new ContextItem(source(doc), doc.getText()));
        }
      }
    }
    return out;
  }

  /** The metadata {@code url}, else {@code file_name}, else {@code source}, else the id. */
  static String source(Document doc) {
    Map<String, Object> m = doc.getMetadata();
    for (String key : List.of("url", "file_name", "source")) {
      Object v = m.get(key);
      if (v != null && !v.toString().isEmpty()) {
        return v.toString();
      }
    }
    if (doc.getId() != null && !doc.getId().isEmpty()) {
      return doc.getId();
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(doc.getText().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java platform", e);
    }
  }

  static JsonValue json(String schema) {
    try {
      return Json.parse(schema);
    } catch (InputRejectedException e) {
      throw new IllegalArgumentException("a JSON schema is not strict JSON: " + e.getMessage(), e);
    }
  }

  /** What a (possibly aggregated) response returned. */
  static ChatOutcome outcome(ChatResponse r) {
    StringBuilder text = new StringBuilder();
    List<ChatDeclaration.ToolCall> calls = new ArrayList<>();
    List<String> finish = new ArrayList<>();
    if (r != null) {
      for (Generation g : r.getResults()) {
        AssistantMessage a = g.getOutput();
        if (a.getText() != null) {
          text.append(a.getText());
        }
        a.getToolCalls().forEach(c -> calls.add(new ChatDeclaration.ToolCall(c.id(), c.name(), c.arguments())));
        // One reason per choice, as the provider spelled it (Spring AI's OpenAI module upper-cases OpenAI's words).
        if (g.getMetadata() != null && g.getMetadata().getFinishReason() != null && !g.getMetadata().getFinishReason().isEmpty()) {
          finish.add(g.getMetadata().getFinishReason().toLowerCase(Locale.ROOT));
        }
      }
    }
    ChatResponseMetadata md = r == null ? null : r.getMetadata();
    Usage u = md == null ? null : md.getUsage();
    Integer in = u == null || u.getPromptTokens() == null || u.getTotalTokens() == 0 ? null : u.getPromptTokens();
    Integer out = in == null ? null : u.getCompletionTokens();
    return new ChatOutcome(text.toString(), calls, md == null || md.getId().isEmpty() ? null : md.getId(),
        md == null || md.getModel().isEmpty() ? null : md.getModel(), finish, in, out);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Prompts.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The only class that touches spring-ai-openai (an optional dependency). */
  private static final class OpenAi {
    /** Declares the OpenAI-only options; whether a response format was declared. */
    static boolean declare(ChatOptions options, ChatDeclaration d) {
      if (!(options instanceof org.springframework.ai.openai.OpenAiChatOptions o)) {
        return false;
      }
      if (o.getMaxCompletionTokens() != null) {
        d.maxTokens(o.getMaxCompletionTokens());
      }
      d.seed(o.getSeed()).parallelToolCalls(o.getParallelToolCalls()).reasoningEffort(o.getReasoningEffort())
          .logitBias(o.getLogitBias()).choices(o.getN());
      Object choice = o.getToolChoice();
      if (choice instanceof String s) {
        if (s.equals("auto") || s.equals("none") || s.equals("required")) {
          d.toolChoice(s);
        } else if (json(s) instanceof dev.airid.json.JsonObject j
            && j.getOrNull("function") instanceof dev.airid.json.JsonObject f
            && f.getOrNull("name") instanceof dev.airid.json.JsonString n) {
          d.toolChoiceNamed(n.value());
        }
      }
      var rf = o.getResponseFormat();
      if (rf == null) {
        return false;
      }
      switch (rf.getType()) {
        case JSON_OBJECT -> d.jsonOutput(null);
        case JSON_SCHEMA -> d.jsonOutput(rf.getJsonSchema() == null ? null : json(rf.getJsonSchema()));
        default -> { }
      }
      return true;
    }
  }
}
