package dev.millrace.feeds.posting;

/** The write model's database failed (unreachable, constraint broken, …). */
public class WriteModelException extends RuntimeException {

  public WriteModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
