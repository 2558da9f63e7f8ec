package dev.millrace.buildlogs.db;

import dev.millrace.jdbc.SchemaLock;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Creates and upgrades the build-log tables with Flyway, in their own history table. */
public final class Schema {

  /** Flyway history table of this app, so it can share a database with other apps. */
  public static final String HISTORY_TABLE = "buildlogs_schema_history";

  private Schema() {}

  /**
   * Applies the pending migrations of the database behind {@code dataSource}, one node at a time.
   */
  public static void migrate(DataSource dataSource) {
    var flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/buildlogs/" + dialect(dataSource))
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    SchemaLock.whileHolding(dataSource, HISTORY_TABLE, flyway::migrate);
  }

  static String dialect(DataSource dataSource) {
    try (var connection = dataSource.getConnection()) {
      var product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("h2")) {
        return "h2";
      }
      if (product.contains("mariadb") || product.contains("mysql")) {
        return "mariadb";
      }
      throw new IllegalArgumentException(
          "the build-log app supports H2 and MariaDB/MySQL, not " + product);
    } catch (SQLException e) {
      throw new SqlFailedException("cannot read the database product name", e);
    }
  }
}
