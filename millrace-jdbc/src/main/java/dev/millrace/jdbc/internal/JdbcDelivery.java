package dev.millrace.jdbc.internal;

import dev.millrace.core.Delivery;
import dev.millrace.core.Message;
import java.util.concurrent.CompletableFuture;

/**
 * A delivery whose outcome is decided once: ack, nack, or abandoned when its subscription closes.
 */
final class JdbcDelivery implements Delivery {

  private final String topic;
  private final Message message;
  private final int attempt;
  private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

  JdbcDelivery(String topic, Message message, int attempt) {
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

  CompletableFuture<Boolean> outcome() {
    return outcome;
  }

  /** True if acked; otherwise the delivery counts as nacked from now on. */
  boolean settleOrAbandon() {
    outcome.complete(false);
    return outcome.join();
  }
}
