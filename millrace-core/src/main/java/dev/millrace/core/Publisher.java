package dev.millrace.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Publishes messages to topics.
 *
 * <p>Thread-safe. Messages published by one thread to one topic are delivered in that order. The
 * returned future completes when the adapter holds the message as firmly as it promises (in memory
 * for the in-process pub/sub, stored by the server for JetStream), and fails with a {@link
 * PubSubException} otherwise; it never completes on an event-loop thread's behalf by blocking it.
 * After {@link #close()} every publish fails with {@link PubSubClosedException}.
 */
public interface Publisher extends AutoCloseable {

  CompletableFuture<Void> publish(String topic, Message message);

  /**
   * How far a {@link #publishInOrder} got: the first {@code held} messages are held as firmly as
   * {@link #publish} promises; {@code failure} is why the next one is not, or {@code null} when all
   * are.
   */
  record HeldPrefix(int held, Throwable failure) {}

  /**
   * Publishes {@code messages} to {@code topic} in list order, as if each were published once the
   * one before it was held: what is held is always a prefix of the list, which the returned future
   * tells (it does not fail). Adapters that can hold the list in one step override this (the SQL
   * pub/sub stores it in one transaction: all or none); by default the messages are published one
   * after the other.
   */
  default CompletableFuture<HeldPrefix> publishInOrder(String topic, List<Message> messages) {
    var result = new CompletableFuture<HeldPrefix>();
    publishFrom(this, topic, List.copyOf(messages), 0, result);
    return result;
  }

  private static void publishFrom(
      Publisher publisher,
      String topic,
      List<Message> messages,
      int next,
      CompletableFuture<HeldPrefix> result) {
    if (next == messages.size()) {
      result.complete(new HeldPrefix(next, null));
      return;
    }
    CompletableFuture<Void> published;
    try {
      published = publisher.publish(topic, messages.get(next));
    } catch (RuntimeException e) {
      result.complete(new HeldPrefix(next, e));
      return;
    }
    published.whenComplete(
        (held, error) -> {
          if (error != null) {
            var cause =
                error instanceof CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            result.complete(new HeldPrefix(next, cause));
          } else {
            publishFrom(publisher, topic, messages, next + 1, result);
          }
        });
  }

  /**
   * Releases the adapter's resources. Messages whose publish completed stay as firm as the adapter
   * promised: a durable adapter still delivers them, a non-durable one (in-process) may drop those
   * its subscriptions had not yet taken. Idempotent.
   */
  @Override
  void close();
}
