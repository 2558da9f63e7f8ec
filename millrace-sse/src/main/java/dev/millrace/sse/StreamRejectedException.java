package dev.millrace.sse;

/**
 * Thrown by {@link StreamAdapter#watch} to refuse a stream before it starts. The engine answers a
 * plain HTTP error with a JSON body {@code {"status":404,"error":"…"}}, so an {@code EventSource}
 * stops instead of reconnecting forever.
 */
public class StreamRejectedException extends RuntimeException {

  private final int status;

  /**
   * @param status an HTTP client-error status, 400 to 499
   * @param message the error shown to the client; never include secrets
   */
  public StreamRejectedException(int status, String message) {
    super(message);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("status must be a 4xx client error: " + status);
    }
    this.status = status;
  }

  public static StreamRejectedException badRequest(String message) {
    return new StreamRejectedException(400, message);
  }

  public static StreamRejectedException unauthorized(String message) {
    return new StreamRejectedException(401, message);
  }

  public static StreamRejectedException forbidden(String message) {
    return new StreamRejectedException(403, message);
  }

  public static StreamRejectedException notFound(String message) {
    return new StreamRejectedException(404, message);
  }

  /** The HTTP status to answer. */
  public int status() {
    return status;
  }
}
