package dev.millrace.hub.internal;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Catching up with the bus on demand: {@link #sync()} completes once this node has received
 * everything published to the bus before the call. It publishes a marker and waits to read it back;
 * callers that arrive while a marker is on its way share the next one, so a burst of callers costs
 * one or two markers. Used when a subscriber resumes from an id this node does not know yet (it may
 * have been published through another node a moment ago). Thread-safe.
 */
final class Barriers {

  private final Publisher publisher;
  private final String topic;
  private final Map<String, List<CompletableFuture<Void>>> inFlight = new ConcurrentHashMap<>();
  private List<CompletableFuture<Void>> next = new ArrayList<>();
  private boolean sending;

  Barriers(Publisher publisher, String topic) {
    this.publisher = publisher;
    this.topic = topic;
  }

  /** Completes once every message published before this call has been received. */
  synchronized CompletableFuture<Void> sync() {
    var future = new CompletableFuture<Void>();
    next.add(future);
    if (!sending) {
      send();
    }
    return future;
  }

  /** The bus listener read a marker: completes its waiters, if it is one of ours. */
  void seen(String markerId) {
    List<CompletableFuture<Void>> waiters = inFlight.remove(markerId);
    if (waiters != null) {
      waiters.forEach(waiter -> waiter.complete(null));
      sent();
    }
  }

  private synchronized void sent() {
    sending = false;
    if (!next.isEmpty()) {
      send();
    }
  }

  private void send() {
    sending = true;
    List<CompletableFuture<Void>> waiters = next;
    next = new ArrayList<>();
    Message marker = UpdateCodec.marker("sync");
    inFlight.put(marker.id(), waiters);
    publisher
        .publish(topic, marker)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null && inFlight.remove(marker.id()) != null) {
                waiters.forEach(waiter -> waiter.completeExceptionally(failure));
                sent();
              }
            });
  }
}
