package dev.millrace.buildlogs.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.TestDatabases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/** Nodes started together on one fresh database all come up with one schema. */
class ConcurrentMigrationTest {

  private static final int NODES = 4;

  @RepeatedTest(3)
  @Timeout(60)
  void nodesMigratingAtOnceAllSucceed() throws Exception {
    try (var database = TestDatabases.mariaDb();
        var executor = Executors.newFixedThreadPool(NODES)) {
      var dataSource = database.dataSource();
      try (var c = dataSource.getConnection();
          var s = c.createStatement()) {
        // Another app's table makes the schema non-empty, as in a shared database.
        s.execute("CREATE TABLE other_app (id INT PRIMARY KEY)");
      }
      var start = new CountDownLatch(1);
      var migrations = new ArrayList<CompletableFuture<Void>>();
      for (int i = 0; i < NODES; i++) {
        migrations.add(
            CompletableFuture.runAsync(
                () -> {
                  awaitQuietly(start);
                  Schema.migrate(dataSource);
                },
                executor));
      }
      start.countDown();
      CompletableFuture.allOf(migrations.toArray(CompletableFuture[]::new))
          .get(50, TimeUnit.SECONDS);
      assertThat(failedMigrations(dataSource)).isZero();
      assertThat(appliedMigrations(dataSource)).isEqualTo(migrationFiles());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int failedMigrations(javax.sql.DataSource dataSource) throws SQLException {
    return count(
        dataSource, "SELECT COUNT(*) FROM " + Schema.HISTORY_TABLE + " WHERE success = FALSE");
  }

  private static int appliedMigrations(javax.sql.DataSource dataSource) throws SQLException {
    return count(
        dataSource,
        "SELECT COUNT(*) FROM " + Schema.HISTORY_TABLE + " WHERE type = 'SQL' AND success = TRUE");
  }

  private static int migrationFiles() throws Exception {
    var url = Schema.class.getClassLoader().getResource("db/buildlogs/mariadb");
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(url.toURI()))) {
      return (int) files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
    }
  }

  private static int count(javax.sql.DataSource dataSource, String query) throws SQLException {
    try (var c = dataSource.getConnection();
        var s = c.createStatement();
        var r = s.executeQuery(query)) {
      r.next();
      return r.getInt(1);
    }
  }
}
