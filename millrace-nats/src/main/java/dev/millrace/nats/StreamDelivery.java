package dev.millrace.nats;

import dev.millrace.core.Delivery;

/**
 * A {@link Delivery} from a JetStream stream, which also tells the message's position in it.
 *
 * <p>Every delivery made by {@link JetStreamPubSub} implements this interface. The stream sequence
 * is what a client passes back to resume: {@link ReplaySubscriber#subscribeFrom} with {@code
 * streamSequence() + 1} continues right after this message.
 */
public interface StreamDelivery extends Delivery {

  /** The message's sequence number in the stream: positive, increasing in publish order. */
  long streamSequence();
}
