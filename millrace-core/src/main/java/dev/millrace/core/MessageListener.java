package dev.millrace.core;

/**
 * Receives the messages of one subscription, one at a time.
 *
 * <p>Called from a thread owned by the subscriber (never an event loop), never concurrently for one
 * subscription. It may block. An exception thrown here counts as a {@link Delivery#nack()}.
 */
@FunctionalInterface
public interface MessageListener {

  void onMessage(Delivery delivery) throws Exception;
}
