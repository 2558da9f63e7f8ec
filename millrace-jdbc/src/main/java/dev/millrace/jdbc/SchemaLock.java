package dev.millrace.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Runs schema changes one node at a time: several nodes starting together on one database would
 * otherwise race on creating the same tables (Flyway, for one, fails when another node has just
 * created its history table). The lock is the database's own, so it spans processes and machines:
 * {@code GET_LOCK} on MariaDB/MySQL, an advisory lock on PostgreSQL, both scoped to the current
 * database and released when the work ends or the connection drops. On H2, which a single process
 * opens, the lock is one of this JVM.
 */
public final class SchemaLock {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final Object IN_PROCESS = new Object();

  private SchemaLock() {}

  /**
   * Runs {@code work} while holding the lock {@code name} of the database behind {@code
   * dataSource}, waiting up to two minutes for another holder. The lock holds one connection of
   * {@code dataSource} while {@code work} runs: a pool needs room for the work's own.
   *
   * @throws SchemaLockException when the lock cannot be taken
   */
  public static void whileHolding(DataSource dataSource, String name, Runnable work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("mariadb") || product.contains("mysql")) {
        underMySqlLock(connection, name, work);
      } else if (product.contains("postgres")) {
        underPostgresLock(connection, name, work);
      } else {
        synchronized (IN_PROCESS) {
          work.run();
        }
      }
    } catch (SQLException e) {
      throw new SchemaLockException("cannot take the schema lock " + name, e);
    }
  }

  private static void underMySqlLock(Connection connection, String name, Runnable work)
      throws SQLException {
    // Lock names are server-wide and at most 64 characters: qualify by database, then hash.
    String lockName = "millrace:" + sha256(currentDatabase(connection, "SELECT DATABASE()") + name);
    lockName = lockName.substring(0, Math.min(64, lockName.length()));
    try (PreparedStatement take = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      take.setString(1, lockName);
      take.setLong(2, WAIT.toSeconds());
      try (var result = take.executeQuery()) {
        if (!result.next() || result.getInt(1) != 1) {
          throw new SchemaLockException(
              "another node held the schema lock " + name + " for over " + WAIT.toSeconds() + " s",
              null);
        }
      }
    }
    try {
      work.run();
    } finally {
      try (PreparedStatement release = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        release.setString(1, lockName);
        release.executeQuery().close();
      }
    }
  }

  private static void underPostgresLock(Connection connection, String name, Runnable work)
      throws SQLException {
    long key =
        Long.parseLong(
            sha256(currentDatabase(connection, "SELECT current_database()") + name)
                .substring(0, 15),
            16);
    try (var timeout = connection.createStatement()) {
      timeout.execute("SET lock_timeout = '" + WAIT.toMillis() + "ms'");
    }
    try (PreparedStatement take = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
      take.setLong(1, key);
      take.executeQuery().close();
    }
    try {
      work.run();
    } finally {
      try (PreparedStatement release =
          connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        release.setLong(1, key);
        release.executeQuery().close();
      }
      try (var reset = connection.createStatement()) {
        reset.execute("RESET lock_timeout");
      }
    }
  }

  private static String currentDatabase(Connection connection, String query) throws SQLException {
    try (var statement = connection.createStatement();
        var result = statement.executeQuery(query)) {
      return result.next() ? String.valueOf(result.getString(1)) : "";
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
