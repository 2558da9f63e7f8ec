package dev.millrace.core;

/**
 * The broker refused this message for what it is (too large, a topic it does not accept…):
 * publishing it again will fail again. Unlike other {@link PubSubException}s it does not mean the
 * broker is unavailable.
 */
public class PublishRejectedException extends PubSubException {

  public PublishRejectedException(String message) {
    super(message);
  }

  public PublishRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
