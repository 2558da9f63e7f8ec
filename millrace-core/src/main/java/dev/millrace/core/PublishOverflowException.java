package dev.millrace.core;

/**
 * A publish was refused because a subscription is stuck: its buffer is full and the number of
 * publishes already waiting for it reached the configured limit. The message was delivered nowhere.
 */
public class PublishOverflowException extends PubSubException {

  public PublishOverflowException(String message) {
    super(message);
  }
}
