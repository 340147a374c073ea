package dev.airid.policy;

import java.util.Objects;

/**
 * A named rule: a CEL expression that must evaluate to {@code true}.
 *
 * @param name unique within its policy
 * @param expression CEL over {@code declaration} (and, for output rules, {@code output})
 * @param message shown when the rule fails
 * @param appliesTo whether the rule reads the declaration only (checked before a run) or also an output attestation
 */
public record Rule(String name, String expression, String message, Scope appliesTo) {

  /** When a rule is evaluated. */
  public enum Scope {
    /** Before the run, against the declaration; and again on verification. */
    DECLARATION,
    /** On verification of output attestations: declared versus observed. */
    OUTPUT
  }

  public Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(appliesTo, "appliesTo");
  }
}
