package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.chain.ChainVerifier;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify-chain",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a chain of runs end to end, and print its graph.",
      "Every bundle verifies, every parent identity resolves to a verified declaration in the set, there is no cycle,",
      "and the policy (if given) holds for every run.",
      "Exit 0 verified, 1 a run or link failed (each named), 2 bad input."
    },
    footer = ExitCode.HELP_FOOTER)
final class VerifyChainCommand extends BaseCommand {

  /** Files read for one chain; each is also bounded in size (32 MiB) and in bundles (1,000). */
  static final int MAX_FILES = 10_000;

  @Parameters(paramLabel = "BUNDLE", arity = "0..*", description = "Declaration bundles or provenance files.")
  List<String> files = new ArrayList<>();

  @Option(names = "--dir", paramLabel = "DIR", description = "Also use every *.json and *.jsonl file in DIR.")
  Path dir;

  @Option(names = "--root", paramLabel = "IDENTITY", description = "The final run; the chain is it and its ancestors.")
  String root;

  @picocli.CommandLine.Mixin TrustedSigners signers;

  @Option(names = "--policy", paramLabel = "FILE", description = "Apply this policy to every run.")
  String policyFile;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or dot (Graphviz).")
  String format;

  @Override
  int run() throws AiridException {
    if (!format.equals("text") && !format.equals("dot")) {
      throw Usage.error("--format is text or dot");
    }
    if (json && format.equals("dot")) {
      throw Usage.error("--json and --format dot both write to standard output; choose one");
    }
    List<String> all = new ArrayList<>(files);
    if (dir != null) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl")).sorted().forEach(p -> all.add(p.toString()));
      } catch (IOException e) {
        throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, "cannot list " + dir + ": " + e.getMessage());
      }
    }
    if (all.isEmpty()) {
      throw Usage.error("give bundles, or --dir DIR");
    }
    if (all.size() > MAX_FILES) {
      throw Usage.error(all.size() + " files; a chain is verified from at most " + MAX_FILES);
    }
    Policy policy = policyFile == null ? null : Policy.parse(io.read(policyFile, Policy.MAX_BYTES), policyFile);
    Verifier verifier = signers.verifier(io, policy, policyFile, null, Optional.empty());
    List<ChainVerifier.Source> sources = new ArrayList<>();
    for (String f : all) {
      sources.add(new ChainVerifier.Source(f, Provenance.split(io.read(f))));
    }
    Optional<RunIdentity> rootId = root == null ? Optional.empty() : Optional.of(RunIdentity.parse(root));
    ChainVerifier.Result r = new ChainVerifier(verifier).verify(sources, rootId);

    if (format.equals("dot")) {
      io.out.println("digraph airid {");
      io.out.println("  rankdir=LR;");
      for (ChainVerifier.Node n : r.nodes()) {
        io.out.printf("  \"%s\" [label=\"%s\\n%s\"%s];%n", n.identity().hex(), n.model(), n.identity().hex().substring(0, 12),
            n.verified() ? "" : ", color=red");
        for (RunIdentity p : n.parents()) {
          io.out.printf("  \"%s\" -> \"%s\";%n", p.hex(), n.identity().hex());
        }
      }
      io.out.println("}");
    } else if (!json) {
      for (ChainVerifier.Node n : r.nodes()) {
        io.out.println((n.verified() ? "ok   " : "FAIL ") + n.identity() + "  " + n.model() + "  (" + n.source() + ")");
        for (RunIdentity p : n.parents()) {
          io.out.println("       ↑ parent " + p);
        }
      }
    }
    for (String p : r.problems()) {
      io.err.println("FAIL " + p);
    }
    io.err.println((r.verified() ? "chain verified: " : "chain NOT verified: ") + r.nodes().size() + " run(s)"
        + (r.problems().isEmpty() ? "" : ", " + r.problems().size() + " problem(s)"));
    if (json) {
      List<JsonValue> nodes = new ArrayList<>();
      for (ChainVerifier.Node n : r.nodes()) {
        List<JsonValue> parents = new ArrayList<>();
        n.parents().forEach(p -> parents.add(JsonString.of(p.toString())));
        nodes.add(JsonObject.builder().put("identity", n.identity().toString()).put("model", n.model()).put("source", n.source())
            .put("verified", n.verified()).put("parents", JsonArray.of(parents)).build());
      }
      List<JsonValue> problems = new ArrayList<>();
      r.problems().forEach(p -> problems.add(JsonString.of(p)));
      printJson(JsonObject.builder().put("verified", r.verified()).put("runs", JsonArray.of(nodes)).put("problems", JsonArray.of(problems)).build());
    }
    return r.verified() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }
}
