package dev.millrace.jdbc;

import dev.millrace.core.PubSubException;

/** The outbox table could not be created or written: the underlying SQL statement failed. */
public class OutboxStorageException extends PubSubException {

  public OutboxStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
