package dev.millrace.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Connection settings of the test databases and helpers around them. */
final class Databases {

  static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable";
  static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private Databases() {}

  static HikariDataSource pool(String url, String user, int size) {
    var config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** A table name no parallel test uses. */
  static String uniqueTable() {
    return "outbox_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static void dropTables(HikariDataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      statement.execute("DROP TABLE IF EXISTS " + table + "_lock");
      statement.execute("DROP TABLE IF EXISTS " + table + "_dead");
    }
  }
}
