package dev.airid.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.kafka.testing.Broker;
import dev.airid.kafka.testing.Collector;
import dev.airid.kafka.testing.GateProcess;
import dev.airid.keys.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate against a real Kafka broker (KRaft, in this JVM), one cluster for the class: a mix of good and bad records
 * checked record by record on both output topics, and two gate instances of which one is killed mid-stream.
 */
class GateBrokerTest {

  private static Broker broker;
  private static Fixtures f;

  @TempDir
  static Path dir;

  /** The gate processes' output, kept after the run (target/ of this module) for a failure to be looked into. */
  private static Path logs;

  @BeforeAll
  static void start() throws Exception {
    logs = Files.createDirectories(Path.of("target", "gate-logs"));
    broker = Broker.start();
    f = new Fixtures();
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  /** The ways a record can arrive, and the check that must reject it (null: verified). */
  enum Kind {
    VALID(null), REDACTED(null), TAMPERED("artifact.digest"), STRANGER("envelope.signature"),
    MISSING(RecordChecks.PROVENANCE), MALFORMED("bundle.json"), OVERSIZED(RecordChecks.PROVENANCE_SIZE),
    TOMBSTONE(RecordChecks.VALUE);

    final String check;

    Kind(String check) {
      this.check = check;
    }
  }

  private static final int MAX_PROVENANCE = 64 * 1024;

  /** Input record {@code i}: its kind, partition, key (which names both), value and headers. */
  private static ProducerRecord<byte[], byte[]> record(String topic, int partitions, int i, Kind kind) throws Exception {
    byte[] key = (kind.name() + "-" + i).getBytes(StandardCharsets.UTF_8);
    byte[] value = Fixtures.value(i);
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, i % partitions, key, kind == Kind.TOMBSTONE ? null : value);
    return switch (kind) {
      case VALID, TOMBSTONE -> Provenance.of(f.provenance(value)).attachTo(r);
      case REDACTED -> Provenance.of(f.redactedProvenance(value)).attachTo(r);
      case TAMPERED -> Provenance.of(f.provenance(Fixtures.value(i + 1_000_000))).attachTo(r);
      case STRANGER -> Provenance.of(f.provenanceByStranger(value)).attachTo(r);
      case MISSING -> r;
      case MALFORMED -> withHeader(r, "{\"mediaType\":".getBytes(StandardCharsets.UTF_8));
      case OVERSIZED -> withHeader(r, new byte[MAX_PROVENANCE + 1]);
    };
  }

  private static ProducerRecord<byte[], byte[]> withHeader(ProducerRecord<byte[], byte[]> r, byte[] provenance) {
    r.headers().add(AiridHeaders.PROVENANCE, provenance);
    return r;
  }

  private static Kind kindOf(ConsumerRecord<byte[], byte[]> r) {
    String k = new String(r.key(), StandardCharsets.UTF_8);
    return Kind.valueOf(k.substring(0, k.indexOf('-')));
  }

