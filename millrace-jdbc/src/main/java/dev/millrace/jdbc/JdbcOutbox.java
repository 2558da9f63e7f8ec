package dev.millrace.jdbc;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import dev.millrace.core.deadletter.DeadLetter;
import dev.millrace.core.deadletter.DeadLetterStore;
import dev.millrace.core.deadletter.Replayer;
import dev.millrace.core.router.ReplayFailedException;
import dev.millrace.jdbc.internal.OutboxTable;
import dev.millrace.jdbc.internal.RelayWorker;
import dev.millrace.jdbc.internal.WakeSignal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;
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
  private final WakeSignal signal;
  private final Pattern topicPattern;
  private final DeadLetterStore deadLetters;
  private final JdbcDeadLetterStore ownDeadLetters;

  private JdbcOutbox(DataSource dataSource, OutboxOptions options) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.options = Objects.requireNonNull(options, "options");
    this.table = new OutboxTable(options.table());
    this.signal = WakeSignal.forOutbox(options.table());
    this.topicPattern = Pattern.compile(options.topicPattern());
    this.ownDeadLetters =
        options.deadLetters() == null
            ? JdbcDeadLetterStore.create(dataSource, options.table() + "_dead")
            : null;
    this.deadLetters = ownDeadLetters != null ? ownDeadLetters : options.deadLetters();
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

  /** Where the relay sets aside the rows the publisher refuses (see {@link OutboxOptions}). */
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  /** The handler name of the relay's dead letters: {@code outbox:<table>}. */
  public String deadLetterHandler() {
    return "outbox:" + options.table();
  }

  /**
   * Replays the relay's dead letters by appending their message again (same id) to this outbox in a
   * transaction of its own: the relay publishes it after the rows already waiting, and sets it
   * aside again if the publisher still refuses it. Register it with {@link
   * dev.millrace.core.deadletter.DeadLetters#register(Replayer)}.
   */
  public Replayer replayer() {
    return new Replayer() {
      @Override
      public boolean replays(String handler) {
        return handler.equals(deadLetterHandler());
      }

      @Override
      public void replay(DeadLetter deadLetter) {
        try (Connection connection = dataSource.getConnection()) {
          connection.setAutoCommit(false);
          try {
            append(connection, deadLetter.topic(), deadLetter.message());
            connection.commit();
          } catch (RuntimeException e) {
            connection.rollback();
            throw e;
          }
        } catch (SQLException | RuntimeException e) {
          throw new ReplayFailedException(deadLetterHandler(), deadLetter.message().id(), e);
        }
      }
    };
  }

  /**
   * Creates the outbox table, its index and the relay's lock row when missing, and the dead-letter
   * table unless {@link OutboxOptions#deadLetters()} names another store. Idempotent and safe to
   * call from several nodes at once; call it at start, after the application's own migrations.
   *
   * @throws OutboxStorageException when the DDL fails
   */
  public void ensureTable() {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        table.ensure(connection);
        break;
      } catch (SQLException e) {
        // two nodes creating the table at once may collide on the catalog: the second try sees it
        if (attempt == 3 || !OutboxTable.isConcurrentCreation(e)) {
          throw new OutboxStorageException("cannot create outbox table " + options.table(), e);
        }
      }
    }
    if (ownDeadLetters != null) {
      ownDeadLetters.ensureTable();
    }
  }

  /**
   * Appends {@code message} for {@code topic} using the caller's connection, hence inside the
   * caller's transaction: it becomes visible to the relay when that transaction commits and
   * disappears if it rolls back. Does not commit. Wakes the relays of this table in this process.
   *
   * @throws OutboxRejectedException when the topic does not match {@link
   *     OutboxOptions#topicPattern()} or the message is larger than {@link
   *     OutboxOptions#maxMessageBytes()}; nothing is written (the caller should roll back)
   * @throws OutboxStorageException when the insert fails (the caller should roll back)
   */
  public void append(Connection transaction, String topic, Message message) {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(message, "message");
    if (topic == null
        || topic.length() > OutboxTable.MAX_TOPIC_LENGTH
        || !topicPattern.matcher(topic).matches()) {
      throw new OutboxRejectedException(
          "topic '"
              + topic
              + "' is not accepted: at most 255 characters matching "
              + options.topicPattern());
    }
    long size = sizeOf(message);
    if (size > options.maxMessageBytes()) {
      throw new OutboxRejectedException(
          "message "
              + message.id()
              + " is "
              + size
              + " bytes, over the limit of "
              + options.maxMessageBytes());
    }
    try {
      table.insert(transaction, topic, message);
    } catch (SQLException e) {
      throw new OutboxStorageException("cannot append message " + message.id() + " to outbox", e);
    }
    signal.signal();
  }

  /** Payload plus metadata keys and values, in UTF-8 bytes. */
  static long sizeOf(Message message) {
    long size = message.payload().length;
    for (var entry : message.metadata().entrySet()) {
      size += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
    }
    return size;
  }

  private static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Starts a relay on a virtual thread that publishes pending rows to {@code publisher}. The
   * publisher is not closed by the relay.
   */
  public OutboxRelay startRelay(Publisher publisher) {
    return RelayWorker.start(
        dataSource, options, table, signal, publisher, deadLetters, deadLetterHandler());
  }
}
