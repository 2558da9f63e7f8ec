package dev.millrace.jdbc;

import java.util.UUID;

class H2JdbcDeadLetterStoreTest extends JdbcDeadLetterStoreTest {

  private final String database = "dead_" + UUID.randomUUID().toString().replace("-", "");

  @Override
  protected String jdbcUrl() {
    return "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
  }

  @Override
  protected String user() {
    return "sa";
  }
}
