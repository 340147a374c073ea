package dev.airid.bench;

import dev.airid.attest.Attestor;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.keys.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verification throughput: many provenance files, each read from disk and verified (every check, identity recomputed)
 * in one process, with 1 and then 2 threads, each in a fresh JVM with a small heap (-Xmx256m), so that memory has to
 * stay flat: nothing verified may be retained. Reports files per second, the JVM's peak resident memory, and the heap
 * in use after a collection every tenth of the run. Each JVM verifies every file twice: a cold pass, then a warm one.
 *
 * <p>{@code Throughput DIR COUNT} writes COUNT files (distinct declarations, Ed25519-signed bundles) and the key into
 * DIR; {@code Throughput --run DIR COUNT THREADS} verifies them and prints one RESULT line.
 */
public final class Throughput {

  private Throughput() {}

  /** Writes {@code count} distinct declaration bundles and {@code key.pub} into {@code dir}. */
  static void generate(Path dir, int count) throws Exception {
    Files.createDirectories(dir);
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Files.write(dir.resolve("key.pub"), KeyFiles.publicPem(key.verificationKey()));
    Attestor attestor = new Attestor(key);
    byte[] example = Files.readAllBytes(dev.airid.testing.Paths2.repositoryRoot().resolve("examples/code-review.declaration.json"));
    String text = new String(example, StandardCharsets.UTF_8);
    for (int i = 0; i < count; i++) {
      // Distinct declarations: one input differs, so every file has its own identity and signature.
      Declaration d = Declaration.parse(text.replace("Review the attached diff", "Review the attached diff #" + i));
      Files.write(file(dir, i), attestor.attestDeclaration(d, null).toBytes());
    }
  }

  private static Path file(Path dir, int i) {
    return dir.resolve(String.format("%03d/run-%06d.bundle.json", i / 1000, i)).toAbsolutePath();
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("--run")) {
      run(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    for (int i = 0; i < count; i += 1000) {
      Files.createDirectories(file(dir, i).getParent());
    }
    generate(dir, count);
  }

  /** One pass over every file: files per second of wall time, files per CPU-second of the process, heap samples. */
  private record Pass(double filesPerSecond, double filesPerCpuSecond, List<Long> heapAfterGc) {}

  private static void run(Path dir, int count, int threads) throws Exception {
    VerificationKey key = KeyFiles.readPublic(Files.readAllBytes(dir.resolve("key.pub")), "key.pub", Optional.empty());
    VerifyCall verifier = new VerifyCall(key);
    // Twice over the same files, in the same JVM: the first pass from cold (what a short-lived process sees: the JIT's
    // compilers spend some 9 s of CPU on this path during it, measured with -XX:+CITime, on the second core when one
    // thread verifies but competing with the workers when two do); the second with the compilers settled, which shows
    // whether verification itself scales with the threads.
    Pass cold = pass(dir, count, threads, verifier);
    Pass warm = pass(dir, count, threads, verifier);
    long peakRssMb = peakRss() >> 10;
    // files per second of wall time, and per second of the process's CPU time (all threads, JIT and GC included):
    // the second does not count the time this process waited for a core on a shared machine.
    System.out.printf(Locale.ROOT, "RESULT\tthroughput\t%d\t%d\t%.0f\t%d\t%s\t%.0f\t%.0f\t%.0f%n", threads, count,
        cold.filesPerSecond(), peakRssMb, warm.heapAfterGc().toString().replace(" ", ""), cold.filesPerCpuSecond(),
        warm.filesPerSecond(), warm.filesPerCpuSecond());
  }

  private static Pass pass(Path dir, int count, int threads, VerifyCall verifier) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Long> heapAfterGc = new ArrayList<>();
    int step = Math.max(1, count / 10);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        for (int i; (i = next.getAndIncrement()) < count; ) {
          try {
            if (!verifier.verify(Files.readAllBytes(file(dir, i)))) {
              failed.incrementAndGet();
            }
          } catch (Exception e) {
            failed.incrementAndGet();
          }
          if (i % step == step - 1) {
            synchronized (heapAfterGc) {
              System.gc();
              Runtime r = Runtime.getRuntime();
              heapAfterGc.add((r.totalMemory() - r.freeMemory()) >> 20);
            }
          }
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    if (failed.get() != 0) {
      throw new IllegalStateException(failed.get() + " files did not verify");
    }
    return new Pass(count / seconds, count / cpuSeconds, heapAfterGc);
  }

  /** VmHWM from /proc/self/status in KiB, or -1. */
  private static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
