package dev.airid.chain;

import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.verify.Check;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a chain of runs end to end: every bundle verifies, every parent identity resolves to a verified declaration
 * in the set, there is no cycle, and the verifier's policy (if its trust policy has one) holds for every run.
 */
public final class ChainVerifier {

  private final Verifier verifier;

  public ChainVerifier(Verifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /** One run of the chain. */
  public record Node(RunIdentity identity, String source, String model, List<RunIdentity> parents, boolean verified,
      List<Check> failures) {}

  /**
   * The verified chain.
   *
   * @param nodes the runs, root first when a root was given
   * @param problems chain-level failures: unverified bundles, missing parents, a cycle, policy violations, a root not in
   *     the set; each names the run
   */
  public record Result(Optional<RunIdentity> root, List<Node> nodes, List<String> problems) {
    public boolean verified() {
      return problems.isEmpty() && !nodes.isEmpty();
    }
  }

  /** A provenance file (or declaration bundle) and a name for it in messages. */
  public record Source(String name, List<byte[]> bundles) {}

  /**
   * Verifies {@code sources}; every source must verify. With a {@code root}, the chain printed and checked for
   * missing parents is that run and its ancestors, and the root must be present.
   */
  public Result verify(List<Source> sources, Optional<RunIdentity> root) {
    List<String> problems = new ArrayList<>();
    Map<RunIdentity, Node> byId = new LinkedHashMap<>();
    for (Source s : sources) {
      VerificationResult r = verifier.verify(s.bundles(), Optional.empty());
      List<Check> failed = r.checks().stream().filter(c -> c.status() == Check.Status.FAIL).toList();
      if (r.declaration().isEmpty()) {
        problems.add(s.name() + ": does not verify: " + failed.stream().findFirst().map(c -> c.name() + ": " + c.detail()).orElse("?"));
        continue;
      }
      Declaration d = r.declaration().get();
      Node node = new Node(d.identity(), s.name(), d.modelName(), d.parents(), r.verified(), failed);
      if (byId.containsKey(d.identity())) {
        // The same run attested twice (e.g. redacted and not) is one node; a copy that fails still fails the chain.
        for (Check c : failed) {
          problems.add("run " + d.identity() + " (" + s.name() + "): " + c.name() + ": " + c.detail());
        }
        continue;
      }
      byId.put(d.identity(), node);
    }
    Map<RunIdentity, List<RunIdentity>> links = new LinkedHashMap<>();
    byId.forEach((id, n) -> links.put(id, n.parents()));
    RunGraph graph = new RunGraph(links);
    List<RunIdentity> members;
    if (root.isPresent()) {
      if (!byId.containsKey(root.get())) {
        problems.add("root " + root.get() + " is not among the verified runs");
        return new Result(root, List.of(), problems);
      }
      members = graph.ancestry(root.get()).stream().filter(byId::containsKey).toList();
    } else {
      members = new ArrayList<>(byId.keySet());
    }
    for (RunIdentity[] m : graph.missing(members)) {
      problems.add("run " + m[0] + " (" + byId.get(m[0]).source() + ") names parent " + m[1] + ", which is not a verified run in the set");
    }
    graph.cycle().ifPresent(c -> problems.add("cycle: " + c));
    List<Node> nodes = new ArrayList<>();
    for (RunIdentity id : members) {
      Node n = byId.get(id);
      nodes.add(n);
      for (Check c : n.failures()) {
        problems.add("run " + id + " (" + n.source() + "): " + c.name() + ": " + c.detail());
      }
    }
    return new Result(root, nodes, problems);
  }
}
