package dev.millrace.sse.internal;

import dev.millrace.sse.HubOptions;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's topics in memory, bounded: at most {@link HubOptions#maxTopics()} of them keep history
 * (at the cap, the least recently active topic without subscribers makes room; if there is none,
 * the new topic keeps none), a topic without subscribers goes once it has been idle for {@link
 * HubOptions#topicIdleTimeout()}, and one with nothing worth keeping goes at once. A new topic's
 * ids start after the clock and after every id of the topics forgotten before it. Thread-safe.
 */
final class HubTopics {

  private final HubOptions options;
  private final SseMetrics metrics;
  private final long idleNanos;
  private final ConcurrentHashMap<String, HubTopic> topics = new ConcurrentHashMap<>();
  private final AtomicInteger withHistory = new AtomicInteger();
  private final AtomicLong firstSequences = new AtomicLong();
  private final AtomicLong retired = new AtomicLong();

  HubTopics(HubOptions options, SseMetrics metrics) {
    this.options = options;
    this.metrics = metrics;
    this.idleNanos = options.topicIdleTimeout().toNanos();
  }

  /**
   * The topic of this name, made if needed. It may be removed before the caller uses it: {@link
   * HubTopic#join} and {@link HubTopic#publish} then refuse, and the caller asks again.
   */
  HubTopic get(String name) {
    HubTopic topic = topics.get(name);
    if (topic != null) {
      return topic;
    }
    if (options.replaySize() > 0 && withHistory.get() >= options.maxTopics()) {
      evictLeastRecentlyActive();
    }
    return topics.computeIfAbsent(name, this::create);
  }

  /** After a leave or a publish: forgets the topic if nobody watches it and it keeps nothing. */
  void released(HubTopic topic) {
    if (topic.removeIf(System.nanoTime(), idleNanos, retired)) {
      forget(topic);
    }
  }

  /** Forgets the idle topics without subscribers. */
  void sweep() {
    long now = System.nanoTime();
    for (HubTopic topic : topics.values()) {
      if (topic.removeIf(now, idleNanos, retired)) {
        forget(topic);
      }
    }
  }

  int size() {
    return topics.size();
  }

  Set<String> names() {
    return Set.copyOf(topics.keySet());
  }

  int withHistory() {
    return withHistory.get();
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private HubTopic create(String name) {
    boolean history = options.replaySize() > 0 && reserveHistory();
    long first =
        firstSequences.accumulateAndGet(
            Math.max(nowMicros(), retired.get()), (previous, next) -> Math.max(previous + 1, next));
    return new HubTopic(name, history ? options.replaySize() : 0, first, metrics);
  }

  private boolean reserveHistory() {
    if (withHistory.incrementAndGet() <= options.maxTopics()) {
      return true;
    }
    withHistory.decrementAndGet();
    return false;
  }

  /** At the cap: forgets the topic without subscribers that was least recently active. */
  private void evictLeastRecentlyActive() {
    HubTopic oldest = null;
    for (HubTopic topic : topics.values()) {
      if (topic.history
          && topic.watchers() == 0
          && (oldest == null || topic.activeNanos() - oldest.activeNanos() < 0)) {
        oldest = topic;
      }
    }
    if (oldest != null && oldest.removeIf(System.nanoTime(), 0, retired)) {
      forget(oldest);
    }
  }

  private void forget(HubTopic topic) {
    topics.remove(topic.name, topic);
    if (topic.history) {
      withHistory.decrementAndGet();
    }
  }
}
