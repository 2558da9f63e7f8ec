package dev.millrace.bench.app;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each numbered item (a post, a log line) was sent, so that a watcher can time its first
 * appearance. Sequence numbers start at 1. Thread-safe.
 */
public final class PostClock {

  private final AtomicLongArray sentMicros;

  public PostClock(int capacity) {
    sentMicros = new AtomicLongArray(capacity + 1);
  }

  public int capacity() {
    return sentMicros.length() - 1;
  }

  public void sent(int seq) {
    sentMicros.set(seq, Latencies.nowMicros());
  }

  /** Microseconds since {@code seq} was sent, or -1 if it is unknown. */
  public long since(int seq) {
    if (seq < 1 || seq >= sentMicros.length()) {
      return -1;
    }
    long sent = sentMicros.get(seq);
    return sent == 0 ? -1 : Latencies.nowMicros() - sent;
  }
}
