package dev.airid.policy;

import dev.airid.attest.Statement;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonObject;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Approves or rejects a run before it happens: call {@link #check(Declaration)} right before the model call.
 *
 * <pre>{@code
 * Gate gate = new Gate(Policy.parse(Files.readAllBytes(policyFile), "policy.yaml"));   // once
 * Decision d = gate.check(declaration);                                                // per run, microseconds
 * if (!d.approved()) throw new IllegalStateException(d.failures().toString());
 * }</pre>
 *
 * Thread-safe. A rule that cannot be evaluated (say, it reads a parameter the declaration does not set) fails, with
 * the evaluation error as its message: policies fail closed.
 */
public final class Gate {

  /** Declaration members a rule may read even when the declaration omits them, with their empty values. */
  private static final Map<String, Object> DEFAULTS = Map.of(
      "parameters", Map.of(), "instructions", List.of(), "inputs", List.of(), "context", List.of(), "tools", List.of(),
      "parents", List.of(), "runtime", Map.of(), "extensions", Map.of());

  private final Policy policy;

  public Gate(Policy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public Policy policy() {
    return policy;
  }

  /** Evaluates the declaration rules. */
  public Decision check(Declaration declaration) {
    Map<String, Object> vars = Map.of("declaration", view(declaration), "output", Map.of());
    return evaluate(Rule.Scope.DECLARATION, vars);
  }

  /** Evaluates the output rules against one verified output attestation of the declaration's run. */
  public Decision checkOutput(Declaration declaration, Statement outputStatement) {
    Map<String, Object> output = new LinkedHashMap<>();
    JsonObject p = outputStatement.predicate();
    output.put("run", CelValues.of(((JsonObject) p.getOrNull("run")).getOrNull("identity")));
    output.put("execution", CelValues.of(p.getOrNull("execution")));
    List<Object> outs = new ArrayList<>();
    for (Subject s : outputStatement.subjects()) {
      // Lowercase: a verified output digest may be spelled in either case, and rules compare it as text.
      outs.add(Map.of("name", s.name(), "sha256", s.digest().getOrDefault("sha256", "").toLowerCase(java.util.Locale.ROOT)));
    }
    output.put("outputs", outs);
    return evaluate(Rule.Scope.OUTPUT, Map.of("declaration", view(declaration), "output", output));
  }

  private Decision evaluate(Rule.Scope scope, Map<String, Object> vars) {
    List<String> evaluated = new ArrayList<>();
    List<Decision.Failure> failures = new ArrayList<>();
    for (Policy.Compiled c : policy.compiled()) {
      if (c.rule().appliesTo() != scope) {
        continue;
      }
      evaluated.add(c.rule().name());
      try {
        Object result = c.program().eval(vars);
        if (!Boolean.TRUE.equals(result)) {
          failures.add(new Decision.Failure(c.rule().name(), c.rule().message()));
        }
      } catch (CelEvaluationException | RuntimeException e) {
        failures.add(new Decision.Failure(c.rule().name(),
            c.rule().message() + " (cannot evaluate: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")"));
      }
    }
    return new Decision(evaluated, failures);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> view(Declaration declaration) {
    Map<String, Object> m = new LinkedHashMap<>(DEFAULTS);
    m.putAll((Map<String, Object>) CelValues.of(declaration.json()));
    return m;
  }

}
