package dev.airid.kafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics from the beginning, read_committed, on a thread of its own, and keeps every record it saw in the order
 * of each partition: what a downstream consumer of the gate would get. Close it to stop.
 */
public final class Collector implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;
  private volatile Exception failure;
  private volatile Map<TopicPartition, Long> positions = Map.of();

  public Collector(Broker broker, String... topics) throws Exception {
    Properties p = broker.readCommitted();
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      parts.addAll(broker.partitions(t));
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    thread = new Thread(this::run, "collector");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!stop) {
        var batch = consumer.poll(Duration.ofMillis(100));
        Map<TopicPartition, Long> pos = new java.util.HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
          pos.put(tp, consumer.position(tp));
        }
        synchronized (records) {
          batch.forEach(records::add);
        }
        positions = pos;
      }
    } catch (Exception e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  /** Every record so far. */
  public List<ConsumerRecord<byte[], byte[]>> records() {
    if (failure != null) {
      throw new IllegalStateException("the collector failed", failure);
    }
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  public int size() {
    synchronized (records) {
      return records.size();
    }
  }

  /** The consumer's position per partition after its last poll: at the last stable offset once it caught up. */
  public Map<TopicPartition, Long> positions() {
    return positions;
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(40_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
