package dev.airid.verify;

import dev.airid.policy.Policy;
import dev.airid.policy.PolicyChecks;
import java.time.Instant;
import java.util.List;

/**
 * The last step: the trust policy's airid {@link Policy}, evaluated only on what verified (spec/policy.md §5.1). Its
 * rules are about runs, so a plain Sigstore bundle cannot satisfy a policy that has rules or requirements.
 */
final class PolicyStep {

  private PolicyStep() {}

  static VerificationResult apply(TrustPolicy trust, VerificationResult result, Instant now) {
    if (trust.policy().isEmpty()) {
      return result;
    }
    Policy policy = trust.policy().get();
    if (result.kind() == VerificationResult.Kind.AIRID_PROVENANCE || result.kind() == VerificationResult.Kind.UNKNOWN) {
      return result.withChecks(PolicyChecks.apply(policy, result, now));
    }
    Policy.Requirements req = policy.requirements();
    boolean constrains = !policy.rules().isEmpty() || !req.allowRedacted() || req.maxAgeSeconds().isPresent()
        || !req.requiredPredicateTypes().isEmpty();
    return !constrains ? result : result.withChecks(List.of(new Check(CheckNames.POLICY, -1, Check.Status.FAIL,
        "the policy's rules and requirements are about airid runs; this is a plain Sigstore bundle, which has no run")));
  }
}
