package dev.millrace.core;

/** A value could not be written as a message payload. */
public class PayloadEncodingException extends RuntimeException {

  public PayloadEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
