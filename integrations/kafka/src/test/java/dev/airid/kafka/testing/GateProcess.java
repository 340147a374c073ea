package dev.airid.kafka.testing;

import dev.airid.kafka.AiridGate;
import dev.airid.kafka.GateConfig;
import dev.airid.kafka.RecordVerifier;
import dev.airid.keys.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One gate instance in a JVM of its own, so that a test can kill it (SIGKILL: no close, no commit, an open
 * transaction left behind) as a crashed machine would. Prints {@code RUNNING} on stdout when its Streams client is.
 *
 * <p>{@code GateProcess BOOTSTRAP APPLICATION_ID INPUT VERIFIED REJECTED PUBLIC_KEY_FILE STATE_DIR THREADS [KEY=VALUE…]}
 */
public final class GateProcess {

  public static void main(String[] args) throws Exception {
    RecordVerifier verifier = RecordVerifier.keys(
        List.of(KeyFiles.readPublic(Files.readAllBytes(Path.of(args[5])), args[5], Optional.empty())), 1);
    GateConfig config = GateConfig.builder(verifier).input(args[2]).verified(args[3]).rejected(args[4]).build();
    Properties p = AiridGate.streamsConfig(args[0], args[1]);
    p.put(StreamsConfig.STATE_DIR_CONFIG, args[6]);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, args[7]);
    for (int i = 8; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      p.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    KafkaStreams streams = new KafkaStreams(AiridGate.topology(config), p);
    streams.setStateListener((now, before) -> {
      System.out.println(now);
      System.out.flush();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(20))));
    streams.start();
    new java.util.concurrent.CountDownLatch(1).await(); // until killed
  }

  /**
   * Starts {@code GateProcess} with this JVM's class path and the JVM options for a short test (C1 only: quick to
   * start, slower to run); its output goes to {@code log}.
   */
  public static Process start(Path log, String... args) throws Exception {
    return start(log, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), args);
  }

  /** Starts {@code GateProcess} with these JVM options. */
  public static Process start(Path log, List<String> jvmOptions, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    // Kafka's log level in the process (slf4j-simple): -Dgate.log.level=info on the test JVM for a closer look.
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("gate.log.level", "warn"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GateProcess.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits until the process at {@code log} has printed RUNNING {@code times} times (it prints each state change). */
  public static void awaitRunning(Process p, Path log, int times, Duration timeout) throws Exception {
    Broker.await("the gate in " + log + " is RUNNING", timeout, () -> {
      if (!p.isAlive()) {
        throw new AssertionError("the gate process exited: " + Files.readString(log));
      }
      return Files.readAllLines(log).stream().filter(l -> l.equals("RUNNING")).count() >= times;
    });
  }

  /** Kills {@code p} with SIGKILL and waits for it to be gone. */
  public static void kill(Process p) throws Exception {
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  private GateProcess() {}
}
