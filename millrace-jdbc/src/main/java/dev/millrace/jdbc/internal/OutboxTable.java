package dev.millrace.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.core.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The SQL of the outbox table and its lock row. */
public final class OutboxTable {

  public static final int MAX_TOPIC_LENGTH = 255;
  private static final String LOCK_NAME = "relay";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

  private final String table;

  public OutboxTable(String table) {
    this.table = table;
  }

  public void ensure(Connection connection) throws SQLException {
    Dialect dialect = Dialect.of(connection);
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String ddl : dialect.createStatements(table)) {
        statement.execute(ddl);
      }
      try {
        statement.executeUpdate(
            "INSERT INTO " + table + "_lock (name) VALUES ('" + LOCK_NAME + "')");
      } catch (SQLException e) {
        if (!isConcurrentCreation(e)) {
          throw e; // 23xxx: the lock row exists already
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** A duplicate key or an existing relation: another node ran the same DDL at the same time. */
  public static boolean isConcurrentCreation(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("23") || state.equals("42P07"));
  }

  public void insert(Connection connection, String topic, Message message) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " (topic, message_id, metadata, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, topic);
      insert.setString(2, message.id());
      insert.setString(3, JSON.writeValueAsString(message.metadata()));
      insert.setBytes(4, message.payload());
      insert.setTimestamp(5, Timestamp.from(Instant.now()));
      insert.executeUpdate();
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write metadata of message " + message.id(), e);
    }
  }

  /** Blocks until this transaction holds the relay lock; other relays wait for its commit. */
  void lockRelay(Connection connection) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT name FROM " + table + "_lock WHERE name = ? FOR UPDATE")) {
      lock.setString(1, LOCK_NAME);
      try (ResultSet rows = lock.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("outbox lock row missing in " + table + "_lock: call ensureTable");
        }
      }
    }
  }

  List<OutboxRow> pending(Connection connection, int limit) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, topic, message_id, metadata, payload FROM "
                + table
                + " WHERE sent_at IS NULL ORDER BY seq")) {
      select.setMaxRows(limit);
      select.setFetchSize(limit);
      try (ResultSet result = select.executeQuery()) {
        while (result.next() && rows.size() < limit) {
          Map<String, String> metadata = JSON.readValue(result.getString(4), METADATA);
          rows.add(
              new OutboxRow(
                  result.getLong(1),
                  result.getString(2),
                  new Message(result.getString(3), metadata, result.getBytes(5))));
        }
      }
    } catch (JsonProcessingException e) {
      throw new SQLException("malformed metadata in outbox table " + table, e);
    }
    return rows;
  }

  void markSent(Connection connection, List<OutboxRow> rows, Instant now) throws SQLException {
    String placeholders = String.join(", ", java.util.Collections.nCopies(rows.size(), "?"));
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE " + table + " SET sent_at = ? WHERE seq IN (" + placeholders + ")")) {
      update.setTimestamp(1, Timestamp.from(now));
      for (int i = 0; i < rows.size(); i++) {
        update.setLong(i + 2, rows.get(i).seq());
      }
      update.executeUpdate();
    }
  }

  int purgeSentBefore(Connection connection, Instant cutoff) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + table + " WHERE sent_at < ?")) {
      delete.setTimestamp(1, Timestamp.from(cutoff));
      return delete.executeUpdate();
    }
  }
}
