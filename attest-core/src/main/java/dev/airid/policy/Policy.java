package dev.airid.policy;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A compiled policy (spec/policy.md): named CEL rules over the declaration (and over output attestations), plus
 * requirements for verification. Every rule is parsed, type-checked and checked for unknown declaration fields when the
 * policy is loaded, so a bad policy fails at load time, never at the first run.
 *
 * <p>Immutable and thread-safe: compile once, evaluate concurrently.
 */
public final class Policy {

  /** The {@code policy} version string of a v1 policy file. */
  public static final String VERSION = "https://airid.dev/policy/v1";

  /** Policy files larger than this are refused. */
  public static final int MAX_BYTES = 1024 * 1024;

  private static final Set<String> TOP = Set.of("policy", "rules", "verification");
  private static final Set<String> RULE = Set.of("name", "expression", "message", "appliesTo");
  private static final Set<String> VERIFICATION =
      Set.of("trustedKeys", "threshold", "trustedIdentities", "trustedRoot", "allowRedacted", "maxAgeSeconds", "requiredPredicateTypes");
  private static final Set<String> IDENTITY = Set.of("subject", "subjectRegexp", "issuer");
  /** Top-level declaration members: a rule that names another is a typo, caught at load time. */
  static final Set<String> DECLARATION_FIELDS = Set.of("_type", "model", "parameters", "instructions", "inputs",
      "context", "tools", "parents", "runtime", "extensions");
  static final Set<String> OUTPUT_FIELDS = Set.of("run", "execution", "outputs");

