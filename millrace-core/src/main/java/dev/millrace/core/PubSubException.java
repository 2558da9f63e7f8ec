package dev.millrace.core;

/** A pub/sub operation failed. */
public class PubSubException extends RuntimeException {

  public PubSubException(String message) {
    super(message);
  }

  public PubSubException(String message, Throwable cause) {
    super(message, cause);
  }
}
