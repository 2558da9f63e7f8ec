package dev.millrace.feeds.readmodel;

/** The read model's store failed. */
public class ReadModelException extends RuntimeException {

  public ReadModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
