package dev.millrace.bench.sse;

/**
 * Receives what an {@link SseParser} finds in a stream. Called on the thread that feeds the parser,
 * in stream order.
 */
public interface SseListener {

  /** A complete event; {@code id} is the stream's last event id (empty when none was sent). */
  void onEvent(String id, String type, String data);

  /** A comment line (heartbeat); the text after the colon. */
  default void onComment(String text) {}

  /** A valid {@code retry} field, in milliseconds. */
  default void onRetry(long millis) {}
}
