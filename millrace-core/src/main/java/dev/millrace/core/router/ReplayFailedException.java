package dev.millrace.core.router;

/** {@link Router#replay} failed: the handler threw, or its results could not be published. */
public class ReplayFailedException extends RuntimeException {

  public ReplayFailedException(String handler, String messageId, Throwable cause) {
    super("replaying message " + messageId + " in handler " + handler + " failed: " + cause, cause);
  }
}
