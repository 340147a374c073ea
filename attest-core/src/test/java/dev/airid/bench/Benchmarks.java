package dev.airid.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of this module and prints each one beside its floor, measured in the same run: a ratio, not
 * an absolute time, is what carries between machines. Pass a regex to select benchmarks (default: all), then any
 * {@code param=value[,value…]} to narrow a parameter, e.g. {@code Identity corpus=prose size=1048576}. With {@code
 * paired [regex]} it runs {@link Paired} instead: the same comparisons, interleaved; with {@code compare} the whole
 * comparison of docs/performance.md ({@link Compare}).
 */
public final class Benchmarks {

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("compare")) {
      // The whole comparison of docs/performance.md, written into it.
      Compare.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("paired")) {
      // Interleaved floor/operation ratios, robust to a machine whose speed drifts: see Paired.
      Paired.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    String include = args.length > 0 ? args[0] : "dev\\.airid\\.bench\\..*";
    OptionsBuilder options = new OptionsBuilder();
    options.include(include);
    // Maven passes -Dbench.params as one argument, possibly empty: split it into words.
    for (String word : String.join(" ", java.util.Arrays.asList(args).subList(Math.min(1, args.length), args.length))
        .trim().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      int eq = word.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected param=value[,value…], got: " + word);
      }
      options.param(word.substring(0, eq), word.substring(eq + 1).split(","));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    // key: benchmark class + params; value: method -> score
    Map<String, Map<String, Double>> table = new TreeMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      String cls = label.substring(0, label.lastIndexOf('.'));
      String method = label.substring(label.lastIndexOf('.') + 1);
      String key = cls.substring(cls.lastIndexOf('.') + 1) + " " + new TreeMap<>(paramsOf(r));
      table.computeIfAbsent(key, k -> new TreeMap<>()).put(method, r.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("Ratios against the floor measured in the same run (lower is better):");
    for (Map.Entry<String, Map<String, Double>> row : table.entrySet()) {
      Map<String, Double> scores = row.getValue();
      for (Map.Entry<String, Double> e : scores.entrySet()) {
        // The floor of method x is floorX when there is one, else the class's single floor* method.
        String own = "floor" + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1);
        Double floor = scores.containsKey(own) ? scores.get(own) : scores.entrySet().stream()
            .filter(f -> f.getKey().startsWith("floor")).map(Map.Entry::getValue).findFirst().orElse(null);
        if (e.getKey().startsWith("floor") || floor == null) {
          continue;
        }
        System.out.printf("  %-50s %-18s %10.1f us  floor %10.1f us  ratio %5.2fx%n",
            row.getKey(), e.getKey(), e.getValue(), floor, e.getValue() / floor);
      }
    }
  }

  private static Map<String, String> paramsOf(RunResult r) {
    Map<String, String> m = new TreeMap<>();
    for (String k : r.getParams().getParamsKeys()) {
      m.put(k, r.getParams().getParam(k));
    }
    return m;
  }
}
