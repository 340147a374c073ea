package dev.airid.kafka;

/**
 * The names of the checks the gate makes on a record before verifying it (spec/kafka.md, "Record checks"). A record
 * that fails one is rejected with that name in {@link AiridHeaders#CHECK}; a record that passes them is verified by
 * {@link RecordVerifier}, whose check names are those of the verification specs.
 */
public final class RecordChecks {

  /** The record has no {@link AiridHeaders#PROVENANCE} header, or more than one, or an empty one. */
  public static final String PROVENANCE = "record.provenance";

  /** The provenance header is larger than the gate's bound ({@link GateConfig#maxProvenanceBytes()}). */
  public static final String PROVENANCE_SIZE = "record.provenanceSize";

  /** The record has no value (a tombstone): there is no output to verify. */
  public static final String VALUE = "record.value";

  /**
   * Verification ended in an unexpected error (a bug in airid, reported with the exception's type). The record is
   * rejected rather than the stream thread stopped: the gate fails closed and keeps going.
   */
  public static final String INTERNAL = "gate.internal";

  private RecordChecks() {}
}
