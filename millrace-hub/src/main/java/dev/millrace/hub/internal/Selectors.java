package dev.millrace.hub.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of compiled topic selectors: a subscriber's {@code topic} parameters, or a JWT's {@code
 * mercure.publish} or {@code mercure.subscribe} claim. Exact selectors are looked up in a hash set;
 * only {@code *} and templates are tried one by one. Immutable and thread-safe.
 */
final class Selectors {

  private static final int CACHE_LIMIT = 10_000;
  private static final ConcurrentHashMap<String, TopicSelector> CACHE = new ConcurrentHashMap<>();

  static final Selectors NONE = new Selectors(List.of());

  private final List<TopicSelector> all;
  private final Set<String> exact = new HashSet<>();
  private final List<TopicSelector> patterns = new ArrayList<>();
  private final boolean any;

  private Selectors(List<TopicSelector> all) {
    this.all = all;
    boolean matchesAll = false;
    for (TopicSelector selector : all) {
      if (selector.isAny()) {
        matchesAll = true;
      } else if (selector.isTemplate()) {
        patterns.add(selector);
      } else {
        exact.add(selector.text());
      }
    }
    this.any = matchesAll;
  }

  /**
   * Compiles the selectors; each distinct template is compiled once per process (bounded cache).
   */
  static Selectors compile(List<String> texts) {
    var compiled = new ArrayList<TopicSelector>(texts.size());
    for (String text : texts) {
      compiled.add(selector(text));
    }
    return new Selectors(List.copyOf(compiled));
  }

  static TopicSelector selector(String text) {
    TopicSelector cached = CACHE.get(text);
    if (cached != null) {
      return cached;
    }
    TopicSelector made = TopicSelector.compile(text);
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.putIfAbsent(text, made);
    }
    return made;
  }

  List<TopicSelector> all() {
    return all;
  }

  boolean isEmpty() {
    return all.isEmpty();
  }

  boolean matches(String topic) {
    if (any || exact.contains(topic)) {
      return true;
    }
    for (TopicSelector pattern : patterns) {
      if (pattern.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any of the topics matches one of the selectors. */
  boolean matchesAny(List<String> topics) {
    for (String topic : topics) {
      if (matches(topic)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every one of the topics matches one of the selectors. */
  boolean matchesAll(List<String> topics) {
    for (String topic : topics) {
      if (!matches(topic)) {
        return false;
      }
    }
    return !topics.isEmpty();
  }
}
