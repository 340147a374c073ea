package dev.airid.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The binding executor's work queue: a bounded queue whose consumers, when it runs empty while elements have been
 * arriving close together, nap in short timed parks before they block on it. A consumer that blocks is woken by the
 * producer that adds the next element, and on this machine that wake-up (a futex call into the kernel) cost the
 * producer 2–3 µs of CPU: on an inline capture the producer is the thread that called the model, so at high call rates
 * that was a third of what the wrapper adds besides signing (docs/performance.md, "Capture overhead"). A napping
 * consumer is not a waiter, so adding an element costs the producer only the queue's lock; the consumer finds it when
 * its nap ends.
 *
 * <p>Napping pays only when the next element is near: each nap is itself a wake-up, on the consumer's side. So a
 * consumer naps for at most twice the gap between the last two elements it took, starting with naps of half that gap
 * and doubling them, and never longer than {@link #LINGER_NANOS} in all; when elements come further apart than that (a
 * model call takes far longer) it blocks at once, as an ordinary blocking queue would, and the producer pays for one
 * wake-up. The gap is shared by the consumers and read without coordination: a stale value only changes how long one
 * consumer naps, never whether it sees an element.
 *
 * <p>Only the two waiting reads change; everything else, the bound included, is {@link ArrayBlockingQueue}'s (which
 * reads none of them internally).
 *
 * <p>Disruptor's sleeping wait strategy makes the same trade: a little latency for the output attestation, which
 * nobody waits for on the call path, against no system call on the producer's side.
 */
final class NappingQueue<E> extends ArrayBlockingQueue<E> {

  /** The longest a consumer naps in all before it blocks; elements further apart than this are not napped for. */
  static final long LINGER_NANOS = 1_000_000;

  /** The shortest nap: below this a timed park is mostly the cost of the park itself. */
  static final long MIN_NAP_NANOS = 20_000;

  /** {@link System#nanoTime()} when a consumer last took an element. */
  private volatile long lastTake;
  /** The time between the last two elements taken; starts large, so that an idle queue's consumer blocks. */
  private volatile long lastGap = Long.MAX_VALUE;
  /** Naps taken, for tests; racy with several consumers, which only a test would read. */
  private long naps;

  NappingQueue(int capacity) {
    super(capacity);
  }

  /** How long a consumer naps in all after a gap of {@code gap} ns between elements: 0 means block at once. */
  static long napBudget(long gap) {
    return gap >= LINGER_NANOS ? 0 : Math.min(Math.max(2 * gap, MIN_NAP_NANOS), LINGER_NANOS);
  }

  @Override
  public E take() throws InterruptedException {
    E e = nap(Long.MAX_VALUE);
    return taken(e != null ? e : super.take());
  }

  @Override
  public E poll(long timeout, TimeUnit unit) throws InterruptedException {
    long total = unit.toNanos(timeout);
    if (total <= 0) {
      E e = poll();
      return e == null ? null : taken(e);
    }
    long start = System.nanoTime();
    E e = nap(total);
    if (e == null) {
      long left = total - (System.nanoTime() - start);
      e = left > 0 ? super.poll(left, TimeUnit.NANOSECONDS) : poll();
    }
    return e == null ? null : taken(e);
  }

  long naps() {
    return naps;
  }

  private E taken(E e) {
    long now = System.nanoTime();
    lastGap = now - lastTake;
    lastTake = now;
    return e;
  }

  /** Polls, napping between tries, for up to the nap budget and at most {@code limit} ns; null if nothing came. */
  private E nap(long limit) throws InterruptedException {
    E e = poll();
    long gap = lastGap;
    long budget = Math.min(napBudget(gap), limit);
    if (e != null || budget <= 0) {
      return e;
    }
    long end = System.nanoTime() + budget;
    long nap = Math.max(gap / 2, MIN_NAP_NANOS);
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException(); // the executor interrupts idle workers to stop them
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      LockSupport.parkNanos(this, Math.min(left, nap));
      naps++;
      e = poll();
      if (e != null) {
        return e;
      }
      nap *= 2;
    }
  }
}
