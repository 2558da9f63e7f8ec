package dev.millrace.core;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link Delivery} whose outcome is decided once: ack, nack, or abandoned when the subscription
 * that handed it out closes. For pub/sub adapters: the subscription waits on {@link #outcome()}
 * and, when it stops waiting, settles with {@link #settleOrAbandon()}. Thread-safe.
 */
public final class AckOnceDelivery implements Delivery {

  private final String topic;
  private final Message message;
  private final int attempt;
  private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

  public AckOnceDelivery(String topic, Message message, int attempt) {
    this.topic = topic;
    this.message = message;
    this.attempt = attempt;
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
  public void ack() {
    outcome.complete(true);
  }

  @Override
  public void nack() {
    outcome.complete(false);
  }

  /** Completes with {@code true} on ack, {@code false} on nack or abandon. */
  public CompletableFuture<Boolean> outcome() {
    return outcome;
  }

  /** True if acked; otherwise the delivery counts as nacked from now on. */
  public boolean settleOrAbandon() {
    outcome.complete(false);
    return outcome.join();
  }
}
