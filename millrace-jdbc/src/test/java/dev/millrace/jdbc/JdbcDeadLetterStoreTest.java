package dev.millrace.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.deadletter.DeadLetterStore;
import dev.millrace.testkit.DeadLetterStoreContractTest;
import java.sql.Connection;
import java.sql.Statement;

/** The dead-letter store contract on one database; one subclass per database. */
abstract class JdbcDeadLetterStoreTest extends DeadLetterStoreContractTest {

  private HikariDataSource dataSource;
  private String table;

  protected abstract String jdbcUrl();

  protected abstract String user();

  @Override
  protected DeadLetterStore createStore() {
    dataSource = Databases.pool(jdbcUrl(), user(), 4);
    table = Databases.uniqueTable().replace("outbox_", "dead_");
    var store = JdbcDeadLetterStore.create(dataSource, table).ensureTable();
    JdbcDeadLetterStore.create(dataSource, table).ensureTable(); // idempotent
    return store;
  }

  @Override
  protected void closeStore() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    } finally {
      dataSource.close();
    }
  }
}
