package dev.airid.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.attest.BundleSigner;
import dev.airid.attest.DeclarationPredicate;
import dev.airid.attest.ExecutionFacts;
import dev.airid.verify.VerificationResult;
import dev.airid.capture.FinishedRun;
import dev.airid.capture.ProvenanceSink;
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
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.rag.AugmentationRequest;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's real OpenAI module against the loopback server: for each scenario of issue 13, the declaration equals
 * what went over the wire (spec/frameworks.md, mapped independently from the request body by {@link WireMapping}),
 * a gated run sends nothing, and the provenance verifies with the library and with {@code airid verify} and binds the
 * response.
 */
class LangChain4jIntegrationTest extends CaptureTestBase {

  static ChatModel openAi() {
    return OpenAiChatModel.builder().baseUrl(stub.baseUrl()).apiKey("test-key").modelName("gpt-4o").maxRetries(0).build();
  }

  /** The declaration of the finished run equals the one the wire request determines. */
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
    ChatModel model = AiridChatModel.wrap(openAi(), capture);
    ChatResponse response;
    RunIdentity id;
    try (RunScope scope = RunScope.open()) {
      response = model.chat(ChatRequest.builder()
          .messages(SystemMessage.from("You translate into French."), UserMessage.from("Hello, world ✓"))
          .parameters(OpenAiChatRequestParameters.builder()
              .temperature(0.2).topP(0.9).maxOutputTokens(120).stopSequences(List.of("END"))
              .frequencyPenalty(0.5).presencePenalty(-0.25).seed(4242).build())
          .build());
      id = scope.last().orElseThrow().identity();
    }
    assertEquals(1, stub.requests().size());
    JsonObject wire = stub.requests().get(0);
    FinishedRun run = finished().get(0);
    assertEquals(id, run.identity());
    declaresTheWire(run, wire, Map.of());
    JsonObject params = (JsonObject) run.declaration().json().getOrNull("parameters");
    assertEquals(JsonString.of("4242"), params.getOrNull("seed"));
    assertEquals(JsonArray.of(JsonString.of("END")), params.getOrNull("stop_sequences"));

