package dev.airid.bench;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Each operation beside its floor, interleaved: batches of the floor and of the operation alternate (A B B A …) in one
 * JVM, and the ratio is taken per pair of neighbouring batches, then summarised by its median and quartiles.
 *
 * <p>JMH measures one benchmark after another, so on a shared machine whose speed drifts by 15% within a minute a
 * ratio of two JMH scores carries that drift. Here both sides of every ratio ran within a few milliseconds of each
 * other, so the drift cancels. The absolute times printed are medians and only indicative.
 *
 * <p>Usage: {@code Paired [regex]} selects cases by name (default: all); each runs in a fresh JVM.
 */
public final class Paired {

  private static final int ROUNDS = 60;
  /** As for the JMH benchmarks: with millisecond operations, the JIT is still compiling after 3 s. */
  private static final long WARMUP_NANOS = 6_000_000_000L;
  /** Aim for batches of about this long, so that timer resolution and JIT events are small beside them. */
  private static final long BATCH_NANOS = 20_000_000;

  private Paired() {}

  record Case(String name, Callable<Object> floor, Callable<Object> op, String target) {}

  /** Every case by name, built only when run: building one runs code (parsing, signing) that would warm the JIT. */
  static Map<String, Callable<Case>> cases() {
    Map<String, Callable<Case>> cases = new LinkedHashMap<>();
    for (String corpus : List.of("prose", "dense", "cjk")) {
      for (int size : List.of(4096, 1 << 20)) {
        String name = "identity " + corpus + " " + label(size);
        cases.put(name, () -> {
          byte[] bytes = IdentityBenchmark.corpusOfSize(corpus, size);
          return new Case(name, () -> Sha256.of(bytes), () -> Declaration.parse(bytes).identity(),
              corpus.equals("prose") && size == 1 << 20 ? "<= 3x (issue: identity)" : "");
        });
      }
    }
    for (KeyType type : List.of(KeyType.ECDSA_P256, KeyType.ED25519)) {
      for (String corpus : List.of("prose", "dense")) {
        for (String what : List.of("verify", "attest")) {
          String name = what + " " + type.id() + " " + corpus + " 4 KiB";
          cases.put(name, () -> signingCase(name, what, type, corpus));
        }
      }
    }
    return cases;
  }

  private static Case signingCase(String name, String what, KeyType type, String corpus) throws Exception {
    SigningKey key = KeyFiles.generate(type);
    Declaration d = Declaration.parse(IdentityBenchmark.corpusOfSize(corpus, 4096));
    Attestor attestor = new Attestor(key);
    Bundle bundle = attestor.attestDeclaration(d, null);
    byte[] bundleBytes = bundle.toBytes();
    byte[] pae = bundle.envelope().orElseThrow().pae();
    byte[] sig = bundle.envelope().orElseThrow().signatures().get(0).sig();
    Verifier verifier = Verifier.of(TrustPolicy.of(key.verificationKey()));
    if (!verifier.verify(bundleBytes).verified()) {
      throw new IllegalStateException("benchmark bundle does not verify");
    }
    return what.equals("verify")
        ? new Case(name, () -> key.verificationKey().verify(pae, sig), () -> verifier.verify(bundleBytes).verified(),
            "<= 1.25x (issue: attestations)")
        : new Case(name, () -> key.sign(pae), () -> attestor.attestDeclaration(d, null), "");
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
    System.out.printf("%-34s %12s %12s   %-26s %s%n", "case", "floor", "operation", "ratio: median [p25, p75]", "target");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String name : cases.keySet()) {
      if (select.matcher(name).find()) {
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Paired.class.getName(), "--case", name)
            .inheritIO().start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("case \"" + name + "\" failed");
        }
      }
    }
  }

  private static void run(Case c) throws Exception {
    warmUp(c);
    int batch = batchSize(c);
    List<Double> ratios = new ArrayList<>();
    List<Long> floors = new ArrayList<>();
    List<Long> ops = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      // A B, then B A: each side goes first half the time.
      long f;
      long o;
      if (round % 2 == 0) {
        f = time(c.floor(), batch);
        o = time(c.op(), batch);
      } else {
        o = time(c.op(), batch);
        f = time(c.floor(), batch);
      }
      ratios.add(o / (double) f);
      floors.add(f);
      ops.add(o);
    }
    Collections.sort(ratios);
    System.out.printf("%-34s %9.1f us %9.1f us   %5.2fx [%5.2fx, %5.2fx]     %s%n", c.name(),
        median(floors) / 1000.0 / batch, median(ops) / 1000.0 / batch,
        ratios.get(ratios.size() / 2), ratios.get(ratios.size() / 4), ratios.get(3 * ratios.size() / 4), c.target());
  }

  /** Runs both sides, alternating, for {@link #WARMUP_NANOS}. */
  private static void warmUp(Case c) throws Exception {
    long end = System.nanoTime() + WARMUP_NANOS;
    while (System.nanoTime() < end) {
      time(c.op(), 10);
      time(c.floor(), 10);
    }
  }

  /** Operations per batch, so that a batch of the slower side takes about {@link #BATCH_NANOS}. */
  private static int batchSize(Case c) throws Exception {
    long each = Math.max(time(c.op(), 20), time(c.floor(), 20)) / 20;
    return (int) Math.max(1, Math.min(100_000, BATCH_NANOS / Math.max(1, each)));
  }

  /** Keeps results reachable so the JIT cannot drop the work. */
  static volatile Object sink;

  private static long time(Callable<Object> task, int n) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink = task.call();
    }
    return System.nanoTime() - start;
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
