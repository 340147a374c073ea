package dev.airid.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The YAML bounds of a policy (spec/limits.md), at the limit and one past it. A policy has no member that takes
 * arbitrary values, so the input at the limit carries its nesting or its values in an unknown member: it passes the
 * YAML bound and is then refused by the policy's schema, with the same code. The test tells the two refusals apart by
 * what the message is about, which is the only thing that differs.
 */
class PolicyYamlLimitsTest {

  static final String HEAD = "policy: https://airid.dev/policy/v1\nrules:\n  - name: r\n    expression: 'true'\n";

  static InputRejectedException refusal(String yaml) {
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> Policy.parse(yaml.getBytes(StandardCharsets.UTF_8), "limits.yaml"));
    assertEquals(ErrorCode.POLICY_INVALID, e.code());
    return e;
  }

  @Test
  void yamlDepth() {
    int max = Policy.MAX_YAML_DEPTH;
    // The top-level mapping is one level; x's lists make up the rest.
    String at = HEAD + "x: " + "[".repeat(max - 1) + "]".repeat(max - 1) + "\n";
    assertFalse(refusal(at).getMessage().contains("nested deeper"), "at the limit: refused by the schema only");
    String past = HEAD + "x: " + "[".repeat(max) + "]".repeat(max) + "\n";
    assertTrue(refusal(past).getMessage().contains("nested deeper than " + max), refusal(past).getMessage());
  }

  @Test
  void yamlValues() {
    int max = Policy.MAX_YAML_VALUES;
    // Values, aliases expanded, map keys not counted: the mapping, policy, rules, the rule, name, expression (6), then
    // x's list and its items.
    int items = max - 6 - 1;
    String at = HEAD + "x: [" + "1,".repeat(items - 1) + "1]\n";
    assertFalse(refusal(at).getMessage().contains("expand to more than"), "at the limit: refused by the schema only");
    String past = HEAD + "x: [" + "1,".repeat(items) + "1]\n";
    assertTrue(refusal(past).getMessage().contains("expand to more than " + max), refusal(past).getMessage());
  }

  @Test
  void aValidPolicyIsFarBelowBoth() throws Exception {
    Policy.parse(HEAD.getBytes(StandardCharsets.UTF_8), "valid.yaml");
  }
}