  private static int indexOf(ConsumerRecord<byte[], byte[]> r) {
    String k = new String(r.key(), StandardCharsets.UTF_8);
    return Integer.parseInt(k.substring(k.indexOf('-') + 1));
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Waits until the gate group has committed the whole input and the collector has read both outputs to their end. */
  private static void awaitDrained(String group, String input, Collector c, String... outputs) throws Exception {
    Broker.await("the gate has processed all input and the outputs are read", Duration.ofSeconds(120), () -> {
      Map<TopicPartition, Long> end = broker.endOffsets(input);
      if (!broker.committed(group, input).equals(end)) {
        return false;
      }
      Map<TopicPartition, Long> pos = c.positions();
      for (String o : outputs) {
        for (Map.Entry<TopicPartition, Long> e : broker.endOffsets(o).entrySet()) {
          if (pos.getOrDefault(e.getKey(), -1L) < e.getValue()) {
            return false;
          }
        }
      }
      return true;
    });
  }

  /**
   * Every output record, checked against the input: exactly once, on the topic its kind calls for, with its value, in
   * the partition of its input partition, in input order within it.
   */
  private static void assertRoutedExactlyOnce(List<ConsumerRecord<byte[], byte[]>> out, int n, int partitions,
      Map<Integer, Kind> kinds, String verified, String rejected) {
    Map<Integer, Integer> seen = new TreeMap<>();
    Map<String, Integer> lastInPartition = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : out) {
      int i = indexOf(r);
      Kind kind = kindOf(r);
      assertEquals(kinds.get(i), kind, "record " + i);
      seen.merge(i, 1, Integer::sum);
      assertEquals(i % partitions, r.partition(), "record " + i + " left its input partition");
      String where = r.topic() + "-" + r.partition();
      assertTrue(lastInPartition.getOrDefault(where, -1) < i, "record " + i + " overtook another in " + where);
      lastInPartition.put(where, i);
      if (kind.check == null) {
        assertEquals(verified, r.topic(), "record " + i);
        assertEquals(f.declaration.identity().toString(), header(r, AiridHeaders.RUN));
        assertEquals("gpt-4o", header(r, AiridHeaders.MODEL));
        assertNull(header(r, AiridHeaders.CHECK));
      } else {
        assertEquals(rejected, r.topic(), "record " + i);
        assertEquals(kind.check, header(r, AiridHeaders.CHECK), "record " + i);
        assertNotNull(header(r, AiridHeaders.DETAIL));
        assertNull(header(r, AiridHeaders.RUN));
      }
      if (kind == Kind.TOMBSTONE) {
        assertNull(r.value());
      } else {
        assertArrayEquals(Fixtures.value(i), r.value(), "record " + i);
      }
    }
    List<Integer> missing = new ArrayList<>();
    List<Integer> twice = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = seen.getOrDefault(i, 0);
      if (c == 0) {
        missing.add(i);
      } else if (c > 1) {
        twice.add(i);
      }
    }
    assertEquals(List.of(), missing, "records lost");
    assertEquals(List.of(), twice, "records duplicated");
    assertEquals(n, out.size());
  }

  @Test
  void mixedRecordsAreRoutedRecordByRecord() throws Exception {
    broker.createTopics(2, "mix.in", "mix.verified", "mix.rejected");
    int n = Kind.values().length * 6;
    Map<Integer, Kind> kinds = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
      for (int i = 0; i < n; i++) {
        Kind kind = Kind.values()[i % Kind.values().length];
        kinds.put(i, kind);
        p.send(record("mix.in", 2, i, kind)).get();
      }
    }
    GateConfig config = GateConfig.builder(RecordVerifier.keys(List.of(f.team.verificationKey()), 1))
        .input("mix.in").verified("mix.verified").rejected("mix.rejected").maxProvenanceBytes(MAX_PROVENANCE).build();
    Properties props = AiridGate.streamsConfig(broker.bootstrapServers(), "mix-gate");
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("mix-state")).toString());
    AtomicReference<Throwable> died = new AtomicReference<>();
    try (KafkaStreams streams = new KafkaStreams(AiridGate.topology(config), props);
         Collector c = new Collector(broker, "mix.verified", "mix.rejected")) {
      streams.setUncaughtExceptionHandler(e -> {
        died.set(e);
        return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      });
      streams.start();
      awaitDrained("mix-gate", "mix.in", c, "mix.verified", "mix.rejected");
      assertNull(died.get());
      assertRoutedExactlyOnce(c.records(), n, 2, kinds, "mix.verified", "mix.rejected");
      GateCounts counts = GateCounts.of(streams.metrics());
      assertEquals(2 * 6, counts.verified());
      assertEquals(6L, counts.rejectedByCheck().get(RecordChecks.VALUE));
      assertEquals(n, counts.verified() + counts.rejected());
    }
  }

  /**
   * Two gate instances share a 4-partition topic; one is killed (SIGKILL: no close, its transaction left open) while
   * records flow, the other takes over all partitions, then a new instance joins. A read_committed consumer of the two
   * outputs sees every input record exactly once, on the right topic, in the right partition, in order.
   */
  @Test
  void aKilledInstanceLosesNothingAndDuplicatesNothing() throws Exception {
    String in = "fault.in";
    String ok = "fault.verified";
    String no = "fault.rejected";
    broker.createTopics(4, in, ok, no);
    Path key = dir.resolve("team.pub");
    Files.write(key, KeyFiles.publicPem(f.team.verificationKey()));
    String[] common = {broker.bootstrapServers(), "fault-gate", in, ok, no, key.toString()};
    // A killed member leaves the group after 2 s; its open transaction is aborted after 5 s.
    String[] fast = {"session.timeout.ms=2000", "heartbeat.interval.ms=500", "transaction.timeout.ms=5000"};

    int n = 1200;
    Map<Integer, Kind> kinds = new HashMap<>();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Kind kind = i % 5 == 4 ? Kind.TAMPERED : Kind.VALID;
      kinds.put(i, kind);
      records.add(record(in, 4, i, kind));
    }

    List<Process> gates = new ArrayList<>();
    try (Collector c = new Collector(broker, ok, no)) {
      Process a = start("a", common, fast);
      gates.add(a);
      Process b = start("b", common, fast);
      gates.add(b);
      GateProcess.awaitRunning(a, logs.resolve("a.log"), 1, Duration.ofSeconds(60));
      GateProcess.awaitRunning(b, logs.resolve("b.log"), 1, Duration.ofSeconds(60));
      log("a and b running");

      AtomicReference<Exception> producerFailed = new AtomicReference<>();
      Thread producer = new Thread(() -> {
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
          for (int i = 0; i < n; i++) {
            p.send(records.get(i));
            if (i % 10 == 9) {
              Thread.sleep(25); // about 400 records/s: records keep flowing across the kill and the takeover
            }
          }
        } catch (Exception e) {
          producerFailed.set(e);
        }
      }, "producer");
      producer.start();

      Broker.await("the gates have written 200 records", Duration.ofSeconds(60), () -> c.size() >= 200);
      GateProcess.kill(a);
      log("a killed at " + c.size() + " records");
      Map<Integer, Long> atKill = perPartition(c.records());
      // Only b is alive: every partition moving on means b took over a's partitions.
      Broker.await("every partition moves on after the kill", Duration.ofSeconds(90), () -> {
        Map<Integer, Long> now = perPartition(c.records());
        for (int p = 0; p < 4; p++) {
          if (now.getOrDefault(p, 0L) < atKill.getOrDefault(p, 0L) + 20) {
            return false;
          }
        }
        return true;
      });
      log("b took over at " + c.size() + " records");
      Process a2 = start("a2", common, fast);
      gates.add(a2);
      GateProcess.awaitRunning(a2, logs.resolve("a2.log"), 1, Duration.ofSeconds(60));
      log("a2 running at " + c.size() + " records");
      producer.join();
      assertNull(producerFailed.get());
      log("all produced at " + c.size() + " records");

      awaitDrained("fault-gate", in, c, ok, no);
      log("drained at " + c.size() + " records");
      assertRoutedExactlyOnce(c.records(), n, 4, kinds, ok, no);
    } finally {
      for (Process p : gates) {
        p.destroy();
      }
      for (Process p : gates) {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** Progress in the test's output file, to see where a slow run spent its time. */
  private static void log(String what) {
    System.out.println(java.time.LocalTime.now() + " " + what);
  }

  private static Process start(String name, String[] common, String[] extra) throws Exception {
    List<String> args = new ArrayList<>(List.of(common));
    args.add(Files.createDirectories(dir.resolve(name + "-state")).toString());
    args.add("1");
    args.addAll(List.of(extra));
    return GateProcess.start(logs.resolve(name + ".log"), args.toArray(String[]::new));
  }

  private static Map<Integer, Long> perPartition(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<Integer, Long> out = new HashMap<>();
    records.forEach(r -> out.merge(r.partition(), 1L, Long::sum));
    return out;
  }
}
