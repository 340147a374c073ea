package dev.airid.langchain4j;

import dev.airid.capture.ChatDeclaration;
import dev.airid.capture.ChatOutcome;
import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunScope;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** LangChain4j's final {@link ChatRequest} as a declaration (spec/frameworks.md §11.1), and its response as facts. */
final class Requests {

  /** The framework's name: the run attestation's {@code producer}, and the declared {@code runtime} when asked for. */
  static final String RUNTIME = "langchain4j";

  /** LangChain4j's version, read from langchain4j-core's own jar; {@code null} when unknown. */
  static final String VERSION = version();

  private static final boolean OPENAI = present("dev.langchain4j.model.openai.OpenAiChatRequestParameters");

  private Requests() {}

  /**
   * Opens the run of one call to {@code model}: the request as the provider receives it (the model's default
   * parameters, overridden by the request's own; spec/frameworks.md §11.1) is declared, gated and attested, inside
   * the current {@link RunScope}, if any. The same for blocking and streaming calls.
   *
   * @throws dev.airid.capture.RunRejectedException if the policy rejects the run
   * @throws dev.airid.capture.ProvenanceException if the run cannot be attested
   */
  static Run begin(RunCapture capture, ChatRequest request, ChatRequestParameters modelDefaults, ModelProvider provider) {
    ChatRequest effective = ChatRequest.builder()
        .messages(request.messages())
        .parameters(modelDefaults.overrideWith(request.parameters()))
        .build();
    return capture.begin(declare(effective, provider), RUNTIME, VERSION, RunScope.current().orElse(null));
  }

