package dev.millrace.jdbc;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import dev.millrace.jdbc.internal.OutboxTable;
import dev.millrace.jdbc.internal.RelaySignal;
import dev.millrace.jdbc.internal.RelayWorker;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A transactional outbox: messages are written to a table in the same SQL transaction as the change
 * they announce, and a relay publishes them afterwards, so a change is never announced without
 * being committed nor committed without being announced.
 *
 * <pre>{@code
 * JdbcOutbox outbox = JdbcOutbox.create(dataSource, OutboxOptions.defaults());
 * outbox.ensureTable();
 * try (OutboxRelay relay = outbox.startRelay(publisher)) {
 *   // in a transaction: insert the post, then
 *   outbox.append(connection, "posts", message);
 *   connection.commit();
 * }
 * }</pre>
 *
 * <p>Works on H2, MariaDB/MySQL and PostgreSQL. Thread-safe.
 */
public final class JdbcOutbox {

  private final DataSource dataSource;
  private final OutboxOptions options;
  private final OutboxTable table;
  private final RelaySignal signal;

  private JdbcOutbox(DataSource dataSource, OutboxOptions options) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.options = Objects.requireNonNull(options, "options");
    this.table = new OutboxTable(options.table());
    this.signal = RelaySignal.forTable(options.table());
  }

  /** An outbox with {@link OutboxOptions#defaults()}. */
  public static JdbcOutbox create(DataSource dataSource) {
    return new JdbcOutbox(dataSource, OutboxOptions.defaults());
  }

  public static JdbcOutbox create(DataSource dataSource, OutboxOptions options) {
    return new JdbcOutbox(dataSource, options);
  }

  public OutboxOptions options() {
    return options;
  }

  /**
   * Creates the outbox table, its index and the relay's lock row when missing. Idempotent and safe
   * to call from several nodes at once; call it at start, after the application's own migrations.
   *
   * @throws OutboxStorageException when the DDL fails
   */
  public void ensureTable() {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        table.ensure(connection);
        return;
      } catch (SQLException e) {
        // two nodes creating the table at once may collide on the catalog: the second try sees it
        if (attempt == 3 || !OutboxTable.isConcurrentCreation(e)) {
          throw new OutboxStorageException("cannot create outbox table " + options.table(), e);
        }
      }
    }
  }

  /**
   * Appends {@code message} for {@code topic} using the caller's connection, hence inside the
   * caller's transaction: it becomes visible to the relay when that transaction commits and
   * disappears if it rolls back. Does not commit. Wakes the relays of this table in this process.
   *
   * @throws OutboxStorageException when the insert fails (the caller should roll back)
   */
  public void append(Connection transaction, String topic, Message message) {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(message, "message");
    if (topic == null || topic.isBlank() || topic.length() > OutboxTable.MAX_TOPIC_LENGTH) {
      throw new IllegalArgumentException("topic must be 1 to 255 characters: " + topic);
    }
    try {
      table.insert(transaction, topic, message);
    } catch (SQLException e) {
      throw new OutboxStorageException("cannot append message " + message.id() + " to outbox", e);
    }
    signal.signal();
  }

  /**
   * Starts a relay on a virtual thread that publishes pending rows to {@code publisher}. The
   * publisher is not closed by the relay.
   */
  public OutboxRelay startRelay(Publisher publisher) {
    return RelayWorker.start(dataSource, options, table, signal, publisher);
  }
}
