package dev.millrace.sse.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on threads of an executor (virtual threads): the
 * per-key ordering of renders without a thread per key.
 */
final class SerialLane {

  private static final Logger log = LoggerFactory.getLogger(SerialLane.class);

  private final Executor executor;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  SerialLane(Executor executor) {
    this.executor = executor;
  }

  void submit(Runnable task) {
    tasks.add(task);
    if (queued.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    do {
      Runnable task = tasks.poll();
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.warn("stream task failed", e);
      }
    } while (queued.decrementAndGet() != 0);
  }
}
