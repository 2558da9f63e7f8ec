package dev.millrace.core.deadletter;

/**
 * Handles the message of a dead letter again, for {@link DeadLetters#replay}. A {@link
 * dev.millrace.core.router.Router} is one (see {@link DeadLetters#register(
 * dev.millrace.core.router.Router)}); an outbox relay that sets rows aside is another.
 * Implementations are thread-safe.
 */
public interface Replayer {

  /** Whether dead letters of {@code handler} are replayed here. */
  boolean replays(String handler);

  /**
   * Handles {@code deadLetter}'s message again; returns once it succeeded.
   *
   * @throws dev.millrace.core.router.ReplayFailedException when it failed again
   */
  void replay(DeadLetter deadLetter);
}
