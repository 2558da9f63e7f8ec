package dev.millrace.jdbc.internal;

import dev.millrace.core.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * may be marked sent. Rows of different topics are pipelined; a row is published only after the
 * previous row of its topic was accepted, so a failure can never let a later row of a topic
 * overtake an earlier one. The failure of the first refused row is kept, so the relay can tell a
 * broker that is down from a row it will never accept.
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
   */
  record Outcome(int accepted, Throwable failure) {}

  Outcome publish(List<OutboxRow> rows) {
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
