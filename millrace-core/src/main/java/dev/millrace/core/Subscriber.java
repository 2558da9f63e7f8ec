package dev.millrace.core;

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

  @Override
  void close();
}
