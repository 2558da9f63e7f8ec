package dev.millrace.feeds.http;

/** A request the API refuses, with the HTTP status and the message for the client. */
public class ApiException extends RuntimeException {

  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
