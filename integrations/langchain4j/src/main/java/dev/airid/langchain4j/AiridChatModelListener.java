package dev.airid.langchain4j;

import dev.airid.capture.Run;
import dev.airid.capture.RunCapture;
import dev.airid.capture.RunRejectedException;
import dev.airid.capture.RunScope;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import java.util.Objects;

/**
 * LangChain4j's native hook, for users who only want to observe: register it with a model's {@code listeners(…)} and
 * every call gets an identity, a run attestation and a bound response, from the final request the model reports.
 *
 * <p><b>Observe-only.</b> LangChain4j catches and logs whatever a listener throws, so a listener cannot stop a call:
 * with a policy configured, a rejected run is still sent; it is only left unattested (no run is recorded). To gate,
 * wrap the model with {@link AiridChatModel} instead. Thread-safe.
 */
public final class AiridChatModelListener implements ChatModelListener {

  private static final Object RUN = new Object();

  private final RunCapture capture;

  public AiridChatModelListener(RunCapture capture) {
    this.capture = Objects.requireNonNull(capture, "capture");
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    try {
      Run run = capture.begin(Requests.declare(context.chatRequest(), context.modelProvider()), Requests.RUNTIME,
          Requests.VERSION, RunScope.current().orElse(null));
      context.attributes().put(RUN, run);
    } catch (RunRejectedException e) {
      // Observe-only: the framework sends the request anyway. Nothing is attested for a run the policy rejects.
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    if (context.attributes().get(RUN) instanceof Run run) {
      run.succeeded(Requests.outcome(context.chatResponse()));
    }
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    if (context.attributes().get(RUN) instanceof Run run) {
      run.failed(context.error());
    }
  }
}
