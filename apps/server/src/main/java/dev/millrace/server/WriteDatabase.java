package dev.millrace.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connection pools for the configured databases; each fails fast when unreachable.
 *
 * <p>The embedded H2 files are opened with {@code WRITE_DELAY=0}: H2 otherwise keeps the last
 * half-second of commits in memory, and a killed process loses writes it had acknowledged. Each
 * connection keeps up to {@code QUERY_CACHE_SIZE} parsed statements: the projection, the relay and
 * the feed pages use more than H2's default of 8 on one pooled connection, and parsing them again
 * cost about a quarter of the projection's time.
 */
final class WriteDatabase {

  /** Settings of every embedded H2 file: committed means written to the file. */
  static final String EMBEDDED_SETTINGS =
      ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";

  private WriteDatabase() {}

  /** The write model: the configured URL, or embedded H2 in the data dir. */
  static HikariDataSource open(StorageConfig storage) {
    var url =
        storage.dbUrl() != null
            ? storage.dbUrl()
            : "jdbc:h2:file:"
                + storage.dataDir().toAbsolutePath().resolve("millrace")
                + EMBEDDED_SETTINGS;
    return pool("write-model", url, storage.dbUser(), storage.dbPassword(), 16);
  }

  /** The embedded read model: H2 in the data dir, apart from the write model. */
  static HikariDataSource openEmbeddedReadModel(StorageConfig storage) {
    var url =
        "jdbc:h2:file:"
            + storage.dataDir().toAbsolutePath().resolve("readmodel")
            + EMBEDDED_SETTINGS;
    return pool("read-model", url, null, null, 16);
  }

  /**
   * The SQL pub/sub's database: the configured write model (so that nodes sharing it share their
   * events), or an H2 file of its own in the data dir, which keeps the event traffic (every log
   * line of a build, every feed update) from competing with the write model's commits in one H2
   * store and lets old messages be purged without growing the write model's file.
   */
  static HikariDataSource openPubSub(StorageConfig storage) {
    if (storage.dbUrl() != null) {
      return pool("pubsub", storage.dbUrl(), storage.dbUser(), storage.dbPassword(), 16);
    }
    var url =
        "jdbc:h2:file:" + storage.dataDir().toAbsolutePath().resolve("pubsub") + EMBEDDED_SETTINGS;
    return pool("pubsub", url, null, null, 16);
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
