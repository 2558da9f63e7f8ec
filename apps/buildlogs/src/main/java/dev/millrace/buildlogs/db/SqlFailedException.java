package dev.millrace.buildlogs.db;

/** A SQL statement or transaction failed. */
public class SqlFailedException extends RuntimeException {

  public SqlFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
