package dev.millrace.feeds.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A private database for one test class: in-memory H2, or a freshly created database on the local
 * MariaDB or PostgreSQL server, dropped on {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Runnable drop;

  private TestDatabase(String url, String user, Runnable drop) {
    var config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(8);
    config.setPoolName("feeds-test");
    this.dataSource = new HikariDataSource(config);
    this.drop = drop;
  }

  /** A new in-memory H2 database. */
  public static TestDatabase h2() {
    return new TestDatabase("jdbc:h2:mem:feeds_" + suffix() + ";DB_CLOSE_DELAY=-1", "sa", () -> {});
  }

  /** A new H2 database in a file (survives closing the pool). */
  public static TestDatabase h2File(java.nio.file.Path file) {
    return new TestDatabase("jdbc:h2:file:" + file.toAbsolutePath(), "sa", () -> {});
  }

  /** A new database on the local MariaDB (utf8mb4, binary collation). */
  public static TestDatabase mariadb() {
    var name = "feeds_test_" + suffix();
    var server = "jdbc:mariadb://127.0.0.1:3306/";
    var options = "?sslMode=disable";
    admin(
        server + options,
        "root",
        "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return new TestDatabase(
        server + name + options,
        "root",
        () -> admin(server + options, "root", "DROP DATABASE IF EXISTS " + name));
  }

  /** A new database on the local PostgreSQL. */
  public static TestDatabase postgres() {
    var name = "feeds_test_" + suffix();
    var server = "jdbc:postgresql://127.0.0.1:5432/";
    admin(server + "postgres", "postgres", "CREATE DATABASE " + name);
    return new TestDatabase(
        server + name,
        "postgres",
        () ->
            admin(
                server + "postgres",
                "postgres",
                "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
    drop.run();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void admin(String url, String user, String sql) {
    try (var connection = DriverManager.getConnection(url, user, "");
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + url, e);
    }
  }
}
