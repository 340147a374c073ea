package dev.airid.chain;

import dev.airid.RunIdentity;
import java.util.ArrayList;
import java.util.HashMap;
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
 */
final class RunGraph {

  private final Map<RunIdentity, List<RunIdentity>> parents;

  RunGraph(Map<RunIdentity, List<RunIdentity>> parents) {
    this.parents = new LinkedHashMap<>(parents);
  }

  /** Runs reachable from {@code root} through parent links, root first (depth-first). */
  List<RunIdentity> ancestry(RunIdentity root) {
    List<RunIdentity> out = new ArrayList<>();
    walk(root, new HashSet<>(), out);
    return out;
  }

  private void walk(RunIdentity id, Set<RunIdentity> seen, List<RunIdentity> out) {
    if (!seen.add(id)) {
      return;
    }
    out.add(id);
    for (RunIdentity p : parents.getOrDefault(id, List.of())) {
      walk(p, seen, out);
    }
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

  /** A cycle among the runs, as the list of runs on it, if there is one. */
  Optional<List<RunIdentity>> cycle() {
    Map<RunIdentity, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
    for (RunIdentity start : parents.keySet()) {
      List<RunIdentity> stack = new ArrayList<>();
      Optional<List<RunIdentity>> c = dfs(start, state, stack);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  private Optional<List<RunIdentity>> dfs(RunIdentity id, Map<RunIdentity, Integer> state, List<RunIdentity> stack) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return Optional.empty();
    }
    if (s != null && s == 1) {
      List<RunIdentity> cycle = new ArrayList<>(stack.subList(stack.indexOf(id), stack.size()));
      cycle.add(id);
      return Optional.of(cycle);
    }
    state.put(id, 1);
    stack.add(id);
    for (RunIdentity p : parents.getOrDefault(id, List.of())) {
      if (parents.containsKey(p)) {
        Optional<List<RunIdentity>> c = dfs(p, state, stack);
        if (c.isPresent()) {
          return c;
        }
      }
    }
    stack.remove(stack.size() - 1);
    state.put(id, 2);
    return Optional.empty();
  }
}
