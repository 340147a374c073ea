package dev.airid.capture;

import java.util.List;
import java.util.Objects;

/**
 * What a successful call returned, as the framework reports it: the response text and tool calls (bound by digest in
 * the output attestation) and the execution facts the provider reported (recorded in the output attestation's {@code
 * execution}, spec/frameworks.md §9). Any fact may be {@code null} (or, for the lists, empty) when the provider did not
 * report it. Immutable.
 *
 * @param text the response text ({@code null} or empty when the model only called tools)
 * @param toolCalls tool calls the model asked for, in order
 * @param responseId the provider's id of the response
 * @param reportedModel the model name the provider reported
 * @param finishReasons why generation stopped, one per choice, in OpenAI's spelling ({@code stop}, {@code length},
 *     {@code tool_calls}, {@code content_filter}, …)
 * @param inputTokens tokens counted as input
 * @param outputTokens tokens counted as output
 */
public record ChatOutcome(String text, List<ChatDeclaration.ToolCall> toolCalls, String responseId, String reportedModel,
    List<String> finishReasons, Integer inputTokens, Integer outputTokens) {

  public ChatOutcome {
    toolCalls = List.copyOf(Objects.requireNonNullElse(toolCalls, List.of()));
    finishReasons = List.copyOf(Objects.requireNonNullElse(finishReasons, List.of()));
  }

  /** A response of {@code text} and nothing else reported. */
  public static ChatOutcome text(String text) {
    return new ChatOutcome(text, List.of(), null, null, List.of(), null, null);
  }
}
