package dev.airid.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.RunIdentity;
import dev.airid.capture.ContextItem;
import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunScope;
import dev.airid.attest.DeclarationPredicate;
import dev.airid.capture.FinishedRun;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.verify.Artifact;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.integrations.testkit.OpenAiStub;
import dev.airid.integrations.testkit.OpenAiStub.Reply;
import dev.airid.integrations.testkit.WireMapping;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

/**
 * The promise of spec/frameworks.md: the same conversation, parameters and tools, sent through LangChain4j and through
 * Spring AI (each with its real OpenAI module, over HTTP), have the same run identity — although the two frameworks
 * put different bytes on the wire (Spring AI sends one stop sequence as a string and {@code "strict": false} on every
 * tool, LangChain4j a stop array and no strict flag). Each scenario is a vector of {@code test-vectors/frameworks/}:
 * both frameworks must produce its declaration exactly, and the wire request each sent must map to it.
 */
class SameCallSameIdentityTest {

  static OpenAiStub stub;
  static final String MODEL = "gpt-4o";

  @BeforeAll
  static void start() {
    stub = OpenAiStub.start();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  /** One call in both frameworks: the finished runs and the wire requests, LangChain4j first. */
  record Both(Run langchain4j, Run springAi, JsonObject wireLangchain4j, JsonObject wireSpringAi) {}

  static Both call(String scenario, List<ContextItem> context) {
    return call(scenario, context, RunCapture.identityOnly());
  }

  static synchronized Both call(String scenario, List<ContextItem> context, RunCapture capture) {
    stub.reset();
    stub.reply(Reply.text("answer"), Reply.text("answer"));
    Run lc;
    Run sp;
    try (RunScope scope = RunScope.open()) {
      context.forEach(scope::context);
      var model = dev.airid.langchain4j.AiridChatModel.wrap(OpenAiChatModel.builder().baseUrl(stub.baseUrl())
          .apiKey("k").modelName(MODEL).maxRetries(0).build(), capture);
      model.chat(LangChain4jSide.request(scenario));
      lc = scope.last().orElseThrow();
    }
    try (RunScope scope = RunScope.open()) {
      context.forEach(scope::context);
      var model = dev.airid.springai.AiridChatModel.wrap(org.springframework.ai.openai.OpenAiChatModel.builder()
          .options(OpenAiChatOptions.builder().baseUrl(stub.baseUrl()).apiKey("k").model(MODEL).maxRetries(0).build())
          .build(), "openai", capture);
      model.call(SpringAiSide.prompt(scenario));
      sp = scope.last().orElseThrow();
    }
    List<JsonObject> wire = stub.requests();
    return new Both(lc, sp, wire.get(0), wire.get(1));
  }

  static final List<ContextItem> RAG_CONTEXT = List.of(new ContextItem("https://airid.dev/docs/verify",
      "Provenance files verify offline with airid verify."));

  static List<ContextItem> contextOf(String scenario) {
    return scenario.equals("rag") ? RAG_CONTEXT : List.of();
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain-chat", "tool-loop-first-call", "tool-loop-second-call", "rag", "multi-part"})
  void sameCallSameIdentityInBothFrameworks(String scenario) throws Exception {
    Both both = call(scenario, contextOf(scenario));
    // What was observed, for whoever extends the vectors: target/observed/<scenario>.*.json
    Path observed = Files.createDirectories(Path.of("target", "observed"));
    Files.write(observed.resolve(scenario + ".langchain4j.wire.json"), Json.compact(both.wireLangchain4j()));
    Files.write(observed.resolve(scenario + ".spring-ai.wire.json"), Json.compact(both.wireSpringAi()));
    Files.write(observed.resolve(scenario + ".declaration.json"), Json.compact(both.langchain4j().declaration().json()));
    assertEquals(both.langchain4j().identity(), both.springAi().identity(),
        () -> "LangChain4j declared " + both.langchain4j().declaration().json() + "\nSpring AI declared "
            + both.springAi().declaration().json());

    // Each framework's declaration is what it put on the wire.
    Map<String, JsonValue> extra = contextOf(scenario).isEmpty() ? Map.of() : Map.of("context", JsonArray.of(
        contextOf(scenario).stream().map(c -> (JsonValue) JsonObject.builder().put("source", c.source()).put("content", c.content()).build()).toList()));
    assertEquals(WireMapping.declaration(both.wireLangchain4j(), "openai", extra), both.langchain4j().declaration().json());
    assertEquals(WireMapping.declaration(both.wireSpringAi(), "openai", extra), both.springAi().declaration().json());

    // And it is the vector, whose identity the JavaScript implementation computed.
    JsonObject vector = vector(scenario);
    Declaration expected = Declaration.parse(((JsonString) vector.getOrNull("declaration")).value());
    assertEquals(expected.json(), both.langchain4j().declaration().json());
    assertEquals(((JsonString) vector.getOrNull("identity")).value(), both.langchain4j().identity().toString());
    assertEquals(((JsonString) vector.getOrNull("identity")).value(), both.springAi().identity().toString());
    assertEquals(expected.json(), WireMapping.declaration((JsonObject) vector.getOrNull("request"), "openai", extra),
        "the vector's request maps to its declaration");
  }

  @Test
  void theFrameworksSendDifferentBytesForTheSameCall() {
    Both both = call("plain-chat", List.of());
    assertNotEquals(both.wireLangchain4j(), both.wireSpringAi(), "the wire forms differ; the identity does not");
    assertEquals(JsonString.of("END"), both.wireSpringAi().getOrNull("stop"));
    assertEquals(JsonArray.of(JsonString.of("END")), both.wireLangchain4j().getOrNull("stop"));
  }

  /**
   * The framework is attested, outside the identity: the run attestations of the same call made through both frameworks
   * name different producers (each framework's own version, as the POM pins it) and have the same identity.
   */
  @Test
  void sameIdentityDifferentProducers() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Both both;
    try (RunCapture capture = RunCapture.builder().signingKey(key).build()) {
      both = call("plain-chat", List.of(), capture);
    }
    FinishedRun lc = both.langchain4j().finished().join();
    FinishedRun sp = both.springAi().finished().join();
    // The library verifier only: the framework tests run 'airid verify' on the same kind of file.
    Verifier verifier = Verifier.of(TrustPolicy.of(key.verificationKey()));
    Artifact answer = Artifact.ofBytes("answer", "answer".getBytes(StandardCharsets.UTF_8));
    VerificationResult lcr = verifier.verify(lc.provenance().orElseThrow(), answer);
    VerificationResult spr = verifier.verify(sp.provenance().orElseThrow(), answer);
    assertTrue(lcr.verified(), lcr::toString);
    assertTrue(spr.verified(), spr::toString);
    assertEquals(lcr.identity(), spr.identity());
    assertEquals(((JsonString) vector("plain-chat").getOrNull("identity")).value(), lcr.identity().orElseThrow().toString());
    assertEquals(new DeclarationPredicate.Producer("langchain4j", System.getProperty("airid.test.langchain4j.version")), producer(lcr));
    assertEquals(new DeclarationPredicate.Producer("spring-ai", System.getProperty("airid.test.spring-ai.version")), producer(spr));
  }

  static DeclarationPredicate.Producer producer(VerificationResult r) throws Exception {
    return DeclarationPredicate.parse(r.declarationStatement().orElseThrow().predicate()).producer().orElseThrow();
  }

  /** Opting in to {@code runtime} puts the framework inside the identity: then the same call is two runs. */
  @Test
  void declaringTheRuntimeMakesTheIdentityFrameworkSpecific() throws Exception {
    Both both;
    try (RunCapture capture = RunCapture.builder().declareRuntime(true).build()) {
      both = call("plain-chat", List.of(), capture);
    }
    assertNotEquals(both.langchain4j().identity(), both.springAi().identity());
    JsonObject runtime = (JsonObject) both.langchain4j().declaration().json().getOrNull("runtime");
    assertEquals(JsonString.of("langchain4j"), runtime.getOrNull("name"));
    assertEquals(JsonString.of(System.getProperty("airid.test.langchain4j.version")), runtime.getOrNull("version"));
  }

  @Test
  void aDifferentParameterIsADifferentRun() {
    RunIdentity a = call("plain-chat", List.of()).langchain4j().identity();
    RunIdentity b = call("plain-chat-warmer", List.of()).springAi().identity();
    assertNotEquals(a, b);
  }

  static JsonObject vector(String name) throws Exception {
    Path p = vectors().resolve(name + ".json");
    return (JsonObject) Json.parse(Files.readAllBytes(p));
  }

  static Path vectors() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("test-vectors/frameworks"))) {
        return p.resolve("test-vectors/frameworks");
      }
    }
    throw new IllegalStateException("test-vectors/frameworks not found above " + here);
  }

  @Test
  void javaScriptRecomputesEveryFrameworkVector() throws Exception {
    Path js = vectors().resolveSibling("verifier-js");
    assertTrue(Files.isDirectory(js.resolve("node_modules/canonicalize")),
        "test-vectors/verifier-js/node_modules is missing: the build runs 'npm ci' there (attest-cli)");
    Process p = new ProcessBuilder("node", "check-framework-vectors.mjs").directory(js.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("\"mismatches\":[]") && out.contains("\"checked\":5"), out);
  }

  // --- the scenarios, written once per framework, as a user of each would write them ----------------------------

  static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"}},\"required\":[\"city\"]}";
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  static final class LangChain4jSide {
    static final ToolSpecification WEATHER = ToolSpecification.builder()
        .name("get_weather").description("Current weather in a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city", "City name").required("city").build())
        .build();

    static ChatRequest request(String scenario) {
      return switch (scenario) {
        case "plain-chat", "plain-chat-warmer" -> ChatRequest.builder()
            .messages(dev.langchain4j.data.message.SystemMessage.from("You translate into French."),
                dev.langchain4j.data.message.UserMessage.from("Hello, world ✓"))
            .parameters(OpenAiChatRequestParameters.builder()
                .temperature(scenario.equals("plain-chat") ? 0.2 : 0.3).topP(0.9).maxOutputTokens(120)
                .stopSequences(List.of("END")).frequencyPenalty(0.5).presencePenalty(-0.25).seed(4242).build())
            .build();
        case "tool-loop-first-call" -> ChatRequest.builder()
            .messages(dev.langchain4j.data.message.UserMessage.from("Weather in Paris?"))
            .parameters(OpenAiChatRequestParameters.builder().temperature(0.0).toolSpecifications(WEATHER).build())
            .build();
        case "tool-loop-second-call" -> ChatRequest.builder()
            .messages(dev.langchain4j.data.message.UserMessage.from("Weather in Paris?"),
                AiMessage.from(ToolExecutionRequest.builder().id("call_1").name("get_weather").arguments("{\"city\":\"Paris\"}").build()),
                ToolExecutionResultMessage.from("call_1", "get_weather", "Sunny, 24 °C"))
            .parameters(OpenAiChatRequestParameters.builder().temperature(0.0).toolSpecifications(WEATHER).build())
            .build();
        case "rag" -> ChatRequest.builder()
            .messages(dev.langchain4j.data.message.SystemMessage.from("Answer from the context."),
                dev.langchain4j.data.message.UserMessage.from("How do I check a provenance file?\n\nContext:\n"
                    + "Provenance files verify offline with airid verify."))
            .build();
        case "multi-part" -> ChatRequest.builder()
            .messages(dev.langchain4j.data.message.UserMessage.from(TextContent.from("What is in these pictures?"),
                // LangChain4j's default detail is "low"; Spring AI sends none, which OpenAI reads as "auto".
                ImageContent.from(URI.create("https://example.com/cat.png"), ImageContent.DetailLevel.AUTO),
                ImageContent.from(Base64.getEncoder().encodeToString(PNG), "image/png", ImageContent.DetailLevel.AUTO)))
            .build();
        default -> throw new IllegalArgumentException(scenario);
      };
    }
  }

  static final class SpringAiSide {
    static Prompt prompt(String scenario) {
      OpenAiChatOptions.Builder options = OpenAiChatOptions.builder().baseUrl(stub.baseUrl()).apiKey("k").model(MODEL).maxRetries(0);
      List<Message> messages = new ArrayList<>();
      switch (scenario) {
        case "plain-chat", "plain-chat-warmer" -> {
          messages.add(new SystemMessage("You translate into French."));
          messages.add(new UserMessage("Hello, world ✓"));
          options.temperature(scenario.equals("plain-chat") ? 0.2 : 0.3).topP(0.9).maxTokens(120).stop(List.of("END"))
              .frequencyPenalty(0.5).presencePenalty(-0.25).seed(4242);
        }
        case "tool-loop-first-call" -> {
          messages.add(new UserMessage("Weather in Paris?"));
          options.temperature(0.0).toolCallbacks(List.of(tool()));
        }
        case "tool-loop-second-call" -> {
          messages.add(new UserMessage("Weather in Paris?"));
          messages.add(AssistantMessage.builder().content("")
              .toolCalls(List.of(new AssistantMessage.ToolCall("call_1", "function", "get_weather", "{\"city\":\"Paris\"}"))).build());
          messages.add(ToolResponseMessage.builder()
              .responses(List.of(new ToolResponseMessage.ToolResponse("call_1", "get_weather", "Sunny, 24 °C"))).build());
          options.temperature(0.0).toolCallbacks(List.of(tool()));
        }
        case "rag" -> {
          messages.add(new SystemMessage("Answer from the context."));
          messages.add(new UserMessage("How do I check a provenance file?\n\nContext:\nProvenance files verify offline with airid verify."));
        }
        case "multi-part" -> messages.add(UserMessage.builder().text("What is in these pictures?")
            .media(new Media(MimeTypeUtils.IMAGE_PNG, URI.create("https://example.com/cat.png")),
                new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(PNG)))
            .build());
        default -> throw new IllegalArgumentException(scenario);
      }
      return new Prompt(messages, options.build());
    }

    static ToolCallback tool() {
      return new ToolCallback() {
        @Override
        public ToolDefinition getToolDefinition() {
          return DefaultToolDefinition.builder().name("get_weather").description("Current weather in a city")
              .inputSchema(WEATHER_SCHEMA).build();
        }

        @Override
        public String call(String arguments) {
          throw new AssertionError("not executed in this test");
        }
      };
    }
  }
}
