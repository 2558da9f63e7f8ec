package dev.millrace.bench.load;

/** The server refused or ended a subscription before it started streaming. */
public final class StreamRejectedException extends RuntimeException {

  public StreamRejectedException(String message) {
    super(message);
  }
}
