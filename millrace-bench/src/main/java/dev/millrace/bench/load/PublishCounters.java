package dev.millrace.bench.load;

import java.util.concurrent.atomic.LongAdder;

/** Outcomes of publish requests. Thread-safe. */
public final class PublishCounters {

  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  void answered(int status) {
    if (status >= 200 && status < 300) {
      accepted.increment();
    } else {
      refused.increment();
    }
  }

  void connectionLost(int requests) {
    dropped.add(requests);
  }

  /** Publishes answered 2xx. */
  public long accepted() {
    return accepted.sum();
  }

  /** Publishes answered with another status, or lost with their connection. */
  public long failed() {
    return refused.sum() + dropped.sum();
  }
}
