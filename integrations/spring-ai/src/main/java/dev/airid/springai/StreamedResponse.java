package dev.airid.springai;

import dev.airid.capture.ChatDeclaration;
import dev.airid.capture.ChatOutcome;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.model.ChatResponse;

/** The pieces of a streamed response, put together: text concatenated, tool calls in order, the last facts reported. */
final class StreamedResponse {

  private StreamedResponse() {}

  static ChatOutcome outcome(List<ChatResponse> pieces) {
    StringBuilder text = new StringBuilder();
    List<ChatDeclaration.ToolCall> calls = new ArrayList<>();
    String id = null;
    String model = null;
    List<String> finish = List.of();
    Integer in = null;
    Integer out = null;
    for (ChatResponse r : pieces) {
      ChatOutcome o = Prompts.outcome(r);
      if (o.text() != null) {
        text.append(o.text());
      }
      calls.addAll(o.toolCalls());
      id = o.responseId() != null ? o.responseId() : id;
      model = o.reportedModel() != null ? o.reportedModel() : model;
      finish = o.finishReasons().isEmpty() ? finish : o.finishReasons();
      if (o.inputTokens() != null) {
        in = o.inputTokens();
        out = o.outputTokens();
      }
    }
    return new ChatOutcome(text.toString(), calls, id, model, finish, in, out);
  }
}
