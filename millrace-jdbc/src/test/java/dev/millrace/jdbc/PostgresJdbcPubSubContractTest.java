package dev.millrace.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pub/sub contract on the PostgreSQL server at 127.0.0.1:5432. */
class PostgresJdbcPubSubContractTest extends JdbcPubSubContractTest {

  private static HikariDataSource dataSource;

  @BeforeAll
  static void openDatabase() {
    dataSource = Databases.pool(Databases.POSTGRES_URL, "postgres", 16);
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
