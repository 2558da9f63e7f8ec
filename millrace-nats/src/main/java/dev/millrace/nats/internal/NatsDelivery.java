package dev.millrace.nats.internal;

import dev.millrace.core.Message;
import dev.millrace.nats.StreamDelivery;
import java.util.concurrent.CompletableFuture;

/**
 * One delivery of one message. The first of {@code ack}, {@code nack} or {@link #abandon} wins; its
 * action runs once, on the calling thread.
 */
final class NatsDelivery implements StreamDelivery {

  /** What settling a delivery does on the wire. */
  interface Settlement {
    void ack();

    void nack();

    /** The subscription closed before the listener acked: give the message back. */
    void abandon();
  }

  enum Outcome {
    ACKED,
    NACKED,
    ABANDONED
  }

  private final String topic;
  private final Message message;
  private final int attempt;
  private final long streamSequence;
  private final Settlement settlement;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  NatsDelivery(
      String topic, Message message, int attempt, long streamSequence, Settlement settlement) {
    this.topic = topic;
    this.message = message;
    this.attempt = attempt;
    this.streamSequence = streamSequence;
    this.settlement = settlement;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public Message message() {
    return message;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public long streamSequence() {
    return streamSequence;
  }

  @Override
  public void ack() {
    if (outcome.complete(Outcome.ACKED)) {
      settlement.ack();
    }
  }

  @Override
  public void nack() {
    if (outcome.complete(Outcome.NACKED)) {
      settlement.nack();
    }
  }

  void abandon() {
    if (outcome.complete(Outcome.ABANDONED)) {
      settlement.abandon();
    }
  }

  Settlement settlement() {
    return settlement;
  }

  CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  @Override
  public String toString() {
    return "Delivery[topic=" + topic + ", id=" + message.id() + ", attempt=" + attempt + "]";
  }
}
