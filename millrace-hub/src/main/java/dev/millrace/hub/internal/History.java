package dev.millrace.hub.internal;

import dev.millrace.hub.HistoryLimits;
import dev.millrace.hub.Update;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The updates this node keeps for subscribers that resume, in bus order: at most {@link
 * HistoryLimits#maxCount()}, none older than {@link HistoryLimits#maxAge()}; indexed by id. Rebuilt
 * from the bus when the node starts. Thread-safe (one lock, held briefly).
 */
final class History {

  /** The reserved id that asks for, or tells of, the start of the history. */
  static final String EARLIEST = "earliest";

  private final HistoryLimits limits;
  private final ArrayDeque<StoredUpdate> entries = new ArrayDeque<>();
  private final HashMap<String, StoredUpdate> byId = new HashMap<>();
  private long sequence;

  History(HistoryLimits limits) {
    this.limits = limits;
  }

  /**
   * What a subscriber resuming after {@code lastEventId} gets.
   *
   * @param missed the visible updates it missed, oldest first
   * @param lastEventId the {@code Last-Event-ID} response header: the id of the update before the
   *     first one sent, or {@link #EARLIEST}
   * @param after the node's sequence at the moment: live updates after it follow
   */
  record Resume(List<StoredUpdate> missed, String lastEventId, long after) {}

  /**
   * Appends an update received from the bus, unless one with its id is already kept (a duplicate
   * delivery). Returns it with its sequence, or {@code null} for a duplicate.
   */
  synchronized StoredUpdate append(Update update, long publishedAtMicros, long nowMicros) {
    if (byId.containsKey(update.id())) {
      return null;
    }
    var stored = new StoredUpdate(++sequence, update, publishedAtMicros);
    if (limits.maxCount() > 0) {
      entries.addLast(stored);
      byId.put(update.id(), stored);
    }
    trim(nowMicros);
    return stored;
  }

  /** Drops what is past the limits; also called periodically so idle history ages out. */
  synchronized void trim(long nowMicros) {
    long oldest = nowMicros - TimeUnit.MICROSECONDS.convert(limits.maxAge()); // saturates
    while (!entries.isEmpty()
        && (entries.size() > limits.maxCount()
            || entries.peekFirst().publishedAtMicros() < oldest)) {
      byId.remove(entries.pollFirst().update().id());
    }
  }

  /**
   * Reads what a subscriber missed. No {@code lastEventId}: nothing, and the header names the
   * newest kept update. {@code earliest}: every kept update. A kept id: the updates after it. Any
   * other id (unknown, or older than the history): every kept update, and the header says {@code
   * earliest}, so the client knows the history did not reach back to its id.
   */
  synchronized Resume resume(String lastEventId, Predicate<StoredUpdate> visible) {
    if (lastEventId == null) {
      String newest = entries.isEmpty() ? EARLIEST : entries.peekLast().update().id();
      return new Resume(List.of(), newest, sequence);
    }
    StoredUpdate from = lastEventId.equals(EARLIEST) ? null : byId.get(lastEventId);
    long after = from == null ? 0 : from.sequence();
    var missed = new ArrayList<StoredUpdate>();
    Iterator<StoredUpdate> newestFirst = entries.descendingIterator();
    while (newestFirst.hasNext()) {
      StoredUpdate entry = newestFirst.next();
      if (entry.sequence() <= after) {
        break;
      }
      if (visible.test(entry)) {
        missed.add(entry);
      }
    }
    java.util.Collections.reverse(missed);
    return new Resume(missed, from == null ? EARLIEST : lastEventId, sequence);
  }

  synchronized boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** The id of the newest kept update, or {@link #EARLIEST}. */
  synchronized String newestId() {
    return entries.isEmpty() ? EARLIEST : entries.peekLast().update().id();
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long sequence() {
    return sequence;
  }
}
