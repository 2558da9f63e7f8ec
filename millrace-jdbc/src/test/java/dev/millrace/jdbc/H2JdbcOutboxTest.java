package dev.millrace.jdbc;

import java.sql.SQLException;
import java.util.UUID;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The outbox on H2, served over TCP so that a relay in another process can share the database. */
class H2JdbcOutboxTest extends JdbcOutboxTest {

  private static Server server;
  private final String database = "outbox_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeAll
  static void startServer() throws SQLException {
    server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @Override
  protected String jdbcUrl() {
    return "jdbc:h2:tcp://127.0.0.1:"
        + server.getPort()
        + "/mem:"
        + database
        + ";DB_CLOSE_DELAY=-1";
  }

  @Override
  protected String user() {
    return "sa";
  }
}
