package dev.airid.capture;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.attest.Attestor;
import dev.airid.attest.BundleSigner;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;
import dev.airid.policy.Decision;
import dev.airid.policy.Gate;
import dev.airid.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What the integrations do around every model call, configured once: build the declaration from the final request
 * (spec/frameworks.md), evaluate an optional {@link Policy} (a rejected run never reaches the provider), sign the
 * run attestation with the configured signer before the call, and after it bind the response (or the failure) in an
 * output attestation and hand the finished run to a {@link ProvenanceSink}.
 *
 * <pre>{@code
 * RunCapture capture = RunCapture.builder()
 *     .signingKey(Path.of("airid.key"), passphrase)   // read now: a bad key fails here, not at the first call
 *     .policy(Path.of("policy.yaml"))                 // compiled now
 *     .sink(ProvenanceSink.directory(Path.of("provenance")))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; one instance serves every model and thread. It holds no global state. On the calling
 * thread it does the CPU work of identity, policy and signing; with a local key there is no I/O at all (the directory
 * sink writes on its own thread). A keyless signer ({@code dev.airid.sigstore.KeylessSigner}) makes network calls to
 * Fulcio and Rekor for every attestation, by its nature: prefer local keys for inline use.
 */
public final class RunCapture {

  private final Optional<Gate> gate;
  private final Optional<Attestor> attestor;
  private final ProvenanceSink sink;
  private final Clock clock;
  private final boolean declareRuntime;

  private RunCapture(Builder b) {
    this.gate = Optional.ofNullable(b.policy).map(Gate::new);
    this.attestor = b.key != null ? Optional.of(new Attestor(b.key))
        : b.signer != null ? Optional.of(new Attestor(b.signer)) : Optional.empty();
    this.sink = b.sink;
    this.clock = b.clock;
    this.declareRuntime = b.declareRuntime;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A capture that only computes identities: no policy, no signer, no sink. */
  public static RunCapture identityOnly() {
    return new Builder().buildUnchecked();
  }

  /** Whether runs are attested (a signer is configured). */
  public boolean attests() {
    return attestor.isPresent();
  }

  /**
   * Starts a run: completes {@code draft} with the scope's parents and pending context (and the runtime, when
   * configured), checks the policy and signs the run attestation. Call it right before the provider is called.
   *
   * @param draft the request, mapped by the framework adapter
   * @param runtimeName the framework, e.g. {@code langchain4j}
   * @param runtimeVersion its version, or {@code null}
   * @param scope the scope the call was made in (captured on the caller's thread), or {@code null} for none
   * @throws RunRejectedException if the policy rejects the run
   * @throws ProvenanceException if the run attestation cannot be signed; the call must then not be made
   */
  public Run begin(ChatDeclaration draft, String runtimeName, String runtimeVersion, RunScope scope) {
    if (scope != null) {
      draft.parents(scope.parents());
      scope.takeContext().forEach(draft::context);
    }
    if (declareRuntime) {
      draft.runtime(runtimeName, runtimeVersion);
    }
    Declaration declaration = draft.build();
    if (gate.isPresent()) {
      Decision decision = gate.get().check(declaration);
      if (!decision.approved()) {
        throw new RunRejectedException(declaration, decision);
      }
    }
    Spans.tag(declaration.identity());
    Optional<dev.airid.sigstore.Bundle> runBundle = Optional.empty();
    if (attestor.isPresent()) {
      try {
        runBundle = Optional.of(attestor.get().attestDeclaration(declaration, clock.instant()));
      } catch (OperationFailedException e) {
        throw new ProvenanceException("cannot sign the run attestation of " + declaration.identity(), e);
      }
    }
    return new Run(this, declaration, runBundle, scope);
  }

  Optional<Attestor> attestor() {
    return attestor;
  }

  ProvenanceSink sink() {
    return sink;
  }

  Clock clock() {
    return clock;
  }

  /** Configures a {@link RunCapture}. Not thread-safe. */
  public static final class Builder {

    private SigningKey key;
    private BundleSigner signer;
    private Policy policy;
    private ProvenanceSink sink = ProvenanceSink.none();
    private Clock clock = Clock.systemUTC();
    private boolean declareRuntime;
    private Boolean attest;
    private AiridException pending;

    private Builder() {}

    /** Signs with a local key (recommended for inline use: no I/O). */
    public Builder signingKey(SigningKey key) {
      this.key = Objects.requireNonNull(key, "key");
      this.signer = null;
      return this;
    }

    /**
     * Reads a private key file (PEM or JWK; {@code passphrase} for an encrypted one, else {@code null}) now, so that
     * an unreadable key fails {@link #build()}.
     */
    public Builder signingKey(Path keyFile, char[] passphrase) {
      try {
        byte[] data = Files.readAllBytes(keyFile);
        return signingKey(KeyFiles.readPrivate(data, keyFile.toString(), passphrase, Optional.empty()));
      } catch (IOException e) {
        pending = InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, "cannot read key " + keyFile + ": " + e.getMessage());
      } catch (AiridException e) {
        pending = e;
      }
      return this;
    }

    /** Signs with any bundle signer, e.g. {@code KeylessSigner} (a network call per attestation). */
    public Builder signer(BundleSigner signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      this.key = null;
      return this;
    }

    /**
     * Requires attestation ({@code true}) or turns it off ({@code false}). By default runs are attested exactly
     * when a signer is configured; asking for attestation without a signer fails {@link #build()}.
     */
    public Builder attest(boolean attest) {
      this.attest = attest;
      return this;
    }

    /** Gates every run: a run the policy rejects is not sent. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Reads and compiles a policy file (YAML or JSON) now, so that a policy that does not compile fails build(). */
    public Builder policy(Path policyFile) {
      try {
        return policy(Policy.parse(Files.readAllBytes(policyFile), policyFile.toString()));
      } catch (IOException e) {
        pending = InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, "cannot read policy " + policyFile + ": " + e.getMessage());
      } catch (InputRejectedException e) {
        pending = e;
      }
      return this;
    }

    /** Where finished runs go. Default: nowhere. */
    public Builder sink(ProvenanceSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** The clock for {@code declaredAt} and {@code finishedAt}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Declares the framework and its version as {@code runtime} (spec/frameworks.md §8). Off by default: it enters
     * the identity, so with it the same call gets another identity in each framework and in each framework version.
     */
    public Builder declareRuntime(boolean declare) {
      this.declareRuntime = declare;
      return this;
    }

    /**
     * The capture.
     *
     * @throws InputRejectedException a key or policy that cannot be read or compiled ({@code KEY_*}, {@code
     *     POLICY_INVALID}, {@code INPUT_NOT_FOUND}), or attestation asked for without a signer ({@code USAGE})
     * @throws OperationFailedException a key that needs an unavailable algorithm
     */
    public RunCapture build() throws InputRejectedException, OperationFailedException {
      if (pending instanceof InputRejectedException e) {
        throw e;
      }
      if (pending instanceof OperationFailedException e) {
        throw e;
      }
      boolean hasSigner = key != null || signer != null;
      if (Boolean.TRUE.equals(attest) && !hasSigner) {
        throw InputRejectedException.of(ErrorCode.USAGE, "attestation is required but no signing key or signer is configured");
      }
      if (Boolean.FALSE.equals(attest)) {
        key = null;
        signer = null;
      }
      return new RunCapture(this);
    }

    RunCapture buildUnchecked() {
      return new RunCapture(this);
    }
  }
}
