package dev.millrace.jdbc;

/** The outbox on the MariaDB server at 127.0.0.1:3306. */
class MariaDbJdbcOutboxTest extends JdbcOutboxTest {

  @Override
  protected String jdbcUrl() {
    return Databases.MARIADB_URL;
  }

  @Override
  protected String user() {
    return "root";
  }
}
