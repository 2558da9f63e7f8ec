package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schema lock lets one holder at a time through, whatever connection each holder uses. */
class SchemaLockTest {

  private static final int HOLDERS = 4;

  @ParameterizedTest
  @CsvSource({
    "jdbc:h2:mem:schema_lock;DB_CLOSE_DELAY=-1, sa",
    Databases.MARIADB_URL + ", root",
    Databases.POSTGRES_URL + ", postgres"
  })
  @Timeout(60)
  void oneHolderAtATime(String url, String user) throws Exception {
    String name = "lock-" + UUID.randomUUID();
    var inside = new AtomicInteger();
    var mostInside = new AtomicInteger();
    var entries = new AtomicInteger();
    try (var dataSource = Databases.pool(url, user, HOLDERS + 1);
        var executor = Executors.newFixedThreadPool(HOLDERS)) {
      var holders = new ArrayList<CompletableFuture<Void>>();
      for (int i = 0; i < HOLDERS; i++) {
        holders.add(
            CompletableFuture.runAsync(
                () ->
                    SchemaLock.whileHolding(
                        dataSource,
                        name,
                        () -> {
                          mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                          pause();
                          inside.decrementAndGet();
                          entries.incrementAndGet();
                        }),
                executor));
      }
      CompletableFuture.allOf(holders.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
    }
    assertThat(entries).hasValue(HOLDERS);
    assertThat(mostInside).hasValue(1);
  }

  @ParameterizedTest
  @CsvSource({Databases.MARIADB_URL + ", root", Databases.POSTGRES_URL + ", postgres"})
  @Timeout(60)
  void releasesTheLockWhenTheWorkFails(String url, String user) throws Exception {
    String name = "lock-" + UUID.randomUUID();
    try (var dataSource = Databases.pool(url, user, 1)) {
      try {
        SchemaLock.whileHolding(
            dataSource,
            name,
            () -> {
              throw new IllegalStateException("migration failed");
            });
      } catch (IllegalStateException expected) {
        // the lock must be free again for the next node
      }
    }
    var ran = new AtomicInteger();
    try (var otherNode = Databases.pool(url, user, 2)) {
      CompletableFuture.runAsync(
              () -> SchemaLock.whileHolding(otherNode, name, ran::incrementAndGet))
          .get(10, TimeUnit.SECONDS);
    }
    assertThat(ran).hasValue(1);
  }

  private static void pause() {
    try {
      Thread.sleep(150);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
