package dev.airid.kafka;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The gate's counters, summed over stream threads and gates: for progress lines and tests. Read them from {@code
 * KafkaStreams#metrics()} (or {@code TopologyTestDriver#metrics()}).
 *
 * @param verified records sent to the verified topic
 * @param rejectedByCheck records sent to the rejected topic, by the check that rejected them (sorted by name)
 */
public record GateCounts(long verified, Map<String, Long> rejectedByCheck) {

  public GateCounts {
    rejectedByCheck = Map.copyOf(rejectedByCheck);
  }

  /** Records sent to the rejected topic. */
  public long rejected() {
    return rejectedByCheck.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The counters in {@code metrics}. */
  public static GateCounts of(Map<MetricName, ? extends Metric> metrics) {
    long verified = 0;
    Map<String, Long> rejected = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName n = e.getKey();
      if (!n.group().equals(AiridGate.METRIC_GROUP) || !(e.getValue().metricValue() instanceof Number v)) {
        continue;
      }
      if (n.name().equals(AiridGate.VERIFIED + "-total")) {
        verified += v.longValue();
      } else if (n.name().equals(AiridGate.REJECTED + "-total")) {
        rejected.merge(n.tags().getOrDefault(AiridGate.TAG_CHECK, ""), v.longValue(), Long::sum);
      }
    }
    return new GateCounts(verified, rejected);
  }
}
