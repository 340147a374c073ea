package dev.airid.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The EXAMPLES section of each subcommand's help. Every line also appears in the README, and the test suite runs each
 * one (ExamplesTest), so that the examples users copy cannot rot. They use the README's file names: declaration.json,
 * team.key, team.pub, run.bundle.json, review.md, review.md.airid.jsonl, policy.yaml.
 */
final class Examples {

  private Examples() {}

  /** By command path ("policy check"), in help order. */
  static final Map<String, List<String>> BY_COMMAND = new LinkedHashMap<>();

  static {
    BY_COMMAND.put("id", List.of("airid id declaration.json", "airid id --json declaration.json"));
    BY_COMMAND.put("canon", List.of("airid canon declaration.json --out declaration.canonical.json"));
    BY_COMMAND.put("redact", List.of("airid redact declaration.json --pointer /instructions --out redacted.json",
        "airid redact declaration.json --all --out redacted-all.json"));
    BY_COMMAND.put("keygen", List.of("airid keygen --out team", "airid keygen --algorithm ecdsa-p256 --out team-p256"));
    BY_COMMAND.put("attest", List.of("airid attest declaration.json --key team.key --redact /instructions --out run.bundle.json"));
    BY_COMMAND.put("attest-output", List.of("airid attest-output --run run.bundle.json --key team.key review.md"));
    BY_COMMAND.put("verify", List.of("airid verify review.md --key team.pub",
        "airid verify review.md --bundle review.md.airid.jsonl --key team.pub --json",
        "airid verify --bundle run.bundle.json --key team.pub",
        "airid verify review.md --key team.pub --policy policy.yaml"));
    BY_COMMAND.put("inspect", List.of("airid inspect review.md.airid.jsonl", "airid inspect run.bundle.json --json"));
    BY_COMMAND.put("policy check", List.of("airid policy check declaration.json --policy policy.yaml"));
    BY_COMMAND.put("verify-chain", List.of("airid verify-chain run.bundle.json --key team.pub"));
    BY_COMMAND.put("trust update", List.of("airid trust update"));
    BY_COMMAND.put("gate", List.of("airid gate --bootstrap-servers localhost:9092 --input ai-outputs --verified ai-outputs-verified "
        + "--rejected ai-outputs-rejected --key team.pub"));
    BY_COMMAND.put("conformance verify-bundle", List.of("airid conformance verify-bundle --bundle review.md.sigstore.json --key team.pub "
        + "--trusted-root trusted_root.json review.md"));
  }

  /** Appends the examples to the footer of each command in {@code top}'s tree (a parent shows its children's). */
  static void addTo(CommandLine top) {
    for (CommandLine sub : top.getSubcommands().values()) {
      add(sub, sub.getCommandName());
    }
  }

  private static void add(CommandLine cl, String path) {
    List<String> lines = new ArrayList<>();
    BY_COMMAND.forEach((p, examples) -> {
      if (p.equals(path) || p.startsWith(path + " ")) {
        examples.forEach(e -> lines.add("  $ " + e));
      }
    });
    if (!lines.isEmpty()) {
      List<String> footer = new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().footer()));
      boolean endsWithBlank = !footer.isEmpty() && footer.get(footer.size() - 1).endsWith("%n");
      footer.add(endsWithBlank ? "Examples:" : "%nExamples:");
      footer.addAll(lines);
      cl.getCommandSpec().usageMessage().footer(footer.toArray(new String[0]));
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      add(sub, path + " " + sub.getCommandName());
    }
  }
}
