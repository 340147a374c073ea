package dev.airid.chain;

import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.verify.Check;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a chain of runs end to end: every source verifies, every parent identity resolves to a verified declaration
 * in the set, there is no cycle, and the verifier's policy (if its trust policy has one) holds for every run (spec/policy.md §7).
 *
 * <p>Sources are verified one at a time as they are added to a {@link Session}, and only what the chain needs is kept
 * of each (identity, parents, a bounded model name and bounded failures), so memory stays bounded however many or
 * however large the sources are: at most one source's bytes are held at a time, and the graph is limited to
 * {@link #MAX_PARENT_LINKS} links.
 *
 * <p>Every source must verify. A source byte-identical to an earlier one is the same attestation and is verified once.
 * A different source for a run already seen (a redacted copy, another signer, a provenance file with outputs) is a
 * separate claim about that run: it is verified on its own, and if it fails, the chain fails and names it — a verifier
 * that guards ingest must not let a failing file through because another file about the same run passed.
 *
 * <p>Thread-safe: a {@code ChainVerifier} may start many sessions concurrently; a {@link Session} is for one thread.
 */
public final class ChainVerifier {

  /** Parent links kept for one chain; a source that would exceed it is a problem and is dropped. */
  public static final int MAX_PARENT_LINKS = 100_000;
  /** Problems reported for one chain; further problems are counted in one last line. */
  public static final int MAX_PROBLEMS = 1_000;
  /** Failed checks kept per source; further failures are counted in one problem. */
  public static final int MAX_FAILURES_PER_SOURCE = 20;
  /** Characters kept of a model name or a check detail; longer ones end in "…". They come from untrusted input. */
  public static final int MAX_TEXT_CHARS = 500;

  private final Verifier verifier;
  public ChainVerifier(Verifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /**
   * One run of the chain.
   *
   * @param model the declared model name, at most {@link #MAX_TEXT_CHARS} characters
   * @param verified whether every source of this run verified
   * @param failures the failed checks of its first source, at most {@link #MAX_FAILURES_PER_SOURCE}
   */
  public record Node(RunIdentity identity, String source, String model, List<RunIdentity> parents, boolean verified,
      List<Check> failures) {
    public Node {
      parents = List.copyOf(parents);
      failures = List.copyOf(failures);
    }
  }

  /**
   * The verified chain.
   *
   * @param nodes the runs, root first when a root was given
   * @param problems chain-level failures: unverified sources, failing copies, missing parents, a cycle, policy
   *     violations, a root not in the set; each names the run or source; at most {@link #MAX_PROBLEMS} plus one line
   *     that counts the rest
   */
  public record Result(Optional<RunIdentity> root, List<Node> nodes, List<String> problems) {
    public Result {
      nodes = List.copyOf(nodes);
      problems = List.copyOf(problems);
    }

    public boolean verified() {
      return problems.isEmpty() && !nodes.isEmpty();
    }
  }

  /** A provenance file (or declaration bundle) and a name for it in messages. */
  public record Source(String name, List<byte[]> bundles) {
    public Source {
      Objects.requireNonNull(name, "name");
      bundles = List.copyOf(bundles);
    }
  }

  /**
   * Verifies {@code sources}; every source must verify. With a {@code root}, the chain printed and checked for
   * missing parents is that run and its ancestors, and the root must be present. Equivalent to adding each source to
   * a {@link #session() session}; use a session to avoid holding every source in memory at once.
   */
  public Result verify(List<Source> sources, Optional<RunIdentity> root) {
    Session s = session();
    sources.forEach(s::add);
    return s.result(root);
  }

  /** A new, empty chain. Each source is verified at the time the verifier's clock says when it is added. */
  public Session session() {
    return new Session();
  }

  /**
   * A chain being verified source by source: {@link #add} verifies a source at once and keeps only what the chain
   * needs; {@link #result} then checks the links. Not thread-safe.
   */
  public final class Session {
    private final List<String> problems = new ArrayList<>();
    private int problemsDropped;
    private final Map<RunIdentity, Node> byId = new LinkedHashMap<>();
    private final Set<ByteBuffer> seenSources = new HashSet<>();
    private int links;

    private Session() {
    }

    /** Verifies one source and adds its run to the chain (spec/policy.md §7.2 steps 1 and 2). */
    public void add(Source s) {
      if (!seenSources.add(ByteBuffer.wrap(digest(s.bundles())))) {
        return; // byte for byte a source already verified: the same attestation, with the same checks
      }
      VerificationResult r = verifier.verify(s.bundles(), Optional.empty());
      List<Check> failed = r.checks().stream().filter(c -> c.status() == Check.Status.FAIL).toList();
      if (r.declaration().isEmpty()) {
        problem(s.name() + ": does not verify: " + failed.stream().findFirst().map(c -> c.name() + ": " + clip(c.detail())).orElse("?"));
        return;
      }
      Declaration d = r.declaration().get();
      Node seen = byId.get(d.identity());
      if (seen != null) {
        // Another attestation of a run already in the chain: it must verify too, and a failing copy fails the run.
        copyFailures(d.identity(), s.name(), failed);
        if (!failed.isEmpty() && seen.verified()) {
          byId.put(d.identity(), new Node(seen.identity(), seen.source(), seen.model(), seen.parents(), false, seen.failures()));
        }
        return;
      }
      if (links + d.parents().size() > MAX_PARENT_LINKS) {
        problem(s.name() + ": does not verify: chain.links: the chain would have more than " + MAX_PARENT_LINKS + " parent links");
        return;
      }
      links += d.parents().size();
      List<Check> kept = new ArrayList<>();
      for (Check c : failed) {
        if (kept.size() == MAX_FAILURES_PER_SOURCE) {
          kept.add(new Check("chain.failures", c.bundle(), Check.Status.FAIL,
              (failed.size() - MAX_FAILURES_PER_SOURCE) + " more failed check(s) not listed"));
          break;
        }
        kept.add(new Check(c.name(), c.bundle(), c.status(), clip(c.detail())));
      }
      byId.put(d.identity(), new Node(d.identity(), s.name(), clip(d.modelName()), d.parents(), r.verified(), kept));
    }

    /** Checks the links of the chain (spec/policy.md §7.2 steps 3 to 6). The session may not be used afterwards. */
    public Result result(Optional<RunIdentity> root) {
      Map<RunIdentity, List<RunIdentity>> parents = new LinkedHashMap<>();
      byId.forEach((id, n) -> parents.put(id, n.parents()));
      RunGraph graph = new RunGraph(parents);
      List<RunIdentity> members;
      if (root.isPresent()) {
        if (!byId.containsKey(root.get())) {
          problem("root " + root.get() + " is not among the verified runs");
          return new Result(root, List.of(), finished());
        }
        members = graph.ancestry(root.get()).stream().filter(byId::containsKey).toList();
      } else {
        members = new ArrayList<>(byId.keySet());
      }
      for (RunIdentity[] m : graph.missing(members)) {
        problem("run " + m[0] + " (" + byId.get(m[0]).source() + ") names parent " + m[1] + ", which is not a verified run in the set");
      }
      graph.cycle().ifPresent(c -> problem("cycle: " + c));
      List<Node> nodes = new ArrayList<>();
      for (RunIdentity id : members) {
        Node n = byId.get(id);
        nodes.add(n);
        for (Check c : n.failures()) { // already bounded and clipped by add()
          problem("run " + id + " (" + n.source() + "): " + c.name() + ": " + c.detail());
        }
      }
      return new Result(root, nodes, finished());
    }

    private void copyFailures(RunIdentity id, String source, List<Check> failed) {
      int listed = 0;
      for (Check c : failed) {
        if (listed++ == MAX_FAILURES_PER_SOURCE) {
          problem("run " + id + " (" + source + "): " + (failed.size() - MAX_FAILURES_PER_SOURCE) + " more failed check(s) not listed");
          break;
        }
        problem("run " + id + " (" + source + "): " + c.name() + ": " + clip(c.detail()));
      }
    }

    private void problem(String p) {
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(p);
      } else {
        problemsDropped++;
      }
    }

    private List<String> finished() {
      List<String> out = new ArrayList<>(problems);
      if (problemsDropped > 0) {
        out.add(problemsDropped + " more problem(s) not listed");
      }
      return out;
    }
  }

  /** SHA-256 over the source's bundles, each preceded by its length, so that different splits differ. */
  private static byte[] digest(List<byte[]> bundles) {
    MessageDigest md = Sha256.newDigest();
    for (byte[] b : bundles) {
      md.update(ByteBuffer.allocate(8).putLong(b.length).array());
      md.update(b);
    }
    return md.digest();
  }

  static String clip(String s) {
    if (s.length() <= MAX_TEXT_CHARS) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
    return s.substring(0, end) + "…";
  }
}