  private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("declaration", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .addVar("output", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .setResultType(SimpleType.BOOL)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** A rule with its compiled program. */
  record Compiled(Rule rule, CelRuntime.Program program) {}

  private final List<Compiled> rules;
  private final Requirements requirements;

  private Policy(List<Compiled> rules, Requirements requirements) {
    this.rules = List.copyOf(rules);
    this.requirements = requirements;
  }

  /**
   * Requirements a verified bundle must meet besides the rules.
   *
   * @param trustedKeys key files, relative to the policy file, used when the verifier is given no keys
   * @param threshold distinct trusted keys that must have signed, when the policy's keys are used
   * @param trustedIdentities keyless signers (certificate subject and OIDC issuer) trusted when the verifier is given
   *     no keys or identities
   * @param trustedRoot the Sigstore trusted root file, relative to the policy file, for {@code trustedIdentities}
   * @param allowRedacted whether a declaration with redacted blocks is acceptable
   * @param maxAgeSeconds the oldest acceptable {@code declaredAt}, in seconds before now; empty for no limit
   * @param requiredPredicateTypes predicate types that must be among the verified attestations
   */
  public record Requirements(List<String> trustedKeys, int threshold,
      List<dev.airid.sigstore.CertificateIdentity> trustedIdentities, java.util.Optional<String> trustedRoot,
      boolean allowRedacted, OptionalLong maxAgeSeconds, List<String> requiredPredicateTypes) {
    public Requirements {
      trustedKeys = List.copyOf(trustedKeys);
      trustedIdentities = List.copyOf(trustedIdentities);
      requiredPredicateTypes = List.copyOf(requiredPredicateTypes);
    }
  }

  public List<Rule> rules() {
    return rules.stream().map(Compiled::rule).toList();
  }

  List<Compiled> compiled() {
    return rules;
  }

  public Requirements requirements() {
    return requirements;
  }

  /** Reads a policy from JSON or YAML (chosen by content: JSON starts with '{'). */
  public static Policy parse(byte[] data, String source) throws InputRejectedException {
    if (data.length > MAX_BYTES) {
      throw error(source, "", "the policy is larger than " + MAX_BYTES + " bytes");
    }
    String text = new String(data, StandardCharsets.UTF_8).strip();
    JsonValue json;
    if (text.startsWith("{")) {
      try {
        json = Json.parse(data);
      } catch (InputRejectedException e) {
        throw error(source, e.pointer().orElse(""), e.code() + ": " + e.reason());
      }
    } else {
      try {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setCodePointLimit(MAX_BYTES).build();
        checkNesting(settings, text, source);
        Object yaml = new Load(settings).loadFromString(text);
        checkExpansion(yaml, source);
        json = JsonValue.of(yaml);
      } catch (RuntimeException e) {
        String m = oneLine(e.getMessage());
        throw error(source, "", "not valid YAML or JSON: " + (m.length() > 300 ? m.substring(0, 300) + "…" : m));
      }
    }
    return of(json, source);
  }

  /** The deepest nesting of YAML collections read, as for JSON ({@link dev.airid.json.JsonLimits#DEFAULT_MAX_DEPTH}). */
  static final int MAX_YAML_DEPTH = dev.airid.json.JsonLimits.DEFAULT_MAX_DEPTH;

  /**
   * Refuses YAML nested deeper than {@link #MAX_YAML_DEPTH}, on the event stream (read iteratively) before anything
   * is built: the YAML composer recurses once per level, and 5,000 "[" were enough to overflow its stack.
   */
  private static void checkNesting(LoadSettings settings, String text, String source) throws InputRejectedException {
    int depth = 0;
    for (org.snakeyaml.engine.v2.events.Event e : new org.snakeyaml.engine.v2.api.lowlevel.Parse(settings).parseString(text)) {
      if (e instanceof org.snakeyaml.engine.v2.events.CollectionStartEvent) {
        if (++depth > MAX_YAML_DEPTH) {
          throw error(source, "", "the YAML is nested deeper than " + MAX_YAML_DEPTH + " levels");
        }
      } else if (e instanceof org.snakeyaml.engine.v2.events.CollectionEndEvent) {
        depth--;
      }
    }
  }

  /** Most values a YAML policy may stand for, aliases expanded: a policy has a few dozen. */
  static final int MAX_YAML_VALUES = 100_000;

  /**
   * Refuses YAML whose aliases expand to more than {@link #MAX_YAML_VALUES} values or deeper than {@link
   * #MAX_YAML_DEPTH} (or without end: a collection that contains itself), walking the loaded graph iteratively before
   * it is converted: 25 anchors that each list the previous one twice are 600 bytes and 2^25 values.
   */
  private static void checkExpansion(Object yaml, String source) throws InputRejectedException {
    java.util.ArrayDeque<Object> nodes = new java.util.ArrayDeque<>();
    java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
    nodes.push(yaml);
    depths.push(1);
    int values = 0;
    while (!nodes.isEmpty()) {
      Object node = nodes.pop();
      int depth = depths.pop();
      if (++values > MAX_YAML_VALUES || depth > MAX_YAML_DEPTH) {
        throw error(source, "", "the YAML's aliases expand to more than " + MAX_YAML_VALUES + " values or "
            + MAX_YAML_DEPTH + " levels");
      }
      java.util.Collection<?> children = node instanceof java.util.Map<?, ?> m ? m.values()
          : node instanceof java.util.Collection<?> c ? c : java.util.List.of();
      for (Object child : children) {
        nodes.push(child == null ? "" : child);
        depths.push(depth + 1);
      }
    }
  }

  /** Checks and compiles a policy given as JSON. */
  public static Policy of(JsonValue json, String source) throws InputRejectedException {
    if (!(json instanceof JsonObject o)) {
      throw error(source, "", "a policy is an object");
    }
    only(o, TOP, source, "");
    if (!(o.getOrNull("policy") instanceof JsonString v) || !v.value().equals(VERSION)) {
      throw error(source, "/policy", "\"policy\" must be \"" + VERSION + "\"");
    }
    List<Compiled> rules = new ArrayList<>();
    JsonValue rv = o.getOrNull("rules");
    if (rv != null && !(rv instanceof JsonArray)) {
      throw error(source, "/rules", "\"rules\" must be a list");
    }
    Set<String> names = new HashSet<>();
    if (rv != null) {
      JsonArray ra = (JsonArray) rv;
      for (int i = 0; i < ra.size(); i++) {
        Compiled c = rule(ra.get(i), "/rules/" + i, source);
        if (!names.add(c.rule().name())) {
          throw error(source, "/rules/" + i + "/name", "rule \"" + c.rule().name() + "\" is defined twice");
        }
        rules.add(c);
      }
    }
    return new Policy(rules, requirements(o.getOrNull("verification"), source));
  }

  private static Compiled rule(JsonValue v, String at, String source) throws InputRejectedException {
    if (!(v instanceof JsonObject r)) {
      throw error(source, at, "a rule is an object with name, expression and message");
    }
    only(r, RULE, source, at);
    String name = string(r, "name", at, source, true);
    String expression = string(r, "expression", at, source, true);
    String message = Optional.ofNullable(string(r, "message", at, source, false)).orElse("rule " + name + " failed");
    String applies = Optional.ofNullable(string(r, "appliesTo", at, source, false)).orElse("declaration");
    Rule.Scope scope;
    switch (applies) {
      case "declaration":
        scope = Rule.Scope.DECLARATION;
        break;
      case "output":
        scope = Rule.Scope.OUTPUT;
        break;
      default:
        throw error(source, at + "/appliesTo", "\"appliesTo\" is \"declaration\" or \"output\", not \"" + applies + "\"");
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = COMPILER.compile(expression).getAst();
    } catch (CelValidationException e) {
      throw error(source, at + "/expression", "rule \"" + name + "\" does not compile: " + oneLine(e.getMessage()));
    }
    checkFields(ast, name, scope, at, source);
    try {
      return new Compiled(new Rule(name, expression, message, scope), RUNTIME.createProgram(ast));
    } catch (CelEvaluationException e) {
      throw error(source, at + "/expression", "rule \"" + name + "\" cannot be planned: " + oneLine(e.getMessage()));
    }
  }

  /** Unknown top-level fields of {@code declaration} or {@code output}, and {@code output} in a declaration rule. */
  private static void checkFields(CelAbstractSyntaxTree ast, String name, Rule.Scope scope, String at, String source)
      throws InputRejectedException {
    List<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().toList();
    for (CelNavigableExpr node : nodes) {
      CelExpr e = node.expr();
      if (e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals("output") && scope == Rule.Scope.DECLARATION) {
        throw error(source, at + "/expression", "rule \"" + name + "\" reads output, so it needs \"appliesTo\": \"output\""
            + position(ast, e));
      }
      if (e.getKind() != CelExpr.ExprKind.Kind.SELECT) {
        continue;
      }
      CelExpr operand = e.select().operand();
      if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT) {
        continue;
      }
      String var = operand.ident().name();
      Set<String> known = var.equals("declaration") ? DECLARATION_FIELDS : var.equals("output") ? OUTPUT_FIELDS : null;
      if (known != null && !known.contains(e.select().field())) {
        throw error(source, at + "/expression", "rule \"" + name + "\" reads unknown field " + var + "." + e.select().field()
            + position(ast, e) + "; known: " + new java.util.TreeSet<>(known));
      }
    }
  }

  private static String position(CelAbstractSyntaxTree ast, CelExpr e) {
    Integer offset = ast.getSource().getPositionsMap().get(e.id());
    return offset == null ? "" : " (column " + (offset + 1) + ")";
  }

  private static Requirements requirements(JsonValue v, String source) throws InputRejectedException {
    if (v == null) {
      return new Requirements(List.of(), 1, List.of(), java.util.Optional.empty(), true, OptionalLong.empty(), List.of());
    }
    if (!(v instanceof JsonObject o)) {
      throw error(source, "/verification", "\"verification\" is an object");
    }
    only(o, VERIFICATION, source, "/verification");
    List<String> keys = strings(o, "trustedKeys", source);
    int threshold = 1;
    if (o.getOrNull("threshold") instanceof JsonNumber n) {
      threshold = (int) n.value();
      if (threshold != n.value() || threshold < 1 || (!keys.isEmpty() && threshold > keys.size())) {
        throw error(source, "/verification/threshold", "\"threshold\" is a whole number from 1 to the number of trustedKeys");
      }
    } else if (o.has("threshold")) {
      throw error(source, "/verification/threshold", "\"threshold\" is a number");
    }
    List<dev.airid.sigstore.CertificateIdentity> identities = identities(o.getOrNull("trustedIdentities"), source);
    java.util.Optional<String> trustedRoot = java.util.Optional.empty();
    if (o.has("trustedRoot")) {
      if (!(o.getOrNull("trustedRoot") instanceof JsonString r) || r.value().isBlank()) {
        throw error(source, "/verification/trustedRoot", "\"trustedRoot\" is the path of a trusted_root.json");
      }
      trustedRoot = java.util.Optional.of(r.value());
    }
    if (!identities.isEmpty() && trustedRoot.isEmpty()) {
      throw error(source, "/verification/trustedRoot", "\"trustedIdentities\" need a \"trustedRoot\" to verify them against");
    }
    boolean allowRedacted = true;
    if (o.has("allowRedacted")) {
      if (!(o.getOrNull("allowRedacted") instanceof JsonBoolean b)) {
        throw error(source, "/verification/allowRedacted", "\"allowRedacted\" is true or false");
      }
      allowRedacted = b.value();
    }
    OptionalLong maxAge = OptionalLong.empty();
    if (o.has("maxAgeSeconds")) {
      if (!(o.getOrNull("maxAgeSeconds") instanceof JsonNumber n) || n.value() != Math.rint(n.value()) || n.value() < 0) {
        throw error(source, "/verification/maxAgeSeconds", "\"maxAgeSeconds\" is a whole number of seconds >= 0");
      }
      maxAge = OptionalLong.of((long) n.value());
    }
    return new Requirements(keys, threshold, identities, trustedRoot, allowRedacted, maxAge,
        strings(o, "requiredPredicateTypes", source));
  }

  /** {@code [{"subject"|"subjectRegexp": …, "issuer": …}, …]}; regular expressions compile now, not at verification. */
  private static List<dev.airid.sigstore.CertificateIdentity> identities(JsonValue v, String source) throws InputRejectedException {
    List<dev.airid.sigstore.CertificateIdentity> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonArray a)) {
      throw error(source, "/verification/trustedIdentities", "\"trustedIdentities\" is a list of {subject or subjectRegexp, issuer}");
    }
    for (int i = 0; i < a.size(); i++) {
      String at = "/verification/trustedIdentities/" + i;
      if (!(a.get(i) instanceof JsonObject o)) {
        throw error(source, at, "a trusted identity is an object {subject or subjectRegexp, issuer}");
      }
      only(o, IDENTITY, source, at);
      JsonValue subject = o.getOrNull("subject");
      JsonValue regexp = o.getOrNull("subjectRegexp");
      if ((subject == null) == (regexp == null) || !(o.getOrNull("issuer") instanceof JsonString issuer)
          || !((subject == null ? regexp : subject) instanceof JsonString sub)) {
        throw error(source, at, "a trusted identity has exactly one of \"subject\" and \"subjectRegexp\", and an \"issuer\", all strings");
      }
      try {
        out.add(new dev.airid.sigstore.CertificateIdentity(sub.value(), regexp != null, issuer.value()));
      } catch (IllegalArgumentException e) {
        throw error(source, at, e.getMessage());
      }
    }
    return out;
  }

  private static List<String> strings(JsonObject o, String member, String source) throws InputRejectedException {
    JsonValue v = o.getOrNull(member);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v instanceof JsonArray a) {
      for (JsonValue x : a) {
        if (!(x instanceof JsonString s)) {
          throw error(source, "/verification/" + member, "\"" + member + "\" is a list of strings");
        }
        out.add(s.value());
      }
      return out;
    }
    throw error(source, "/verification/" + member, "\"" + member + "\" is a list of strings");
  }

  private static String string(JsonObject o, String member, String at, String source, boolean required)
      throws InputRejectedException {
    JsonValue v = o.getOrNull(member);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof JsonString s) || s.value().isBlank()) {
      throw error(source, at + "/" + member, "\"" + member + "\" must be a non-empty string");
    }
    return s.value();
  }

  private static void only(JsonObject o, Set<String> allowed, String source, String at) throws InputRejectedException {
    for (String n : o.names()) {
      if (!allowed.contains(n)) {
        throw error(source, at + "/" + n, "unknown field \"" + n + "\"; known: " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static String oneLine(String s) {
    // CEL's message has the error with line:column, then the source line and a caret; keep them readable on one line.
    return s == null ? "" : s.replace("\n", " ").replaceAll("\\s+\\|", " |").strip();
  }


  private static InputRejectedException error(String source, String pointer, String reason) {
    return new InputRejectedException(ErrorCode.POLICY_INVALID, pointer, -1, source + ": " + reason);
  }

}
