package dev.millrace.bench.load;

import dev.millrace.bench.sse.SseListener;
import java.util.BitSet;

/**
 * One SSE subscriber: the topic it watches and which sequence numbers it received. The event loop
 * of its connection calls {@link #onEvent}; other threads read its state through synchronized
 * accessors.
 */
public final class SubscriberStream implements SseListener {

  private final int topic;
  private final LoadStats stats;
  private final BitSet seen = new BitSet();
  private long highestSeq;
  private String lastEventId = "";
  private int opens;
  private boolean open;

  public SubscriberStream(int topic, LoadStats stats) {
    this.topic = topic;
    this.stats = stats;
  }

  public int topic() {
    return topic;
  }

  @Override
  public synchronized void onEvent(String id, String type, String data) {
    long received = Payload.nowMicros();
    lastEventId = id;
    Payload payload;
    try {
      payload = Payload.decode(data);
    } catch (IllegalArgumentException e) {
      stats.foreign();
      return;
    }
    if (payload.topic() != topic || payload.seq() < 1 || payload.seq() > Integer.MAX_VALUE) {
      stats.foreign();
      return;
    }
    int seq = (int) payload.seq();
    if (seen.get(seq)) {
      stats.duplicate();
      return;
    }
    seen.set(seq);
    if (seq < highestSeq) {
      stats.reordered();
    }
    highestSeq = Math.max(highestSeq, seq);
    stats.delivered(payload, received);
  }

  synchronized void opened() {
    open = true;
    opens++;
  }

  synchronized void closed() {
    open = false;
  }

  public synchronized boolean isOpen() {
    return open;
  }

  /** How many times the stream was opened (1 + reconnects). */
  public synchronized int opens() {
    return opens;
  }

  /** The id of the last event received, for {@code Last-Event-ID}. */
  public synchronized String lastEventId() {
    return lastEventId;
  }

  /** Distinct sequence numbers received. */
  public synchronized int distinct() {
    return seen.cardinality();
  }

  /** Whether every sequence number from 1 to {@code published} arrived. */
  public synchronized boolean hasAllUpTo(long published) {
    return published == 0 || seen.nextClearBit(1) > published;
  }

  /** Sequence numbers from 1 to {@code published} that never arrived. */
  public synchronized long missingUpTo(long published) {
    return published - seen.get(1, (int) published + 1).cardinality();
  }
}
