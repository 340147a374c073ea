package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import dev.airid.policy.Decision;
import dev.airid.policy.Gate;
import dev.airid.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Check a declaration against a policy before the run (spec/policy.md).",
    subcommands = {PolicyCommand.Check.class},
    footer = ExitCode.HELP_FOOTER)
final class PolicyCommand implements Runnable {

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a subcommand is required: check");
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Approve or reject a declaration before it runs.",
        "Exit 0 approved, 1 rejected (every failed rule is listed), 2 bad input (including a policy that does not load:",
        "syntax, type or unknown-field errors, with their place)."
      },
      footer = ExitCode.HELP_FOOTER)
  static final class Check extends BaseCommand {

    @Parameters(paramLabel = "DECLARATION", description = "The declaration (JSON), or - for standard input.")
    String file;

    @Option(names = {"-p", "--policy"}, paramLabel = "FILE", required = true, description = "The policy (YAML or JSON).")
    String policyFile;

    @Override
    int run() throws AiridException {
      byte[] policyBytes = io.read(policyFile, Policy.MAX_BYTES);
      Policy policy;
      try {
        policy = Policy.parse(policyBytes, policyFile);
      } catch (dev.airid.InputRejectedException e) {
        throw FileKind.explain(e, policyBytes, policyFile, "airid policy check --policy", FileKind.POLICY);
      }
      Declaration d = readDeclaration(file, "airid policy check");
      Decision decision = new Gate(policy).check(d);
      if (!json) {
        for (Decision.Failure f : decision.failures()) {
          io.out.println("  rejected by " + f.rule() + ": " + f.message());
        }
        io.out.println((decision.approved() ? "approved: " : "REJECTED: ") + d.identity() + " (" + decision.evaluated().size()
          + " rule(s), " + decision.failures().size() + " failed)");
      }
      if (json) {
        List<JsonValue> failures = new ArrayList<>();
        decision.failures().forEach(f -> failures.add(JsonObject.builder().put("rule", f.rule()).put("message", f.message()).build()));
        List<JsonValue> evaluated = new ArrayList<>();
        decision.evaluated().forEach(r -> evaluated.add(dev.airid.json.JsonString.of(r)));
        printJson(decision.approved() ? ExitCode.OK : ExitCode.CHECK_FAILED, JsonObject.builder().put("approved", decision.approved()).put("identity", d.identity().toString())
            .put("evaluated", JsonArray.of(evaluated)).put("failures", JsonArray.of(failures)).build());
      }
      return decision.approved() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
  }
}