  /**
   * The version of the langchain4j-core on the class path. Its manifest has no {@code Implementation-Version}, so the
   * version comes from the Maven metadata in the same jar (found through the class loader of its own classes; the
   * path is unique to that artifact), and falls back to the manifest for repackaged builds that have one.
   */
  private static String version() {
    String resource = "/META-INF/maven/dev.langchain4j/langchain4j-core/pom.properties";
    try (java.io.InputStream in = ChatRequest.class.getResourceAsStream(resource)) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v.trim();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // unreadable metadata: try the manifest
    }
    return ChatRequest.class.getPackage().getImplementationVersion();
  }

  /** The OpenTelemetry {@code gen_ai.provider.name} of a LangChain4j provider. */
  static String provider(ModelProvider p) {
    if (p == null) {
      return null;
    }
    return switch (p) {
      case OPEN_AI -> "openai";
      case ANTHROPIC -> "anthropic";
      case AMAZON_BEDROCK -> "aws.bedrock";
      case AZURE_OPEN_AI -> "azure.ai.openai";
      case GOOGLE_AI_GEMINI -> "gcp.gemini";
      case GOOGLE_GENAI -> "gcp.gen_ai";
      case GOOGLE_VERTEX_AI_GEMINI, GOOGLE_VERTEX_AI_ANTHROPIC -> "gcp.vertex_ai";
      case MICROSOFT_FOUNDRY -> "azure.ai.inference";
      case MISTRAL_AI -> "mistral_ai";
      case WATSONX -> "ibm.watsonx.ai";
      case COHERE -> "cohere";
      case OTHER -> null;
      default -> p.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The declaration draft of a request whose parameters are already merged with the model's defaults. */
  static ChatDeclaration declare(ChatRequest request, ModelProvider provider) {
    ChatRequestParameters p = request.parameters();
    ChatDeclaration d = ChatDeclaration.of(p.modelName(), provider(provider))
        .temperature(p.temperature())
        .topP(p.topP())
        .topK(p.topK())
        .maxTokens(p.maxOutputTokens())
        .stopSequences(p.stopSequences())
        .frequencyPenalty(p.frequencyPenalty())
        .presencePenalty(p.presencePenalty());
    ResponseFormat rf = p.responseFormat();
    if (rf != null && rf.type() == ResponseFormatType.JSON) {
      d.jsonOutput(rf.jsonSchema() == null ? null : Schemas.toJson(rf.jsonSchema().rootElement()));
    }
    if (p.toolChoice() != null) {
      d.toolChoice(p.toolChoice().name().toLowerCase(Locale.ROOT));
    }
    if (OPENAI) {
      OpenAi.declare(p, d);
    }
    for (ChatMessage m : request.messages()) {
      message(m, d);
    }
    for (ToolSpecification t : p.toolSpecifications()) {
      d.tool(t.name(), t.description(), t.parameters() == null ? null : Schemas.toJson(t.parameters()));
    }
    return d;
  }

  private static void message(ChatMessage m, ChatDeclaration d) {
    if (m instanceof SystemMessage s) {
      d.system(s.text());
    } else if (m instanceof UserMessage u) {
      if (u.hasSingleText()) {
        d.user(u.singleText(), u.name());
      } else {
        List<ChatDeclaration.Part> parts = new ArrayList<>();
        for (Content c : u.contents()) {
          parts.add(part(c));
        }
        d.user(parts, u.name());
      }
    } else if (m instanceof AiMessage a) {
      List<ChatDeclaration.ToolCall> calls = new ArrayList<>();
      for (ToolExecutionRequest r : a.toolExecutionRequests()) {
        calls.add(new ChatDeclaration.ToolCall(r.id(), r.name(), r.arguments()));
      }
      d.assistant(a.text(), calls);
    } else if (m instanceof ToolExecutionResultMessage t) {
      d.toolResult(t.id(), t.toolName(), t.text());
    } else {
      throw new IllegalArgumentException("airid cannot declare a " + m.type() + " message");
    }
  }

  private static ChatDeclaration.Part part(Content c) {
    if (c instanceof TextContent t) {
      return ChatDeclaration.Part.text(t.text());
    }
    if (c instanceof ImageContent i) {
      Image img = i.image();
      String detail = i.detailLevel() == null ? null : i.detailLevel().name().toLowerCase(Locale.ROOT);
      if (img.url() != null) {
        return ChatDeclaration.Part.mediaUrl("image", img.url().toString(), detail);
      }
      return ChatDeclaration.Part.mediaBytes("image", img.mimeType(), Base64.getDecoder().decode(img.base64Data()), detail);
    }
    throw new IllegalArgumentException("airid cannot declare " + c.type() + " content yet");
  }

  /** What the provider returned, for the output attestation. */
  static ChatOutcome outcome(ChatResponse r) {
    AiMessage a = r.aiMessage();
    List<ChatDeclaration.ToolCall> calls = new ArrayList<>();
    if (a != null) {
      for (ToolExecutionRequest t : a.toolExecutionRequests()) {
        calls.add(new ChatDeclaration.ToolCall(t.id(), t.name(), t.arguments()));
      }
    }
    TokenUsage u = r.tokenUsage();
    String finish = finishReason(r.finishReason());
    return new ChatOutcome(a == null ? null : a.text(), calls, r.id(), r.modelName(), finish == null ? List.of() : List.of(finish),
        u == null ? null : u.inputTokenCount(), u == null ? null : u.outputTokenCount());
  }

  /** LangChain4j's finish reasons in the OpenAI spelling, so both frameworks record the same words. */
  static String finishReason(FinishReason f) {
    if (f == null) {
      return null;
    }
    return switch (f) {
      case TOOL_EXECUTION -> "tool_calls";
      default -> f.name().toLowerCase(Locale.ROOT);
    };
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Requests.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The only class that touches langchain4j-open-ai (an optional dependency): seed and OpenAI-only parameters. */
  private static final class OpenAi {
    static void declare(ChatRequestParameters p, ChatDeclaration d) {
      if (p instanceof dev.langchain4j.model.openai.OpenAiChatRequestParameters o) {
        if (o.maxCompletionTokens() != null) {
          d.maxTokens(o.maxCompletionTokens());
        }
        d.seed(o.seed())
            .parallelToolCalls(o.parallelToolCalls())
            .reasoningEffort(o.reasoningEffort())
            .logitBias(o.logitBias());
      }
    }
  }
}
