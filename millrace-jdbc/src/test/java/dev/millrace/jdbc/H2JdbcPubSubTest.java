package dev.millrace.jdbc;

/** Several nodes and purging on an in-memory H2 database. */
class H2JdbcPubSubTest extends JdbcPubSubTest {

  private final String url =
      "jdbc:h2:mem:pubsub" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  protected String jdbcUrl() {
    return url;
  }

  @Override
  protected String user() {
    return "sa";
  }
}
