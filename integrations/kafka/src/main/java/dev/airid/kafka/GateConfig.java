package dev.airid.kafka;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a gate reads, where it routes, and whom it trusts. Build one with {@link #builder(RecordVerifier)}:
 *
 * <pre>{@code
 * GateConfig config = GateConfig.builder(RecordVerifier.keys(List.of(teamKey), 1))
 *     .input("ai-outputs").verified("ai-outputs.verified").rejected("ai-outputs.rejected")
 *     .build();
 * }</pre>
 *
 * The three topics are required and must differ (a gate that wrote to its own input would verify its output again).
 *
 * <p>Immutable and thread-safe.
 */
public final class GateConfig {

  /** Kafka's rule for topic names: 1 to 249 of ASCII letters, digits, '.', '_' and '-', and not "." or "..". */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** The smallest provenance bound accepted: a declaration bundle alone is larger. */
  public static final int MIN_PROVENANCE_BYTES = 1024;

  private final RecordVerifier verifier;
  private final String input;
  private final String verified;
  private final String rejected;
  private final int maxProvenanceBytes;
  private final String name;

  private GateConfig(Builder b) {
    this.verifier = b.verifier;
    this.input = topic("input", b.input);
    this.verified = topic("verified", b.verified);
    this.rejected = topic("rejected", b.rejected);
    if (input.equals(verified) || input.equals(rejected) || verified.equals(rejected)) {
      throw new IllegalArgumentException("the input, verified and rejected topics must be three different topics");
    }
    if (b.maxProvenanceBytes < MIN_PROVENANCE_BYTES) {
      throw new IllegalArgumentException("the provenance bound must be at least " + MIN_PROVENANCE_BYTES + " bytes");
    }
    this.maxProvenanceBytes = b.maxProvenanceBytes;
    if (!TOPIC.matcher(b.name).matches()) {
      throw new IllegalArgumentException("a gate name is 1 to 249 of ASCII letters, digits, '.', '_' and '-'");
    }
    this.name = b.name;
  }

  private static String topic(String role, String name) {
    if (name == null) {
      throw new IllegalArgumentException("the " + role + " topic is required");
    }
    if (!TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("the " + role + " topic \"" + name + "\" is not a valid Kafka topic name "
          + "(1 to 249 of ASCII letters, digits, '.', '_' and '-')");
    }
    return name;
  }

  /** A builder whose gate verifies with {@code verifier}. */
  public static Builder builder(RecordVerifier verifier) {
    return new Builder(verifier);
  }

  public RecordVerifier verifier() {
    return verifier;
  }

  /** The topic the gate reads. */
  public String input() {
    return input;
  }

  /** The topic verified records go to. */
  public String verified() {
    return verified;
  }

  /** The topic rejected records go to. */
  public String rejected() {
    return rejected;
  }

  /** Records whose provenance header is larger are rejected ({@link RecordChecks#PROVENANCE_SIZE}) unread. */
  public int maxProvenanceBytes() {
    return maxProvenanceBytes;
  }

  /**
   * The gate's name: the prefix of its processor names in the topology (so that two gates can share one topology)
   * and the {@code airid-gate-id} tag of its metrics. Default {@code airid-gate}.
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "GateConfig[" + name + ": " + input + " -> " + verified + " | " + rejected + ", " + verifier + "]";
  }

  /** Collects a gate's settings; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private final RecordVerifier verifier;
    private String input;
    private String verified;
    private String rejected;
    private int maxProvenanceBytes = AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES;
    private String name = "airid-gate";

    private Builder(RecordVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The topic to read (required). */
    public Builder input(String topic) {
      this.input = topic;
      return this;
    }

    /** The topic for verified records (required). */
    public Builder verified(String topic) {
      this.verified = topic;
      return this;
    }

    /** The topic for rejected records (required). */
    public Builder rejected(String topic) {
      this.rejected = topic;
      return this;
    }

    /** The bound on the provenance header, in bytes (default {@link AiridHeaders#DEFAULT_MAX_PROVENANCE_BYTES}). */
    public Builder maxProvenanceBytes(int bytes) {
      this.maxProvenanceBytes = bytes;
      return this;
    }

    /** See {@link GateConfig#name()}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if a topic is missing or invalid, two topics are the same, or a bound or the
     *     name is invalid
     */
    public GateConfig build() {
      return new GateConfig(this);
    }
  }
}
