package dev.millrace.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.core.Message;
import dev.millrace.core.deadletter.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL of a dead-letter table. Instants are stored as epoch microseconds, so every database
 * keeps them exactly.
 */
public final class DeadLetterTable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, handler, topic, message_id, metadata, payload, reason, attempts, first_failed_us,"
          + " last_failed_us";

  private final String table;

  public DeadLetterTable(String table) {
    this.table = table;
  }

  public void ensure(Connection connection) throws SQLException {
    var dialect = Dialect.of(connection);
    String text = dialect == Dialect.H2 ? "CHARACTER LARGE OBJECT" : "TEXT";
    String bytes =
        switch (dialect) {
          case H2 -> "BINARY LARGE OBJECT";
          case MYSQL -> "LONGBLOB";
          case POSTGRESQL -> "BYTEA";
        };
    String columns =
        "id VARCHAR(64) NOT NULL PRIMARY KEY, handler VARCHAR(255) NOT NULL, topic VARCHAR(255)"
            + " NOT NULL, message_id VARCHAR(255) NOT NULL, metadata "
            + text
            + " NOT NULL, payload "
            + bytes
            + " NOT NULL, reason "
            + text
            + " NOT NULL, attempts INT NOT NULL, first_failed_us BIGINT NOT NULL, last_failed_us"
            + " BIGINT NOT NULL";
    String index = table + "_age";
    List<String> ddl =
        dialect == Dialect.MYSQL
            ? List.of(
                "CREATE TABLE IF NOT EXISTS "
                    + table
                    + " ("
                    + columns
                    + ", INDEX "
                    + index
                    + " (first_failed_us, id))")
            : List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")",
                "CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " (first_failed_us, id)");
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String sql : ddl) {
        statement.execute(sql);
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Inserts, or replaces the row of the same id keeping its first failure time. */
  public void upsert(Connection connection, DeadLetter letter) throws SQLException {
    var existing = find(connection, letter.id(), true);
    if (existing.isPresent()) {
      var first = existing.get().firstFailedAt();
      if (first.isBefore(letter.firstFailedAt())) {
        letter =
            new DeadLetter(
                letter.id(),
                letter.handler(),
                letter.topic(),
                letter.message(),
                letter.reason(),
                letter.attempts(),
                first,
                letter.lastFailedAt());
      }
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
        delete.setString(1, letter.id());
        delete.executeUpdate();
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, letter.id());
      insert.setString(2, letter.handler());
      insert.setString(3, letter.topic());
      insert.setString(4, letter.message().id());
      insert.setString(5, JSON.writeValueAsString(letter.message().metadata()));
      insert.setBytes(6, letter.message().payload());
      insert.setString(7, letter.reason());
      insert.setInt(8, letter.attempts());
      insert.setLong(9, micros(letter.firstFailedAt()));
      insert.setLong(10, micros(letter.lastFailedAt()));
      insert.executeUpdate();
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write metadata of message " + letter.message().id(), e);
    }
  }

  public List<DeadLetter> list(Connection connection, String after, int limit) throws SQLException {
    String where = "";
    long afterMicros = 0;
    if (after != null) {
      var cursor = find(connection, after, false);
      if (cursor.isEmpty()) {
        return List.of();
      }
      afterMicros = micros(cursor.get().firstFailedAt());
      where = " WHERE first_failed_us > ? OR (first_failed_us = ? AND id > ?)";
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM " + table + where + " ORDER BY first_failed_us, id")) {
      if (after != null) {
        select.setLong(1, afterMicros);
        select.setLong(2, afterMicros);
        select.setString(3, after);
      }
      select.setMaxRows(limit);
      List<DeadLetter> letters = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next() && letters.size() < limit) {
          letters.add(read(rows));
        }
      }
      return letters;
    }
  }

  public Optional<DeadLetter> find(Connection connection, String id) throws SQLException {
    return find(connection, id, false);
  }

  private Optional<DeadLetter> find(Connection connection, String id, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM "
                + table
                + " WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  public boolean delete(Connection connection, String id) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      delete.setString(1, id);
      return delete.executeUpdate() > 0;
    }
  }

  public Map<String, Long> countByHandler(Connection connection) throws SQLException {
    var counts = new TreeMap<String, Long>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT handler, COUNT(*) FROM " + table + " GROUP BY handler")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return counts;
  }

  private static DeadLetter read(ResultSet rows) throws SQLException {
    try {
      Map<String, String> metadata = JSON.readValue(rows.getString(5), METADATA);
      var message = new Message(rows.getString(4), metadata, rows.getBytes(6));
      return new DeadLetter(
          rows.getString(1),
          rows.getString(2),
          rows.getString(3),
          message,
          rows.getString(7),
          rows.getInt(8),
          instant(rows.getLong(9)),
          instant(rows.getLong(10)));
    } catch (JsonProcessingException e) {
      throw new SQLException("malformed metadata in dead letter " + rows.getString(1), e);
    }
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
