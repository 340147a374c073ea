package dev.airid.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.BundleSigner;
import dev.airid.attest.DeclarationPredicate;
import dev.airid.attest.Dsse;
import dev.airid.attest.ExecutionFacts;
import dev.airid.capture.ContextItem;
import dev.airid.capture.FinishedRun;
import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunRejectedException;
import dev.airid.capture.RunScope;
import dev.airid.integrations.testkit.CaptureTestBase;
import dev.airid.integrations.testkit.OpenAiStub;
import dev.airid.integrations.testkit.OpenAiStub.Reply;
import dev.airid.integrations.testkit.ProvenanceAssert;
import dev.airid.integrations.testkit.WireMapping;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.policy.Policy;
import dev.airid.verify.VerificationResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.document.Document;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

/**
 * Spring AI's real OpenAI module ({@code spring-ai-openai}, on the official OpenAI Java SDK) against the loopback
 * server: for each scenario of issue 13 the declaration equals what went over the wire, a gated run sends nothing, and
 * the provenance verifies with the library and {@code airid verify} and binds the response.
 */
class SpringAiIntegrationTest extends CaptureTestBase {

  static OpenAiChatOptions.Builder options() {
    return OpenAiChatOptions.builder().baseUrl(stub.baseUrl()).apiKey("test-key").model("gpt-4o").maxRetries(0);
  }

  static OpenAiChatModel openAi() {
    return OpenAiChatModel.builder().options(options().build()).build();
  }

  static void declaresTheWire(FinishedRun run, JsonObject wire, Map<String, JsonValue> extra) {
    assertEquals(WireMapping.declaration(wire, "openai", extra), run.declaration().json());
  }

  Path provenanceOf(RunIdentity id) throws Exception {
    capture.flush();
    files.flush();
    Path p = files.fileOf(id);
    assertTrue(Files.exists(p), "provenance file " + p);
    return p;
  }

  @Test
  void plainChatWithParameters() throws Exception {
    stub.reply(Reply.text("Bonjour, tout le monde ✓"));
    ChatModel model = AiridChatModel.wrap(openAi(), "openai", capture);
    ChatResponse response;
    RunIdentity id;
    try (RunScope scope = RunScope.open()) {
      response = model.call(new Prompt(List.of(new SystemMessage("You translate into French."), new UserMessage("Hello, world ✓")),
          options().temperature(0.2).topP(0.9).maxTokens(120).stop(List.of("END")).frequencyPenalty(0.5)
              .presencePenalty(-0.25).seed(4242).build()));
      id = scope.last().orElseThrow().identity();
    }
    JsonObject wire = stub.requests().get(0);
    assertEquals(JsonString.of("END"), wire.getOrNull("stop"), "Spring AI sends a single stop sequence as a string");
    FinishedRun run = finished().get(0);
    declaresTheWire(run, wire, Map.of());
    JsonObject params = (JsonObject) run.declaration().json().getOrNull("parameters");
    assertEquals(JsonArray.of(JsonString.of("END")), params.getOrNull("stop_sequences"));
    assertEquals(JsonString.of("4242"), params.getOrNull("seed"));
    byte[] text = response.getResult().getOutput().getText().getBytes(StandardCharsets.UTF_8);
    VerificationResult r = ProvenanceAssert.verifies(provenanceOf(id), key.verificationKey(), publicKeyFile, text);
    ProvenanceAssert.doesNotBind(provenanceOf(id), publicKeyFile, "Bonjour".getBytes(StandardCharsets.UTF_8));
    // The facts the provider reported are in the verified output attestation; the one subject is the response text.
    ExecutionFacts facts = r.artifact().orElseThrow().execution().orElseThrow();
    assertEquals(ExecutionFacts.Status.SUCCEEDED, facts.status());
    assertEquals(Optional.of(stub.responseIds().get(0)), facts.responseId());
    assertEquals(List.of("stop"), facts.finishReasons());
    assertEquals(Optional.of("gpt-4o" + OpenAiStub.SNAPSHOT), facts.reportedModel());
    assertEquals(OptionalLong.of(11), facts.inputTokens());
    assertEquals(List.of(List.of("response")), subjectNames(r));
    // The run attestation names Spring AI, with the version the POM pins, as its producer.
    DeclarationPredicate.Producer producer = DeclarationPredicate.parse(r.declarationStatement().orElseThrow().predicate())
        .producer().orElseThrow();
    assertEquals("spring-ai", producer.name());
    assertEquals(System.getProperty("airid.test.spring-ai.version"), producer.version());
  }

  static final String WEATHER_SCHEMA = """
      {"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"]}""";

