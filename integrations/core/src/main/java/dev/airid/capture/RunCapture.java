package dev.airid.capture;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.attest.Attestor;
import dev.airid.attest.BundleSigner;
import dev.airid.attest.DeclarationPredicate;
import dev.airid.attest.ExecutionFacts;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;
import dev.airid.policy.Decision;
import dev.airid.policy.Gate;
import dev.airid.policy.Policy;
import dev.airid.sigstore.Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the integrations do around every model call, configured once: build the declaration from the final request
 * (spec/frameworks.md), evaluate an optional {@link Policy} (a rejected run never reaches the provider), sign the
 * run attestation with the configured signer before the call, and after it bind the response (or the failure) in an
 * output attestation and hand the finished run to a {@link ProvenanceSink}.
 *
 * <pre>{@code
 * try (RunCapture capture = RunCapture.builder()
 *     .signingKey(Path.of("airid.key"), passphrase)   // read now: a bad key fails here, not at the first call
 *     .policy(Path.of("policy.yaml"))                 // compiled now
 *     .sink(files)                                    // e.g. ProvenanceSink.directory(Path.of("provenance"))
 *     .build()) {
 *   ChatModel model = AiridChatModel.wrap(openAiModel, capture);
 *   ...
 * }                                                   // waits for the output attestations still being signed
 * }</pre>
 *
 * <p><b>Where the work happens.</b> On the calling thread, before the provider is called: the declaration, its
 * identity, the policy and the run attestation's signature, so that a call is never made unattested and a failed
 * call keeps its run attestation. After the call, the output attestation is signed and the run handed to the sink
 * <em>off</em> the calling thread, by a small bounded executor that this capture owns (daemon threads named {@code
 * airid-binding-N}, started on first use, stopped when idle): the caller gets its response without waiting for a
 * second signature. When calls come less than a millisecond apart, a binding thread with nothing to do naps briefly
 * instead of waiting to be woken, so that handing it a run costs the caller no system call (measured 2-3 µs a call
 * here); calls further apart wake it as usual. The run is in its {@link RunScope} as soon as the call returns, so its
 * identity is readable at once; {@link Run#finished()} and {@link #flush()} wait for the output attestation. When the
 * executor's queue is full, the calling thread binds its own run (backpressure, so a slow signer slows callers instead
 * of piling up memory). {@link Builder#synchronous(boolean) synchronous(true)} binds every run on the calling thread before the
 * call returns, and then a failure to sign the output of a successful call is thrown to the caller. Without a signer
 * there is nothing to sign, and the run goes to the sink on the calling thread.
 *
 * <p><b>Lifecycle.</b> A capture that signs is {@link AutoCloseable}: {@link #close()} waits for pending bindings and
 * stops the executor (runs that end later are bound on their calling thread). Close it when the application stops
 * (try-with-resources, or a container's destroy method), then close the sink. <b>A capture that is not closed when the
 * JVM exits can lose the output attestations still pending</b> (their run attestations were handed out already; the
 * sink never receives those runs); {@link #flush()} at a checkpoint bounds what can be lost. Failures to sign an
 * output or of the sink are kept and reported, the first of them, by the next {@link #flush()} or {@link #close()}.
 *
 * <p>Thread-safe; one instance serves every model and thread. It holds no global state. With a local key there is no
 * I/O at all on the calling thread (the directory sink writes on its own thread). A keyless signer ({@code
 * dev.airid.sigstore.KeylessSigner}) makes network calls to Fulcio and Rekor for every attestation, by its nature, the
 * run attestation's on the calling thread: prefer local keys for inline use.
 */
public final class RunCapture implements AutoCloseable {

  /** Default number of binding threads. */
  public static final int DEFAULT_BINDING_THREADS = 1;

  /** Default capacity of the binding queue: runs waiting for their output attestation beyond it bind on the caller. */
  public static final int DEFAULT_BINDING_QUEUE = 1024;

  private final Optional<Gate> gate;
  private final Optional<Attestor> attestor;
  private final ProvenanceSink sink;
  private final Clock clock;
  private final boolean declareRuntime;
  private final boolean attestProducer;
  /** Null when binding happens on the calling thread: synchronous, or nothing to sign. */
  private final ThreadPoolExecutor binder;
  private final Set<CompletableFuture<FinishedRun>> pending;
  private final AtomicReference<ProvenanceException> firstFailure = new AtomicReference<>();
  private final AtomicInteger failures = new AtomicInteger();

  private RunCapture(Builder b) {
    this.gate = Optional.ofNullable(b.policy).map(Gate::new);
    this.attestor = b.key != null ? Optional.of(new Attestor(b.key))
        : b.signer != null ? Optional.of(new Attestor(b.signer)) : Optional.empty();
    this.sink = b.sink;
    this.clock = b.clock;
    this.declareRuntime = b.declareRuntime;
    this.attestProducer = b.attestProducer;
    if (attestor.isPresent() && !b.synchronous) {
      this.binder = new ThreadPoolExecutor(b.bindingThreads, b.bindingThreads, 10, TimeUnit.SECONDS,
          new NappingQueue<>(b.bindingQueue), new Daemons(), new ThreadPoolExecutor.AbortPolicy());
      this.binder.allowCoreThreadTimeOut(true); // an idle capture holds no thread, closed or not
      this.pending = ConcurrentHashMap.newKeySet();
    } else {
      this.binder = null;
      this.pending = Set.of();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A capture that only computes identities: no policy, no signer, no sink, no thread. */
  public static RunCapture identityOnly() {
    return new Builder().buildUnchecked();
  }

  /** Whether runs are attested (a signer is configured). */
  public boolean attests() {
    return attestor.isPresent();
  }

  /**
   * Whether runs are bound on the calling thread before the call returns: configured {@link Builder#synchronous
   * synchronous}, or without a signer (nothing to sign).
   */
  public boolean synchronous() {
    return binder == null;
  }

  /**
   * Starts a run: completes {@code draft} with the scope's parents and pending context (and the runtime, when
   * configured), checks the policy and signs the run attestation, naming {@code framework} as its producer. Call it
   * on the calling thread, right before the provider is called.
   *
   * @param draft the request, mapped by the framework adapter
   * @param framework the framework that assembled the request, e.g. {@code langchain4j}: the run attestation's
   *     {@code producer} (and, with {@link Builder#declareRuntime}, the declaration's {@code runtime})
   * @param frameworkVersion its version, or {@code null} when unknown
   * @param scope the scope the call was made in (captured on the caller's thread), or {@code null} for none
   * @throws RunRejectedException if the policy rejects the run
   * @throws ProvenanceException if the run attestation cannot be signed; the call must then not be made
   */
  public Run begin(ChatDeclaration draft, String framework, String frameworkVersion, RunScope scope) {
    if (scope != null) {
      draft.parents(scope.parents());
      scope.takeContext().forEach(draft::context);
    }
    if (declareRuntime) {
      draft.runtime(framework, frameworkVersion);
    }
    Declaration declaration = draft.build();
    if (gate.isPresent()) {
      Decision decision = gate.get().check(declaration);
      if (!decision.approved()) {
        throw new RunRejectedException(declaration, decision);
      }
    }
    Spans.tag(declaration.identity());
    Optional<Bundle> runBundle = Optional.empty();
    if (attestor.isPresent()) {
      DeclarationPredicate predicate = DeclarationPredicate.of(declaration, clock.instant());
      if (attestProducer) {
        predicate = predicate.producedBy(new DeclarationPredicate.Producer(framework,
            Objects.requireNonNullElse(frameworkVersion, "")));
      }
      try {
        runBundle = Optional.of(attestor.get().attestDeclaration(predicate));
      } catch (OperationFailedException e) {
        throw new ProvenanceException("cannot sign the run attestation of " + declaration.identity(), e);
      }
    }
    return new Run(this, declaration, runBundle, scope);
  }

  /** Binds an ended run: here, or on the binding executor. */
  void bind(Run run, Run.Ending ending) {
    CompletableFuture<FinishedRun> done = run.finishedFuture();
    if (binder == null) {
      Run.Bound bound;
      try {
        bound = run.bind(ending);
      } catch (RuntimeException | Error e) {
        done.completeExceptionally(e);
        throw e;
      }
      // A successful call that asked for its output attestation before returning gets the failure; any other is kept.
      boolean toCaller = bound.failure() != null && ending.status() == ExecutionFacts.Status.SUCCEEDED;
      if (bound.failure() != null && !toCaller) {
        record(bound.failure());
      }
      done.complete(bound.run());
      if (toCaller) {
        throw bound.failure();
      }
      return;
    }
    pending.add(done);
    Runnable task = () -> {
      try {
        Run.Bound bound = run.bind(ending);
        if (bound.failure() != null) {
          record(bound.failure());
        }
        done.complete(bound.run()); // after record(): whoever waits for the run also sees its failure
      } catch (RuntimeException | Error e) {
        record(new ProvenanceException("binding the output of " + run.identity() + " failed: " + e, ErrorCode.IO_ERROR, e));
        done.completeExceptionally(e);
        if (e instanceof Error err) {
          throw err;
        }
      } finally {
        pending.remove(done);
      }
    };
    try {
      binder.execute(task);
    } catch (RejectedExecutionException full) {
      task.run(); // the queue is full (backpressure) or the capture is closed: the caller binds its own run
    }
  }

  private void record(ProvenanceException failure) {
    failures.incrementAndGet();
    firstFailure.compareAndSet(null, failure);
  }

  /**
   * Waits until every run that ended before this call is bound: its output attestation signed (or failed) and the run
   * handed to the sink. The sink may still be writing (a {@link DirectorySink} has its own {@code flush()}).
   *
   * @throws ProvenanceException the first failure to sign an output attestation or to hand a run to the sink since the
   *     last flush, with its code (the runs concerned still reached the sink, without an output bundle)
   * @throws InterruptedException if interrupted while waiting; nothing is lost, the bindings go on
   */
  public void flush() throws InterruptedException {
    for (CompletableFuture<FinishedRun> f : List.copyOf(pending)) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // a binding that threw, recorded as a failure before its future completed: reported below
      }
    }
    report();
  }

  private void report() {
    ProvenanceException first = firstFailure.getAndSet(null);
    int n = failures.getAndSet(0);
    if (first != null) {
      if (n > 1) {
        ProvenanceException all = new ProvenanceException(n + " runs could not be bound completely; the first: "
            + first.getMessage(), first.code(), first);
        throw all;
      }
      throw first;
    }
  }

  /**
   * Waits for the pending bindings, then stops the binding threads. Runs that end afterwards are bound on their
   * calling thread. Idempotent. If interrupted while waiting, it stops waiting, keeps the interrupt status and returns
   * (the bindings go on, on daemon threads).
   *
   * @throws ProvenanceException as {@link #flush()}
   */
  @Override
  public void close() {
    if (binder != null) {
      binder.shutdown();
      try {
        while (!binder.awaitTermination(1, TimeUnit.MINUTES)) {
          // a binding is still signing (a keyless signer waits for the network): keep waiting
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    report();
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

  /** Binding threads: daemons, so that a capture never keeps the JVM alive (hence: close it). */
  private static final class Daemons implements ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "airid-binding-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** Configures a {@link RunCapture}. Not thread-safe. */
  public static final class Builder {

    private SigningKey key;
    private BundleSigner signer;
    private Policy policy;
    private ProvenanceSink sink = ProvenanceSink.none();
    private Clock clock = Clock.systemUTC();
    private boolean declareRuntime;
    private boolean attestProducer = true;
    private boolean synchronous;
    private int bindingThreads = DEFAULT_BINDING_THREADS;
    private int bindingQueue = DEFAULT_BINDING_QUEUE;
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
     * The framework is attested as the run attestation's {@code producer} either way ({@link #attestProducer}).
     */
    public Builder declareRuntime(boolean declare) {
      this.declareRuntime = declare;
      return this;
    }

    /**
     * Names the framework and its version as the {@code producer} of each run attestation (spec/attestations.md
     * §2.1): signed, but outside the run identity. On by default.
     */
    public Builder attestProducer(boolean attest) {
      this.attestProducer = attest;
      return this;
    }

    /**
     * Signs each output attestation and hands the run to the sink on the calling thread, before the call returns
     * ({@code true}), instead of on the capture's binding executor (the default). Synchronous binding costs the
     * caller a second signature per call, and throws a failure to bind a successful call to the caller.
     */
    public Builder synchronous(boolean synchronous) {
      this.synchronous = synchronous;
      return this;
    }

    /**
     * Sizes the binding executor: {@code threads} binding threads (default {@value #DEFAULT_BINDING_THREADS}) and a
     * queue of {@code queueCapacity} ended runs (default {@value #DEFAULT_BINDING_QUEUE}); when it is full, callers
     * bind their own runs.
     */
    public Builder binding(int threads, int queueCapacity) {
      if (threads < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("binding needs at least one thread and a queue of at least one");
      }
      this.bindingThreads = threads;
      this.bindingQueue = queueCapacity;
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
