package dev.millrace.sse.internal;

import dev.millrace.sse.DrainOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The watchers of one key on one event loop. {@code expected} counts watchers registered or about
 * to be (any thread); the list itself is touched only on the loop.
 */
final class KeyLoop {

  final Loop loop;
  final AtomicInteger expected = new AtomicInteger();
  private final SlotList<KeyWatch> watches = new SlotList<>((watch, slot) -> watch.slot = slot);

  KeyLoop(Loop loop) {
    this.loop = loop;
  }

  void add(KeyWatch watch) {
    watches.add(watch);
  }

  void remove(KeyWatch watch) {
    if (watch.slot >= 0) {
      watches.remove(watch.slot);
      watch.slot = -1;
    }
  }

  /**
   * Hands the delivery of events to every watcher on this loop over to the loop, if there may be
   * any watcher. Called on the key's lane (a virtual thread): waits while the loop's queue is full.
   */
  void dispatch(FramedEvent[] events, SseMetrics metrics) {
    if (expected.get() > 0) {
      loop.handoff().put(() -> deliver(events, metrics), metrics);
    }
  }

  /** Schedules the closing of every watcher's connection on this loop, after earlier deliveries. */
  void closeAll(DrainOptions drain, SseMetrics metrics) {
    if (expected.get() > 0) {
      long retryMin = drain.retryMin().toMillis();
      long jitter = drain.retryJitter().toMillis();
      loop.handoff()
          .put(
              () -> {
                for (int i = watches.size() - 1; i >= 0; i--) {
                  if (i < watches.size()) {
                    watches.get(i).connection.drain(retryMin, jitter);
                  }
                }
              },
              metrics);
    }
  }

  /** Writes the events to every watcher; several events to one connection are flushed once. */
  private void deliver(FramedEvent[] events, SseMetrics metrics) {
    Flushes flushes = loop.flushes();
    boolean batch = events.length > 1;
    if (batch) {
      flushes.begin();
    }
    try {
      deliverEach(events, metrics);
    } finally {
      if (batch) {
        flushes.end();
      }
    }
  }

  private void deliverEach(FramedEvent[] events, SseMetrics metrics) {
    int writes = 0;
    long bytes = 0;
    for (FramedEvent event : events) {
      int eventWrites = 0;
      for (int i = watches.size() - 1; i >= 0; i--) {
        if (i < watches.size()) {
          KeyWatch watch = watches.get(i);
          eventWrites += watch.connection.deliver(watch, event);
        }
      }
      writes += eventWrites;
      bytes += (long) eventWrites * event.length();
      if (eventWrites > 0) {
        metrics.publishedAt(event.publishedAtMicros());
      }
    }
    metrics.delivered(writes, bytes);
  }
}
