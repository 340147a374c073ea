package dev.airid.policy;

import java.util.List;

/**
 * The outcome of a policy: approved when no rule failed.
 *
 * @param evaluated the names of the rules evaluated, in policy order
 * @param failures every failed rule, in policy order
 */
public record Decision(List<String> evaluated, List<Failure> failures) {

  /** A failed rule: it evaluated to false, or could not be evaluated (which also fails: policies fail closed). */
  public record Failure(String rule, String message) {}

  public Decision {
    evaluated = List.copyOf(evaluated);
    failures = List.copyOf(failures);
  }

  public boolean approved() {
    return failures.isEmpty();
  }
}
