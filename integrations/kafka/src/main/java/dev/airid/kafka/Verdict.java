package dev.airid.kafka;

import dev.airid.RunIdentity;
import java.util.Objects;

/**
 * What the gate decided about one record: verified (with the run it came from) or rejected (with the first check that
 * failed). Only {@link RecordVerifier} creates a {@link Verified}; a record is never both, and never neither.
 */
public sealed interface Verdict permits Verdict.Verified, Verdict.Rejected {

  /**
   * The record's value is an output of a run whose provenance verified against the trust, and the policy if any.
   *
   * @param run the verified run's identity
   * @param model the model the verified declaration names (as signed: not escaped or bounded)
   */
  record Verified(RunIdentity run, String model) implements Verdict {
    public Verified {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(model, "model");
    }
  }

  /**
   * The record did not verify.
   *
   * @param check the stable name of the first failed check: a verification check of spec/attestations.md §5.2 or
   *     spec/keyless.md, a policy check of spec/policy.md §5.1, or a record check of spec/kafka.md
   * @param detail what the check found, as the verifier reported it (not escaped or bounded: the gate does that
   *     when it writes the header)
   */
  record Rejected(String check, String detail) implements Verdict {
    public Rejected {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** True for {@link Verified}. */
  default boolean verified() {
    return this instanceof Verified;
  }
}
