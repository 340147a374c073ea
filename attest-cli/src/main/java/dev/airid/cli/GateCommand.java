package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.OperationFailedException;
import dev.airid.json.JsonObject;
import dev.airid.kafka.AiridGate;
import dev.airid.kafka.AiridHeaders;
import dev.airid.kafka.GateConfig;
import dev.airid.kafka.GateCounts;
import dev.airid.kafka.RecordVerifier;
import dev.airid.policy.Policy;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = {
      "Verify AI outputs on Kafka before ingest: each record goes to the verified or the rejected topic.",
      "Reads a topic of AI outputs, verifies each record's provenance (its airid-provenance header) against the trusted signers and the policy, and sends the record unchanged to the verified topic (adding headers airid-run and airid-model) or to the rejected topic (adding airid-check, the first failed check, and airid-detail).",
      "Exactly once (Kafka transactions): no record is lost, duplicated or reordered within its partition. Instances with the same --application-id share the input's partitions. A progress line (records/s verified and rejected) goes to stderr; SIGTERM or SIGINT stops the gate cleanly. See docs/kafka.md."
    },
    footer = {
      "%nExit codes:%n"
          + "  2    bad input or usage (unknown option, unreadable key, policy or config file, invalid topic name)%n"
          + "  3    the Kafka Streams client stopped with an error (missing topic, authorization, broker failure)%n"
          + "  70   internal error (a bug; please report it)%n"
          + "  143  stopped by SIGTERM after a clean shutdown (130: SIGINT; the JVM's exit status after a signal is 128 + its number)%n"
    })
final class GateCommand extends BaseCommand {

