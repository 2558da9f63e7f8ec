package dev.millrace.sse.internal;

import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded hand-off of tasks (event deliveries) from any thread to one event loop: a fixed-size
 * lock-free MPSC queue drained by one task at a time, scheduled only when none is pending. When the
 * queue is full, {@link #put} waits and {@link #offer} refuses, so that the caller can close what
 * the lost task was for. Tasks run in the order they were handed off and never queue without bound
 * in Netty's task queue, with one exception: {@link #put} called on an event-loop thread while the
 * queue is full (see there). The engine's producers are the keys' lanes, virtual threads.
 *
 * <p>A drain that finds more than one task runs them as one batch of {@link Flushes}: each
 * connection they write to is flushed once, at the end of the drain, after the last of them.
 */
final class Handoff {

  private static final Logger log = LoggerFactory.getLogger(Handoff.class);

  /** Tasks run per drain before the loop gets back to its sockets. */
  private static final int BATCH = 1024;

  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final ContextInternal context;
  private final Queue<Runnable> tasks;
  private final int capacity;
  private final Flushes flushes;

  /** Rare tasks that must run even when {@link #tasks} is full; at most one per owner. */
  private final Queue<Runnable> urgent = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private volatile int waiting;
  private volatile boolean stopped;

  Handoff(ContextInternal context, int capacity, Flushes flushes) {
    this.context = context;
    this.tasks = PlatformDependent.newFixedMpscQueue(capacity);
    this.capacity = capacity;
    this.flushes = flushes;
  }

  /** Hands a task off if there is room; false when the queue is full. Any thread. */
  boolean offer(Runnable task) {
    if (!tasks.offer(task)) {
      return false;
    }
    schedule();
    return true;
  }

  /**
   * Hands a task off, waiting while the queue is full: backpressure on the producer, counted in
   * {@code metrics} ({@code millrace.sse.handoff.waits}) when it starts. Gives up, dropping the
   * task, once the loop is stopped or the thread is interrupted (the engine is closing).
   *
   * <p>An event-loop thread (this loop's or another's) must never wait, so there a full queue does
   * not make it wait: the task goes to the loop's own Netty task queue, which is unbounded, and may
   * run out of order with the tasks in the bounded queue (before some handed off earlier, after
   * some handed off later). No backpressure and no order then; it is counted as a wait all the
   * same. The engine never calls this on an event loop; the fallback only keeps a misplaced call
   * from blocking one.
   */
  void put(Runnable task, SseMetrics metrics) {
    if (offer(task)) {
      return;
    }
    metrics.handoffWaited();
    if (Context.isOnEventLoopThread()) {
      context.execute(task);
      return;
    }
    lock.lock();
    try {
      waiting++;
      while (!offer(task)) {
        if (stopped || Thread.currentThread().isInterrupted()) {
          return;
        }
        room.awaitNanos(WAIT_NANOS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting--;
      lock.unlock();
    }
  }

  /** Runs a task after the queued ones, even when the queue is full. For rare, bounded use. */
  void urgent(Runnable task) {
    urgent.add(task);
    schedule();
  }

  /** Tasks waiting in the queue. */
  int queued() {
    return tasks.size();
  }

  /** The most tasks the queue holds. */
  int capacity() {
    return capacity;
  }

  /** Wakes waiting producers for good; later tasks are dropped with the loop. */
  void stop() {
    stopped = true;
    signal();
  }

  private void schedule() {
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      context.execute(drain);
    }
  }

  private void drain() {
    int ran = 0;
    boolean batch = false;
    try {
      Runnable task;
      while (ran < BATCH && (task = tasks.poll()) != null) {
        batch = batch || beginBatchIfMore();
        run(task);
        ran++;
      }
      while ((task = urgent.poll()) != null) {
        batch = batch || beginBatchIfMore();
        run(task);
      }
    } finally {
      if (batch) {
        flushes.end();
      }
    }
    if (waiting > 0) {
      signal();
    }
    if (ran == BATCH) {
      context.execute(drain);
      return;
    }
    scheduled.set(false);
    if ((!tasks.isEmpty() || !urgent.isEmpty()) && scheduled.compareAndSet(false, true)) {
      context.execute(drain);
    }
  }

  /** Starts a batch of flushes if another task waits behind the one about to run. */
  private boolean beginBatchIfMore() {
    if (tasks.isEmpty() && urgent.isEmpty()) {
      return false;
    }
    flushes.begin();
    return true;
  }

  private void signal() {
    lock.lock();
    try {
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("event loop task failed", e);
    }
  }
}
