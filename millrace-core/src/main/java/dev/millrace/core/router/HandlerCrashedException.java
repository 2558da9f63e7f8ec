package dev.millrace.core.router;

/** A handler threw an {@link Error}; see {@link Recoverer}. */
public class HandlerCrashedException extends RuntimeException {

  public HandlerCrashedException(String messageId, Throwable cause) {
    super("handler crashed on message " + messageId + ": " + cause, cause);
  }
}
