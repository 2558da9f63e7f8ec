package dev.millrace.core.router;

import dev.millrace.core.deadletter.FailureKind;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The failures of the messages one handler is failing on, by message id; bounded, thread-safe. */
final class FailureLog {

  private static final int TRACKED_MESSAGES = 10_000;

  /** What is known of one message's failures so far. */
  record Failures(Instant firstFailedAt, int permanentFailures, int transientFailures) {}

  private final Clock clock;
  private final Map<String, Failures> byId =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > TRACKED_MESSAGES;
        }
      };

  FailureLog(Clock clock) {
    this.clock = clock;
  }

  /** Records one more failure of {@code kind}; a transient one resets nothing it counted before. */
  synchronized Failures failed(String messageId, FailureKind kind) {
    var now = clock.instant();
    return byId.merge(
        messageId,
        kind == FailureKind.TRANSIENT ? new Failures(now, 0, 1) : new Failures(now, 1, 0),
        (old, one) ->
            new Failures(
                old.firstFailedAt(),
                old.permanentFailures() + one.permanentFailures(),
                old.transientFailures() + one.transientFailures()));
  }

  synchronized void forget(String messageId) {
    byId.remove(messageId);
  }
}
