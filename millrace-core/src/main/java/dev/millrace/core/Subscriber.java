package dev.millrace.core;

import java.util.List;

/**
 * Subscribes listeners to topics.
 *
 * <p>Thread-safe. A subscription without a group receives every message published to the topic
 * after it was made (fan-out: each such subscription sees everything). Subscriptions that name the
 * same {@link SubscribeOptions#group() group} share the messages: each message goes to one member.
 * Within one subscription, messages arrive in publish order, the next one only after the previous
 * one is acked (see {@link Delivery}). {@link #close()} closes every subscription it made.
 */
public interface Subscriber extends AutoCloseable {

  /** A fan-out subscription: this listener receives every message of the topic. */
  default Subscription subscribe(String topic, MessageListener listener) {
    return subscribe(topic, SubscribeOptions.DEFAULTS, listener);
  }

  Subscription subscribe(String topic, SubscribeOptions options, MessageListener listener);

  /**
   * A subscription that hands its listener up to {@code maxBatch} messages at once, for a listener
   * that handles several together faster than one by one (one database transaction for all). The
   * ordering and redelivery rules are those of {@link #subscribe(String, SubscribeOptions,
   * MessageListener)}; {@link BatchListener} says how they apply to a batch. Adapters that cannot
   * batch deliver batches of one, which is what this default does.
   *
   * @throws IllegalArgumentException when {@code maxBatch} is less than 1
   */
  default Subscription subscribeBatches(
      String topic, SubscribeOptions options, int maxBatch, BatchListener listener) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    return subscribe(topic, options, delivery -> listener.onBatch(List.of(delivery)));
  }

  @Override
  void close();
}
