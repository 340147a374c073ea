package dev.airid.langchain4j;

import dev.airid.capture.ProvenanceException;
import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunRejectedException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A LangChain4j {@link ChatModel} that gives every call a run identity and, as configured in its {@link RunCapture},
 * gates it with a policy, attests it before the provider is called and binds the response after. Use it wherever a
 * {@code ChatModel} goes, including {@code AiServices}:
 *
 * <pre>{@code
 * ChatModel model = AiridChatModel.wrap(OpenAiChatModel.builder()...build(), capture);
 * }</pre>
 *
 * <p>The declaration is built from the final request: the caller's request over the wrapped model's default
 * parameters, merged exactly as {@link ChatModel#chat(ChatRequest, ChatRequestOptions)} merges them (spec/frameworks.md
 * §11.1). A rejected run throws {@link RunRejectedException} and sends nothing; a provider error is recorded as a
 * failed run and rethrown unchanged. The wrapped model's own listeners still run.
 *
 * <p>Thread-safe when the wrapped model is.
 */
public final class AiridChatModel implements ChatModel {

  private final ChatModel delegate;
  private final RunCapture capture;

  private AiridChatModel(ChatModel delegate, RunCapture capture) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.capture = Objects.requireNonNull(capture, "capture");
  }

  /** Wraps {@code model}; every call goes through {@code capture}. */
  public static AiridChatModel wrap(ChatModel model, RunCapture capture) {
    return new AiridChatModel(model, capture);
  }

  /**
   * @throws RunRejectedException if the policy rejects the run (nothing is sent)
   * @throws ProvenanceException if the run cannot be attested (nothing is sent), or, with a synchronous capture, the
   *     response cannot be bound (otherwise that is reported by {@link RunCapture#flush()})
   */
  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    Run run = Requests.begin(capture, request, delegate.defaultRequestParameters(), delegate.provider());
    ChatResponse response;
    try {
      response = delegate.chat(request, options);
    } catch (RuntimeException | Error e) {
      run.failed(e);
      throw e;
    }
    run.succeeded(Requests.outcome(response));
    return response;
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  /** None here: the wrapped model notifies its own listeners. */
  @Override
  public List<ChatModelListener> listeners() {
    return List.of();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }
}
