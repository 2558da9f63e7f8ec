package dev.millrace.nats;

import dev.millrace.core.MessageListener;
import dev.millrace.core.Subscription;

/**
 * Subscribes from a past position of the stream, for clients that resume after a disconnect (a
 * Server-Sent Events {@code Last-Event-ID}, for instance).
 *
 * <p>Same guarantees as a fan-out {@link dev.millrace.core.Subscriber#subscribe(String,
 * MessageListener) subscription} (publish order, the next message only after the previous one is
 * acked, {@link Subscription#close()} semantics), except where it starts: with the topic's first
 * message whose {@link StreamDelivery#streamSequence()} is at least {@code fromSequence}, then
 * every later one. Messages the stream no longer holds (beyond its age or size limits) are skipped;
 * the first delivery's sequence tells the caller whether anything was missed. Thread-safe.
 */
public interface ReplaySubscriber {

  /**
   * Delivers the topic's messages from stream sequence {@code fromSequence} on.
   *
   * @param fromSequence 1 for the whole retained history, or one past the last sequence seen
   */
  Subscription subscribeFrom(String topic, long fromSequence, MessageListener listener);
}