  /** A tool whose body calls a model itself, as a child run of the run that called the tool. */
  static ToolCallback weather(ChatModel model) {
    return new ToolCallback() {
      @Override
      public ToolDefinition getToolDefinition() {
        return DefaultToolDefinition.builder().name("get_weather").description("Current weather in a city")
            .inputSchema(WEATHER_SCHEMA).build();
      }

      @Override
      public String call(String arguments) {
        RunIdentity caller = RunScope.current().flatMap(RunScope::last).orElseThrow().identity();
        try (RunScope tool = RunScope.open(caller)) {
          return model.call("Forecast for Paris, one line");
        }
      }
    };
  }

  @Test
  void toolLoopOfTwoModelCallsThroughChatClient() throws Exception {
    stub.reply(Reply.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
        Reply.text("Sunny, says the forecaster."), Reply.text("It is sunny in Paris."));
    ChatModel model = AiridChatModel.wrap(openAi(), "openai", capture);
    String answer;
    try (RunScope step = RunScope.open()) {
      answer = ChatClient.builder(model).build().prompt().user("Weather in Paris?").toolCallbacks(weather(model)).call().content();
    }
    assertEquals("It is sunny in Paris.", answer);
    List<JsonObject> wire = stub.requests();
    assertEquals(3, wire.size());
    List<FinishedRun> finished = finished();
    declaresTheWire(finished.get(0), wire.get(0), Map.of());
    declaresTheWire(finished.get(1), wire.get(1), Map.of("parents", JsonArray.of(JsonString.of(finished.get(0).identity().toString()))));
    declaresTheWire(finished.get(2), wire.get(2), Map.of());
    byte[] calls = Run.toolCallsJson(List.of(new dev.airid.capture.ChatDeclaration.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")));
    VerificationResult first = ProvenanceAssert.verifies(provenanceOf(finished.get(0).identity()), key.verificationKey(), publicKeyFile, calls);
    assertEquals(List.of(List.of("response", "tool_calls")), subjectNames(first));
    assertEquals(List.of("tool_calls"), first.artifact().orElseThrow().execution().orElseThrow().finishReasons());
    ProvenanceAssert.verifies(provenanceOf(finished.get(2).identity()), key.verificationKey(), publicKeyFile,
        answer.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void retrievedDocumentsInTheScopeAreContext() throws Exception {
    stub.reply(Reply.text("Use airid verify."));
    ChatModel model = AiridChatModel.wrap(openAi(), "openai", capture);
    String doc = "Provenance files verify offline with airid verify.";
    try (RunScope scope = RunScope.open()) {
      scope.context(new ContextItem("https://airid.dev/docs/verify", doc));
      model.call(new Prompt(new UserMessage("How do I check a provenance file?\n\nContext:\n" + doc)));
    }
    JsonArray context = JsonArray.of(JsonObject.builder().put("source", "https://airid.dev/docs/verify").put("content", doc).build());
    declaresTheWire(finished().get(0), stub.requests().get(0), Map.of("context", context));
    ProvenanceAssert.verifies(provenanceOf(finished().get(0).identity()), key.verificationKey(), publicKeyFile,
        "Use airid verify.".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theAdvisorDeclaresRetrievedDocumentsFromTheAdvisorContext() throws Exception {
    stub.reply(Reply.text("Use airid verify."));
    Document doc = new Document("Provenance files verify offline with airid verify.", Map.of("url", "https://airid.dev/docs/verify"));
    ChatClient client = ChatClient.builder(openAi()).defaultAdvisors(AiridAdvisor.of(capture, "openai")).build();
    client.prompt().user("How do I check a provenance file?").advisors(a -> a.param(AiridAdvisor.RAG_DOCUMENTS, List.of(doc)))
        .call().content();
    JsonArray context = JsonArray.of(JsonObject.builder().put("source", "https://airid.dev/docs/verify").put("content", doc.getText()).build());
    declaresTheWire(finished().get(0), stub.requests().get(0), Map.of("context", context));
    ProvenanceAssert.verifies(provenanceOf(finished().get(0).identity()), key.verificationKey(), publicKeyFile,
        "Use airid verify.".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void multiPartUserMessage() throws Exception {
    stub.reply(Reply.text("Two cats."));
    ChatModel model = AiridChatModel.wrap(openAi(), "openai", capture);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    model.call(new Prompt(UserMessage.builder().text("What is in these pictures?")
        .media(new Media(MimeTypeUtils.IMAGE_PNG, URI.create("https://example.com/cat.png")),
            new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(png)))
        .build()));
    FinishedRun run = finished().get(0);
    declaresTheWire(run, stub.requests().get(0), Map.of());
    assertFalse(new String(run.declaration().toJsonBytes(), StandardCharsets.UTF_8).contains(java.util.Base64.getEncoder().encodeToString(png)));
    ProvenanceAssert.verifies(provenanceOf(run.identity()), key.verificationKey(), publicKeyFile, "Two cats.".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void streamingHasItsIdentityBeforeTheFirstTokenAndBindsWhenTheStreamEnds() throws Exception {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    BundleSigner local = (type, payload) -> {
      events.add(new String(payload, StandardCharsets.UTF_8).contains(Attestor.OUTPUT_PREDICATE) ? "output signed" : "run signed");
      return Bundle.withKeyHint(key.keyId(), new Dsse.Envelope(type, payload, List.of(new Dsse.Signature(key.keyId(), key.sign(Dsse.pae(type, payload))))));
    };
    capture.close();
    capture = RunCapture.builder().signer(local).sink(run -> {
      finished.add(run);
      files.accept(run);
    }).build();
    stub.reply(Reply.text("Streaming, one piece at a time."));
    ChatModel model = AiridChatModel.wrap(openAi(), "openai", capture);
    List<ChatResponse> pieces = model.stream(new Prompt("Stream please", options().temperature(0.3).build()))
        .doOnNext(r -> events.add("token")).collectList().block(java.time.Duration.ofSeconds(30));
    assertTrue(pieces.size() > 1, "several stream events");
    FinishedRun run = finished().get(0);
    assertEquals("run signed", events.get(0));
    assertEquals("token", events.get(1));
    assertEquals("output signed", events.get(events.size() - 1), "bound when the stream completed");
    JsonObject wire = stub.requests().get(0);
    assertEquals(dev.airid.json.JsonBoolean.of(true), wire.getOrNull("stream"));
    declaresTheWire(run, wire, Map.of());
    VerificationResult r = ProvenanceAssert.verifies(provenanceOf(run.identity()), key.verificationKey(), publicKeyFile,
        "Streaming, one piece at a time.".getBytes(StandardCharsets.UTF_8));
    ExecutionFacts facts = r.artifact().orElseThrow().execution().orElseThrow();
    assertEquals(Optional.of(stub.responseIds().get(0)), facts.responseId());
    assertEquals(List.of("stop"), facts.finishReasons());
  }

  @Test
  void providerErrorKeepsTheRunAttestationRecordsTheFailureAndRethrowsUnchanged() throws Exception {
    stub.reply(Reply.error(400, "model overloaded"));
    ChatModel model = AiridChatModel.wrap(openAi(), "openai", capture);
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> model.call("Hello?"));
    assertFalse(thrown.getClass().getName().startsWith("dev.airid"), "the provider's exception propagates unchanged");
    FinishedRun run = finished().get(0);
    assertEquals(ExecutionFacts.Status.FAILED, run.status());
    assertEquals(thrown.getClass().getName(), run.errorType().orElseThrow());
    declaresTheWire(run, stub.requests().get(0), Map.of());
    VerificationResult r = ProvenanceAssert.verifies(provenanceOf(run.identity()), key.verificationKey(), publicKeyFile,
        thrown.getClass().getName().getBytes(StandardCharsets.UTF_8));
    ExecutionFacts facts = r.artifact().orElseThrow().execution().orElseThrow();
    assertEquals(ExecutionFacts.Status.FAILED, facts.status());
    assertEquals(Optional.of(thrown.getClass().getName()), facts.errorType());
    assertEquals(List.of(List.of("error")), subjectNames(r));
    assertFalse(new String(dev.airid.json.Json.compact(r.outputStatements().get(0).toJson()), StandardCharsets.UTF_8)
        .contains("overloaded"), "the error's message is never attested");
  }

  static final String POLICY = """
      policy: https://airid.dev/policy/v1
      rules:
        - name: cool-temperature
          expression: declaration.parameters.temperature <= 0.5
          message: temperature above 0.5
      """;

  @Test
  void aGatedRunSendsNoRequestWhetherCalledOrStreamed() throws Exception {
    capture.close();
    RunCapture gated = RunCapture.builder().signingKey(key).policy(Policy.parse(POLICY.getBytes(StandardCharsets.UTF_8), "p.yaml"))
        .sink(finished::add).build();
    capture = gated;
    ChatModel model = AiridChatModel.wrap(openAi(), "openai", gated);
    Prompt hot = new Prompt("Be creative", options().temperature(1.5).build());
    RunRejectedException rejected = assertThrows(RunRejectedException.class, () -> model.call(hot));
    assertEquals(ErrorCode.POLICY_REJECTED, rejected.code());
    assertEquals(List.of("cool-temperature"), rejected.failedRules());
    assertThrows(RunRejectedException.class, () -> model.stream(hot).blockLast());
    assertEquals(0, stub.requests().size());
    assertTrue(finished().isEmpty());
    // Through ChatClient and the advisor too: an advisor can stop a call.
    ChatClient client = ChatClient.builder(openAi()).defaultAdvisors(AiridAdvisor.of(gated, "openai")).build();
    assertThrows(RunRejectedException.class, () -> client.prompt().user("Be creative").options(options().temperature(1.5)).call().content());
    assertEquals(0, stub.requests().size());
  }
}
