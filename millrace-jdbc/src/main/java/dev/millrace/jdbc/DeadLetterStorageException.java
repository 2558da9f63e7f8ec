package dev.millrace.jdbc;

/** The dead-letter table could not be created, read or written: a SQL statement failed. */
public class DeadLetterStorageException extends RuntimeException {

  public DeadLetterStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
