package dev.airid.capture;

import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.policy.Decision;
import java.util.List;

/**
 * A policy rejected the run before it reached the provider: no request was sent. Unchecked, because the frameworks'
 * chat interfaces declare none; it carries the identity, the declaration and the decision, so a caller can tell which
 * rules failed without parsing the message.
 */
public final class RunRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient RunIdentity identity;
  private final transient Declaration declaration;
  private final transient Decision decision;

  RunRejectedException(Declaration declaration, Decision decision) {
    super("run " + declaration.identity() + " rejected by policy rules "
        + decision.failures().stream().map(Decision.Failure::rule).toList());
    this.identity = declaration.identity();
    this.declaration = declaration;
    this.decision = decision;
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
    return decision.failures().stream().map(Decision.Failure::rule).toList();
  }
}
