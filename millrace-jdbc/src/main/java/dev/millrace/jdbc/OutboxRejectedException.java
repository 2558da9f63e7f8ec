package dev.millrace.jdbc;

import dev.millrace.core.PublishRejectedException;

/**
 * {@link JdbcOutbox#append} refused a message that the broker would refuse (too large, a topic it
 * does not accept): nothing was written. The caller should roll back and tell its client (for an
 * HTTP API, a 4xx): appending it again will fail again.
 */
public class OutboxRejectedException extends PublishRejectedException {

  public OutboxRejectedException(String message) {
    super(message);
  }
}
