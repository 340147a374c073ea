package dev.airid.springai;

import dev.airid.capture.ProvenanceException;
import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunRejectedException;
import dev.airid.capture.RunScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@link ChatModel} that gives every call a run identity and, as configured in its {@link RunCapture},
 * gates it with a policy, attests it before the provider is called and binds the response after. Use it wherever a
 * {@code ChatModel} goes, including {@code ChatClient.builder(model)}:
 *
 * <pre>{@code
 * ChatModel model = AiridChatModel.wrap(OpenAiChatModel.builder()...build(), "openai", capture);
 * }</pre>
 *
 * <p>It sees the final prompt: everything {@code ChatClient} and its advisors assembled, with the options the provider
 * module will send (the prompt's own, or the model's when the prompt has none, as Spring AI's providers resolve them;
 * spec/frameworks.md §11.2). A rejected run throws {@link RunRejectedException} (from {@code stream}, as the Flux's
 * error) and sends nothing; a provider error is recorded as a failed run and propagates unchanged.
 *
 * <p>Streaming: the run starts when the Flux is subscribed, before the provider is called, so the identity exists
 * before the first token; the response is bound when the Flux completes, a failure recorded when it errors, and a
 * cancelled stream is recorded as interrupted. The run scope is taken when {@code stream} is called, on the caller's
 * thread. Thread-safe when the wrapped model is.
 */
public final class AiridChatModel implements ChatModel {

  private final ChatModel delegate;
  private final String provider;
  private final RunCapture capture;

  private AiridChatModel(ChatModel delegate, String provider, RunCapture capture) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.provider = provider;
    this.capture = Objects.requireNonNull(capture, "capture");
  }

  /**
   * Wraps {@code model} of {@code provider} (an OpenTelemetry {@code gen_ai.provider.name} such as {@code openai}; a
   * Spring AI model does not name its provider).
   */
  public static AiridChatModel wrap(ChatModel model, String provider, RunCapture capture) {
    return new AiridChatModel(model, provider, capture);
  }

  private ChatOptions effective(Prompt prompt) {
    return prompt.getOptions() != null ? prompt.getOptions() : delegate.getOptions();
  }

  /**
   * @throws RunRejectedException if the policy rejects the run (nothing is sent)
   * @throws ProvenanceException if the run cannot be attested (nothing is sent), or, with a synchronous capture, the
   *     response cannot be bound (otherwise that is reported by {@link RunCapture#flush()})
   */
  @Override
  public ChatResponse call(Prompt prompt) {
    Run run = capture.begin(Prompts.declare(prompt, effective(prompt), provider), Prompts.RUNTIME, Prompts.VERSION,
        RunScope.current().orElse(null));
    ChatResponse response;
    try {
      response = delegate.call(prompt);
    } catch (RuntimeException | Error e) {
      run.failed(e);
      throw e;
    }
    run.succeeded(Prompts.outcome(response));
    return response;
  }

  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    RunScope scope = RunScope.current().orElse(null);
    return Flux.defer(() -> {
      Run run = capture.begin(Prompts.declare(prompt, effective(prompt), provider), Prompts.RUNTIME, Prompts.VERSION, scope);
      List<ChatResponse> seen = new ArrayList<>();
      return delegate.stream(prompt)
          .doOnNext(r -> {
            synchronized (seen) {
              seen.add(r);
            }
          })
          .doOnComplete(() -> {
            synchronized (seen) {
              run.succeeded(StreamedResponse.outcome(seen));
            }
          })
          .doOnError(run::failed)
          .doOnCancel(run::interrupted);
    });
  }

  @Override
  public ChatOptions getOptions() {
    return delegate.getOptions();
  }
}
