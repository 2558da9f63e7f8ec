package dev.millrace.core;

/**
 * One listener's subscription to one topic.
 *
 * <p>{@link #close()} stops deliveries: it waits for the listener call in progress to return, and a
 * message that was delivered but not acked is redelivered to another member of the group (or, for
 * durable adapters, to the next subscription of the same group). Idempotent.
 */
public interface Subscription extends AutoCloseable {

  String topic();

  @Override
  void close();
}
