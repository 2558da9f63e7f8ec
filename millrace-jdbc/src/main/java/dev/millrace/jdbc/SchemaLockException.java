package dev.millrace.jdbc;

/** The schema lock could not be taken: the database failed or another node held it too long. */
public class SchemaLockException extends RuntimeException {

  public SchemaLockException(String message, Throwable cause) {
    super(message, cause);
  }
}
