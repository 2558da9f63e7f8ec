package dev.millrace.sse.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The connections of one hub topic on one event loop, written to in one pass per event. */
final class HubLoop {

  final Loop loop;
  private final SlotList<HubConnection> connections =
      new SlotList<>((connection, slot) -> connection.topicSlot = slot);

  /** Connections added; changed under the topic's lock, read by publishers under it too. */
  int count;

  /** The lowest id refused by the full queue and not yet handled. */
  private final AtomicLong lostFrom = new AtomicLong(Long.MAX_VALUE);

  private final AtomicBoolean closePending = new AtomicBoolean();

  HubLoop(Loop loop) {
    this.loop = loop;
  }

  void add(HubConnection connection) {
    connection.hubLoop = this;
    connections.add(connection);
    count++;
  }

  void remove(HubConnection connection) {
    if (connection.topicSlot >= 0) {
      connections.remove(connection.topicSlot);
      connection.topicSlot = -1;
      count--;
    }
  }

  /**
   * Hands an event to the loop, under the topic's lock (so in id order). The publisher may be an
   * event loop and holds the lock, so it never waits: if the loop's queue is full, the event is
   * counted as an overflow and the connections that miss it are closed to resume from {@code
   * Last-Event-ID} (each connection also closes itself on any gap in the ids it receives).
   */
  void dispatch(HubEvent event, SseMetrics metrics) {
    if (!loop.handoff().offer(() -> deliver(event, metrics))) {
      metrics.handoffOverflowed();
      lostFrom.accumulateAndGet(event.sequence(), Math::min);
      if (closePending.compareAndSet(false, true)) {
        loop.handoff().urgent(this::closeBehind);
      }
    }
  }

  /** On the loop: closes the connections that have not received the first refused event. */
  private void closeBehind() {
    closePending.set(false);
    long lost = lostFrom.getAndSet(Long.MAX_VALUE);
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i < connections.size()) {
        HubConnection connection = connections.get(i);
        if (connection.lastSequence < lost) {
          connection.closeToResume();
        }
      }
    }
  }

  /**
   * Writes and flushes each connection in one pass, while its channel's objects are in the CPU
   * cache: a second pass over thousands of connections would miss the cache again for each one.
   */
  private void deliver(HubEvent event, SseMetrics metrics) {
    int writes = 0;
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i < connections.size()) {
        HubConnection connection = connections.get(i);
        writes += connection.deliver(event);
        connection.flush();
      }
    }
    if (writes > 0) {
      metrics.delivered(writes, (long) writes * event.length());
      metrics.publishedAt(event.encoded().publishedAtMicros());
    }
  }
}
