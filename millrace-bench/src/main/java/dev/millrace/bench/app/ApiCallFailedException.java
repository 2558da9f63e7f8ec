package dev.millrace.bench.app;

/** A call to the server's API failed or answered an unexpected status. */
public final class ApiCallFailedException extends RuntimeException {

  public ApiCallFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
