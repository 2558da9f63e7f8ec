package dev.millrace.core.deadletter;

import dev.millrace.core.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A message that a handler could not handle, set aside with the reason.
 *
 * @param id the dead letter's id: {@link #idOf(String, String)} of handler and message id, so the
 *     same message failing again in the same handler replaces its dead letter instead of adding one
 * @param handler the name of the handler that failed (see {@code Router#addHandler})
 * @param topic the topic the message was consumed from
 * @param message the original message, id, metadata and payload unchanged
 * @param reason the last failure, as text
 * @param attempts failed deliveries before the message was set aside
 * @param firstFailedAt when the first failure happened (kept to the microsecond)
 * @param lastFailedAt when the last failure happened (kept to the microsecond)
 */
public record DeadLetter(
    String id,
    String handler,
    String topic,
    Message message,
    String reason,
    int attempts,
    Instant firstFailedAt,
    Instant lastFailedAt) {

  /** The longest reason kept; longer ones are cut. */
  public static final int MAX_REASON_LENGTH = 4000;

  public DeadLetter {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(firstFailedAt, "firstFailedAt");
    Objects.requireNonNull(lastFailedAt, "lastFailedAt");
    firstFailedAt = firstFailedAt.truncatedTo(ChronoUnit.MICROS);
    lastFailedAt = lastFailedAt.truncatedTo(ChronoUnit.MICROS);
    reason = reason == null ? "" : reason;
    if (reason.length() > MAX_REASON_LENGTH) {
      reason = reason.substring(0, MAX_REASON_LENGTH);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be positive: " + attempts);
    }
  }

  /** A dead letter of {@code message} in {@code handler}, with the id {@link #idOf} gives. */
  public static DeadLetter of(
      String handler,
      String topic,
      Message message,
      String reason,
      int attempts,
      Instant firstFailedAt,
      Instant lastFailedAt) {
    return new DeadLetter(
        idOf(handler, message.id()),
        handler,
        topic,
        message,
        reason,
        attempts,
        firstFailedAt,
        lastFailedAt);
  }

  /**
   * A reason naming {@code failure} and its causes, such as {@code ReadModelException: cannot
   * apply; caused by: java.sql.SQLDataException: value too long [SQLState 22001]}.
   */
  public static String reasonOf(Throwable failure) {
    var reason = new StringBuilder();
    var seen = new java.util.HashSet<Throwable>();
    for (var cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      if (!reason.isEmpty()) {
        reason.append("; caused by: ");
      }
      reason.append(cause);
      if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        reason.append(" [SQLState ").append(sql.getSQLState()).append(']');
      }
    }
    return reason.toString();
  }

  /** The id of the dead letter of message {@code messageId} in {@code handler}: stable. */
  public static String idOf(String handler, String messageId) {
    return UUID.nameUUIDFromBytes((handler + "\n" + messageId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
