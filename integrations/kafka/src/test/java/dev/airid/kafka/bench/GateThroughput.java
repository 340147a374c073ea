package dev.airid.kafka.bench;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.kafka.AiridHeaders;
import dev.airid.kafka.Provenance;
import dev.airid.kafka.RecordVerifier;
import dev.airid.kafka.Verdict;
import dev.airid.kafka.testing.Broker;
import dev.airid.kafka.testing.GateProcess;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the Kafka gate, beside the same verification in a plain loop in one JVM: the gate's overhead over
 * verification. Not a test (it runs for minutes and its numbers depend on the machine); docs/performance.md has the
 * command and the results.
 *
 * <p>Records: a 4 KiB output (UTF-8 text, non-ASCII) and its provenance (declaration bundle and output bundle, Ed25519),
 * 1000 distinct ones, cycled. The loop calls {@link RecordVerifier#verify} on them; the gate runs as separate JVMs
 * ({@code GateProcess}) against a broker in this JVM, on a 4-partition topic preloaded with {@code records} records,
 * and its rate is read from the offsets its consumer group commits, between 25% and 95% of the run (so that start-up,
 * the first rebalance and JIT warm-up are not counted; the loop gets a 15 s warm-up for the same reason). The loop
 * runs in JVMs like the gates' (same options, none hosting the broker), between the gate runs: its values show how
 * much the machine drifted meanwhile, and each ratio uses the loop runs next to it.
 *
 * <p>Arguments: {@code records=N} (default 200000: with fewer, a gate JVM, which starts cold beside the broker, spends
 * much of the measured window compiling; verification alone costs the JIT some 9 s of CPU), {@code seconds=S} for each
 * loop measurement (default 20).
 */
public final class GateThroughput {

  private static final int DISTINCT = 1000;
  private static final int VALUE_BYTES = 4096;
  private static final int WARMUP_SECONDS = 15;
  /** The part of a gate run that is timed: after start-up, rebalancing and JIT warm-up, before the tail. */
  private static final double FROM = 0.25;
  private static final double TO = 0.95;
  /**
   * The options of every loop and gate JVM: the collector bin/airid starts 'airid gate' with (docs/kafka.md, "JVM
   * settings"), the same for both sides of each ratio.
   */
  private static final List<String> JVM = List.of("-Xmx1g", "-XX:+UseParallelGC");

  private final List<byte[]> values = new ArrayList<>();
  private final List<byte[]> provenances = new ArrayList<>();
  private final SigningKey key;
  private final RecordVerifier verifier;

  private GateThroughput() throws Exception {
    key = KeyFiles.generate(KeyType.ED25519);
    verifier = RecordVerifier.keys(List.of(key.verificationKey()), 1);
    Declaration d = Declaration.builder("gpt-4o").modelProvider("openai").parameter("temperature", 0.2)
        .instruction("system", "Du bist ein sorgfältiger Prüfer. Antworte knapp.")
        .input("user", "Fasse den Prüfbericht zusammen: 監査報告書の要約")
        .build();
    Attestor attestor = new Attestor(key);
    Bundle run = attestor.attestDeclaration(d, Instant.now());
    String text = "Der Prüfbericht ist vollständig; 結論は妥当です. Keine Auffälligkeiten — ";
    for (int i = 0; i < DISTINCT; i++) {
      StringBuilder sb = new StringBuilder("Antwort " + i + ": ");
      while (sb.toString().getBytes(StandardCharsets.UTF_8).length < VALUE_BYTES) {
        sb.append(text);
      }
      byte[] value = java.util.Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), VALUE_BYTES);
      value[VALUE_BYTES - 1] = '.'; // a cut multi-byte character would be fine for SHA-256, but keep it valid text
      Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("antwort.md", sha256(value))),
          ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED).reportedModel("gpt-4o-2024-08-06"));
      values.add(value);
      provenances.add(Provenance.of(List.of(run, out)).bytes());
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("loop")) { // a loop JVM started by loopJvm
      System.out.println("rate=" + new GateThroughput().loop(Integer.parseInt(args[1]), Integer.parseInt(args[2])));
      return;
    }
    int records = 200_000;
    int seconds = 20;
    for (String a : String.join(" ", args).trim().split("\\s+")) {
      if (a.startsWith("records=")) {
        records = Integer.parseInt(a.substring(8));
      } else if (a.startsWith("seconds=")) {
        seconds = Integer.parseInt(a.substring(8));
      } else if (!a.isEmpty()) {
        throw new IllegalArgumentException("expected records=N or seconds=S, got " + a);
      }
    }
    // Gate JVMs must not outlive the benchmark, however it ends.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    GateThroughput b = new GateThroughput();
    System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s; load average %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        System.getProperty("java.version"), loadAverage());
    System.out.printf(Locale.ROOT, "record: %d-byte value, %d-byte provenance header%n", VALUE_BYTES, b.provenances.get(0).length);

    Path dir = Files.createTempDirectory("airid-gate-bench");
    try (Broker broker = Broker.start()) {
      Path pub = dir.resolve("bench.pub");
      Files.write(pub, KeyFiles.publicPem(b.key.verificationKey()));
      broker.createTopics(4, "bench.in");
      b.preload(broker, records);
      System.out.printf(Locale.ROOT, "preloaded %d records; load average %s%n", records, loadAverage());
      // Loops and gate runs interleave, each gate run between two loop runs, so that a machine whose speed drifts
      // (a shared one) shows it, and each ratio uses the loops next to it. Loops run in JVMs like the gates'.
      double l1a = loopJvm(dir, 1, seconds);
      double g1 = b.gate(broker, dir, pub, "one-thread", 1, 1, records);
      double l1b = loopJvm(dir, 1, seconds);
      double g2 = b.gate(broker, dir, pub, "two-threads", 1, 2, records);
      double l2 = loopJvm(dir, 2, seconds);
      double g11 = b.gate(broker, dir, pub, "two-instances", 2, 1, records);
      double l1c = loopJvm(dir, 1, seconds);
      System.out.println();
      System.out.println("| Run | records/s | ratio |");
      System.out.println("|---|---:|---|");
      System.out.printf(Locale.ROOT, "| loop, 1 thread (before, between, after) | %.0f, %.0f, %.0f | drift %+.0f%% first to last |%n",
          l1a, l1b, l1c, 100 * (l1c / l1a - 1));
      System.out.printf(Locale.ROOT, "| loop, 2 threads | %.0f | %.2f × 1-thread loop |%n", l2, l2 / ((l1b + l1c) / 2));
      System.out.printf(Locale.ROOT, "| gate, 1 instance × 1 thread | %.0f | %.2f × the loops around it (target ≥ 0.70) |%n",
          g1, g1 / ((l1a + l1b) / 2));
      System.out.printf(Locale.ROOT, "| gate, 1 instance × 2 threads | %.0f | %.2f × 2-thread loop |%n", g2, g2 / l2);
      System.out.printf(Locale.ROOT, "| gate, 2 instances × 1 thread | %.0f | %.2f × one 1-thread instance (target ≥ 1.6); %.2f × 2-thread loop |%n",
          g11, g11 / g1, g11 / l2);
    }
  }

  /** Records per second of the loop in a JVM of its own, with the gate JVMs' options. */
  private static double loopJvm(Path dir, int threads, int seconds) throws Exception {
    Path log = dir.resolve("loop-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(JVM);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        GateThroughput.class.getName(), "loop", String.valueOf(threads), String.valueOf(seconds)));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("the loop JVM failed; see " + log);
    }
    double rate = Double.parseDouble(Files.readAllLines(log).stream().filter(l -> l.startsWith("rate="))
        .findFirst().orElseThrow().substring(5));
    System.out.printf(Locale.ROOT, "loop, %d thread(s): %8.0f records/s; load average %s%n", threads, rate, loadAverage());
    return rate;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Records per second of {@link RecordVerifier#verify} in {@code threads} plain loops, after a warm-up. */
  private double loop(int threads, int seconds) throws Exception {
    AtomicLong count = new AtomicLong();
    List<Thread> ts = new ArrayList<>();
    // Long enough for C2 to compile the signature check, as it has in a gate that ran through its first quarter.
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
    for (int t = 0; t < threads; t++) {
      int offset = t * 17;
      Thread th = new Thread(() -> {
        int i = offset;
        while (System.nanoTime() < warmEnd) {
          check(verifier.verify(values.get(i % DISTINCT), provenances.get(i % DISTINCT)));
          i++;
        }
        long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        while (System.nanoTime() < end) {
          check(verifier.verify(values.get(i % DISTINCT), provenances.get(i % DISTINCT)));
          i++;
          n++;
        }
        count.addAndGet(n);
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    return count.get() / (double) seconds;
  }

  private static void check(Verdict v) {
    if (!v.verified()) {
      throw new IllegalStateException("a benchmark record did not verify: " + v);
    }
  }

  private void preload(Broker broker, int records) throws Exception {
    java.util.Properties p = new java.util.Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    // Not idempotent: on an idle machine the in-process broker answered the idempotent producer's retries with
    // OutOfOrderSequenceException until the delivery timeout dropped records, and the benchmark then waited for
    // records that were never written. Every send is checked, so a lost record fails the preload instead.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>(records);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("bench.in", i % 4, ("b-" + i).getBytes(StandardCharsets.UTF_8),
            values.get(i % DISTINCT));
        r.headers().add(AiridHeaders.PROVENANCE, provenances.get(i % DISTINCT));
        sent.add(producer.send(r));
      }
      producer.flush();
    }
    for (java.util.concurrent.Future<?> f : sent) {
      f.get(); // throws if the record was not written
    }
    long written = broker.endOffsets("bench.in").values().stream().mapToLong(Long::longValue).sum();
    if (written != records) {
      throw new IllegalStateException("preloaded " + written + " records, not " + records);
    }
  }

  /** Records per second of {@code instances} gate JVMs with {@code threads} stream threads each, from FROM to TO. */
  private double gate(Broker broker, Path dir, Path pub, String name, int instances, int threads, int records) throws Exception {
    String ok = "bench." + name + ".verified";
    String no = "bench." + name + ".rejected";
    broker.createTopics(4, ok, no);
    String app = "bench-" + name;
    List<Process> gates = new ArrayList<>();
    List<long[]> samples = new ArrayList<>(); // {nanos, processed}
    try {
      for (int i = 0; i < instances; i++) {
        Path state = Files.createDirectories(dir.resolve(name + "-" + i));
        List<String> args = new ArrayList<>(List.of(broker.bootstrapServers(), app, "bench.in", ok, no, pub.toString(),
            state.toString(), String.valueOf(threads)));
        // Extra Streams settings for the gate, to find what sets its rate: AIRID_BENCH_GATE="KEY=VALUE KEY=VALUE".
        String extra = System.getenv("AIRID_BENCH_GATE");
        if (extra != null && !extra.isBlank()) {
          args.addAll(List.of(extra.trim().split("\\s+")));
        }
        gates.add(GateProcess.start(dir.resolve(name + "-" + i + ".log"), JVM, args.toArray(String[]::new)));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
      long processed = 0;
      while (processed < records) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the gate did not finish within 30 minutes");
        }
        for (Process g : gates) {
          if (!g.isAlive()) {
            throw new IllegalStateException("a gate process exited; see " + dir);
          }
        }
        Thread.sleep(250);
        processed = broker.committed(app, "bench.in").values().stream().mapToLong(Long::longValue).sum();
        samples.add(new long[] {System.nanoTime(), processed});
      }
      long rejected = broker.endOffsets(no).values().stream().mapToLong(Long::longValue).sum();
      if (rejected > 0) {
        throw new IllegalStateException(rejected + " offsets on the rejected topic: every benchmark record should verify");
      }
    } finally {
      for (Process g : gates) {
        g.destroy();
      }
      for (Process g : gates) {
        if (!g.waitFor(60, TimeUnit.SECONDS)) {
          g.destroyForcibly();
        }
      }
    }
    double from = crossing(samples, FROM * records);
    double to = crossing(samples, TO * records);
    double rate = (TO - FROM) * records / ((to - from) / 1e9);
    System.out.printf(Locale.ROOT, "gate, %d instance(s) × %d thread(s): %8.0f records/s (%.0f%%→%.0f%% in %.1f s); load average %s%n",
        instances, threads, rate, FROM * 100, TO * 100, (to - from) / 1e9, loadAverage());
    return rate;
  }

  /** The time (nanos) at which the processed count crossed {@code level}, interpolated between samples. */
  private static double crossing(List<long[]> samples, double level) {
    for (int i = 1; i < samples.size(); i++) {
      long[] a = samples.get(i - 1);
      long[] b = samples.get(i);
      if (a[1] < level && b[1] >= level) {
        return a[0] + (b[0] - a[0]) * (level - a[1]) / (double) (b[1] - a[1]);
      }
    }
    return samples.get(0)[0];
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "(unknown)";
    }
  }
}
