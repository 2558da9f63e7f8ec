package dev.millrace.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Connection pools for the configured databases; each fails fast when unreachable. */
final class WriteDatabase {

  private WriteDatabase() {}

  /** The write model: the configured URL, or embedded H2 in the data dir. */
  static HikariDataSource open(StorageConfig storage) {
    var url =
        storage.dbUrl() != null
            ? storage.dbUrl()
            : "jdbc:h2:file:"
                + storage.dataDir().toAbsolutePath().resolve("millrace")
                + ";DB_CLOSE_ON_EXIT=FALSE";
    return pool("write-model", url, storage.dbUser(), storage.dbPassword(), 16);
  }

  /** The embedded read model: H2 in the data dir, apart from the write model. */
  static HikariDataSource openEmbeddedReadModel(StorageConfig storage) {
    var url =
        "jdbc:h2:file:"
            + storage.dataDir().toAbsolutePath().resolve("readmodel")
            + ";DB_CLOSE_ON_EXIT=FALSE";
    return pool("read-model", url, null, null, 16);
  }

  static HikariDataSource pool(String name, String url, String user, String password, int size) {
    var config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(JdbcUrls.forDriver(url));
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(5_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the "
              + name
              + " database at "
              + redact(url)
              + redact(JdbcUrls.advice(url, e)),
          e);
    }
  }

  static HealthCheck healthOf(DataSource dataSource) {
    return () -> {
      try (var connection = dataSource.getConnection()) {
        return connection.isValid(2);
      } catch (SQLException e) {
        return false;
      }
    };
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
