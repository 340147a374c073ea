package dev.airid.policy;

import dev.airid.verify.CheckNames;
import dev.airid.verify.Check;
import dev.airid.attest.Statement;
import dev.airid.verify.VerificationResult;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a policy to a verified result: every rule as a check named {@code policy.rule.<name>}, then the
 * requirements ({@code policy.allowRedacted}, {@code policy.maxAge}, {@code policy.predicateTypes}). Nothing is
 * evaluated on a result that did not verify: its policy checks are skipped.
 */
public final class PolicyChecks {

  private PolicyChecks() {}

  public static List<Check> apply(Policy policy, VerificationResult result, Instant now) {
    List<Check> out = new ArrayList<>();
    Gate gate = new Gate(policy);
    Declaration d = result.declaration().orElse(null);
    if (!result.verified() || d == null) {
      out.add(new Check(CheckNames.POLICY, -1, Check.Status.SKIPPED, "the provenance did not verify; the policy was not evaluated"));
      return out;
    }
    Decision decision = gate.check(d);
    for (String rule : decision.evaluated()) {
      out.add(ruleCheck(rule, decision, -1));
    }
    int i = 1;
    for (Statement s : result.outputStatements()) {
      Decision o = gate.checkOutput(d, s);
      for (String rule : o.evaluated()) {
        out.add(ruleCheck(rule, o, i));
      }
      i++;
    }
    Policy.Requirements req = policy.requirements();
    if (!req.allowRedacted()) {
      out.add(new Check(CheckNames.POLICY_ALLOW_REDACTED, 0, d.isRedacted() ? Check.Status.FAIL : Check.Status.PASS,
          d.isRedacted() ? "the policy does not accept redacted declarations" : "the declaration is not redacted"));
    }
    if (req.maxAgeSeconds().isPresent()) {
      long max = req.maxAgeSeconds().getAsLong();
      Instant at = declaredAt(result.declarationStatement().orElse(null));
      if (at == null) {
        out.add(new Check(CheckNames.POLICY_MAX_AGE, 0, Check.Status.FAIL, "the attestation states no declaredAt, and the policy limits its age"));
      } else {
        Duration age = Duration.between(at, now);
        boolean ok = !age.isNegative() && age.getSeconds() <= max;
        out.add(new Check(CheckNames.POLICY_MAX_AGE, 0, ok ? Check.Status.PASS : Check.Status.FAIL,
            "declared at " + at + (ok ? ", within " : ", not within ") + max + " s of " + now
                + (age.isNegative() ? " (in the future)" : "")));
      }
    }
    if (!req.requiredPredicateTypes().isEmpty()) {
      Set<String> present = new HashSet<>();
      result.declarationStatement().ifPresent(s -> present.add(s.predicateType()));
      result.outputStatements().forEach(s -> present.add(s.predicateType()));
      List<String> missing = req.requiredPredicateTypes().stream().filter(t -> !present.contains(t)).toList();
      out.add(new Check(CheckNames.POLICY_PREDICATE_TYPES, -1, missing.isEmpty() ? Check.Status.PASS : Check.Status.FAIL,
          missing.isEmpty() ? "all required predicate types present" : "missing verified attestations of " + missing));
    }
    return out;
  }

  private static Check ruleCheck(String rule, Decision decision, int bundle) {
    return decision.failures().stream().filter(f -> f.rule().equals(rule)).findFirst()
        .map(f -> new Check(CheckNames.POLICY_RULE_PREFIX + rule, bundle, Check.Status.FAIL, f.message()))
        .orElse(new Check(CheckNames.POLICY_RULE_PREFIX + rule, bundle, Check.Status.PASS, "holds"));
  }

  private static Instant declaredAt(Statement s) {
    if (s == null || !(s.predicate().getOrNull("declaredAt") instanceof JsonString t)) {
      return null;
    }
    try {
      return Instant.parse(t.value());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
