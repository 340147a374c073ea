package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.kafka.AiridHeaders;
import dev.airid.kafka.testing.Broker;
import dev.airid.kafka.testing.Collector;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airid gate}: its usage errors in this JVM, and a real run against an in-process Kafka broker in a JVM of its
 * own, stopped by SIGTERM as an operator (or Kubernetes) would.
 */
class GateCommandTest {

  private static Broker broker;
  private static SigningKey key;
  private static Path pub;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    broker = Broker.start();
    key = KeyFiles.generate(KeyType.ED25519);
    pub = tmp.resolve("team.pub");
    Files.write(pub, KeyFiles.publicPem(key.verificationKey()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  private static String[] gate(String input, String... more) {
    return gateTo(input, input + ".ok", input + ".no", more);
  }

  private static String[] gateTo(String input, String verified, String rejected, String... more) {
    List<String> a = new ArrayList<>(List.of("gate", "--bootstrap-servers", broker.bootstrapServers(), "--input", input,
        "--verified", verified, "--rejected", rejected));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static String errorCode(CliTest.Result r) throws Exception {
    JsonObject error = (JsonObject) ((JsonObject) Json.parse(r.stdout())).getOrNull("error");
    return ((dev.airid.json.JsonString) error.getOrNull("code")).value();
  }

  private static long number(JsonObject o, String name) {
    return ((dev.airid.json.JsonNumber) o.getOrNull(name)).longValueExact();
  }

  @Test
  void usageErrorsExitTwoBeforeConnecting() throws Exception {
    Path atLeastOnce = tmp.resolve("alo.properties");
    Files.writeString(atLeastOnce, "processing.guarantee=at_least_once\n");
    Path ownId = tmp.resolve("id.properties");
    Files.writeString(ownId, "application.id=other\n");
    Path badValue = tmp.resolve("bad.properties");
    Files.writeString(badValue, "session.timeout.ms=soon\n");
    List<String[]> cases = List.of(
        gate("in", "--json"),                                                  // no trusted signer
        gateTo("in", "in", "in.no", "--json", "--key", pub.toString()),         // output = input
        gate("in", "--json", "--key", pub.toString(), "--threads", "0"),
        gate("bad topic", "--json", "--key", pub.toString()),
        gate("in", "--json", "--key", pub.toString(), "--config", atLeastOnce.toString()),
        gate("in", "--json", "--key", pub.toString(), "--config", ownId.toString()),
        gate("in", "--json", "--key", pub.toString(), "--config", badValue.toString()));
    for (String[] args : cases) {
      CliTest.Result r = CliTest.airid(args);
      assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.stderr());
      assertEquals("USAGE", errorCode(r), r.stderr());
    }
    CliTest.Result missing = CliTest.airid("gate", "--key", pub.toString(), "--input", "in");
    assertEquals(2, missing.code(), missing.stderr());
    CliTest.Result noKeyFile = CliTest.airid(gate("in", "--json", "--key", tmp.resolve("absent.pub").toString()));
    assertEquals(2, noKeyFile.code());
    assertEquals("INPUT_NOT_FOUND", errorCode(noKeyFile));
  }

  @Test
  void aMissingInputTopicStopsTheGateWithExitThree() throws Exception {
    broker.createTopics(1, "present.ok", "present.no");
    CliTest.Result r = CliTest.airid(gateTo("absent", "present.ok", "present.no", "--key", pub.toString(), "--progress", "0",
        "--application-id", "missing-gate"));
    assertEquals(3, r.code(), r.stderr());
  }

  @Test
  void routesRecordsReportsProgressAndStopsCleanlyOnSigterm() throws Exception {
    broker.createTopics(2, "cli.in", "cli.in.ok", "cli.in.no");
    Declaration d = Declaration.builder("gpt-4o").input("user", "Fasse zusammen: 報告書").build();
    Attestor attestor = new Attestor(key);
    Bundle run = attestor.attestDeclaration(d, Instant.now());
    try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
      for (int i = 0; i < 6; i++) {
        byte[] value = ("Antwort " + i + " ✓").getBytes(StandardCharsets.UTF_8);
        Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256("a.md", Sha256.hexOf(value))),
            ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED));
        byte[] sent = i % 3 == 2 ? "tampered".getBytes(StandardCharsets.UTF_8) : value;
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("cli.in", i % 2, ("r" + i).getBytes(StandardCharsets.UTF_8), sent);
        r.headers().add(AiridHeaders.PROVENANCE, Provenance.join(List.of(run, out)));
        p.send(r).get();
      }
    }
    Path log = tmp.resolve("gate.err");
    Path stdout = tmp.resolve("gate.out");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(gate("cli.in", "--key", pub.toString(), "--progress", "1", "--threads", "2", "--json",
        "--application-id", "cli-gate")));
    Process gate = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(stdout.toFile()).start();
    try (Collector c = new Collector(broker, "cli.in.ok", "cli.in.no")) {
      Broker.await("the gate routed all six records", Duration.ofSeconds(120), () -> {
        if (!gate.isAlive()) {
          throw new AssertionError("the gate exited: " + Files.readString(log));
        }
        return c.size() >= 6;
      });
      Map<String, String> checks = new java.util.TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> r : c.records()) {
        var h = r.headers().lastHeader(r.topic().endsWith(".ok") ? AiridHeaders.RUN : AiridHeaders.CHECK);
        checks.put(new String(r.key(), StandardCharsets.UTF_8), r.topic() + " " + new String(h.value(), StandardCharsets.UTF_8));
      }
      String ok = "cli.in.ok " + d.identity();
      assertEquals(Map.of("r0", ok, "r1", ok, "r2", "cli.in.no artifact.digest", "r3", ok, "r4", ok,
          "r5", "cli.in.no artifact.digest"), checks);
      // A progress line with both rates, every second.
      Pattern progress = Pattern.compile("airid gate: 4 verified \\([0-9.]+/s\\), 2 rejected \\([0-9.]+/s\\) \\[RUNNING\\]");
      Broker.await("a progress line with the totals", Duration.ofSeconds(30),
          () -> Files.readAllLines(log).stream().anyMatch(l -> progress.matcher(l).matches()));
    } finally {
      gate.destroy(); // SIGTERM
      assertTrue(gate.waitFor(60, TimeUnit.SECONDS), "the gate did not stop on SIGTERM");
    }
    assertEquals(143, gate.exitValue(), Files.readString(log));
    JsonObject summary = (JsonObject) Json.parse(Files.readAllBytes(stdout));
    assertEquals(4, number(summary, "verified"));
    assertEquals(2, number(summary, "rejected"));
    assertEquals(2, number((JsonObject) summary.getOrNull("rejectedByCheck"), "artifact.digest"));
    assertEquals(dev.airid.json.JsonBoolean.TRUE, summary.getOrNull("clean"));
  }
}
