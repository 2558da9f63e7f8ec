package dev.millrace.core.deadletter;

/** Whether trying a message again can succeed without anyone changing anything. */
public enum FailureKind {
  /**
   * A service the handler needs is unreachable or busy (database down, broker down, timeout): the
   * message is retried with backoff for as long as it takes, never set aside.
   */
  TRANSIENT,
  /**
   * The message itself cannot be handled (malformed, violates a constraint, a bug): after a bounded
   * number of attempts it is set aside as a dead letter.
   */
  PERMANENT
}
