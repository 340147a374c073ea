package dev.airid.kafka;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The gate's sensors in Kafka Streams' metrics registry, one set per stream thread (the convention of Streams' own
 * thread-level metrics): {@code verified-total}/{@code verified-rate}, and {@code rejected-total}/{@code
 * rejected-rate} per failed check. Names are in {@link AiridGate}. Used by one stream thread only.
 */
final class GateSensors {

  private final StreamsMetrics metrics;
  private final String gate;
  private final String thread;
  private final Sensor verified;
  /** Bounded: check names are the verifier's fixed names, the record checks and the policy's rule names. */
  private final Map<String, Sensor> rejected = new HashMap<>();

  GateSensors(StreamsMetrics metrics, String gate) {
    this.metrics = metrics;
    this.gate = gate;
    this.thread = Thread.currentThread().getName();
    this.verified = sensor("verified", AiridGate.VERIFIED, Map.of(), "records verified and sent to the verified topic");
  }

  void verified() {
    verified.record();
  }

  void rejected(String check) {
    rejected.computeIfAbsent(check, c -> sensor("rejected." + c, AiridGate.REJECTED, Map.of(AiridGate.TAG_CHECK, c),
        "records rejected by this check and sent to the rejected topic")).record();
  }

  private Sensor sensor(String what, String operation, Map<String, String> extraTags, String description) {
    // Sensor names are global to the registry: the thread name keeps each thread's sensors apart, and tasks of one
    // thread share them (addSensor returns the existing sensor, and adding an existing metric is a no-op).
    Sensor s = metrics.addSensor("airid." + thread + "." + gate + "." + what, Sensor.RecordingLevel.INFO);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(AiridGate.TAG_THREAD, thread);
    tags.put(AiridGate.TAG_GATE, gate);
    tags.putAll(extraTags);
    s.add(new MetricName(operation + "-total", AiridGate.METRIC_GROUP, "Total " + description, tags), new CumulativeCount());
    s.add(new MetricName(operation + "-rate", AiridGate.METRIC_GROUP, "Per second, " + description, tags), new Rate(new WindowedCount()));
    return s;
  }
}
