package dev.airid.kafka;

import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A {@link Producer} that sends each record with its provenance: for pipelines that produce AI outputs to a topic a
 * gate reads, with provenance from files ({@link Provenance#read}) or from bytes the caller holds ({@link
 * Provenance#of(byte[])}, e.g. what airid's LangChain4j or Spring AI integration returns).
 *
 * <pre>{@code
 * try (ProvenanceProducer<String, byte[]> out = ProvenanceProducer.wrap(new KafkaProducer<>(props))) {
 *   out.send(new ProducerRecord<>("ai-outputs", id, answer), Provenance.read(Path.of("answer.md.airid.jsonl")));
 * }
 * }</pre>
 *
 * Closing it closes the wrapped producer. As thread-safe as the wrapped producer ({@code KafkaProducer} is).
 */
public final class ProvenanceProducer<K, V> implements AutoCloseable {

  private final Producer<K, V> producer;

  private ProvenanceProducer(Producer<K, V> producer) {
    this.producer = Objects.requireNonNull(producer, "producer");
  }

  /** Wraps {@code producer}; the wrapper owns it from now on. */
  public static <K, V> ProvenanceProducer<K, V> wrap(Producer<K, V> producer) {
    return new ProvenanceProducer<>(producer);
  }

  /** Sends {@code record} with {@code provenance} attached (see {@link Provenance#attachTo}). */
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Provenance provenance) {
    return producer.send(provenance.attachTo(record));
  }

  /** Sends {@code record} with {@code provenance} attached, calling {@code callback} when the send completes. */
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Provenance provenance, Callback callback) {
    return producer.send(provenance.attachTo(record), callback);
  }

  /** The wrapped producer, for what this wrapper does not repeat (transactions, flush, metrics). */
  public Producer<K, V> producer() {
    return producer;
  }

  /** Sends what is buffered, then closes the wrapped producer. */
  @Override
  public void close() {
    producer.close();
  }
}
