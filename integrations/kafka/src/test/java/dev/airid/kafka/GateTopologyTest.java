package dev.airid.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate's topology record by record, without a broker (TopologyTestDriver runs the real processors). */
class GateTopologyTest {

  private static Fixtures f;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> in;
  private TestOutputTopic<byte[], byte[]> verified;
  private TestOutputTopic<byte[], byte[]> rejected;

  @BeforeAll
  static void keys() throws Exception {
    f = new Fixtures();
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void start(GateConfig.Builder config) {
    GateConfig c = config.input("outputs").verified("outputs.verified").rejected("outputs.rejected").build();
    Properties p = AiridGate.streamsConfig("unused:9092", "gate-test");
    driver = new TopologyTestDriver(AiridGate.topology(c), p);
    in = driver.createInputTopic("outputs", new ByteArraySerializer(), new ByteArraySerializer());
    verified = driver.createOutputTopic("outputs.verified", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    rejected = driver.createOutputTopic("outputs.rejected", new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static RecordVerifier trustTeam() throws Exception {
    return RecordVerifier.keys(List.of(f.team.verificationKey()), 1);
  }

  private static dev.airid.verify.TrustPolicy.Builder teamPolicy() {
    return dev.airid.verify.TrustPolicy.builder().trustedKey(f.team.verificationKey());
  }

  private static Headers headers(String... keyValues) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < keyValues.length; i += 2) {
      h.add(keyValues[i], keyValues[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return h;
  }

  private static Headers provenance(byte[] provenance) {
    return new RecordHeaders().add(AiridHeaders.PROVENANCE, provenance);
  }

  private static String text(Headers h, String key) {
    Header last = h.lastHeader(key);
    return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
  }

  private static long count(Headers h, String key) {
    return StreamSupport.stream(h.headers(key).spliterator(), false).count();
  }

  private static byte[] key(String k) {
    return k.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void verifiedRecordKeepsKeyValueTimestampAndProvenanceAndGainsRunAndModel() throws Exception {
    start(GateConfig.builder(trustTeam()));
    byte[] value = Fixtures.value(1);
    byte[] prov = f.provenance(value);
    Instant at = Instant.parse("2026-11-23T10:01:02Z");
    in.pipeInput(new TestRecord<>(key("k1"), value, provenance(prov), at));

    assertTrue(rejected.isEmpty());
    TestRecord<byte[], byte[]> out = verified.readRecord();
    assertArrayEquals(key("k1"), out.key());
    assertArrayEquals(value, out.value());
    assertEquals(at, out.getRecordTime());
    assertArrayEquals(prov, out.headers().lastHeader(AiridHeaders.PROVENANCE).value());
    assertEquals(f.declaration.identity().toString(), text(out.headers(), AiridHeaders.RUN));
    assertEquals("gpt-4o", text(out.headers(), AiridHeaders.MODEL));
    assertNull(out.headers().lastHeader(AiridHeaders.CHECK));
    assertEquals(new GateCounts(1, Map.of()), GateCounts.of(driver.metrics()));
  }

  /** One record per way of failing; each goes to the rejected topic unchanged, named by its first failed check. */
  @Test
  void everyBadRecordIsRejectedUnchangedWithTheCheckThatFailed() throws Exception {
    start(GateConfig.builder(trustTeam()).maxProvenanceBytes(8192));
    byte[] v = Fixtures.value(2);
    byte[] good = f.provenance(v);
    Map<String, TestRecord<byte[], byte[]>> cases = new LinkedHashMap<>();
    Map<String, String> expected = new LinkedHashMap<>();
    cases.put("tampered", new TestRecord<>(key("tampered"), Fixtures.value(3), provenance(good)));
    expected.put("tampered", "artifact.digest");
    cases.put("stranger", new TestRecord<>(key("stranger"), v, provenance(f.provenanceByStranger(v))));
    expected.put("stranger", "envelope.signature");
    cases.put("missing", new TestRecord<>(key("missing"), v, headers("other", "x")));
    expected.put("missing", RecordChecks.PROVENANCE);
    cases.put("twice", new TestRecord<>(key("twice"), v, provenance(good).add(AiridHeaders.PROVENANCE, good)));
    expected.put("twice", RecordChecks.PROVENANCE);
    cases.put("empty", new TestRecord<>(key("empty"), v, provenance(new byte[0])));
    expected.put("empty", RecordChecks.PROVENANCE);
    cases.put("null-header", new TestRecord<>(key("null-header"), v, provenance(null)));
    expected.put("null-header", RecordChecks.PROVENANCE);
    cases.put("oversized", new TestRecord<>(key("oversized"), v, provenance(new byte[8193])));
    expected.put("oversized", RecordChecks.PROVENANCE_SIZE);
    cases.put("not-json", new TestRecord<>(key("not-json"), v, provenance("{\"mediaType\": ".getBytes(StandardCharsets.UTF_8))));
    expected.put("not-json", "bundle.json");
    cases.put("blank", new TestRecord<>(key("blank"), v, provenance(" \n\n ".getBytes(StandardCharsets.UTF_8))));
    expected.put("blank", "provenance.bundles");
    cases.put("invalid-utf8", new TestRecord<>(key("invalid-utf8"), v, provenance(new byte[] {'{', '"', (byte) 0xC0, (byte) 0x80, '"'})));
    expected.put("invalid-utf8", "bundle.json");
    cases.put("declaration-only", new TestRecord<>(key("declaration-only"), v, provenance(f.run.toBytes())));
    expected.put("declaration-only", "artifact.digest");
    cases.put("tombstone", new TestRecord<>(key("tombstone"), null, provenance(good)));
    expected.put("tombstone", RecordChecks.VALUE);
    for (TestRecord<byte[], byte[]> r : cases.values()) {
      in.pipeInput(r);
    }

    assertTrue(verified.isEmpty());
    List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
    assertEquals(cases.size(), out.size());
    int i = 0;
    for (Map.Entry<String, TestRecord<byte[], byte[]>> c : cases.entrySet()) {
      TestRecord<byte[], byte[]> o = out.get(i++); // in input order
      assertEquals(c.getKey(), new String(o.key(), StandardCharsets.UTF_8));
      assertEquals(expected.get(c.getKey()), text(o.headers(), AiridHeaders.CHECK), c.getKey());
      assertFalse(text(o.headers(), AiridHeaders.DETAIL).isEmpty(), c.getKey());
      assertArrayEquals(c.getValue().value(), o.value(), c.getKey());
      assertNull(o.headers().lastHeader(AiridHeaders.RUN), c.getKey());
      // every header the record had is still there, in order
      List<Header> before = List.of(c.getValue().headers().toArray());
      assertEquals(before, List.of(o.headers().toArray()).subList(0, before.size()), c.getKey());
    }
    GateCounts counts = GateCounts.of(driver.metrics());
    assertEquals(0, counts.verified());
    assertEquals(cases.size(), counts.rejected());
    assertEquals(4L, counts.rejectedByCheck().get(RecordChecks.PROVENANCE)); // missing, twice, empty, null header
    assertEquals(2L, counts.rejectedByCheck().get("artifact.digest"));
  }

  @Test
  void headersOnlyTheGateWritesCannotBeForgedUpstream() throws Exception {
    start(GateConfig.builder(trustTeam()));
    byte[] v = Fixtures.value(4);
    String forged = "airid:v1:sha256:" + "0".repeat(64);
    Headers good = provenance(f.provenance(v)).add(AiridHeaders.RUN, key(forged)).add(AiridHeaders.CHECK, key("none"))
        .add(AiridHeaders.MODEL, key("trusted-model"));
    Headers bad = headers(AiridHeaders.RUN, forged, AiridHeaders.MODEL, "trusted-model", AiridHeaders.DETAIL, "fine");
    in.pipeInput(new TestRecord<>(key("good"), v, good));
    in.pipeInput(new TestRecord<>(key("bad"), v, bad));

    Headers ok = verified.readRecord().headers();
    assertEquals(1, count(ok, AiridHeaders.RUN));
    assertEquals(f.declaration.identity().toString(), text(ok, AiridHeaders.RUN));
    assertEquals(1, count(ok, AiridHeaders.MODEL));
    assertEquals("gpt-4o", text(ok, AiridHeaders.MODEL));
    assertEquals(0, count(ok, AiridHeaders.CHECK));
    Headers no = rejected.readRecord().headers();
    assertEquals(0, count(no, AiridHeaders.RUN));
    assertEquals(0, count(no, AiridHeaders.MODEL));
    assertEquals(1, count(no, AiridHeaders.DETAIL));
    assertEquals(RecordChecks.PROVENANCE, text(no, AiridHeaders.CHECK));
  }

  @Test
  void detailFromTheRecordIsEscapedAndBounded() throws Exception {
    start(GateConfig.builder(trustTeam()));
    // The payload type is checked before the signature and its value is quoted in the detail: attacker text.
    String hostile = "x\u001b[2J\r\nairid-check: none\u202e\u0000" + "ü".repeat(400);
    in.pipeInput(new TestRecord<>(key("hostile"), Fixtures.value(5), provenance(f.provenanceWithPayloadType(hostile))));

    Headers h = rejected.readRecord().headers();
    assertEquals("envelope.payloadType", text(h, AiridHeaders.CHECK));
    byte[] detail = h.lastHeader(AiridHeaders.DETAIL).value();
    assertTrue(detail.length <= AiridHeaders.MAX_DETAIL_BYTES, "detail is " + detail.length + " bytes");
    String d = new String(detail, StandardCharsets.UTF_8);
    assertTrue(d.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT), d);
    assertTrue(d.contains("\\u001b[2J\\u000d\\u000aairid-check: none\\u202e\\u0000"), d);
  }

  @Test
  void redactedDeclarationVerifiesAsTheSameRun() throws Exception {
    start(GateConfig.builder(trustTeam()));
    byte[] v = Fixtures.value(6);
    in.pipeInput(new TestRecord<>(key("r"), v, provenance(f.redactedProvenance(v))));
    assertEquals(f.declaration.identity().toString(), text(verified.readRecord().headers(), AiridHeaders.RUN));
  }

  @Test
  void policyRulesAndTheClockAreAppliedToEachRecord() throws Exception {
    Policy policy = Policy.parse(String.join("\n",
        "policy: https://airid.dev/policy/v1",
        "rules:",
        "  - name: approved-model",
        "    expression: declaration.model.name in [\"gpt-4o\"]",
        "    message: only approved models",
        "verification:",
        "  maxAgeSeconds: 86400",
        "").getBytes(StandardCharsets.UTF_8), "policy.yaml");
    AtomicReference<Instant> now = new AtomicReference<>(Fixtures.DECLARED_AT.plusSeconds(60));
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    start(GateConfig.builder(RecordVerifier.of(teamPolicy().policy(policy).clock(clock).build())));
    byte[] v = Fixtures.value(7);
    byte[] prov = f.provenance(v);
    in.pipeInput(new TestRecord<>(key("fresh"), v, provenance(prov)));
    now.set(Fixtures.DECLARED_AT.plus(Duration.ofDays(2)));
    in.pipeInput(new TestRecord<>(key("stale"), v, provenance(prov)));

    assertEquals("fresh", new String(verified.readRecord().key(), StandardCharsets.UTF_8));
    TestRecord<byte[], byte[]> stale = rejected.readRecord();
    assertEquals("stale", new String(stale.key(), StandardCharsets.UTF_8));
    assertEquals("policy.maxAge", text(stale.headers(), AiridHeaders.CHECK));
  }

  @Test
  void anUnexpectedErrorInVerificationRejectsTheRecordAndTheGateGoesOn() throws Exception {
    Clock broken = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    Clock failing = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return broken.getZone();
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        throw new IllegalStateException("clock failure (a stand-in for a bug)");
      }
    };
    start(GateConfig.builder(RecordVerifier.of(teamPolicy().clock(failing).build())));
    byte[] v = Fixtures.value(8);
    in.pipeInput(new TestRecord<>(key("a"), v, provenance(f.provenance(v))));
    in.pipeInput(new TestRecord<>(key("b"), v, headers()));
    List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
    assertEquals(List.of(RecordChecks.INTERNAL, RecordChecks.PROVENANCE),
        out.stream().map(r -> text(r.headers(), AiridHeaders.CHECK)).toList());
  }

  @Test
  void keylessTrustRefusesKeySignedRecords() throws Exception {
    dev.airid.sigstore.TrustedRoot root = dev.airid.sigstore.TrustedRoot.read(
        dev.airid.testing.Paths2.externalVectors("sigstore-conformance").resolve(firstTrustedRoot()));
    RecordVerifier keyless = RecordVerifier.keyless(root,
        List.of(dev.airid.sigstore.CertificateIdentity.exact("https://ci.example/pipeline", "https://token.example")));
    start(GateConfig.builder(keyless));
    byte[] v = Fixtures.value(9);
    in.pipeInput(new TestRecord<>(key("k"), v, provenance(f.provenance(v))));
    assertEquals("bundle.content", text(rejected.readRecord().headers(), AiridHeaders.CHECK));
  }

  private static java.nio.file.Path firstTrustedRoot() throws Exception {
    java.nio.file.Path base = dev.airid.testing.Paths2.externalVectors("sigstore-conformance");
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(base)) {
      return base.relativize(s.filter(p -> p.getFileName().toString().equals("trusted_root.json")).sorted().findFirst().orElseThrow());
    }
  }

  @Test
  void recordsLeaveInInputOrder() throws Exception {
    start(GateConfig.builder(trustTeam()));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      byte[] v = Fixtures.value(100 + i);
      boolean good = i % 3 != 0;
      keys.add("r" + i);
      in.pipeInput(new TestRecord<>(key("r" + i), good ? v : Fixtures.value(999), provenance(f.provenance(v))));
    }
    List<String> ok = verified.readRecordsToList().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    List<String> no = rejected.readRecordsToList().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    assertEquals(keys.stream().filter(k -> Integer.parseInt(k.substring(1)) % 3 != 0).toList(), ok);
    assertEquals(keys.stream().filter(k -> Integer.parseInt(k.substring(1)) % 3 == 0).toList(), no);
  }

  @Test
  void streamsConfigAsksForExactlyOnce() {
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2,
        AiridGate.streamsConfig("b:9092", "app").get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
  }
}
