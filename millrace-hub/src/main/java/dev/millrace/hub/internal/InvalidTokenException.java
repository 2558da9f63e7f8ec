package dev.millrace.hub.internal;

/** A JWT that is malformed, badly signed, of another algorithm, expired or not yet valid. */
final class InvalidTokenException extends RuntimeException {

  InvalidTokenException(String message) {
    super(message);
  }
}
