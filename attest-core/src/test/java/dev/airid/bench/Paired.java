package dev.airid.bench;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;

/**
 * Each operation beside its floor, interleaved: batches of the floor and of the operation alternate (A B B A …) in one
 * JVM, and the ratio is taken per pair of neighbouring batches, then summarised by its median and quartiles.
 *
 * <p>JMH measures one benchmark after another, so on a shared machine whose speed drifts by 15% within a minute a
 * ratio of two JMH scores carries that drift. Here both sides of every ratio ran within a few milliseconds of each
 * other, so the drift cancels. Each batch is timed twice: by the wall clock and by the thread's CPU time. On a machine
 * shared with other work, CPU time leaves out the time the thread waited for a core (it does not count work other
 * threads do for it, such as garbage collection, which is small here). Absolute times are medians and indicative.
 *
 * <p>Usage: {@code Paired [regex]} selects cases by name (default: all); each runs in a fresh JVM. Each case prints a
 * human line and a machine line starting with {@code RESULT} (tab-separated) that {@link Compare} reads.
 */
public final class Paired {

  private static final int ROUNDS = Integer.getInteger("bench.rounds", 60);
  /** As for the JMH benchmarks: with millisecond operations, the JIT is still compiling after 3 s. */
  private static final long WARMUP_NANOS = Long.getLong("bench.warmupMillis", 6_000) * 1_000_000L;
  /** Aim for batches of about this long, so that timer resolution and JIT events are small beside them. */
  private static final long BATCH_NANOS = 20_000_000;

  private Paired() {}

  /**
   * A case: an operation, its floor, and extra operations measured the same way against the same floor (other
   * implementations of the floor, a peer), reported beside it.
   */
  record Case(String name, Callable<Object> floor, Callable<Object> op, String target, Map<String, Callable<Object>> extras) {
    Case(String name, Callable<Object> floor, Callable<Object> op, String target) {
      this(name, floor, op, target, Map.of());
    }
  }

  static final List<String> CORPORA = List.of("prose", "mixed", "cjk", "dense");

  /** Every case by name, built only when run: building one runs code (parsing, signing) that would warm the JIT. */
  static Map<String, Callable<Case>> cases() {
    Map<String, Callable<Case>> cases = new LinkedHashMap<>();
    for (String corpus : CORPORA) {
      for (int size : List.of(4096, 1 << 20)) {
        String name = "identity " + corpus + " " + label(size);
        cases.put(name, () -> {
          byte[] bytes = IdentityBenchmark.corpusOfSize(corpus, size);
          if (!JavaPeer.identity(bytes).equals(Declaration.parse(bytes).identity().toString())) {
            throw new IllegalStateException("the Java peer disagrees on " + corpus);
          }
          Map<String, Callable<Object>> extras = new LinkedHashMap<>();
          extras.put("java-peer (Jackson + JCS)", () -> JavaPeer.identity(bytes));
          return new Case(name, () -> Sha256.of(bytes), () -> Declaration.parse(bytes).identity(),
              size == 1 << 20 ? "<= 2.5x SHA-256" : "", extras);
        });
      }
    }
    for (KeyType type : List.of(KeyType.ED25519, KeyType.ECDSA_P256)) {
      for (String what : List.of("verify", "attest")) {
        String name = what + " " + type.id() + " 4.5 KB";
        cases.put(name, () -> signingCase(name, what, type));
      }
    }
    return cases;
  }

  /** The declaration of the verification comparison: English prose, 4.5 KB, as a bundle of about 6.5 KB. */
  static byte[] verifyDeclaration() {
    return IdentityBenchmark.corpusOfSize("prose", 4608);
  }

