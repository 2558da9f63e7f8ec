package dev.millrace.hub.internal;

import dev.millrace.sse.internal.FramedEvent;
import dev.millrace.sse.internal.Loop;
import dev.millrace.sse.internal.SseMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscribers of one event loop, indexed by selector: exact topics in a hash map, so an update
 * costs a lookup per topic plus one match per distinct template (or {@code *}) in use on the loop,
 * not one per subscriber and selector. Everything but {@link #dispatch} runs on the loop.
 */
final class LoopIndex {

  /** Refused updates remembered one by one; beyond, every subscriber behind them is closed. */
  private static final int LOST_LIMIT = 64;

  final Loop loop;
  private final SseMetrics metrics;
  private final Map<String, Set<HubSubscriber>> exact = new HashMap<>();
  private final Map<String, Pattern> patterns = new HashMap<>();
  private final ConcurrentLinkedQueue<StoredUpdate> lost = new ConcurrentLinkedQueue<>();
  private final AtomicInteger lostCount = new AtomicInteger();

  /** The first refused update not remembered (beyond {@link #LOST_LIMIT}), or MAX_VALUE. */
  private final AtomicLong unrecordedFrom = new AtomicLong(Long.MAX_VALUE);

  private final Set<HubSubscriber> all = new HashSet<>();

  /** A template or {@code *} with the subscribers that use it. */
  private static final class Pattern {
    final TopicSelector selector;
    final Set<HubSubscriber> subscribers = new HashSet<>();

    Pattern(TopicSelector selector) {
      this.selector = selector;
    }
  }

  LoopIndex(Loop loop, SseMetrics metrics) {
    this.loop = loop;
    this.metrics = metrics;
  }

  void add(HubSubscriber subscriber) {
    all.add(subscriber);
    for (TopicSelector selector : subscriber.selectors.all()) {
      if (selector.isAny() || selector.isTemplate()) {
        patterns
            .computeIfAbsent(selector.text(), text -> new Pattern(selector))
            .subscribers
            .add(subscriber);
      } else {
        exact.computeIfAbsent(selector.text(), text -> new HashSet<>()).add(subscriber);
      }
    }
  }

  void remove(HubSubscriber subscriber) {
    if (!all.remove(subscriber)) {
      return;
    }
    for (TopicSelector selector : subscriber.selectors.all()) {
      Map<String, ?> map = selector.isAny() || selector.isTemplate() ? patterns : exact;
      Object entry = map.get(selector.text());
      Set<HubSubscriber> set =
          entry instanceof Pattern pattern ? pattern.subscribers : castSet(entry);
      if (set != null) {
        set.remove(subscriber);
        if (set.isEmpty()) {
          map.remove(selector.text());
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<HubSubscriber> castSet(Object entry) {
    return (Set<HubSubscriber>) entry;
  }

  int size() {
    return all.size();
  }

  /** Whether no subscriber and no selector entry is left; on the loop. */
  boolean isEmpty() {
    return all.isEmpty() && exact.isEmpty() && patterns.isEmpty();
  }

  /** Every subscriber on the loop, for the subscription API. */
  List<HubSubscriber> subscribers() {
    return new ArrayList<>(all);
  }

  /**
   * Hands an update to the loop; any thread, never waits. When the loop's queue is full the update
   * is remembered as lost, and before the next delivery the loop closes the subscribers that should
   * have had it: they resume from {@code Last-Event-ID}, from the history. Never a silent gap.
   */
  void dispatch(StoredUpdate update, FramedEvent event) {
    if (!loop.offer(() -> deliver(update, event))) {
      metrics.handoffOverflowed();
      // Only the bus listener dispatches: no race between the count and the queue.
      if (lostCount.get() < LOST_LIMIT) {
        lostCount.incrementAndGet();
        lost.add(update);
      } else {
        unrecordedFrom.accumulateAndGet(update.sequence(), Math::min);
      }
      loop.urgent(() -> closeBehind(Long.MAX_VALUE));
    }
  }

  private void deliver(StoredUpdate update, FramedEvent event) {
    if (!lost.isEmpty() || unrecordedFrom.get() != Long.MAX_VALUE) {
      closeBehind(update.sequence());
    }
    List<HubSubscriber> targets = matching(update);
    int writes = 0;
    for (HubSubscriber subscriber : targets) {
      if (subscriber.maySee(update)) {
        writes += subscriber.stream.deliver(event);
      }
    }
    if (writes > 0) {
      metrics.delivered(writes, (long) writes * event.length());
      metrics.publishedAt(event.encoded().publishedAtMicros());
    }
  }

  /** The subscribers with a selector matching one of the update's topics, each once. */
  private List<HubSubscriber> matching(StoredUpdate update) {
    long stamp = update.sequence();
    var out = new ArrayList<HubSubscriber>();
    for (String topic : update.update().topics()) {
      Set<HubSubscriber> set = exact.get(topic);
      if (set != null) {
        collect(set, stamp, out);
      }
    }
    if (!patterns.isEmpty()) {
      for (Pattern pattern : patterns.values()) {
        if (matchesAny(pattern.selector, update.update().topics())) {
          collect(pattern.subscribers, stamp, out);
        }
      }
    }
    return out;
  }

  private static boolean matchesAny(TopicSelector selector, List<String> topics) {
    for (String topic : topics) {
      if (selector.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  private static void collect(Set<HubSubscriber> set, long stamp, List<HubSubscriber> out) {
    for (HubSubscriber subscriber : set) {
      if (subscriber.matched != stamp) {
        subscriber.matched = stamp;
        out.add(subscriber);
      }
    }
  }

  /**
   * On the loop, before delivering the update of sequence {@code before}: closes the subscribers
   * that should have received a refused update older than it. They got every update before the
   * refused one, so they resume from the history exactly where they stopped.
   */
  private void closeBehind(long before) {
    List<StoredUpdate> refused = new ArrayList<>();
    StoredUpdate head;
    while ((head = lost.peek()) != null && head.sequence() < before) {
      refused.add(lost.poll());
      lostCount.decrementAndGet();
    }
    long unrecorded = unrecordedFrom.get();
    boolean everyone = unrecorded < before;
    if (everyone) {
      unrecordedFrom.compareAndSet(unrecorded, Long.MAX_VALUE);
    }
    if (refused.isEmpty() && !everyone) {
      return;
    }
    for (HubSubscriber subscriber : new ArrayList<>(all)) {
      long seen = subscriber.stream.lastSequence();
      boolean missed = everyone && seen < unrecorded;
      for (int i = 0; !missed && i < refused.size(); i++) {
        StoredUpdate refusedUpdate = refused.get(i);
        missed = seen < refusedUpdate.sequence() && subscriber.wants(refusedUpdate);
      }
      if (missed) {
        subscriber.stream.closeToResume();
      }
    }
  }
}
