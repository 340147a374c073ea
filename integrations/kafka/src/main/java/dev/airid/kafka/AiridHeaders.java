package dev.airid.kafka;

import java.util.Set;

/**
 * The Kafka record headers of airid (spec/kafka.md). A producer sets {@link #PROVENANCE}; the gate sets the others and
 * removes any copies of them that arrive on its input, so that a header the gate writes cannot be forged upstream.
 *
 * <p>Header values are UTF-8 text, except {@link #PROVENANCE}, which holds the bytes of a provenance file.
 */
public final class AiridHeaders {

  /** The record's provenance: the bytes of its {@code .airid.jsonl} (declaration bundle, then output bundles). */
  public static final String PROVENANCE = "airid-provenance";

  /** On a verified record: the run identity, {@code airid:v1:sha256:<64 hex>}. */
  public static final String RUN = "airid-run";

  /** On a verified record: the model the verified declaration names, escaped and bounded like {@link #DETAIL}. */
  public static final String MODEL = "airid-model";

  /** On a rejected record: the name of the first check that failed, e.g. {@code envelope.signature}. */
  public static final String CHECK = "airid-check";

  /** On a rejected record: what that check found; control characters escaped, at most {@link #MAX_DETAIL_BYTES}. */
  public static final String DETAIL = "airid-detail";

  /** The default bound on the provenance header: 1 MiB, Kafka's default largest record (headers included). */
  public static final int DEFAULT_MAX_PROVENANCE_BYTES = 1024 * 1024;

  /** The largest {@link #DETAIL} value written, in UTF-8 bytes. */
  public static final int MAX_DETAIL_BYTES = 512;

  /** The largest {@link #MODEL} value written, in UTF-8 bytes. */
  public static final int MAX_MODEL_BYTES = 256;

  /** The largest {@link #CHECK} value written, in UTF-8 bytes. */
  public static final int MAX_CHECK_BYTES = 128;

  /** The headers only the gate writes; it drops incoming copies of them. */
  public static final Set<String> WRITTEN_BY_GATE = Set.of(RUN, MODEL, CHECK, DETAIL);

  private AiridHeaders() {}
}
