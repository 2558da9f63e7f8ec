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
 * overtake an earlier one.
 */
final class BatchPublisher {

  private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);

  private final Publisher publisher;
  private final Duration timeout;

  BatchPublisher(Publisher publisher, Duration timeout) {
    this.publisher = publisher;
    this.timeout = timeout;
  }

  int publish(List<OutboxRow> rows) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<Void>> futures = new ArrayList<>(rows.size());
    Map<String, Integer> lastOfTopic = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      OutboxRow row = rows.get(i);
      Integer previous = lastOfTopic.put(row.topic(), i);
      if (previous != null && !accepted(rows.get(previous), futures.get(previous), deadline)) {
        break;
      }
      futures.add(publishOne(row));
    }
    for (int i = 0; i < futures.size(); i++) {
      if (!accepted(rows.get(i), futures.get(i), deadline)) {
        return i;
      }
    }
    return futures.size();
  }

  private CompletableFuture<Void> publishOne(OutboxRow row) {
    try {
      return publisher.publish(row.topic(), row.message());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static boolean accepted(OutboxRow row, CompletableFuture<Void> future, long deadline) {
    try {
      future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "Outbox publish failed, will retry: topic={} id={}",
          row.topic(),
          row.message().id(),
          e instanceof ExecutionException ? e.getCause() : e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