  private static Case signingCase(String name, String what, KeyType type) throws Exception {
    SigningKey key = KeyFiles.generate(type);
    Declaration d = Declaration.parse(verifyDeclaration());
    Attestor attestor = new Attestor(key);
    Bundle bundle = attestor.attestDeclaration(d, null);
    byte[] bundleBytes = bundle.toBytes();
    byte[] pae = bundle.envelope().orElseThrow().pae();
    byte[] sig = bundle.envelope().orElseThrow().signatures().get(0).sig();
    VerifyCall verifier = new VerifyCall(key.verificationKey());
    if (!verifier.verify(bundleBytes)) {
      throw new IllegalStateException("benchmark bundle does not verify");
    }
    if (what.equals("verify")) {
      RawSignatures raw = new RawSignatures(key, pae, sig);
      Map<String, Callable<Object>> extras = new LinkedHashMap<>(raw.others());
      extras.put("airid verify via Provenance.split", () -> verifier.verify(
          dev.airid.attest.Provenance.split(bundleBytes).get(0)));
      // The JDK's check is an order of magnitude slower and fails Wycheproof cases: ranked, not paired.
      double jdk = raw.rankedMicros().getOrDefault("raw jdk", Double.NaN);
      System.out.printf(java.util.Locale.ROOT, "RESULT\t%s\traw jdk (ranked apart)\t%.2f\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f%n",
          name, raw.rankedMicros().get(raw.fastestName()), jdk, 0.0, 0.0, 0.0,
          jdk / raw.rankedMicros().get(raw.fastestName()), 0.0, 0.0);
      return new Case(name + " [floor: " + raw.fastestName() + "; airid uses " + key.algorithm().implementation() + "]",
          raw.fastest(), () -> verifier.verify(bundleBytes), "<= 1.5x the fastest raw check", extras);
    }
    return new Case(name + " [" + key.algorithm().implementation() + "]", () -> key.sign(pae),
        () -> attestor.attestDeclaration(d, null), "");
  }

  /**
   * {@code Paired [regex]}: runs each case whose name matches in a JVM of its own, as JMH forks, so that what the JIT
   * learnt from one case does not shape the code another case measures. {@code Paired --case NAME} runs one here.
   */
  public static void main(String[] args) throws Exception {
    Map<String, Callable<Case>> cases = cases();
    if (args.length == 2 && args[0].equals("--case")) {
      run(cases.get(args[1]).call());
      return;
    }
    Pattern select = Pattern.compile(args.length > 0 && !args[0].isBlank() ? args[0] : ".*");
    printHeader();
    for (String name : cases.keySet()) {
      if (select.matcher(name).find()) {
        fork(name, true);
      }
    }
  }

  static void printHeader() {
    System.out.printf("%-44s %11s %11s   %-24s %-24s %s%n", "case", "floor", "operation", "wall ratio: median [p25, p75]",
        "cpu ratio", "target");
  }

  /** Runs one case in a fresh JVM; returns its output. */
  static String fork(String name, boolean echo) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    for (String p : List.of("bench.rounds", "bench.warmupMillis", "bench.warmupCalls", "airid.crypto")) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.addAll(List.of(Paired.class.getName(), "--case", name));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.append(line).append('\n');
        if (echo && !line.startsWith("RESULT")) {
          System.out.println(line);
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("case \"" + name + "\" failed:\n" + out);
    }
    return out.toString();
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One side's batches: wall and CPU nanoseconds. */
  private record Timed(long wall, long cpu) {}

