package dev.millrace.core;

/** A message payload could not be read as the expected type: malformed or of another shape. */
public class PayloadDecodingException extends RuntimeException {

  public PayloadDecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
