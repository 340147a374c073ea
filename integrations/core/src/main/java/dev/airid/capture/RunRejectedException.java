package dev.airid.capture;

import dev.airid.ErrorCode;
import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.policy.Decision;
import java.util.List;

/**
 * A policy rejected the run before it reached the provider: no request was sent and nothing was attested. Unchecked,
 * because the frameworks' chat interfaces declare none; its {@link #code()} is {@link ErrorCode#POLICY_REJECTED}, and
 * it carries the identity, the declaration, the decision and the names of the failed rules, so a caller can tell
 * which rules failed without parsing the message. Immutable.
 */
public final class RunRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient RunIdentity identity;
  private final transient Declaration declaration;
  private final transient Decision decision;
  private final List<String> failedRules;

  RunRejectedException(Declaration declaration, Decision decision) {
    this(declaration, decision, decision.failures().stream().map(Decision.Failure::rule).toList());
  }

  private RunRejectedException(Declaration declaration, Decision decision, List<String> failedRules) {
    super("run " + declaration.identity() + " rejected by policy rules " + failedRules);
    this.identity = declaration.identity();
    this.declaration = declaration;
    this.decision = decision;
    this.failedRules = List.copyOf(failedRules);
  }

  /** Always {@link ErrorCode#POLICY_REJECTED}. */
  public ErrorCode code() {
    return ErrorCode.POLICY_REJECTED;
  }

  /** The identity of the run that was not made. */
  public RunIdentity identity() {
    return identity;
  }

  public Declaration declaration() {
    return declaration;
  }

  /** The policy's decision: every evaluated rule and every failure with its message. */
  public Decision decision() {
    return decision;
  }

  /** The names of the failed rules, in policy order. */
  public List<String> failedRules() {
    return failedRules;
  }
}
