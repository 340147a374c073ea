package dev.airid.capture;

import dev.airid.RunIdentity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A run scope: the runs open around the calls made inside it. A call made while a scope is open on its thread
 * declares the scope's {@linkplain #parents() parents}, takes the scope's pending {@linkplain #context(ContextItem)
 * context}, and is listed in {@link #runs()} as soon as it ends, so the caller reads the identity of the call it just
 * made without parsing anything, even while its output attestation is still being signed off the calling thread
 * ({@link Run#finished()} waits for that).
 *
 * <pre>{@code
 * try (RunScope step = RunScope.open()) {                    // no parents: a top-level run
 *   chatModel.chat(request);
 *   RunIdentity planner = step.last().orElseThrow().identity();
 *   try (RunScope tool = RunScope.open(planner)) {           // a tool that calls a model: a child of the planner
 *     chatModel.chat(toolRequest);                           // declares "parents": [planner]
 *   }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> A scope belongs to the thread that opened it and is found through a thread-local; scopes nest,
 * and the innermost one applies. It does not follow work to other threads by itself: carry it explicitly with {@link
 * #wrap(Runnable)} or {@link #wrap(Callable)}, which install it around the task on whatever thread runs it, e.g.
 * {@code executor.submit(scope.wrap(task))}. For Reactor streams the integrations capture the scope when the call is
 * made, on the caller's thread, so streaming works without wrapping. A scope must be closed on the thread that opened
 * it, in reverse order (try-with-resources does both).
 *
 * <p>Thread-safe: tasks on several threads may share one scope; {@link #runs()} returns a snapshot.
 */
public final class RunScope implements AutoCloseable {

  private static final ThreadLocal<RunScope> CURRENT = new ThreadLocal<>();

  private final List<RunIdentity> parents;
  private final List<ContextItem> pending = new ArrayList<>();
  private final List<Run> runs = new ArrayList<>();
  private RunScope outer;
  private Thread owner;

  private RunScope(List<RunIdentity> parents) {
    this.parents = List.copyOf(parents);
  }

  /** Opens a scope on this thread whose calls declare {@code parents} (none for a top-level step). */
  public static RunScope open(RunIdentity... parents) {
    return open(List.of(parents));
  }

  /** Opens a scope on this thread whose calls declare {@code parents}, in this order. */
  public static RunScope open(List<RunIdentity> parents) {
    RunScope s = new RunScope(parents);
    s.install();
    return s;
  }

  /** The innermost scope open on this thread. */
  public static Optional<RunScope> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  private void install() {
    outer = CURRENT.get();
    owner = Thread.currentThread();
    CURRENT.set(this);
  }

  /** The identities every call in this scope declares as {@code parents}. */
  public List<RunIdentity> parents() {
    return parents;
  }

  /**
   * Adds a retrieved document for the next call made in this scope, which declares it as {@code context} and
   * consumes it. Framework retrievers wrapped by an integration call this for you.
   */
  public RunScope context(ContextItem item) {
    synchronized (this) {
      pending.add(java.util.Objects.requireNonNull(item, "item"));
    }
    return this;
  }

  /** Takes the pending context for a call starting now. */
  synchronized List<ContextItem> takeContext() {
    List<ContextItem> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  synchronized void ended(Run run) {
    runs.add(run);
  }

  /** The runs ended in this scope so far, in the order they ended. */
  public synchronized List<Run> runs() {
    return Collections.unmodifiableList(new ArrayList<>(runs));
  }

  /** The run that ended last in this scope. */
  public synchronized Optional<Run> last() {
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
  }

  /** {@code task}, run with this scope installed on whichever thread runs it. */
  public Runnable wrap(Runnable task) {
    return () -> {
      RunScope previous = CURRENT.get();
      CURRENT.set(this);
      try {
        task.run();
      } finally {
        restore(previous);
      }
    };
  }

  /** {@code task}, run with this scope installed on whichever thread runs it. */
  public <T> Callable<T> wrap(Callable<T> task) {
    return () -> {
      RunScope previous = CURRENT.get();
      CURRENT.set(this);
      try {
        return task.call();
      } finally {
        restore(previous);
      }
    };
  }

  private static void restore(RunScope previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /**
   * Closes the scope: the enclosing scope applies again.
   *
   * @throws IllegalStateException if called on another thread than the one that opened it, or out of order
   */
  @Override
  public void close() {
    if (Thread.currentThread() != owner || CURRENT.get() != this) {
      throw new IllegalStateException("a run scope is closed on the thread that opened it, innermost first");
    }
    restore(outer);
  }
}
