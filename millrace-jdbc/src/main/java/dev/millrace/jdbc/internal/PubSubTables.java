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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the pub/sub tables; every method uses the caller's connection and transaction. */
public final class PubSubTables {

  /** One stored message and its offset. */
  public record Row(long offset, Message message) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

  private final String messages;
  private final String topics;
  private final String offsets;
  private final String prefix;

  public PubSubTables(String prefix) {
    this.prefix = prefix;
    this.messages = prefix + "messages";
    this.topics = prefix + "topics";
    this.offsets = prefix + "offsets";
  }

  public String messagesTable() {
    return messages;
  }

  void ensure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : Dialect.of(connection).pubSubStatements(prefix)) {
        statement.execute(ddl);
      }
    }
  }

  /** Inserts the topic's lock row when missing. Autocommit. */
  void insertTopic(Connection connection, String topic) throws SQLException {
    if (!exists(connection, "SELECT 1 FROM " + topics + " WHERE topic = ?", topic)) {
      insertIgnoringDuplicate(connection, "INSERT INTO " + topics + " (topic) VALUES (?)", topic);
    }
  }

  /**
   * Inserts a group's offset row at 0 (start of the retained messages) when missing. Reads first:
   * an insert of an existing key would wait for the member holding the row.
   */
  void insertGroup(Connection connection, String group, String topic) throws SQLException {
    String select = "SELECT 1 FROM " + offsets + " WHERE consumer_group = ? AND topic = ?";
    if (!exists(connection, select, group, topic)) {
      insertIgnoringDuplicate(
          connection,
          "INSERT INTO " + offsets + " (consumer_group, topic, acked_offset) VALUES (?, ?, 0)",
          group,
          topic);
    }
  }

  private static boolean exists(Connection connection, String sql, String... args)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setString(i + 1, args[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static boolean insertIgnoringDuplicate(Connection connection, String sql, String... args)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        insert.setString(i + 1, args[i]);
      }
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw e;
    }
  }

  /** Blocks until this transaction holds the topic's row: publishes to a topic commit in turn. */
  void lockTopic(Connection connection, String topic) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT topic FROM " + topics + " WHERE topic = ? FOR UPDATE")) {
      lock.setString(1, topic);
      try (ResultSet rows = lock.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("topic row missing in " + topics + ": " + topic);
        }
      }
    }
  }

  void insertMessages(Connection connection, List<PendingPublish> batch) throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + messages
                + " (topic, message_id, metadata, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
      for (PendingPublish pending : batch) {
        for (var message : pending.messages()) {
          insert.setString(1, pending.topic());
          insert.setString(2, message.id());
          insert.setString(3, JSON.writeValueAsString(message.metadata()));
          insert.setBytes(4, message.payload());
          insert.setTimestamp(5, now);
          insert.addBatch();
        }
      }
      insert.executeBatch();
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write message metadata", e);
    }
  }

  /**
   * The group's acknowledged offset, locking its row without waiting; throws when another member
   * (on any node) holds it.
   */
  long lockGroup(Connection connection, String group, String topic) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT acked_offset FROM "
                + offsets
                + " WHERE consumer_group = ? AND topic = ? FOR UPDATE NOWAIT")) {
      lock.setString(1, group);
      lock.setString(2, topic);
      try (ResultSet rows = lock.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("offset row missing in " + offsets + ": " + group + "/" + topic);
        }
        return rows.getLong(1);
      }
    }
  }

  void ack(Connection connection, String group, String topic, long offset) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + offsets
                + " SET acked_offset = ? WHERE consumer_group = ? AND topic = ? AND acked_offset < ?")) {
      update.setLong(1, offset);
      update.setString(2, group);
      update.setString(3, topic);
      update.setLong(4, offset);
      update.executeUpdate();
    }
  }

  /** The highest offset of the topic, 0 when it has no retained message. */
  long lastOffset(Connection connection, String topic) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT MAX(msg_offset) FROM " + messages + " WHERE topic = ?")) {
      select.setString(1, topic);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Up to {@code limit} messages of the topic after {@code offset}, oldest first. */
  List<Row> after(Connection connection, String topic, long offset, int limit) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT msg_offset, message_id, metadata, payload FROM "
                + messages
                + " WHERE topic = ? AND msg_offset > ? ORDER BY msg_offset LIMIT "
                + limit)) {
      select.setString(1, topic);
      select.setLong(2, offset);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          Map<String, String> metadata = JSON.readValue(result.getString(3), METADATA);
          rows.add(
              new Row(
                  result.getLong(1),
                  new Message(result.getString(2), metadata, result.getBytes(4))));
        }
      }
    } catch (JsonProcessingException e) {
      throw new SQLException("malformed metadata in " + messages, e);
    }
    return rows;
  }

  /**
   * Deletes the messages that every group of their topic has acked and that are older than {@code
   * cutoff} or, when {@code maxPerTopic} is positive, not among the topic's newest {@code
   * maxPerTopic}; messages of topics without groups go by age and count alone. The newest message
   * of each topic stays, so the offsets never restart below what a group acked (MySQL before 8 and
   * MariaDB before 10.2.4 reset an emptied table's counter on restart). Plain reads first, then
   * deletes of one topic's range of offsets each: a delete joining the offsets would wait for the
   * group members holding their rows.
   */
  int purge(Connection connection, Instant cutoff, long maxPerTopic) throws SQLException {
    Map<String, Long> ackedByAll = ackedByAll(connection);
    int purged = 0;
    try (PreparedStatement byCount =
            connection.prepareStatement(
                "DELETE FROM " + messages + " WHERE topic = ? AND msg_offset <= ?");
        PreparedStatement byAge =
            connection.prepareStatement(
                "DELETE FROM "
                    + messages
                    + " WHERE topic = ? AND created_at < ? AND msg_offset <= ? AND msg_offset < ?")) {
      for (Map.Entry<String, Long> topic : ackedByAll.entrySet()) {
        long last = lastOffset(connection, topic.getKey());
        if (maxPerTopic > 0) {
          long beyond =
              Math.min(topic.getValue(), lastBeyond(connection, topic.getKey(), last, maxPerTopic));
          if (beyond > 0) {
            byCount.setString(1, topic.getKey());
            byCount.setLong(2, beyond);
            purged += byCount.executeUpdate();
          }
        }
        byAge.setString(1, topic.getKey());
        byAge.setTimestamp(2, Timestamp.from(cutoff));
        byAge.setLong(3, topic.getValue());
        byAge.setLong(4, last);
        purged += byAge.executeUpdate();
      }
    }
    return purged;
  }

  /** The lowest offset every group of each topic acked; {@code Long.MAX_VALUE} without groups. */
  private Map<String, Long> ackedByAll(Connection connection) throws SQLException {
    Map<String, Long> ackedByAll = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT topic FROM " + topics);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ackedByAll.put(rows.getString(1), Long.MAX_VALUE);
      }
    }
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT topic, MIN(acked_offset) FROM " + offsets + " GROUP BY topic");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ackedByAll.put(rows.getString(1), rows.getLong(2));
      }
    }
    return ackedByAll;
  }

  /**
   * The offset of the newest message of the topic that is not among its newest {@code count}, 0
   * when the topic holds no more than that ({@code last}: its newest offset). Offsets are shared by
   * every topic and may have gaps, so the message is found by walking the index back {@code count}
   * entries, not by subtracting; first a look at the topic's oldest offset spares the walk when the
   * span of offsets is too short to hold more than {@code count} messages. Both read the index in
   * its own order, (topic, offset): H2 would otherwise scan and sort the whole topic.
   */
  private long lastBeyond(Connection connection, String topic, long last, long count)
      throws SQLException {
    if (last - firstOffset(connection, topic) < count) {
      return 0;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT msg_offset FROM "
                + messages
                + " WHERE topic = ? ORDER BY topic DESC, msg_offset DESC LIMIT 1 OFFSET "
                + count)) {
      select.setString(1, topic);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  /** The lowest offset of the topic, 0 when it has no retained message. */
  private long firstOffset(Connection connection, String topic) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT msg_offset FROM "
                + messages
                + " WHERE topic = ? ORDER BY topic, msg_offset LIMIT 1")) {
      select.setString(1, topic);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  /** A cheap query proving that the messages table answers. */
  public void probe(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT 1 FROM " + messages + " WHERE msg_offset = -1");
        ResultSet ignored = select.executeQuery()) {
      // reachable
    }
  }
}
