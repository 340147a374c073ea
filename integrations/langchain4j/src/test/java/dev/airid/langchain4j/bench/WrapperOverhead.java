package dev.airid.langchain4j.bench;

import dev.airid.attest.Dsse;
import dev.airid.capture.RunCapture;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.langchain4j.AiridChatModel;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The wrapper's added cost per call with a local Ed25519 key, beside its floor, measured in the same run (issue 13:
 * target ≤ 1.2×). The wrapped model answers from memory, so a call of the wrapper costs only what airid adds: the
 * declaration from the request, its identity, the run attestation before the call, the output attestation after it.
 * Floors: one identity computation plus one raw Ed25519 signature of the same declaration (the yardstick), and
 * the same with two signatures (what a run with an output attestation needs at least).
 *
 * <p>Paired and interleaved like attest-core's {@code Paired}: batches of floor and operation alternate (A B, B A)
 * and the ratio is taken per neighbouring pair, so drift of a shared machine cancels. Compiled with the tests, never
 * run by them: {@code ./mvnw -B -q -Pbench -pl integrations/langchain4j -am test-compile exec:exec}.
 */
public final class WrapperOverhead {

  private static final int ROUNDS = 40;
  private static final long WARMUP_NANOS = 6_000_000_000L;
  private static final long BATCH_NANOS = 20_000_000;

  private WrapperOverhead() {}

  public static void main(String[] args) throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    ChatRequestParameters defaults = DefaultChatRequestParameters.builder().modelName("gpt-4o").build();
    ChatResponse canned = ChatResponse.builder().aiMessage(AiMessage.from("Bonjour, tout le monde."))
        .id("chatcmpl-1").modelName("gpt-4o-2025-01-01").finishReason(FinishReason.STOP)
        .tokenUsage(new TokenUsage(24, 7)).build();
    ChatModel inMemory = new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        return canned;
      }

      @Override
      public ChatRequestParameters defaultRequestParameters() {
        return defaults;
      }
    };
    ChatModel wrapped = AiridChatModel.wrap(inMemory, RunCapture.builder().signingKey(key).build());
    ChatRequest request = ChatRequest.builder()
        .messages(SystemMessage.from("You translate into French. Keep the tone."), UserMessage.from("Hello, world ✓"))
        .temperature(0.2).maxOutputTokens(120).build();

    // The declaration the wrapper makes for this request, as bytes, for the floors.
    List<Declaration> made = new ArrayList<>();
    dev.airid.capture.RunCapture probe = RunCapture.builder().sink(r -> made.add(r.declaration())).build();
    AiridChatModel.wrap(inMemory, probe).chat(request);
    byte[] declaration = Json.compact(made.get(0).json());

    Callable<Object> floor1 = () -> {
      Declaration.parse(declaration).identity();
      return key.sign(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, declaration));
    };
    Callable<Object> floor2 = () -> {
      floor1.call();
      return key.sign(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, declaration));
    };
    Callable<Object> op = () -> wrapped.chat(request);

    System.out.printf("%-44s %12s %12s   %s%n", "case", "floor", "wrapper", "ratio: median [p25, p75]");
    run("wrapper vs identity + 1 signature", floor1, op);
    run("wrapper vs identity + 2 signatures", floor2, op);
  }

  private static void run(String name, Callable<Object> floor, Callable<Object> op) throws Exception {
    long end = System.nanoTime() + WARMUP_NANOS;
    while (System.nanoTime() < end) {
      floor.call();
      op.call();
    }
    int batch = 1;
    while (time(op, batch) < BATCH_NANOS && batch < 1 << 20) {
      batch *= 2;
    }
    List<Double> ratios = new ArrayList<>();
    List<Long> fs = new ArrayList<>();
    List<Long> os = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      long f;
      long o;
      if (r % 2 == 0) {
        f = time(floor, batch);
        o = time(op, batch);
      } else {
        o = time(op, batch);
        f = time(floor, batch);
      }
      fs.add(f / batch);
      os.add(o / batch);
      ratios.add((double) o / f);
    }
    Collections.sort(ratios);
    Collections.sort(fs);
    Collections.sort(os);
    System.out.printf("%-44s %9.1f µs %9.1f µs   %.2fx [%.2f, %.2f]%n", name, fs.get(ROUNDS / 2) / 1e3,
        os.get(ROUNDS / 2) / 1e3, ratios.get(ROUNDS / 2), ratios.get(ROUNDS / 4), ratios.get(3 * ROUNDS / 4));
  }

  private static long time(Callable<Object> c, int n) throws Exception {
    Object sink = null;
    long t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink = c.call();
    }
    long d = System.nanoTime() - t;
    if (sink == null) {
      throw new IllegalStateException("no result");
    }
    return d;
  }
}
