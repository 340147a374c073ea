package dev.airid.kafka;

import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Verify before ingest, on Kafka: a Kafka Streams topology that reads a topic of AI outputs, verifies each record's
 * provenance ({@link AiridHeaders#PROVENANCE}) with a {@link RecordVerifier}, and routes it to the verified or the
 * rejected topic (spec/kafka.md).
 *
 * <pre>{@code
 * GateConfig config = GateConfig.builder(RecordVerifier.keys(List.of(teamKey), 1))
 *     .input("ai-outputs").verified("ai-outputs.verified").rejected("ai-outputs.rejected").build();
 * KafkaStreams streams = new KafkaStreams(AiridGate.topology(config), AiridGate.streamsConfig("broker:9092", "airid-gate"));
 * streams.start();
 * }</pre>
 *
 * <p>Guarantees, with {@code processing.guarantee=exactly_once_v2} (which {@link #streamsConfig} sets; with another
 * guarantee a failure can duplicate records): every input record is written once, to one of the two topics, with its
 * key, value and timestamp unchanged, to the output partition of the same number as its input partition (modulo the
 * output's partition count), so the order within an input partition is kept. A verified record carries {@link
 * AiridHeaders#RUN} and {@link AiridHeaders#MODEL}; a rejected one {@link AiridHeaders#CHECK} and {@link
 * AiridHeaders#DETAIL}; incoming copies of those four are dropped. No record, however malformed, stops a stream
 * thread. A new gate application starts at the earliest offset of its input: it verifies what is already there.
 *
 * <p>Metrics, in Kafka Streams' registry ({@code KafkaStreams#metrics()}, JMX {@code kafka.streams:type=}{@value
 * #METRIC_GROUP}): {@code verified-total} and {@code verified-rate}, and per failed check ({@value #TAG_CHECK} tag)
 * {@code rejected-total} and {@code rejected-rate}, each per stream thread; {@link GateCounts} sums them.
 */
public final class AiridGate {

  /** The metric group of the gate's metrics. */
  public static final String METRIC_GROUP = "stream-airid-gate-metrics";
  /** Metrics {@code verified-total} (records) and {@code verified-rate} (records per second). */
  public static final String VERIFIED = "verified";
  /** Metrics {@code rejected-total} and {@code rejected-rate}, one pair per failed check. */
  public static final String REJECTED = "rejected";
  /** The tag naming the failed check of a rejected metric. */
  public static final String TAG_CHECK = "check";
  /** The tag naming the gate ({@link GateConfig#name()}). */
  public static final String TAG_GATE = "airid-gate-id";
  /** The tag naming the stream thread, as on Kafka Streams' own thread metrics. */
  public static final String TAG_THREAD = "thread-id";

  private AiridGate() {}

  /** A topology that is the gate alone. */
  public static Topology topology(GateConfig config) {
    return addTo(new Topology(), config);
  }

  /**
   * Adds the gate to {@code topology}, under processor names prefixed with {@link GateConfig#name()}: a source
   * ({@code <name>-source}), the verifying processor ({@code <name>-verify}) and two sinks ({@code <name>-verified},
   * {@code <name>-rejected}). Returns {@code topology}.
   */
  public static Topology addTo(Topology topology, GateConfig config) {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(config, "config");
    String source = config.name() + "-source";
    String verify = config.name() + "-verify";
    String verified = config.name() + "-verified";
    String rejected = config.name() + "-rejected";
    topology.addSource(AutoOffsetReset.earliest(), source, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.input());
    topology.addProcessor(verify, () -> new GateProcessor(config, verified, rejected), source);
    topology.addSink(verified, config.verified(), new ByteArraySerializer(), new Routing.ValueSerializer(), new Routing.SamePartition(), verify);
    topology.addSink(rejected, config.rejected(), new ByteArraySerializer(), new Routing.ValueSerializer(), new Routing.SamePartition(), verify);
    return topology;
  }

  /**
   * The Kafka Streams settings the gate needs: {@code application.id}, {@code bootstrap.servers} and {@code
   * processing.guarantee=exactly_once_v2}. Add the cluster's security settings, {@code num.stream.threads} and so on
   * to the returned (mutable, new) properties.
   */
  public static Properties streamsConfig(String bootstrapServers, String applicationId) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, Objects.requireNonNull(applicationId, "applicationId"));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return p;
  }
}
