package dev.millrace.jdbc;

import dev.millrace.core.Message;
import dev.millrace.core.PubSubException;
import dev.millrace.core.PublishRejectedException;
import dev.millrace.core.Publisher;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a relay publishes; can fail chosen message ids, refuse them, or be down. */
final class RecordingPublisher implements Publisher {

  record Published(String topic, Message message) {}

  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final AtomicInteger down = new AtomicInteger();

  List<Published> published() {
    return published;
  }

  List<String> ids(String topic) {
    return published.stream()
        .filter(p -> p.topic().equals(topic))
        .map(p -> p.message().id())
        .toList();
  }

  void failOnce(String messageId) {
    failOnce.add(messageId);
  }

  /** Refuses this message id for what it is (as a broker refuses a message too large). */
  void refuse(String messageId) {
    refused.add(messageId);
  }

  void accept(String messageId) {
    refused.remove(messageId);
  }

  /** Fails the next {@code publishes} publishes as a broker that is down. */
  void down(int publishes) {
    down.set(publishes);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, Message message) {
    if (down.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return CompletableFuture.failedFuture(new PubSubException("broker unavailable"));
    }
    if (refused.contains(message.id())) {
      return CompletableFuture.failedFuture(
          new PublishRejectedException("maximum payload exceeded"));
    }
    if (failOnce.remove(message.id())) {
      return CompletableFuture.failedFuture(new PubSubException("injected failure"));
    }
    published.add(new Published(topic, message));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
