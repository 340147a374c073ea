package dev.airid.springai;

import dev.airid.capture.ChatDeclaration;
import dev.airid.capture.ChatOutcome;
import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * Spring AI's native hook: a {@code ChatClient} advisor that gives each model call made through the client an identity,
 * a run attestation and a bound response. It runs after the other advisors (tool calling, memory, retrieval), so in a
 * tool loop every model call is its own run, and documents a retrieval advisor left in the advisor context (under
 * {@value #RAG_DOCUMENTS} or {@value #QA_DOCUMENTS}) are declared as {@code context}.
 *
 * <p>An advisor can stop a call, so with a policy a rejected run is not sent. It declares the request as it stands when
 * the advisor runs: the final step before the model, {@code ChatModelCallAdvisor}, may still append output-format
 * instructions for {@code .entity(…)} calls. For the exact request in every case, wrap the model with {@link
 * AiridChatModel} instead (and do not use both, or each call is recorded twice). Thread-safe.
 */
public final class AiridAdvisor implements CallAdvisor, StreamAdvisor {

  /** Where {@code RetrievalAugmentationAdvisor} keeps the documents it retrieved. */
  public static final String RAG_DOCUMENTS = "rag_document_context";

  /** Where {@code QuestionAnswerAdvisor} keeps the documents it retrieved. */
  public static final String QA_DOCUMENTS = "qa_retrieved_documents";

  private final RunCapture capture;
  private final String provider;

  private AiridAdvisor(RunCapture capture, String provider) {
    this.capture = Objects.requireNonNull(capture, "capture");
    this.provider = provider;
  }

  /** An advisor for a client whose model is of {@code provider} ({@code openai}, …). */
  public static AiridAdvisor of(RunCapture capture, String provider) {
    return new AiridAdvisor(capture, provider);
  }

  private Run begin(ChatClientRequest request, RunScope scope) {
    ChatDeclaration d = Prompts.declare(request.prompt(), request.prompt().getOptions(), provider);
    Prompts.documents(request.context().get(RAG_DOCUMENTS)).forEach(d::context);
    Prompts.documents(request.context().get(QA_DOCUMENTS)).forEach(d::context);
    return capture.begin(d, Prompts.RUNTIME, Prompts.VERSION, scope);
  }

  @Override
  public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
    Run run = begin(request, RunScope.current().orElse(null));
    ChatClientResponse response;
    try {
      response = chain.nextCall(request);
    } catch (RuntimeException | Error e) {
      run.failed(e);
      throw e;
    }
    run.succeeded(Prompts.outcome(response.chatResponse()));
    return response;
  }

  @Override
  public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
    RunScope scope = RunScope.current().orElse(null);
    return Flux.defer(() -> {
      Run run = begin(request, scope);
      List<ChatResponse> seen = new ArrayList<>();
      return chain.nextStream(request)
          .doOnNext(r -> {
            synchronized (seen) {
              if (r.chatResponse() != null) {
                seen.add(r.chatResponse());
              }
            }
          })
          .doOnComplete(() -> {
            ChatOutcome o;
            synchronized (seen) {
              o = StreamedResponse.outcome(seen);
            }
            run.succeeded(o);
          })
          .doOnError(run::failed)
          .doOnCancel(run::interrupted);
    });
  }

  @Override
  public String getName() {
    return "airid";
  }

  /** Just before the model call advisor, after tool calling, memory and retrieval. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 1000;
  }
}
