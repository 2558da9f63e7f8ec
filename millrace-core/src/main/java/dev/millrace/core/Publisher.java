package dev.millrace.core;

import java.util.concurrent.CompletableFuture;

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
   * Releases the adapter's resources. Messages whose publish completed stay as firm as the adapter
   * promised: a durable adapter still delivers them, a non-durable one (in-process) may drop those
   * its subscriptions had not yet taken. Idempotent.
   */
  @Override
  void close();
}
