package dev.millrace.feeds.posting;

import dev.millrace.core.Message;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Appends an event to the transactional outbox inside the caller's transaction, so the event is
 * stored if and only if the write it describes commits. A relay publishes it afterwards.
 */
@FunctionalInterface
public interface OutboxWriter {

  void append(Connection tx, String topic, Message message) throws SQLException;
}
