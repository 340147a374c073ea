package dev.airid.verify;

import java.util.Objects;

/**
 * One verification check and its outcome.
 *
 * @param name the stable check name, one of {@link CheckNames} or {@code policy.rule.<rule>} (spec/attestations.md §5.2,
 *     spec/keyless.md §4, spec/policy.md §5.1)
 * @param bundle the 0-based position of the bundle among the non-blank lines of a provenance file (0 for a single bundle); -1 for checks that
 *     relate bundles to each other or to an artifact
 * @param status pass, fail, or not run because an earlier check failed
 * @param detail what was found, or why it failed
 */
public record Check(String name, int bundle, Status status, String detail) {

  public enum Status {
    PASS,
    FAIL,
    /** Not evaluated because a check it depends on failed; never counts as passed. */
    SKIPPED
  }

  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  public boolean passed() {
    return status == Status.PASS;
  }
}
