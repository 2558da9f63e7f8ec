package dev.millrace.jdbc;

class PostgresJdbcDeadLetterStoreTest extends JdbcDeadLetterStoreTest {

  @Override
  protected String jdbcUrl() {
    return Databases.POSTGRES_URL;
  }

  @Override
  protected String user() {
    return "postgres";
  }
}
