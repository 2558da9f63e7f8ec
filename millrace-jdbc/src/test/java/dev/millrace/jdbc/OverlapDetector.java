package dev.millrace.jdbc;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts publishes made while another relay's publish was in progress. */
final class OverlapDetector implements Publisher {

  private final Publisher delegate;
  private final AtomicInteger active;
  private final AtomicInteger overlaps;

  OverlapDetector(Publisher delegate, AtomicInteger active, AtomicInteger overlaps) {
    this.delegate = delegate;
    this.active = active;
    this.overlaps = overlaps;
  }

  @Override
  public CompletableFuture<Void> publish(String topic, Message message) {
    if (active.incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
    try {
      Thread.sleep(1); // widen the window in which two unsynchronised relays would overlap
      return delegate.publish(topic, message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    } finally {
      active.decrementAndGet();
    }
  }

  @Override
  public void close() {}
}
