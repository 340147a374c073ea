package dev.airid.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binding queue: a bounded blocking queue whose consumer naps before it blocks. What matters is that nothing
 * offered is lost or late beyond a nap, whichever phase the consumer is in, and that the executor built on it still
 * stops its idle threads and shuts down.
 */
class NappingQueueTest {

  @Test
  void boundedLikeAnArrayBlockingQueue() {
    NappingQueue<Integer> q = new NappingQueue<>(2);
    assertTrue(q.offer(1));
    assertTrue(q.offer(2));
    assertFalse(q.offer(3), "full");
    assertEquals(0, q.remainingCapacity());
    assertEquals(2, q.size());
    List<Integer> drained = new ArrayList<>();
    assertEquals(2, q.drainTo(drained));
    assertEquals(List.of(1, 2), drained);
    assertNull(q.poll());
  }

  @Test
  void napsOnlyForElementsThatCameCloseTogether() {
    assertEquals(0, NappingQueue.napBudget(Long.MAX_VALUE), "an idle queue: block at once");
    assertEquals(0, NappingQueue.napBudget(NappingQueue.LINGER_NANOS));
    assertEquals(NappingQueue.LINGER_NANOS, NappingQueue.napBudget(NappingQueue.LINGER_NANOS - 1));
    assertEquals(200_000, NappingQueue.napBudget(100_000), "twice the gap");
    assertEquals(NappingQueue.MIN_NAP_NANOS, NappingQueue.napBudget(1));
  }

  /** A stream with small gaps: the consumer naps between elements, and gets every one, in order. */
  @Test
  void aCloseStreamIsNappedForAndNothingIsLost() throws Exception {
    NappingQueue<Integer> q = new NappingQueue<>(4096);
    int n = 2000;
    List<Integer> got = Collections.synchronizedList(new ArrayList<>());
    Thread consumer = new Thread(() -> {
      try {
        for (int i = 0; i < n; i++) {
          got.add(q.take());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    consumer.start();
    for (int i = 0; i < n; i++) {
      assertTrue(q.offer(i));
      LockSupport.parkNanos(30_000);
    }
    consumer.join(60_000);
    assertFalse(consumer.isAlive());
    assertEquals(IntStream.range(0, n).boxed().toList(), got);
    assertTrue(q.naps() > 0, "the consumer napped");
  }

  /** After a quiet spell the consumer blocks, and the next element wakes it; timed polls time out in either phase. */
  @Test
  @Timeout(60) // a timeout arithmetic bug blocks instead of failing
  void aQuietQueueIsBlockedOnAndTimedPollsTimeOut() throws Exception {
    NappingQueue<Integer> q = new NappingQueue<>(16);
    List<Integer> got = Collections.synchronizedList(new ArrayList<>());
    Thread consumer = new Thread(() -> {
      try {
        for (int i = 0; i < 3; i++) {
          got.add(q.take());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    consumer.start();
    q.offer(1);
    q.offer(2);
    waitFor(() -> got.size() == 2 && consumer.getState() == Thread.State.WAITING); // past the linger: blocked
    q.offer(3); // wakes the blocked consumer
    consumer.join(10_000);
    assertFalse(consumer.isAlive());
    assertEquals(List.of(1, 2, 3), got);

    q.offer(4);
    q.offer(5);
    assertEquals(4, q.take());
    assertEquals(5, q.take()); // close together: the next empty poll naps first
    long before = q.naps();
    assertNull(q.poll(100, TimeUnit.MICROSECONDS), "a timeout within the nap budget");
    assertTrue(q.naps() > before, "it napped");
    assertNull(q.poll(5, TimeUnit.MILLISECONDS), "a timeout past it: naps, then blocks for the rest");
    assertNull(q.poll(0, TimeUnit.NANOSECONDS));
    assertNull(q.poll(Long.MIN_VALUE, TimeUnit.NANOSECONDS), "a negative timeout does not wait");
    assertNull(q.poll(-Long.MAX_VALUE, TimeUnit.SECONDS));
    q.offer(6);
    assertEquals(6, q.poll(-1, TimeUnit.NANOSECONDS), "nor does it miss what is there");
  }

  /** An interrupt during a nap ends the wait with InterruptedException and clears the flag, as a blocking wait would. */
  @Test
  void anInterruptedNapThrows() throws Exception {
    NappingQueue<Integer> q = new NappingQueue<>(4);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> stillFlagged = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread consumer = new Thread(() -> {
      started.countDown();
      try {
        q.poll(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        thrown.set(e);
        stillFlagged.set(Thread.currentThread().isInterrupted());
      }
    });
    consumer.start();
    started.await();
    consumer.interrupt();
    consumer.join(10_000);
    assertTrue(thrown.get() instanceof InterruptedException);
    assertEquals(Boolean.FALSE, stillFlagged.get());
  }

  /** The executor the capture builds on it: every task runs, idle threads time out, shutdown ends a napping worker. */
  @Test
  void anExecutorOnItRunsEverythingAndStops() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 50, TimeUnit.MILLISECONDS, new NappingQueue<>(1024));
    pool.allowCoreThreadTimeOut(true);
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      pool.execute(ran::incrementAndGet);
      if (i % 100 == 0) {
        Thread.sleep(1); // let the worker drain the queue and nap
      }
    }
    waitFor(() -> ran.get() == 1000);
    waitFor(() -> pool.getPoolSize() == 0); // idle past the keep-alive: the thread is gone
    pool.execute(ran::incrementAndGet); // a new thread
    waitFor(() -> ran.get() == 1001);
    pool.shutdown(); // interrupts the idle, napping worker
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** The same contract as the queue it replaces, on the operations the executor uses. */
  @Test
  void behavesAsTheArrayBlockingQueueItExtends() throws Exception {
    BlockingQueue<Integer> a = new ArrayBlockingQueue<>(3);
    BlockingQueue<Integer> b = new NappingQueue<>(3);
    for (BlockingQueue<Integer> q : List.of(a, b)) {
      q.offer(7);
      q.put(8);
      assertTrue(q.offer(9, 1, TimeUnit.MILLISECONDS));
      assertFalse(q.offer(10, 1, TimeUnit.MILLISECONDS));
    }
    assertEquals(List.copyOf(a), List.copyOf(b));
    assertEquals(a.peek(), b.peek());
    assertEquals(a.remove(8), b.remove(8));
    assertEquals(List.of(a.toArray()), List.of(b.toArray()));
    assertEquals(a.take(), b.take());
    assertEquals(a.poll(1, TimeUnit.MILLISECONDS), b.poll(1, TimeUnit.MILLISECONDS));
    assertTrue(b.isEmpty());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached in 10 s");
      }
      Thread.sleep(1);
    }
  }
}
