package dev.millrace.feeds.posting;

import dev.millrace.jdbc.SchemaLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Flyway migrations of the feeds app, each with its own history table, one node at a time. */
public final class Schema {

  private Schema() {}

  /** Creates or upgrades the write model's tables (idempotent). */
  public static void migrateWriteModel(DataSource dataSource) {
    migrate(dataSource, "db/feeds/write", "feeds_write_schema_history");
  }

  /** Creates or upgrades the JDBC read model's tables (idempotent). */
  public static void migrateReadModel(DataSource dataSource) {
    migrate(dataSource, "db/feeds/read", "feeds_read_schema_history");
  }

  private static void migrate(DataSource dataSource, String location, String historyTable) {
    var flyway =
        Flyway.configure(Schema.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:" + location)
            .table(historyTable)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    SchemaLock.whileHolding(dataSource, historyTable, flyway::migrate);
  }
}
