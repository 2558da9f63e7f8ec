package dev.millrace.jdbc.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the subscriptions of one topic when a message to it was committed in this process. Shared
 * by every pub/sub of one table prefix in the JVM, so a second instance on the same tables wakes up
 * too; other processes are reached by polling.
 */
final class TopicSignal {

  private static final ConcurrentHashMap<String, TopicSignal> SIGNALS = new ConcurrentHashMap<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  private TopicSignal() {}

  static TopicSignal of(String prefix, String topic) {
    return SIGNALS.computeIfAbsent(
        prefix.toLowerCase(Locale.ROOT) + '\u0000' + topic, key -> new TopicSignal());
  }

  void signal() {
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

  /** Waits until the generation moves past {@code seen} or the timeout passes. */
  void awaitAfter(long seen, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (generation == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }
}
