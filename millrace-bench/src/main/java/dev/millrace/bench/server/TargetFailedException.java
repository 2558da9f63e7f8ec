package dev.millrace.bench.server;

/** A server under test could not be started or stopped. */
public final class TargetFailedException extends RuntimeException {

  public TargetFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
