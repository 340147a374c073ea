package dev.airid.chain;

import dev.airid.RunIdentity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The graph of runs: each run names its parents. Finds the parents that are not in the graph and any cycle.
 *
 * <p>For verified declarations a cycle cannot occur — an identity hashes its parents' identities, so a run cannot
 * name a descendant without a SHA-256 preimage — but the walk must still terminate and say so on any input.
 *
 * <p>Every walk is iterative, with its stack on the heap: a legitimate chain is as deep as it is long (a linear chain
 * of 10,000 runs is 10,000 levels), far deeper than a thread's stack allows for recursion. Time and memory are linear
 * in the number of runs and parent links.
 */
final class RunGraph {

  private final Map<RunIdentity, List<RunIdentity>> parents;

  RunGraph(Map<RunIdentity, List<RunIdentity>> parents) {
    this.parents = new LinkedHashMap<>(parents);
  }

  /**
   * Runs reachable from {@code root} through parent links, root first, depth-first with parents in declared order,
   * each once: the preorder a recursive walk would give.
   */
  List<RunIdentity> ancestry(RunIdentity root) {
    List<RunIdentity> out = new ArrayList<>();
    Set<RunIdentity> seen = new HashSet<>();
    Deque<RunIdentity> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      RunIdentity id = stack.pop();
      if (!seen.add(id)) {
        continue;
      }
      out.add(id);
      // Pushed last-first so that the first parent is visited next; a run already seen when popped is skipped, which
      // gives exactly the recursive preorder.
      List<RunIdentity> ps = parents.getOrDefault(id, List.of());
      for (int i = ps.size() - 1; i >= 0; i--) {
        if (!seen.contains(ps.get(i))) {
          stack.push(ps.get(i));
        }
      }
    }
    return out;
  }

  /** Parent links to runs that are not in the graph: child → missing parent. */
  List<RunIdentity[]> missing(List<RunIdentity> runs) {
    List<RunIdentity[]> out = new ArrayList<>();
    for (RunIdentity r : runs) {
      for (RunIdentity p : parents.getOrDefault(r, List.of())) {
        if (!parents.containsKey(p)) {
          out.add(new RunIdentity[] {r, p});
        }
      }
    }
    return out;
  }

  /**
   * A cycle among the runs, as the list of runs on it with the first repeated at the end, if there is one. Depth-first
   * from each run in insertion order, following only links to runs in the graph.
   */
  Optional<List<RunIdentity>> cycle() {
    Set<RunIdentity> done = new HashSet<>();
    Set<RunIdentity> onPath = new HashSet<>();
    for (RunIdentity start : parents.keySet()) {
      if (done.contains(start)) {
        continue;
      }
      // The path from start to the current run, and for each run on it the index of its next parent to follow.
      List<RunIdentity> path = new ArrayList<>();
      List<Integer> next = new ArrayList<>();
      path.add(start);
      next.add(0);
      onPath.add(start);
      while (!path.isEmpty()) {
        int top = path.size() - 1;
        RunIdentity id = path.get(top);
        List<RunIdentity> ps = parents.get(id);
        int i = next.get(top);
        if (i == ps.size()) {
          path.remove(top);
          next.remove(top);
          onPath.remove(id);
          done.add(id);
          continue;
        }
        next.set(top, i + 1);
        RunIdentity p = ps.get(i);
        if (!parents.containsKey(p) || done.contains(p)) {
          continue;
        }
        if (onPath.contains(p)) {
          List<RunIdentity> cycle = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
          cycle.add(p);
          return Optional.of(cycle);
        }
        path.add(p);
        next.add(0);
        onPath.add(p);
      }
    }
    return Optional.empty();
  }
}
