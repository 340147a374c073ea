package dev.airid.examples;

import dev.airid.verify.Artifact;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.capture.DirectorySink;
import dev.airid.attest.DeclarationPredicate;
import dev.airid.capture.Run;
import dev.airid.capture.ProvenanceSink;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunScope;
import dev.airid.integrations.testkit.OpenAiStub;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The same call through LangChain4j and Spring AI: one run identity. Provenance goes to {@code <identity>.airid.jsonl},
 * so the second run (same declaration, same identity) replaces the first run's file with its own.
 */
public final class CrossFramework {

  public static void main(String[] args) throws Exception {
    try (OpenAiStub server = OpenAiStub.start()) {
      server.reply(OpenAiStub.Reply.text("Bonjour, le monde !"), OpenAiStub.Reply.text("Bonjour, le monde !"));
      Path out = Files.createTempDirectory("airid-example-");
      SigningKey key = KeyFiles.generate(KeyType.ED25519);          // in real use: RunCapture.builder().signingKey(path, passphrase)
      DirectorySink files = ProvenanceSink.directory(out);
      RunCapture capture = RunCapture.builder().signingKey(key).sink(files).build();  // outputs are signed off-thread

      // LangChain4j
      var lc4j = dev.airid.langchain4j.AiridChatModel.wrap(
          OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("none").modelName("gpt-4o").build(), capture);
      Run a;
      try (RunScope scope = RunScope.open()) {
        lc4j.chat(ChatRequest.builder()
            .messages(SystemMessage.from("You translate into French."), UserMessage.from("Hello, world"))
            .parameters(OpenAiChatRequestParameters.builder().temperature(0.2).seed(42).stopSequences(List.of("END")).build())
            .build());
        a = scope.last().orElseThrow();
      }

      // Spring AI
      var spring = dev.airid.springai.AiridChatModel.wrap(org.springframework.ai.openai.OpenAiChatModel.builder()
          .options(OpenAiChatOptions.builder().baseUrl(server.baseUrl()).apiKey("none").model("gpt-4o").build()).build(),
          "openai", capture);
      Run b;
      try (RunScope scope = RunScope.open()) {
        spring.call(new Prompt(List.of(new org.springframework.ai.chat.messages.SystemMessage("You translate into French."),
            new org.springframework.ai.chat.messages.UserMessage("Hello, world")),
            OpenAiChatOptions.builder().model("gpt-4o").temperature(0.2).seed(42).stop(List.of("END")).build()));
        b = scope.last().orElseThrow();
      }
      capture.close();   // waits for the output attestations still being signed, then the files are written
      files.close();

      System.out.println("LangChain4j: " + a.identity());
      System.out.println("Spring AI:   " + b.identity());
      System.out.println("same run identity: " + a.identity().equals(b.identity()));
      String sent = new String(server.rawRequests().get(0), StandardCharsets.UTF_8);
      String sentSpring = new String(server.rawRequests().get(1), StandardCharsets.UTF_8);
      System.out.println("\nLangChain4j sent: " + sent + "\nSpring AI sent:   " + sentSpring);
      System.out.println("\ndeclaration:\n" + new String(a.declaration().toJsonBytes(), StandardCharsets.UTF_8));

      byte[] answer = "Bonjour, le monde !".getBytes(StandardCharsets.UTF_8);
      Path file = files.fileOf(a.identity());
      VerificationResult r = Verifier.of(TrustPolicy.of(key.verificationKey())).verify(Files.readAllBytes(file),
          Artifact.ofBytes("answer.txt", answer));
      System.out.println("provenance " + file + " (written by the last call) verifies and binds the answer: " + r.verified());
      // The framework is attested as the run attestation's producer, outside the identity.
      System.out.println("producer: " + DeclarationPredicate.parse(r.declarationStatement().orElseThrow().predicate()).producer()
          .map(p -> p.name() + " " + p.version()).orElse("none") + "; facts: "
          + r.artifact().orElseThrow().execution().orElseThrow().toJson());
      Path pub = Files.write(out.resolve("run.pub"), KeyFiles.publicPem(key.verificationKey()));
      Files.write(out.resolve("answer.txt"), answer);
      System.out.println("check it yourself: bin/airid verify " + out.resolve("answer.txt") + " --bundle " + file + " --key " + pub);
      if (!a.identity().equals(b.identity()) || !r.verified()) {
        System.exit(1);
      }
    }
  }
}
