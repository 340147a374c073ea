package dev.airid.capture;

import java.util.List;
import java.util.Objects;

/**
 * What a successful call returned, as the framework reports it: the response text and tool calls (bound by digest in
 * the output attestation) and the execution facts the provider reported. Any fact may be {@code null} when the
 * provider did not report it.
 *
 * @param text the response text ({@code null} or empty when the model only called tools)
 * @param toolCalls tool calls the model asked for, in order
 * @param responseId the provider's id of the response
 * @param reportedModel the model name the provider reported
 * @param finishReason why generation stopped, as the provider spells it ({@code stop}, {@code tool_calls}, …)
 * @param inputTokens tokens counted as input
 * @param outputTokens tokens counted as output
 */
public record ChatOutcome(String text, List<ChatDeclaration.ToolCall> toolCalls, String responseId, String reportedModel,
    String finishReason, Integer inputTokens, Integer outputTokens) {

  public ChatOutcome {
    toolCalls = List.copyOf(Objects.requireNonNullElse(toolCalls, List.of()));
  }
}
