package dev.millrace.jdbc;

/** Several nodes and purging on the local Postgres server. */
class PostgresJdbcPubSubTest extends JdbcPubSubTest {

  private final String url = Databases.POSTGRES_URL;

  @Override
  protected String jdbcUrl() {
    return url;
  }

  @Override
  protected String user() {
    return "postgres";
  }
}
