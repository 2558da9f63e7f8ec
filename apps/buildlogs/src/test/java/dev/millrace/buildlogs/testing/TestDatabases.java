package dev.millrace.buildlogs.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** Databases for tests: a private in-memory H2, or a fresh MariaDB database dropped on close. */
public final class TestDatabases {

  static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
  static final String OPTIONS = "?sslMode=disable";

  private TestDatabases() {}

  /** A data source to a database of its own; close it to drop the database. */
  public interface TestDatabase extends AutoCloseable {
    HikariDataSource dataSource();

    @Override
    void close();
  }

  public static TestDatabase h2() {
    var ds =
        pool(
            "jdbc:h2:mem:buildlogs_"
                + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1",
            "sa");
    return new TestDatabase() {
      public HikariDataSource dataSource() {
        return ds;
      }

      public void close() {
        try (var c = ds.getConnection();
            var s = c.createStatement()) {
          s.execute("SHUTDOWN");
        } catch (SQLException e) {
          // already gone
        }
        ds.close();
      }
    };
  }

  /**
   * A new MariaDB database {@code millrace_buildlogs_test_<random>}; skips the test without
   * MariaDB.
   */
  public static TestDatabase mariaDb() {
    var name =
        "millrace_buildlogs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (var c = DriverManager.getConnection(MARIADB + OPTIONS, "root", "");
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    } catch (SQLException e) {
      Assumptions.abort("MariaDB is not available on 127.0.0.1:3306: " + e.getMessage());
    }
    var ds = pool(MARIADB + name + OPTIONS, "root");
    return new TestDatabase() {
      public HikariDataSource dataSource() {
        return ds;
      }

      public void close() {
        ds.close();
        try (var c = DriverManager.getConnection(MARIADB + OPTIONS, "root", "");
            var s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot drop " + name, e);
        }
      }
    };
  }

  private static HikariDataSource pool(String url, String user) {
    var config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(8);
    config.setPoolName("buildlogs-test");
    return new HikariDataSource(config);
  }
}
