package dev.airid.kafka;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * How a routed record reaches its output partition: the partition of the input record, modulo the output topic's
 * partition count. Every record of one input partition therefore lands in one partition of each output topic, in
 * input order, whatever its key (null keys included); with as many output partitions as input partitions the outputs
 * mirror the input partition by partition.
 */
final class Routing {

  private Routing() {}

  /** A record's value on its way to a sink, with the input partition it came from. */
  record Routed(byte[] value, int partition) {}

  /** Writes the value unchanged. */
  static final class ValueSerializer implements Serializer<Routed> {
    @Override
    public byte[] serialize(String topic, Routed routed) {
      return routed == null ? null : routed.value();
    }
  }

  /** Chooses the input record's partition, modulo the output's partition count. */
  static final class SamePartition implements StreamPartitioner<byte[], Routed> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, Routed routed, int numPartitions) {
      return Optional.of(Set.of(Math.floorMod(routed.partition(), numPartitions)));
    }
  }
}
