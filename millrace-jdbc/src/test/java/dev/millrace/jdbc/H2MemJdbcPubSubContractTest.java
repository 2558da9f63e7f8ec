package dev.millrace.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pub/sub contract on an in-memory H2 database. */
class H2MemJdbcPubSubContractTest extends JdbcPubSubContractTest {

  private static HikariDataSource dataSource;

  @BeforeAll
  static void openDatabase() {
    dataSource =
        Databases.pool("jdbc:h2:mem:pubsub" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", 16);
  }

  @AfterAll
  static void closeDatabase() {
    dataSource.close();
  }

  @Override
  protected HikariDataSource dataSource() {
    return dataSource;
  }
}
