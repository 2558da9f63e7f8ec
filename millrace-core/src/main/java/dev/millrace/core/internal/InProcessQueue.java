package dev.millrace.core.internal;

import dev.millrace.core.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded buffer of one fan-out subscription or one consumer group, and the publishes waiting
 * for room in it. Every method runs under the topic lock.
 */
final class InProcessQueue {

  private static final Logger log = LoggerFactory.getLogger(InProcessQueue.class);
  private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

  /** A message ready for delivery and how many times it has been delivered before, plus one. */
  record Entry(Message message, int attempt) {}

  private record Waiting(Message message, PendingPublish pending) {}

  private final InProcessTopic topic;
  private final String group;
  private final String label;
  private final Condition available;
  private final ArrayDeque<Entry> ready = new ArrayDeque<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final List<QueueMember> members = new ArrayList<>();
  private int inFlight;
  private boolean stalled;
  private long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;

  InProcessQueue(InProcessTopic topic, String group, String label) {
    this.topic = topic;
    this.group = group;
    this.label = label;
    this.available = topic.lock().newCondition();
  }

  InProcessTopic topic() {
    return topic;
  }

  String group() {
    return group;
  }

  String label() {
    return label;
  }

  List<QueueMember> members() {
    return members;
  }

  private boolean isFull() {
    return !waiting.isEmpty() || ready.size() + inFlight >= topic.bus().bufferSize();
  }

  boolean refusesWaiters() {
    return isFull() && waiting.size() >= topic.bus().maxWaitingPublishes();
  }

  boolean offer(Message message) {
    if (isFull()) {
      return false;
    }
    ready.addLast(new Entry(message, 1));
    available.signal();
    return true;
  }

  void park(Message message, PendingPublish pending) {
    waiting.addLast(new Waiting(message, pending));
    pending.expect();
    topic.bus().waitingChanged(1);
    if (!stalled) {
      stalled = true;
      long now = System.nanoTime();
      boolean warn = now - lastWarning >= WARN_INTERVAL_NANOS; // at most one WARN per 10 s
      if (warn) {
        lastWarning = now;
      }
      topic.bus().reportStall(topic.name(), group != null ? group : "fanout", warn);
    }
  }

  /** The next entry for {@code member}, waiting for one; null once the member is closing. */
  Entry take(QueueMember member) throws InterruptedException {
    while (!member.closing() && ready.isEmpty()) {
      available.await();
    }
    if (member.closing()) {
      return null;
    }
    inFlight++;
    return ready.pollFirst();
  }

  /** Settles a taken entry; a nacked one goes back to the head. Adds publishes that completed. */
  void settle(Entry entry, boolean acked, List<PendingPublish> arrived) {
    inFlight--;
    if (!acked) {
      ready.addFirst(new Entry(entry.message(), entry.attempt() + 1));
      available.signal();
    }
    while (!waiting.isEmpty()
        && ready.size() + inFlight < topic.bus().bufferSize()
        && !topic.bus().isClosed()) {
      Waiting next = waiting.pollFirst();
      topic.bus().waitingChanged(-1);
      ready.addLast(new Entry(next.message(), 1));
      available.signal();
      if (next.pending().arrived()) {
        arrived.add(next.pending());
      }
    }
    if (stalled && waiting.isEmpty()) {
      stalled = false;
      log.debug("Subscription caught up: topic={} subscription={}", topic.name(), label);
    }
  }

  void wakeAll() {
    available.signalAll();
  }

  /** Forgets every buffered message; returns the publishes that were waiting. */
  List<PendingPublish> drop() {
    ready.clear();
    List<PendingPublish> pending = new ArrayList<>(waiting.size());
    waiting.forEach(w -> pending.add(w.pending()));
    topic.bus().waitingChanged(-waiting.size());
    waiting.clear();
    return pending;
  }
}
