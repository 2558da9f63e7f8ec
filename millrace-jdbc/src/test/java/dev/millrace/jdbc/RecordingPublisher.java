package dev.millrace.jdbc;

import dev.millrace.core.Message;
import dev.millrace.core.PubSubException;
import dev.millrace.core.Publisher;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a relay publishes; can fail chosen message ids once. */
final class RecordingPublisher implements Publisher {

  record Published(String topic, Message message) {}

  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

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

  @Override
  public CompletableFuture<Void> publish(String topic, Message message) {
    if (failOnce.remove(message.id())) {
      return CompletableFuture.failedFuture(new PubSubException("injected failure"));
    }
    published.add(new Published(topic, message));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
