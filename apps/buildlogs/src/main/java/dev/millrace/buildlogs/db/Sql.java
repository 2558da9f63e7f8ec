package dev.millrace.buildlogs.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs blocking JDBC work in a transaction. Never call it from an event loop. */
public final class Sql {

  /** Work done with one connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  public Sql(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} in a read-committed transaction; commits on return, rolls back on throw. */
  public <T> T inTransaction(Work<T> work) {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new SqlFailedException("SQL transaction failed: " + e.getMessage(), e);
    }
  }

  /** Runs read-only {@code work} with auto-commit. */
  public <T> T read(Work<T> work) {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      return work.run(connection);
    } catch (SQLException e) {
      throw new SqlFailedException("SQL query failed: " + e.getMessage(), e);
    }
  }
}
