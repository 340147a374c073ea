package dev.airid.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Routes each record to the verified or the rejected sink: the record checks of spec/kafka.md, then the verifier.
 * Every record is forwarded exactly once, to exactly one sink, with its key, value and timestamp unchanged; nothing a
 * record holds can make {@link #process} throw. One instance per task, used by one stream thread.
 */
final class GateProcessor implements Processor<byte[], byte[], byte[], Routing.Routed> {

  private static final System.Logger LOG = System.getLogger(GateProcessor.class.getName());

  private final GateConfig config;
  private final String verifiedSink;
  private final String rejectedSink;
  private ProcessorContext<byte[], Routing.Routed> context;
  private GateSensors sensors;

  GateProcessor(GateConfig config, String verifiedSink, String rejectedSink) {
    this.config = config;
    this.verifiedSink = verifiedSink;
    this.rejectedSink = rejectedSink;
  }

  @Override
  public void init(ProcessorContext<byte[], Routing.Routed> context) {
    this.context = context;
    this.sensors = new GateSensors(context.metrics(), config.name());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    // Copy the headers without the ones only the gate writes, noting the provenance header(s) on the way.
    RecordHeaders headers = new RecordHeaders();
    byte[] provenance = null;
    int provenanceHeaders = 0;
    for (Header h : record.headers()) {
      if (AiridHeaders.WRITTEN_BY_GATE.contains(h.key())) {
        continue;
      }
      if (h.key().equals(AiridHeaders.PROVENANCE)) {
        provenanceHeaders++;
        provenance = h.value();
      }
      headers.add(h);
    }
    Verdict verdict = verdict(record.value(), provenance, provenanceHeaders);
    String sink;
    if (verdict instanceof Verdict.Verified ok) {
      headers.add(AiridHeaders.RUN, ok.run().toString().getBytes(StandardCharsets.US_ASCII));
      headers.add(AiridHeaders.MODEL, HeaderText.bounded(ok.model(), AiridHeaders.MAX_MODEL_BYTES));
      sensors.verified();
      sink = verifiedSink;
    } else {
      Verdict.Rejected no = (Verdict.Rejected) verdict;
      headers.add(AiridHeaders.CHECK, HeaderText.bounded(no.check(), AiridHeaders.MAX_CHECK_BYTES));
      headers.add(AiridHeaders.DETAIL, HeaderText.bounded(no.detail(), AiridHeaders.MAX_DETAIL_BYTES));
      sensors.rejected(no.check());
      sink = rejectedSink;
    }
    int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
    context.forward(record.withValue(new Routing.Routed(record.value(), partition)).withHeaders(headers), sink);
  }

  private Verdict verdict(byte[] value, byte[] provenance, int provenanceHeaders) {
    if (value == null) {
      return new Verdict.Rejected(RecordChecks.VALUE, "the record has no value (a tombstone): there is no output to verify");
    }
    if (provenanceHeaders == 0) {
      return new Verdict.Rejected(RecordChecks.PROVENANCE, "the record has no " + AiridHeaders.PROVENANCE + " header");
    }
    if (provenanceHeaders > 1) {
      return new Verdict.Rejected(RecordChecks.PROVENANCE,
          "the record has " + provenanceHeaders + " " + AiridHeaders.PROVENANCE + " headers; it must have exactly one");
    }
    if (provenance == null || provenance.length == 0) {
      return new Verdict.Rejected(RecordChecks.PROVENANCE, "the " + AiridHeaders.PROVENANCE + " header is empty");
    }
    if (provenance.length > config.maxProvenanceBytes()) {
      return new Verdict.Rejected(RecordChecks.PROVENANCE_SIZE, "the " + AiridHeaders.PROVENANCE + " header is "
          + provenance.length + " bytes, over the gate's limit of " + config.maxProvenanceBytes());
    }
    try {
      return config.verifier().verify(value, provenance);
    } catch (RuntimeException e) {
      // A bug, not bad input (the verifier reports bad input as failed checks). Fail closed and keep the thread alive:
      // a thread that died here would stop its partitions at this record for good.
      LOG.log(System.Logger.Level.ERROR, "airid gate: verification failed unexpectedly; the record is rejected as "
          + RecordChecks.INTERNAL, e);
      return new Verdict.Rejected(RecordChecks.INTERNAL, "unexpected " + e.getClass().getName() + " while verifying");
    }
  }
}