  private static void run(Case c) throws Exception {
    List<Callable<Object>> sides = new ArrayList<>(List.of(c.floor(), c.op()));
    sides.addAll(c.extras().values());
    warmUp(sides);
    int batch = batchSize(sides);
    int n = sides.size();
    List<List<Double>> wallRatios = new ArrayList<>();
    List<List<Double>> cpuRatios = new ArrayList<>();
    List<List<Long>> wallTimes = new ArrayList<>();
    List<List<Long>> cpuTimes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      wallRatios.add(new ArrayList<>());
      cpuRatios.add(new ArrayList<>());
      wallTimes.add(new ArrayList<>());
      cpuTimes.add(new ArrayList<>());
    }
    for (int round = 0; round < ROUNDS; round++) {
      // Floor, then each other side right after it; every second round in the other order, so none always goes first.
      Timed[] t = new Timed[n];
      if (round % 2 == 0) {
        for (int i = 0; i < n; i++) {
          t[i] = time(sides.get(i), batch);
        }
      } else {
        for (int i = n - 1; i >= 0; i--) {
          t[i] = time(sides.get(i), batch);
        }
      }
      for (int i = 0; i < n; i++) {
        wallTimes.get(i).add(t[i].wall());
        cpuTimes.get(i).add(t[i].cpu());
        wallRatios.get(i).add(t[i].wall() / (double) t[0].wall());
        cpuRatios.get(i).add(t[i].cpu() / (double) Math.max(1, t[0].cpu()));
      }
    }
    List<String> names = new ArrayList<>(List.of("floor", "airid"));
    names.addAll(c.extras().keySet());
    System.out.printf("%-44s %8.1f us %8.1f us   %s  %s  %s%n", c.name(), median(cpuTimes.get(0)) / 1000.0 / batch,
        median(cpuTimes.get(1)) / 1000.0 / batch, quartiles(wallRatios.get(1)), quartiles(cpuRatios.get(1)), c.target());
    for (int i = 2; i < n; i++) {
      System.out.printf("  %-42s %11s %8.1f us   %s  %s%n", names.get(i), "", median(cpuTimes.get(i)) / 1000.0 / batch,
          quartiles(wallRatios.get(i)), quartiles(cpuRatios.get(i)));
    }
    for (int i = 1; i < n; i++) {
      List<Double> w = sorted(wallRatios.get(i));
      List<Double> cr = sorted(cpuRatios.get(i));
      // RESULT case side floor_us side_us wall_med wall_p25 wall_p75 cpu_med cpu_p25 cpu_p75 (per-op times: CPU)
      System.out.printf(java.util.Locale.ROOT, "RESULT\t%s\t%s\t%.2f\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f%n", c.name(),
          names.get(i), median(cpuTimes.get(0)) / 1000.0 / batch, median(cpuTimes.get(i)) / 1000.0 / batch,
          w.get(w.size() / 2), w.get(w.size() / 4), w.get(3 * w.size() / 4),
          cr.get(cr.size() / 2), cr.get(cr.size() / 4), cr.get(3 * cr.size() / 4));
    }
  }

  private static String quartiles(List<Double> ratios) {
    List<Double> r = sorted(ratios);
    return String.format("%5.2fx [%5.2fx, %5.2fx]", r.get(r.size() / 2), r.get(r.size() / 4), r.get(3 * r.size() / 4));
  }

  private static List<Double> sorted(List<Double> v) {
    List<Double> r = new ArrayList<>(v);
    Collections.sort(r);
    return r;
  }

  /**
   * Runs every side, alternating, for {@link #WARMUP_NANOS} and until each has run {@link #WARMUP_CALLS} times (at most
   * a minute): an operation of 100 µs run for a few seconds beside slower ones is still in C1 code — C2 compiles a
   * method after some ten thousand calls.
   */
  private static void warmUp(List<Callable<Object>> sides) throws Exception {
    long start = System.nanoTime();
    long end = start + WARMUP_NANOS;
    long calls = 0;
    while (System.nanoTime() < end || calls < WARMUP_CALLS && System.nanoTime() - start < 60_000_000_000L) {
      for (Callable<Object> s : sides) {
        time(s, 10);
      }
      calls += 10;
    }
  }

  private static final long WARMUP_CALLS = Long.getLong("bench.warmupCalls", 20_000);

  /** Operations per batch, so that a batch of the slowest side takes about {@link #BATCH_NANOS}. */
  private static int batchSize(List<Callable<Object>> sides) throws Exception {
    long each = 1;
    for (Callable<Object> s : sides) {
      each = Math.max(each, time(s, 20).wall() / 20);
    }
    return (int) Math.max(1, Math.min(100_000, BATCH_NANOS / each));
  }

  /** Keeps results reachable so the JIT cannot drop the work. */
  static volatile Object sink;

  private static Timed time(Callable<Object> task, int n) throws Exception {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink = task.call();
    }
    long wall = System.nanoTime() - start;
    return new Timed(wall, THREADS.getCurrentThreadCpuTime() - cpu);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String label(int size) {
    return size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
  }
}
