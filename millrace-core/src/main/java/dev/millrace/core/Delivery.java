package dev.millrace.core;

/**
 * A message handed to a {@link MessageListener}, waiting to be acknowledged.
 *
 * <p>Exactly one of {@link #ack()} or {@link #nack()} takes effect; later calls are ignored. A
 * subscription delivers its next message only after the current one is acked, which keeps messages
 * in publish order per topic. {@code nack} redelivers the same message (same id, {@link #attempt()}
 * plus one). Both methods are thread-safe and may be called from any thread, after the listener has
 * returned.
 */
public interface Delivery {

  /** The topic the message was published to. */
  String topic();

  /** The message. */
  Message message();

  /** 1 for the first delivery of this message to this subscription, 2 for the first redelivery… */
  int attempt();

  /** Marks the message processed; the subscription moves on to the next one. */
  void ack();

  /** Asks for the message to be delivered again. */
  void nack();
}
