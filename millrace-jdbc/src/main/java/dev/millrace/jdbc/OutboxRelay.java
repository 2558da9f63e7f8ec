package dev.millrace.jdbc;

/**
 * A running relay: publishes the outbox rows that are not yet sent, oldest first, and marks them
 * sent.
 *
 * <p>At-least-once: a row is marked sent only after the publisher accepted it, so a crash between
 * the two publishes it again, with the same message id. Several relays (one per node) may run on
 * one database; a lock row lets only one of them publish at a time, so the rows of a topic are
 * published in the order they were appended. Failures (database or publisher) are logged at WARN
 * and retried after the poll interval; the relay never stops on its own. A row the publisher
 * refuses for what it is, {@link OutboxOptions#maxPublishAttempts()} times, is set aside in the
 * outbox's dead letters ({@link JdbcOutbox#deadLetters()}) so the rows behind it go on; a broker
 * that is down is waited for, never a reason to set a row aside.
 */
public interface OutboxRelay extends AutoCloseable {

  /** Stops the relay after the batch in progress is published and marked. Idempotent. */
  @Override
  void close();
}
