package dev.millrace.jdbc;

import dev.millrace.core.deadletter.DeadLetter;
import dev.millrace.core.deadletter.DeadLetterStore;
import dev.millrace.jdbc.internal.DeadLetterTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link DeadLetterStore} in a SQL table (H2, MariaDB/MySQL or PostgreSQL), durable and shared by
 * every node that uses the same database and table.
 *
 * <pre>{@code
 * JdbcDeadLetterStore store = JdbcDeadLetterStore.create(dataSource, "millrace_dead_letters");
 * store.ensureTable();
 * router.use(DeadLetterQueue.create(store));
 * }</pre>
 *
 * <p>Each method runs in its own transaction on a connection of the data source, and blocks. Fails
 * with {@link DeadLetterStorageException} when SQL fails. Thread-safe.
 */
public final class JdbcDeadLetterStore implements DeadLetterStore {

  /** The table of dead letters unless another is given. */
  public static final String DEFAULT_TABLE = "millrace_dead_letters";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}");

  private final DataSource dataSource;
  private final DeadLetterTable table;
  private final String name;

  private JdbcDeadLetterStore(DataSource dataSource, String table) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(table, "table");
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException("table must be a plain SQL identifier: " + table);
    }
    this.name = table;
    this.table = new DeadLetterTable(table);
  }

  /** A store in {@link #DEFAULT_TABLE}. */
  public static JdbcDeadLetterStore create(DataSource dataSource) {
    return create(dataSource, DEFAULT_TABLE);
  }

  public static JdbcDeadLetterStore create(DataSource dataSource, String table) {
    return new JdbcDeadLetterStore(dataSource, table);
  }

  /**
   * Creates the table and its index when missing. Idempotent and safe from several nodes at once.
   */
  public JdbcDeadLetterStore ensureTable() {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        table.ensure(connection);
        return this;
      } catch (SQLException e) {
        if (attempt == 3 || !dev.millrace.jdbc.internal.OutboxTable.isConcurrentCreation(e)) {
          throw new DeadLetterStorageException("cannot create dead-letter table " + name, e);
        }
      }
    }
  }

  @Override
  public void add(DeadLetter deadLetter) {
    Objects.requireNonNull(deadLetter, "deadLetter");
    inTransaction(
        "store dead letter " + deadLetter.id(),
        c -> {
          table.upsert(c, deadLetter);
          return null;
        });
  }

  @Override
  public List<DeadLetter> list(String after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return inTransaction("list dead letters", c -> table.list(c, after, limit));
  }

  @Override
  public Optional<DeadLetter> find(String id) {
    return inTransaction("read dead letter " + id, c -> table.find(c, id));
  }

  @Override
  public boolean remove(String id) {
    return inTransaction("remove dead letter " + id, c -> table.delete(c, id));
  }

  @Override
  public Map<String, Long> countByHandler() {
    return inTransaction("count dead letters", table::countByHandler);
  }

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new DeadLetterStorageException("cannot " + what + " in table " + name, e);
    }
  }
}
