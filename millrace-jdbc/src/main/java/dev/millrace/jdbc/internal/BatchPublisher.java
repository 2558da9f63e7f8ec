package dev.millrace.jdbc.internal;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import dev.millrace.core.Publisher.HeldPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a batch of rows and tells how long a prefix the publisher accepted: only that prefix
 * may be marked sent. First each topic's rows go in one {@link Publisher#publishInOrder} (one
 * transaction on the SQL pub/sub), the topics in parallel. When any of those fails, the batch is
 * published again row by row, to find the first row that is refused: rows of different topics are
 * pipelined, a row is published only after the previous row of its topic was accepted, so a failure
 * can never let a later row of a topic overtake an earlier one. The failure of the first refused
 * row is kept, so the relay can tell a broker that is down from a row it will never accept. Rows
 * accepted before a failure may be published twice: delivery is at-least-once.
 */
final class BatchPublisher {

  private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);

  private final Publisher publisher;
  private final Duration timeout;

  BatchPublisher(Publisher publisher, Duration timeout) {
    this.publisher = publisher;
    this.timeout = timeout;
  }

  /**
   * How a batch went.
   *
   * @param accepted length of the prefix the publisher accepted
   * @param failure why row {@code accepted} was not, or {@code null} when all were
   * @param acceptedAfter rows after that one the publisher accepted too: each is among the first
   *     rows of its topic in the batch, none follows a row of its topic that was not accepted
   */
  record Outcome(int accepted, Throwable failure, List<OutboxRow> acceptedAfter) {
    Outcome(int accepted, Throwable failure) {
      this(accepted, failure, List.of());
    }
  }

  Outcome publish(List<OutboxRow> rows) {
    if (rows.size() == 1) {
      return publishRowByRow(rows);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, List<Integer>> rowsOfTopic = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      rowsOfTopic.computeIfAbsent(rows.get(i).topic(), topic -> new ArrayList<>()).add(i);
    }
    Map<String, CompletableFuture<HeldPrefix>> published = new LinkedHashMap<>();
    rowsOfTopic.forEach(
        (topic, indexes) ->
            published.put(
                topic,
                publishInOrder(topic, indexes.stream().map(i -> rows.get(i).message()).toList())));
    boolean[] accepted = new boolean[rows.size()];
    Throwable[] failures = new Throwable[rows.size()];
    boolean refusedWhole = false;
    for (var entry : rowsOfTopic.entrySet()) {
      List<Integer> indexes = entry.getValue();
      HeldPrefix prefix = await(published.get(entry.getKey()), deadline);
      for (int k = 0; k < prefix.held(); k++) {
        accepted[indexes.get(k)] = true;
      }
      if (prefix.failure() != null) {
        failures[indexes.get(prefix.held())] = prefix.failure();
        refusedWhole |= prefix.held() == 0 && indexes.size() > 1;
      }
    }
    int first = 0;
    while (first < rows.size() && accepted[first]) {
      first++;
    }
    if (first == rows.size()) {
      return new Outcome(first, null);
    }
    if (refusedWhole) {
      // A list held all or none may have been refused for one row in it: find which.
      var rest = publishRowByRow(rows.subList(first, rows.size()));
      return new Outcome(first + rest.accepted(), rest.failure());
    }
    Throwable failure = failures[first] != null ? failures[first] : firstFailure(failures);
    log.warn(
        "Outbox publish failed, will retry: topic={} id={}",
        rows.get(first).topic(),
        rows.get(first).message().id(),
        failure);
    List<OutboxRow> after = new ArrayList<>();
    for (int i = first + 1; i < rows.size(); i++) {
      if (accepted[i]) {
        after.add(rows.get(i));
      }
    }
    return new Outcome(first, failure, after);
  }

  private CompletableFuture<HeldPrefix> publishInOrder(String topic, List<Message> batch) {
    try {
      return publisher.publishInOrder(topic, batch);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new HeldPrefix(0, e));
    }
  }

  private static HeldPrefix await(CompletableFuture<HeldPrefix> future, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      return new HeldPrefix(0, e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      return new HeldPrefix(0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new HeldPrefix(0, e);
    }
  }

  private static Throwable firstFailure(Throwable[] failures) {
    for (Throwable failure : failures) {
      if (failure != null) {
        return failure;
      }
    }
    return null;
  }

  private Outcome publishRowByRow(List<OutboxRow> rows) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<Void>> futures = new ArrayList<>(rows.size());
    Map<String, Integer> lastOfTopic = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      OutboxRow row = rows.get(i);
      Integer previous = lastOfTopic.put(row.topic(), i);
      if (previous != null && failure(futures.get(previous), deadline) != null) {
        break;
      }
      futures.add(publishOne(row));
    }
    for (int i = 0; i < futures.size(); i++) {
      Throwable failure = failure(futures.get(i), deadline);
      if (failure != null) {
        log.warn(
            "Outbox publish failed, will retry: topic={} id={}",
            rows.get(i).topic(),
            rows.get(i).message().id(),
            failure);
        return new Outcome(i, failure);
      }
    }
    return new Outcome(futures.size(), null);
  }

  private CompletableFuture<Void> publishOne(OutboxRow row) {
    try {
      return publisher.publish(row.topic(), row.message());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Why the publish failed, or {@code null} once it succeeded. */
  private static Throwable failure(CompletableFuture<Void> future, long deadline) {
    try {
      future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (TimeoutException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }
}
