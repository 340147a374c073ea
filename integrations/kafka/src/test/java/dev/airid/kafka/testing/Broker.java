package dev.airid.kafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka cluster in the test's JVM: one node that is both KRaft controller and broker, started by Kafka's own
 * KafkaClusterTestKit, with the single-node settings (replication factor 1 for the offsets and transaction logs) and
 * short timeouts that let a test see a killed gate replaced within seconds. Start one per test class.
 */
public final class Broker implements AutoCloseable {

  private final KafkaClusterTestKit cluster;
  private final Admin admin;

  private Broker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
  }

  public static Broker start() throws Exception {
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        // The metadata version a 4.1 cluster runs in production; the test kit's default is the newest one under
        // development, with unreleased features switched on.
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "4")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "4")
        .setConfigProp("auto.create.topics.enable", "false")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // a killed gate's group membership and open transaction end within seconds (defaults: 45 s and 10 s + 10 s)
        .setConfigProp("group.min.session.timeout.ms", "1000")
        .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
        .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new Broker(cluster);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    return admin;
  }

  public void createTopics(int partitions, String... names) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String n : names) {
      topics.add(new NewTopic(n, partitions, (short) 1));
    }
    admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
  }

  /** A producer of byte arrays, idempotent, acks=all. */
  public KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The end offsets of {@code topic}'s partitions (what a gate has finished when its committed offsets reach them). */
  public Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
    Set<TopicPartition> parts = partitions(topic);
    ListOffsetsResult r = admin.listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
        new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED));
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : parts) {
      out.put(tp, r.partitionResult(tp).get(30, TimeUnit.SECONDS).offset());
    }
    return out;
  }

  /** The offsets the consumer group {@code group} has committed on {@code topic} (absent partitions: none). */
  public Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> all =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, Long> out = new HashMap<>();
    all.forEach((tp, om) -> {
      if (tp.topic().equals(topic) && om != null) {
        out.put(tp, om.offset());
      }
    });
    return out;
  }

  public Set<TopicPartition> partitions(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
  }

  /** Consumer settings that see only committed records, as a downstream consumer of a transactional gate must. */
  public Properties readCommitted() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  /** Waits, polling, until {@code condition} holds; fails after {@code timeout}. Never asserts a time. */
  public static void await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the test cluster did not close", e);
    }
  }
}
