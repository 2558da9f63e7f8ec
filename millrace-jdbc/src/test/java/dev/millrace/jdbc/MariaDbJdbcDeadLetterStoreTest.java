package dev.millrace.jdbc;

class MariaDbJdbcDeadLetterStoreTest extends JdbcDeadLetterStoreTest {

  @Override
  protected String jdbcUrl() {
    return Databases.MARIADB_URL;
  }

  @Override
  protected String user() {
    return "root";
  }
}
