package dev.airid.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.RunIdentity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graph walks terminate on any graph, however deep, and visit runs in the documented order. */
class RunGraphTest {

  static RunIdentity id(int i) {
    return RunIdentity.ofDigest(dev.airid.internal.Sha256.of(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  /** Run i names run i - 1; listed leaf first, so that a walk from the first run goes all the way down. */
  static Map<RunIdentity, List<RunIdentity>> linear(int n) {
    Map<RunIdentity, List<RunIdentity>> g = new LinkedHashMap<>();
    for (int i = n - 1; i >= 0; i--) {
      g.put(id(i), i == 0 ? List.of() : List.of(id(i - 1)));
    }
    return g;
  }

  /** Issue 18, finding 2: the recursive walks overflowed the stack at a depth of about 8,000 runs. */
  @Test
  void deepChainsAreWalkedWithoutRecursion() {
    int n = 30_000; // three times the 10,000 files verify-chain reads; recursion overflowed at about 8,000
    RunGraph g = new RunGraph(linear(n));
    List<RunIdentity> ancestry = g.ancestry(id(n - 1));
    assertEquals(n, ancestry.size());
    assertEquals(id(0), ancestry.get(n - 1));
    assertTrue(g.cycle().isEmpty());
    assertTrue(g.missing(ancestry).isEmpty());

    Map<RunIdentity, List<RunIdentity>> ring = linear(n);
    ring.put(id(0), List.of(id(n - 1)));
    List<RunIdentity> cycle = new RunGraph(ring).cycle().orElseThrow();
    assertEquals(n + 1, cycle.size());
    assertEquals(cycle.get(0), cycle.get(n));
  }

  /** On random graphs, with and without cycles, the iterative walks agree with the obvious recursive ones. */
  @Test
  void theWalksAgreeWithRecursiveReferenceWalks() {
    Random random = new Random(18);
    for (int round = 0; round < 2_000; round++) {
      int n = 1 + random.nextInt(12);
      boolean acyclic = random.nextBoolean();
      Map<RunIdentity, List<RunIdentity>> g = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        List<RunIdentity> ps = new ArrayList<>();
        int k = random.nextInt(4);
        for (int j = 0; j < k; j++) {
          // Parents beyond n are missing from the graph; acyclic graphs only point to lower numbers.
          int p = acyclic ? (i == 0 ? n + 1 : random.nextInt(i + 1) - 1) : random.nextInt(n + 2);
          RunIdentity pid = id(p < 0 ? n + 2 : p);
          if (!ps.contains(pid)) {
            ps.add(pid);
          }
        }
        g.put(id(i), ps);
      }
      RunGraph graph = new RunGraph(g);
      RunIdentity root = id(random.nextInt(n));
      List<RunIdentity> expected = new ArrayList<>();
      preorder(g, root, new HashSet<>(), expected);
      assertEquals(expected, graph.ancestry(root), g.toString());
      Optional<List<RunIdentity>> cycle = graph.cycle();
      assertEquals(hasCycle(g), cycle.isPresent(), g.toString());
      cycle.ifPresent(c -> {
        assertEquals(c.get(0), c.get(c.size() - 1));
        for (int i = 0; i + 1 < c.size(); i++) {
          assertTrue(g.get(c.get(i)).contains(c.get(i + 1)), "consecutive runs on a cycle are linked: " + c);
        }
      });
      if (acyclic) {
        assertTrue(cycle.isEmpty());
      }
    }
  }

  private static void preorder(Map<RunIdentity, List<RunIdentity>> g, RunIdentity id, Set<RunIdentity> seen, List<RunIdentity> out) {
    if (!seen.add(id)) {
      return;
    }
    out.add(id);
    for (RunIdentity p : g.getOrDefault(id, List.of())) {
      preorder(g, p, seen, out);
    }
  }

  /** Kahn's algorithm: a graph is acyclic iff repeatedly removing runs with no parents in the graph empties it. */
  private static boolean hasCycle(Map<RunIdentity, List<RunIdentity>> g) {
    Set<RunIdentity> left = new HashSet<>(g.keySet());
    boolean progress = true;
    while (progress) {
      progress = false;
      for (RunIdentity r : new ArrayList<>(left)) {
        if (g.get(r).stream().noneMatch(left::contains)) {
          left.remove(r);
          progress = true;
        }
      }
    }
    return !left.isEmpty();
  }
}
