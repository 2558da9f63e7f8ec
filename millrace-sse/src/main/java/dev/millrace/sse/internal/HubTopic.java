package dev.millrace.sse.internal;

import dev.millrace.sse.SseEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One hub topic: its sequence, the ring of its last events and its connections per event loop.
 * Publishing and joining take the topic's lock briefly; writing happens on the loops.
 */
final class HubTopic {

  final String name;
  private final HubEvent[] ring;
  private final SseMetrics metrics;
  private long sequence;
  private HubLoop[] loops = new HubLoop[0];
  private int watchers;

  HubTopic(String name, int replaySize, SseMetrics metrics) {
    this.name = name;
    this.ring = new HubEvent[replaySize];
    this.metrics = metrics;
  }

  /**
   * Assigns the next id, encodes and frames once, keeps it for replay and sends it to every loop.
   */
  synchronized long publish(String data, long publishedAtMicros) {
    long id = ++sequence;
    var event =
        HubEvent.frame(
            EncodedEvent.of(
                new SseEvent(Long.toString(id), null, data, null, false), publishedAtMicros));
    if (ring.length > 0) {
      ring[(int) (id % ring.length)] = event;
    }
    for (HubLoop loop : loops) {
      if (loop != null && loop.count > 0) {
        loop.dispatch(event, metrics);
      }
    }
    return id;
  }

  /**
   * Adds a connection (on its loop) and returns the events it missed after {@code lastEventId},
   * oldest first; with no id, the connection starts after the current event.
   */
  synchronized List<HubEvent> join(HubConnection connection, String lastEventId) {
    long after = EncodedEvent.sequenceOf(lastEventId);
    if (after == EncodedEvent.NO_SEQUENCE || after > sequence) {
      after = sequence;
    }
    List<HubEvent> missed = new ArrayList<>();
    long oldest = Math.max(after + 1, sequence - ring.length + 1);
    for (long id = oldest; id <= sequence; id++) {
      missed.add(ring[(int) (id % ring.length)]);
    }
    connection.lastSequence = after;
    HubLoop loop = on(connection.loop);
    loop.add(connection);
    watchers++;
    return missed;
  }

  /** Removes a connection, on its loop; true when the topic has nothing left worth keeping. */
  synchronized boolean leave(HubConnection connection) {
    connection.hubLoop.remove(connection);
    watchers--;
    return watchers == 0 && sequence == 0;
  }

  synchronized int watchers() {
    return watchers;
  }

  private HubLoop on(Loop loop) {
    int index = loop.index();
    if (index >= loops.length) {
      loops = Arrays.copyOf(loops, index + 1);
    }
    if (loops[index] == null) {
      loops[index] = new HubLoop(loop);
    }
    return loops[index];
  }
}
