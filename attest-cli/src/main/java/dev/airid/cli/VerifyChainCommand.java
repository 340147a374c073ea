package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.RunIdentity;
import dev.airid.verify.Verifier;
import dev.airid.attest.Provenance;
import dev.airid.chain.ChainVerifier;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify-chain",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a chain of runs end to end, and print its graph.",
      "Every bundle verifies, every parent identity resolves to a verified declaration in the set, there is no cycle, and the policy (if given) holds for every run.",
      "Exit 0 verified, 1 a run or link failed (each named), 2 bad input."
    },
    footer = ExitCode.HELP_FOOTER)
final class VerifyChainCommand extends BaseCommand {

  /** Files read for one chain; each is also bounded in size ({@link #MAX_FILE_BYTES}) and in bundles (1,000). */
  static final int MAX_FILES = 10_000;
  /** Largest file read: the JSON size limit, as for one bundle (spec/attestations.md §6). */
  static final long MAX_FILE_BYTES = dev.airid.json.JsonLimits.DEFAULT_MAX_BYTES;

  @Parameters(paramLabel = "BUNDLE", arity = "0..*", description = "Declaration bundles or provenance files.")
  List<String> files = new ArrayList<>();

  @Option(names = "--dir", paramLabel = "DIR", description = "Also use every *.json and *.jsonl file in DIR (regular files, "
      + "or links to files inside DIR; anything else there is refused). Files are read and verified one at a time.")
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
    if (files.isEmpty() && dir == null) {
      throw Usage.error("give bundles, or --dir DIR");
    }
    List<ChainInputs.Input> inputs = ChainInputs.list(files, dir, MAX_FILES);
    if (inputs.isEmpty()) {
      throw Usage.error("no *.json or *.jsonl file in " + dir);
    }
    Optional<RunIdentity> rootId = root == null ? Optional.empty() : Optional.of(RunIdentity.parse(root));
    Policy policy = policyFile == null ? null : Policy.parse(io.read(policyFile, Policy.MAX_BYTES), policyFile);
    Verifier verifier = signers.verifier(io, policy, policyFile, null, Optional.empty());
    // One file at a time: read, split, verify, and keep only what the chain needs (bounded memory).
    ChainVerifier.Session session = new ChainVerifier(verifier).session();
    for (ChainInputs.Input f : inputs) {
      session.add(new ChainVerifier.Source(f.name(), Provenance.split(ChainInputs.read(io, f, MAX_FILE_BYTES))));
    }
    ChainVerifier.Result r = session.result(rootId);

    if (format.equals("dot")) {
      io.out.println("digraph airid {");
      io.out.println("  rankdir=LR;");
      for (ChainVerifier.Node n : r.nodes()) {
        io.out.printf("  \"%s\" [label=\"%s\\n%s\"%s];%n", n.identity().hex(), dotString(n.model()), n.identity().hex().substring(0, 12),
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
      printJson(r.verified() ? ExitCode.OK : ExitCode.CHECK_FAILED, JsonObject.builder().put("verified", r.verified()).put("runs", JsonArray.of(nodes)).put("problems", JsonArray.of(problems)).build());
    }
    return r.verified() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  /** Inside a DOT quoted string: printable (escaped like any human output), then backslash and quote escaped for DOT. */
  static String dotString(String s) {
    return dev.airid.text.Printable.escape(s).replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
