package dev.millrace.jdbc.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes relays when a row was appended in this process. Shared by every outbox of one table name,
 * so a relay wakes up even when the application appends through another {@code JdbcOutbox}.
 */
public final class RelaySignal {

  private static final ConcurrentHashMap<String, RelaySignal> BY_TABLE = new ConcurrentHashMap<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  private RelaySignal() {}

  /** The signal of the outbox table {@code table} in this process. */
  public static RelaySignal forTable(String table) {
    return BY_TABLE.computeIfAbsent(table.toLowerCase(Locale.ROOT), name -> new RelaySignal());
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
