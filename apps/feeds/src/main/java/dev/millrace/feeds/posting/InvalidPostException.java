package dev.millrace.feeds.posting;

/** A post's fields break a rule (missing, blank or too long); the message says which. */
public class InvalidPostException extends IllegalArgumentException {

  public InvalidPostException(String message) {
    super(message);
  }
}