    byte[] text = response.aiMessage().text().getBytes(StandardCharsets.UTF_8);
    VerificationResult r = ProvenanceAssert.verifies(provenanceOf(id), key.verificationKey(), publicKeyFile, text);
    assertEquals(id, r.identity().orElseThrow());
    ProvenanceAssert.doesNotBind(provenanceOf(id), publicKeyFile, "Bonjour".getBytes(StandardCharsets.UTF_8));
    // The facts the provider reported are in the verified output attestation; the one subject is the response text.
    ExecutionFacts facts = r.artifact().orElseThrow().execution().orElseThrow();
    assertEquals(ExecutionFacts.Status.SUCCEEDED, facts.status());
    assertEquals(Optional.of(stub.responseIds().get(0)), facts.responseId());
    assertEquals(List.of("stop"), facts.finishReasons());
    assertEquals(Optional.of("gpt-4o" + OpenAiStub.SNAPSHOT), facts.reportedModel());
    assertEquals(OptionalLong.of(11), facts.inputTokens());
    assertEquals(OptionalLong.of(7), facts.outputTokens());
    assertEquals(List.of(List.of("response")), subjectNames(r));
    // The run attestation names LangChain4j, with the version the POM pins, as its producer.
    DeclarationPredicate.Producer producer = producer(r);
    assertEquals("langchain4j", producer.name());
    assertEquals(System.getProperty("airid.test.langchain4j.version"), producer.version());
    assertFalse(run.declaration().json().has("runtime"), "the framework is not declared unless asked for");
  }

  static DeclarationPredicate.Producer producer(VerificationResult r) throws Exception {
    return DeclarationPredicate.parse(r.declarationStatement().orElseThrow().predicate()).producer().orElseThrow();
  }

  static final ToolSpecification WEATHER = ToolSpecification.builder()
      .name("get_weather").description("Current weather in a city")
      .parameters(JsonObjectSchema.builder().addStringProperty("city", "City name").required("city").build())
      .build();

  @Test
  void toolLoopOfTwoModelCallsWithAChildRunInTheTool() throws Exception {
    stub.reply(Reply.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
        Reply.text("Sunny, says the forecaster."), Reply.text("It is sunny in Paris."));
    ChatModel model = AiridChatModel.wrap(openAi(), capture);
    List<ChatMessage> messages = new ArrayList<>(List.of(UserMessage.from("Weather in Paris?")));
    ChatRequest.Builder req = ChatRequest.builder().parameters(OpenAiChatRequestParameters.builder().toolSpecifications(WEATHER).build());
    try (RunScope step = RunScope.open()) {
      AiMessage first = model.chat(req.messages(messages).build()).aiMessage();
      assertTrue(first.hasToolExecutionRequests());
      RunIdentity caller = step.last().orElseThrow().identity();
      // The tool calls a model itself: a child run of the run that called the tool.
      String forecast;
      try (RunScope tool = RunScope.open(caller)) {
        forecast = model.chat(UserMessage.from("Forecast for Paris, one line")).aiMessage().text();
      }
      ToolExecutionRequest call = first.toolExecutionRequests().get(0);
      messages.add(first);
      messages.add(ToolExecutionResultMessage.from(call, forecast));
      assertEquals("It is sunny in Paris.", model.chat(req.messages(messages).build()).aiMessage().text());
    }
    List<JsonObject> wire = stub.requests();
    assertEquals(3, wire.size());
    List<FinishedRun> finished = finished();
    declaresTheWire(finished.get(0), wire.get(0), Map.of());
    declaresTheWire(finished.get(1), wire.get(1), Map.of("parents", JsonArray.of(JsonString.of(finished.get(0).identity().toString()))));
    declaresTheWire(finished.get(2), wire.get(2), Map.of());
    JsonObject toolResult = (JsonObject) ((JsonArray) finished.get(2).declaration().json().getOrNull("inputs")).get(2);
    assertEquals(JsonString.of("call_1"), toolResult.getOrNull("toolCallId"));
    assertEquals(JsonString.of("get_weather"), toolResult.getOrNull("name"));
    // The first run's output is its tool call, bound as canonical JSON.
    byte[] calls = Run.toolCallsJson(List.of(new dev.airid.capture.ChatDeclaration.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")));
    VerificationResult first = ProvenanceAssert.verifies(provenanceOf(finished.get(0).identity()), key.verificationKey(), publicKeyFile, calls);
    assertEquals(List.of(List.of("response", "tool_calls")), subjectNames(first));
    assertEquals(List.of("tool_calls"), first.artifact().orElseThrow().execution().orElseThrow().finishReasons());
    VerificationResult last = ProvenanceAssert.verifies(provenanceOf(finished.get(2).identity()), key.verificationKey(), publicKeyFile,
        "It is sunny in Paris.".getBytes(StandardCharsets.UTF_8));
    assertEquals(Optional.of(stub.responseIds().get(2)), last.artifact().orElseThrow().execution().orElseThrow().responseId());
  }

  @Test
  void retrievedDocumentsAreContextAndTheInjectedTextIsPartOfTheMessage() throws Exception {
    stub.reply(Reply.text("Use airid verify."));
    ChatModel model = AiridChatModel.wrap(openAi(), capture);
    TextSegment doc = TextSegment.from("Provenance files verify offline with airid verify.",
        Metadata.from("url", "https://airid.dev/docs/verify"));
    DefaultRetrievalAugmentor augmentor = DefaultRetrievalAugmentor.builder()
        .contentRetriever(AiridContentRetriever.wrap(q -> List.of(Content.from(doc)))).build();
    UserMessage question = UserMessage.from("How do I check a provenance file?");
    try (RunScope scope = RunScope.open()) {
      ChatMessage augmented = augmentor.augment(new AugmentationRequest(question,
          dev.langchain4j.rag.query.Metadata.from(question, null, List.of()))).chatMessage();
      model.chat(augmented);
    }
    JsonObject wire = stub.requests().get(0);
    JsonArray context = JsonArray.of(JsonObject.builder().put("source", "https://airid.dev/docs/verify")
        .put("content", doc.text()).build());
    declaresTheWire(finished().get(0), wire, Map.of("context", context));
    String sent = ((JsonString) ((JsonObject) ((JsonArray) wire.getOrNull("messages")).get(0)).getOrNull("content")).value();
    assertTrue(sent.contains(doc.text()), "the augmentor injected the document into the message");
    ProvenanceAssert.verifies(provenanceOf(finished().get(0).identity()), key.verificationKey(), publicKeyFile,
        "Use airid verify.".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void multiPartUserMessage() throws Exception {
    stub.reply(Reply.text("Two cats."));
    ChatModel model = AiridChatModel.wrap(openAi(), capture);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    model.chat(UserMessage.from(TextContent.from("What is in these pictures?"),
        ImageContent.from("https://example.com/cat.png"),
        ImageContent.from(Base64.getEncoder().encodeToString(png), "image/png")));
    JsonObject wire = stub.requests().get(0);
    FinishedRun run = finished().get(0);
    declaresTheWire(run, wire, Map.of());
    JsonArray parts = (JsonArray) ((JsonObject) ((JsonArray) run.declaration().json().getOrNull("inputs")).get(0)).getOrNull("content");
    assertEquals(3, parts.size());
    assertFalse(new String(run.declaration().toJsonBytes(), StandardCharsets.UTF_8).contains(Base64.getEncoder().encodeToString(png)),
        "media is declared by digest, never embedded");
    ProvenanceAssert.verifies(provenanceOf(run.identity()), key.verificationKey(), publicKeyFile, "Two cats.".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void streamingHasItsIdentityBeforeTheFirstTokenAndBindsWhenTheStreamEnds() throws Exception {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    BundleSigner local = (type, payload) -> {
      events.add(new String(payload, StandardCharsets.UTF_8).contains(Attestor.OUTPUT_PREDICATE) ? "output signed" : "run signed");
      return dev.airid.sigstore.Bundle.withKeyHint(key.keyId(), new dev.airid.attest.Dsse.Envelope(type, payload,
          List.of(new dev.airid.attest.Dsse.Signature(key.keyId(), key.sign(dev.airid.attest.Dsse.pae(type, payload))))));
    };
    capture.close();
    capture = RunCapture.builder().signer(local).sink(run -> {
      finished.add(run);
      files.accept(run);
    }).build();
    stub.reply(Reply.text("Streaming, one piece at a time."));
    var model = AiridStreamingChatModel.wrap(OpenAiStreamingChatModel.builder().baseUrl(stub.baseUrl()).apiKey("k")
        .modelName("gpt-4o").temperature(0.3).build(), capture);
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(ChatRequest.builder().messages(UserMessage.from("Stream please")).build(), new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        events.add("token");
      }

      @Override
      public void onCompleteResponse(ChatResponse r) {
        done.complete(r);
      }

      @Override
      public void onError(Throwable e) {
        done.completeExceptionally(e);
      }
    });
    ChatResponse r = done.get(30, TimeUnit.SECONDS);
    FinishedRun run = finished().get(0);
    assertEquals("run signed", events.get(0));
    assertEquals("token", events.get(1));
    assertEquals("output signed", events.get(events.size() - 1));
    JsonObject wire = stub.requests().get(0);
    assertEquals(dev.airid.json.JsonBoolean.of(true), wire.getOrNull("stream"));
    declaresTheWire(run, wire, Map.of());
    VerificationResult v = ProvenanceAssert.verifies(provenanceOf(run.identity()), key.verificationKey(), publicKeyFile,
        r.aiMessage().text().getBytes(StandardCharsets.UTF_8));
    ExecutionFacts facts = v.artifact().orElseThrow().execution().orElseThrow();
    assertEquals(Optional.of(stub.responseIds().get(0)), facts.responseId());
    assertEquals(List.of("stop"), facts.finishReasons());
  }

  @Test
  void providerErrorKeepsTheRunAttestationRecordsTheFailureAndRethrowsUnchanged() throws Exception {
    stub.reply(Reply.error(400, "model overloaded"));
    ChatModel model = AiridChatModel.wrap(openAi(), capture);
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> model.chat("Hello?"));
    assertFalse(thrown.getClass().getName().startsWith("dev.airid"), "the provider's exception propagates unchanged");
    FinishedRun run = finished().get(0);
    assertEquals(ExecutionFacts.Status.FAILED, run.status());
    assertEquals(thrown.getClass().getName(), run.errorType().orElseThrow());
    declaresTheWire(run, stub.requests().get(0), Map.of());
    // The run attestation is kept; the output attestation says failed, with the exception's class and not its message.
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
  void aGatedRunSendsNoRequest() throws Exception {
    capture.close();
    capture = RunCapture.builder().signingKey(key).policy(Policy.parse(POLICY.getBytes(StandardCharsets.UTF_8), "p.yaml"))
        .sink(finished::add).build();
    ChatModel model = AiridChatModel.wrap(openAi(), capture);
    RunRejectedException e = assertThrows(RunRejectedException.class, () -> model.chat(ChatRequest.builder()
        .messages(UserMessage.from("Be creative")).temperature(1.5).build()));
    assertEquals(ErrorCode.POLICY_REJECTED, e.code());
    assertEquals(List.of("cool-temperature"), e.failedRules());
    assertEquals(0, stub.requests().size());
    assertTrue(finished().isEmpty());
    // The same model within the policy is sent.
    model.chat(ChatRequest.builder().messages(UserMessage.from("Be careful")).temperature(0.1).build());
    assertEquals(1, stub.requests().size());
    assertEquals(1, finished().size());
  }

  @Test
  void badConfigurationFailsWhenTheCaptureIsBuilt() throws Exception {
    assertEquals(ErrorCode.USAGE, assertThrows(InputRejectedException.class,
        () -> RunCapture.builder().attest(true).build()).code());
    Path badKey = Files.writeString(dir.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertEquals(ErrorCode.KEY_INVALID, assertThrows(InputRejectedException.class,
        () -> RunCapture.builder().signingKey(badKey, null).build()).code());
    Path badPolicy = Files.writeString(dir.resolve("p.yaml"), "policy: https://airid.dev/policy/v1\nrules:\n  - name: x\n    expression: 'declaration.model.name ==='\n");
    assertEquals(ErrorCode.POLICY_INVALID, assertThrows(InputRejectedException.class,
        () -> RunCapture.builder().policy(badPolicy).build()).code());
    assertEquals(ErrorCode.INPUT_NOT_FOUND, assertThrows(InputRejectedException.class,
        () -> ProvenanceSink.directory(dir.resolve("missing"))).code());
  }

  @Test
  void theListenerObservesButCannotStopACall() throws Exception {
    capture.close();
    capture = RunCapture.builder().signingKey(key).policy(Policy.parse(POLICY.getBytes(StandardCharsets.UTF_8), "p.yaml"))
        .sink(finished::add).build();
    ChatModel model = OpenAiChatModel.builder().baseUrl(stub.baseUrl()).apiKey("k").modelName("gpt-4o").maxRetries(0)
        .listeners(List.of(new AiridChatModelListener(capture))).build();
    stub.reply(Reply.text("observed"));
    model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).temperature(0.2).build());
    assertEquals(1, finished().size());
    declaresTheWire(finished().get(0), stub.requests().get(0), Map.of());
    assertEquals(ExecutionFacts.Status.SUCCEEDED, finished().get(0).status());
    // Over the policy: the listener cannot stop it; the request is sent and nothing is attested.
    model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).temperature(0.9).build());
    assertEquals(2, stub.requests().size());
    assertEquals(1, finished().size());
  }

  @Test
  void aSynchronousCaptureHasTheOutputAttestationWhenTheCallReturns() throws Exception {
    capture.close();
    List<String> sinkThreads = Collections.synchronizedList(new ArrayList<>());
    capture = RunCapture.builder().signingKey(key).synchronous(true).sink(run -> {
      sinkThreads.add(Thread.currentThread().getName());
      finished.add(run);
      files.accept(run);
    }).build();
    stub.reply(Reply.text("At once."));
    ChatModel model = AiridChatModel.wrap(openAi(), capture);
    try (RunScope scope = RunScope.open()) {
      model.chat("Now?");
      // No flush: the run was bound on this thread before chat() returned.
      assertEquals(List.of(Thread.currentThread().getName()), sinkThreads);
      assertTrue(scope.last().orElseThrow().finished().isDone());
      assertTrue(finished.get(0).outputBundle().isPresent());
    }
    ProvenanceAssert.verifies(provenanceOf(finished.get(0).identity()), key.verificationKey(), publicKeyFile,
        "At once.".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutASignerOnlyTheIdentityIsComputed() {
    stub.reply(Reply.text("fine"));
    ChatModel model = AiridChatModel.wrap(openAi(), RunCapture.identityOnly());
    try (RunScope scope = RunScope.open()) {
      model.chat("Hi");
      FinishedRun run = scope.last().orElseThrow().finished().join();
      assertTrue(run.runBundle().isEmpty());
      assertTrue(run.provenance().isEmpty());
      assertInstanceOf(RunIdentity.class, run.identity());
    }
  }
}
