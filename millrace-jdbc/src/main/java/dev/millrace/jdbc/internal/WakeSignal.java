package dev.millrace.jdbc.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the waiters of one name in this process: outbox relays when a row was appended to their
 * table, SQL subscriptions when a message to their topic was committed. Shared by every instance
 * that uses the same name, so a relay or subscription wakes up even when the write went through
 * another {@code JdbcOutbox} or {@code JdbcPubSub} on the same tables; other processes poll.
 */
public final class WakeSignal {

  private static final ConcurrentHashMap<String, WakeSignal> BY_NAME = new ConcurrentHashMap<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  private WakeSignal() {}

  /** The signal of the outbox table {@code table} in this process. */
  public static WakeSignal forOutbox(String table) {
    return named("outbox\u0000" + table.toLowerCase(Locale.ROOT));
  }

  /** The signal of {@code topic} in the SQL pub/sub whose tables start with {@code prefix}. */
  static WakeSignal forTopic(String prefix, String topic) {
    return named("pubsub\u0000" + prefix.toLowerCase(Locale.ROOT) + '\u0000' + topic);
  }

  private static WakeSignal named(String name) {
    return BY_NAME.computeIfAbsent(name, key -> new WakeSignal());
  }

  public void signal() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the generation moves past {@code seen} or the timeout passes; returns the latest.
   */
  long awaitAfter(long seen, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (generation == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return generation;
    } finally {
      lock.unlock();
    }
  }
}