  /** Settings that have their own option, or that the gate's guarantees depend on. */
  private static final Set<String> OWN = Set.of(StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
      StreamsConfig.NUM_STREAM_THREADS_CONFIG);

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]", description = "Kafka brokers to start from.")
  String bootstrapServers;

  @Option(names = "--input", required = true, paramLabel = "TOPIC", description = "The topic of AI outputs to verify.")
  String input;

  @Option(names = "--verified", required = true, paramLabel = "TOPIC", description = "Where verified records go.")
  String verified;

  @Option(names = "--rejected", required = true, paramLabel = "TOPIC", description = "Where rejected records go.")
  String rejected;

  @picocli.CommandLine.Mixin TrustedSigners signers;

  @Option(names = "--policy", paramLabel = "FILE", description = "Also apply this policy (YAML or JSON) to every verified record.")
  String policyFile;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Stream threads in this instance (default 1).")
  int threads;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = "airid-gate",
      description = "The Kafka Streams application id: instances with the same id share the input's partitions, and "
          + "it names the consumer group and the transactional ids (default airid-gate).")
  String applicationId;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Kafka client and Streams settings (Java properties), e.g. security.protocol and sasl.* for a secured "
          + "cluster. Secrets belong here, not on the command line.")
  String configFile;

  @Option(names = "--max-provenance-bytes", paramLabel = "N", defaultValue = "" + AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES,
      description = "Reject records whose airid-provenance header is larger (default 1048576, Kafka's default record limit).")
  int maxProvenanceBytes;

  @Option(names = "--progress", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between progress lines on stderr (default 10; 0: none).")
  int progressSeconds;

  @Override
  int run() throws AiridException {
    if (threads < 1 || threads > 64) {
      throw Usage.error("--threads must be between 1 and 64");
    }
    if (progressSeconds < 0) {
      throw Usage.error("--progress must be 0 or more seconds");
    }
    Policy policy = policyFile == null ? null : Policy.parse(io.read(policyFile, Policy.MAX_BYTES), policyFile);
    // The trust policy reads its clock at each record: keyless records stay verifiable however long the gate runs.
    RecordVerifier verifier = RecordVerifier.of(signers.trustPolicy(io, policy, policyFile, null, Optional.empty()));
    GateConfig config;
    try {
      config = GateConfig.builder(verifier).input(input).verified(verified).rejected(rejected)
          .maxProvenanceBytes(maxProvenanceBytes).build();
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
    Properties props = streamsProperties();
    Running running;
    try {
      running = new Running(config, props);
    } catch (org.apache.kafka.common.config.ConfigException e) {
      // Kafka's message names the setting and, except for password settings, its value.
      throw Usage.error("invalid Kafka setting: " + e.getMessage());
    }
    return running.run();
  }

  /** The Streams settings: the config file, then ours; refuses what would weaken the gate's guarantees. */
  private Properties streamsProperties() throws AiridException {
    Properties file = new Properties();
    if (configFile != null) {
      try {
        file.load(new StringReader(new String(io.read(configFile, 1024 * 1024), StandardCharsets.UTF_8)));
      } catch (IOException | IllegalArgumentException e) {
        throw dev.airid.InputRejectedException.of(ErrorCode.USAGE, configFile + " is not a Java properties file: " + e.getMessage());
      }
    }
    for (String k : file.stringPropertyNames()) {
      if (OWN.contains(k)) {
        throw Usage.error(configFile + " sets " + k + "; use the gate's option for it");
      }
    }
    String guarantee = file.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    if (!guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
      throw Usage.error(configFile + " sets " + StreamsConfig.PROCESSING_GUARANTEE_CONFIG + "=" + guarantee
          + "; the gate runs exactly_once_v2 only (anything else can duplicate records after a failure)");
    }
    Properties p = new Properties();
    p.putAll(file);
    p.putAll(AiridGate.streamsConfig(bootstrapServers, applicationId));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    if (!p.containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
      // The gate keeps no state, but Streams wants a directory: a private one, so that two instances on one host
      // never share it.
      try {
        java.nio.file.Path dir = Files.createTempDirectory("airid-gate-");
        dir.toFile().deleteOnExit();
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
      } catch (IOException e) {
        throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot create a state directory: " + e.getMessage(), e);
      }
    }
    return p;
  }

  /** One run of the gate: start, report progress, stop on a signal or an error. */
  private final class Running {
    private final GateConfig config;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean announced;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long startNanos = System.nanoTime();

    Running(GateConfig config, Properties props) {
      this.config = config;
      this.streams = new KafkaStreams(AiridGate.topology(config), props);
    }

    int run() {
      streams.setUncaughtExceptionHandler(e -> {
        failure.compareAndSet(null, e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      });
      streams.setStateListener((now, before) -> {
        if (now == KafkaStreams.State.RUNNING && !announced) {
          announced = true;
          io.err.println("airid gate: running as " + applicationId + ": " + config.input() + " -> " + config.verified()
              + " (verified) | " + config.rejected() + " (rejected), " + threads + " thread(s)");
        }
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.NOT_RUNNING) {
          stopped.countDown();
        }
      });
      // SIGTERM, SIGINT: the JVM runs this hook; closing commits what was processed and ends the transactions.
      Thread hook = new Thread(this::close, "airid-gate-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      streams.start();
      GateCounts last = new GateCounts(0, java.util.Map.of());
      long lastNanos = System.nanoTime();
      try {
        while (!stopped.await(progressSeconds == 0 ? 3600 : progressSeconds, TimeUnit.SECONDS)) {
          if (progressSeconds > 0) {
            GateCounts now = GateCounts.of(streams.metrics());
            long t = System.nanoTime();
            double s = Math.max(1e-9, (t - lastNanos) / 1e9);
            io.err.printf(java.util.Locale.ROOT, "airid gate: %d verified (%.1f/s), %d rejected (%.1f/s) [%s]%n",
                now.verified(), (now.verified() - last.verified()) / s, now.rejected(), (now.rejected() - last.rejected()) / s,
                streams.state());
            io.err.flush();
            last = now;
            lastNanos = t;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (closed.get()) {
        return ExitCode.OK; // stopped by a signal: the hook closed the gate, and the JVM exits with 128 + the signal
      }
      Throwable f = failure.get();
      io.err.println("airid gate: the Kafka Streams client stopped" + (f == null ? "" : ": " + dev.airid.internal.Causes.describe(f)));
      close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (and finds the gate closed)
      }
      return ExitCode.OPERATION_FAILED;
    }

    /** Closes the Streams client once and prints the totals; from the shutdown hook or after an error. */
    void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      GateCounts before = GateCounts.of(streams.metrics());
      boolean clean = streams.close(Duration.ofSeconds(30));
      // Records processed while closing count too; should closing have dropped the metrics, the earlier count stands.
      GateCounts after = GateCounts.of(streams.metrics());
      GateCounts total = after.verified() + after.rejected() >= before.verified() + before.rejected() ? after : before;
      io.err.printf(java.util.Locale.ROOT, "airid gate: stopped%s after %d s: %d verified, %d rejected%s%n",
          clean ? "" : " (the Streams client did not finish closing within 30 s)",
          (System.nanoTime() - startNanos) / 1_000_000_000L, total.verified(), total.rejected(),
          total.rejectedByCheck().isEmpty() ? "" : " " + total.rejectedByCheck());
      io.err.flush();
      if (json) {
        JsonObject.Builder byCheck = JsonObject.builder();
        total.rejectedByCheck().forEach((k, v) -> byCheck.put(k, v));
        printJson(ExitCode.OK, JsonObject.builder().put("verified", total.verified()).put("rejected", total.rejected())
            .put("rejectedByCheck", byCheck.build()).put("clean", clean).build());
      }
    }
  }
}
