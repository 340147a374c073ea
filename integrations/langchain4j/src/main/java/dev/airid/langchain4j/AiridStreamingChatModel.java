package dev.airid.langchain4j;

import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The streaming counterpart of {@link AiridChatModel}: the identity is assigned (and the run gated and attested) on the
 * calling thread before the request is sent, so before the first token; the response is bound when the stream
 * completes, or the run recorded as failed when it errors. A rejected run throws {@code RunRejectedException} from
 * {@code chat} and the handler is not called.
 *
 * <p>The run ends on the thread that delivers the final event (the HTTP client's); its output is bound there only when
 * the capture is synchronous, else on the capture's binding thread (see {@link RunCapture}). Thread-safe when the
 * wrapped model is.
 */
public final class AiridStreamingChatModel implements StreamingChatModel {

  private final StreamingChatModel delegate;
  private final RunCapture capture;

  private AiridStreamingChatModel(StreamingChatModel delegate, RunCapture capture) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.capture = Objects.requireNonNull(capture, "capture");
  }

  public static AiridStreamingChatModel wrap(StreamingChatModel model, RunCapture capture) {
    return new AiridStreamingChatModel(model, capture);
  }

  @Override
  public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    Run run = Requests.begin(capture, request, delegate.defaultRequestParameters(), delegate.provider());
    try {
      delegate.chat(request, options, new Binding(handler, run));
    } catch (RuntimeException | Error e) {
      run.failed(e);
      throw e;
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

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

  /** Passes every event on; binds on completion, records failure on error. */
  private record Binding(StreamingChatResponseHandler handler, Run run) implements StreamingChatResponseHandler {

    @Override
    public void onPartialResponse(String partialResponse) {
      handler.onPartialResponse(partialResponse);
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
      handler.onPartialResponse(partialResponse, context);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
      handler.onPartialThinking(partialThinking);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
      handler.onPartialThinking(partialThinking, context);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
      handler.onPartialToolCall(partialToolCall);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
      handler.onPartialToolCall(partialToolCall, context);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
      handler.onCompleteToolCall(completeToolCall);
    }

    @Override
    public void onUnmappedRawEvent(Object rawEvent) {
      handler.onUnmappedRawEvent(rawEvent);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      try {
        run.succeeded(Requests.outcome(completeResponse));
      } catch (RuntimeException e) {
        handler.onError(e);
        return;
      }
      handler.onCompleteResponse(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      run.failed(error);
      handler.onError(error);
    }
  }
}
