package dev.millrace.core.deadletter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link DeadLetterStore} in memory, for tests and single-process demos: its dead letters are
 * gone when the process ends. Thread-safe.
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore {

  private static final Comparator<DeadLetter> ORDER =
      Comparator.comparing(DeadLetter::firstFailedAt).thenComparing(DeadLetter::id);

  private final Map<String, DeadLetter> byId = new HashMap<>();

  private InMemoryDeadLetterStore() {}

  public static InMemoryDeadLetterStore create() {
    return new InMemoryDeadLetterStore();
  }

  @Override
  public synchronized void add(DeadLetter deadLetter) {
    var earlier = byId.get(deadLetter.id());
    if (earlier != null && earlier.firstFailedAt().isBefore(deadLetter.firstFailedAt())) {
      deadLetter =
          new DeadLetter(
              deadLetter.id(),
              deadLetter.handler(),
              deadLetter.topic(),
              deadLetter.message(),
              deadLetter.reason(),
              deadLetter.attempts(),
              earlier.firstFailedAt(),
              deadLetter.lastFailedAt());
    }
    byId.put(deadLetter.id(), deadLetter);
  }

  @Override
  public synchronized List<DeadLetter> list(String after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    var sorted = new ArrayList<>(byId.values());
    sorted.sort(ORDER);
    int start = 0;
    if (after != null) {
      var cursor = byId.get(after);
      if (cursor == null) {
        return List.of();
      }
      start = sorted.indexOf(cursor) + 1;
    }
    return List.copyOf(sorted.subList(start, Math.min(sorted.size(), start + limit)));
  }

  @Override
  public synchronized Optional<DeadLetter> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized boolean remove(String id) {
    return byId.remove(id) != null;
  }

  @Override
  public synchronized Map<String, Long> countByHandler() {
    var counts = new TreeMap<String, Long>();
    byId.values().forEach(letter -> counts.merge(letter.handler(), 1L, Long::sum));
    return counts;
  }
}
