package dev.millrace.jdbc;

/** Several nodes and purging on the local MariaDb server. */
class MariaDbJdbcPubSubTest extends JdbcPubSubTest {

  private final String url = Databases.MARIADB_URL;

  @Override
  protected String jdbcUrl() {
    return url;
  }

  @Override
  protected String user() {
    return "root";
  }
}
