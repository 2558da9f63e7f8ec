package dev.millrace.jdbc;

/** The outbox on the PostgreSQL server at 127.0.0.1:5432. */
class PostgresJdbcOutboxTest extends JdbcOutboxTest {

  @Override
  protected String jdbcUrl() {
    return Databases.POSTGRES_URL;
  }

  @Override
  protected String user() {
    return "postgres";
  }
}
