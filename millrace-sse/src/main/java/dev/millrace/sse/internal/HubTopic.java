package dev.millrace.sse.internal;

import dev.millrace.sse.SseEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One hub topic: its sequence, the ring of its last events and its connections per event loop.
 * Publishing, joining, leaving and removal take the topic's lock briefly; writing happens on the
 * loops. Once removed (see {@link #removeIf}), a topic refuses joins and publishes, and callers
 * look the topic up again: nobody can join a topic that no longer receives events.
 */
final class HubTopic {

  /** The name of the event that tells a resuming client its history is gone. */
  static final String RESET = "reset";

  final String name;
  final boolean history;
  private final HubEvent[] ring;
  private final SseMetrics metrics;
  private final long firstSequence;
  private long sequence;
  private HubLoop[] loops = new HubLoop[0];
  private volatile int watchers;
  private volatile long activeNanos;
  private boolean removed;

  /**
   * @param firstSequence ids of this topic start after it (never below an id of an earlier topic of
   *     the same name)
   */
  HubTopic(String name, int replaySize, long firstSequence, SseMetrics metrics) {
    this.name = name;
    this.history = replaySize > 0;
    this.ring = new HubEvent[replaySize];
    this.metrics = metrics;
    this.firstSequence = firstSequence;
    this.sequence = firstSequence;
    this.activeNanos = System.nanoTime();
  }

  /** What a joining connection writes first: a {@code reset} or the events it missed. */
  record Joined(HubEvent reset, List<HubEvent> missed) {}

  /**
   * Assigns the next id, encodes and frames once, keeps it for replay and sends it to every loop.
   *
   * @return the event's id, or -1 if the topic was removed (look it up again)
   */
  synchronized long publish(String data, long publishedAtMicros) {
    if (removed) {
      return -1;
    }
    long id = ++sequence;
    var event =
        HubEvent.frame(
            EncodedEvent.of(
                new SseEvent(Long.toString(id), null, data, null, false), publishedAtMicros));
    if (history) {
      ring[(int) (id % ring.length)] = event;
    }
    for (HubLoop loop : loops) {
      if (loop != null && loop.count > 0) {
        loop.dispatch(event, metrics);
      }
    }
    activeNanos = System.nanoTime();
    return id;
  }

  /**
   * Adds a connection (on its loop). With no {@code lastEventId}, the connection starts after the
   * current event. With one that the ring still covers, it gets the events after it, oldest first.
   * With any other (older than the ring, newer than the topic, not a number), it gets a {@code
   * reset} event carrying the current id, then the live events: never a silent jump.
   *
   * @return what to write first, or null if the topic was removed (look it up again)
   */
  synchronized Joined join(HubConnection connection, String lastEventId) {
    if (removed) {
      return null;
    }
    HubEvent reset = null;
    List<HubEvent> missed = List.of();
    long after = sequence;
    if (lastEventId != null && !lastEventId.isEmpty()) {
      long requested = EncodedEvent.sequenceOf(lastEventId);
      long oldest = Math.max(firstSequence + 1, sequence - ring.length + 1);
      if (requested == EncodedEvent.NO_SEQUENCE || requested > sequence || requested < oldest - 1) {
        reset = reset(sequence);
      } else {
        after = requested;
        missed = new ArrayList<>((int) (sequence - after));
        for (long id = after + 1; id <= sequence; id++) {
          missed.add(ring[(int) (id % ring.length)]);
        }
      }
    }
    connection.topic = this;
    connection.lastSequence = after;
    on(connection.loop).add(connection);
    watchers++;
    activeNanos = System.nanoTime();
    return new Joined(reset, missed);
  }

  /** Removes a connection, on its loop. */
  synchronized void leave(HubConnection connection) {
    connection.hubLoop.remove(connection);
    watchers--;
    activeNanos = System.nanoTime();
  }

  /**
   * Marks the topic removed if nobody watches it and either it holds no history worth keeping or it
   * has been idle for {@code idleNanos}; the caller then drops it from the hub. {@code retired} is
   * raised to the topic's last id first, so a topic of the same name made later never reuses an id.
   */
  synchronized boolean removeIf(long nowNanos, long idleNanos, AtomicLong retired) {
    if (removed || watchers > 0) {
      return false;
    }
    boolean worthKeeping = history && sequence > firstSequence;
    if (worthKeeping && nowNanos - activeNanos < idleNanos) {
      return false;
    }
    retired.accumulateAndGet(sequence, Math::max);
    removed = true;
    return true;
  }

  int watchers() {
    return watchers;
  }

  /** {@link System#nanoTime()} of the last publish, join or leave. */
  long activeNanos() {
    return activeNanos;
  }

  private static HubEvent reset(long current) {
    return HubEvent.frame(
        EncodedEvent.of(new SseEvent(Long.toString(current), RESET, "", null, false), 0));
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
