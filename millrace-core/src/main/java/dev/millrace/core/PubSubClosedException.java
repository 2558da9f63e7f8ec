package dev.millrace.core;

/** The publisher or subscriber was used after it was closed. */
public class PubSubClosedException extends PubSubException {

  public PubSubClosedException(String message) {
    super(message);
  }
}
