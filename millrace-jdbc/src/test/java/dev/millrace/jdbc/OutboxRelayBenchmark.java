package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Relay throughput (draining a backlog) and commit-to-delivery latency on MariaDB. Not a unit test:
 * run it with {@code ./mvnw -o test -pl millrace-jdbc -Dtest=OutboxRelayBenchmark
 * -Dmillrace.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "millrace.benchmark", matches = "true")
class OutboxRelayBenchmark {

  @Test
  void mariaDb() throws Exception {
    String table = Databases.uniqueTable();
    try (HikariDataSource dataSource = Databases.pool(Databases.MARIADB_URL, "root", 8);
        var pubSub = InProcessPubSub.create()) {
      var options =
          OutboxOptions.defaults().withTable(table).withPollInterval(Duration.ofSeconds(1));
      var outbox = JdbcOutbox.create(dataSource, options);
      outbox.ensureTable();
      try {
        drainBacklog(dataSource, outbox, pubSub, 20_000);
        latency(dataSource, outbox, pubSub, 500);
      } finally {
        Databases.dropTables(dataSource, table);
      }
    }
  }

  private static void drainBacklog(
      HikariDataSource dataSource, JdbcOutbox outbox, InProcessPubSub pubSub, int count)
      throws Exception {
    var received = new CountDownLatch(count);
    var subscription =
        pubSub.subscribe(
            "backlog",
            delivery -> {
              delivery.ack();
              received.countDown();
            });
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        outbox.append(tx, "backlog", Message.of(new byte[200]));
        if (i % 500 == 499) {
          tx.commit();
        }
      }
      tx.commit();
    }
    long start = System.nanoTime();
    try (OutboxRelay relay = outbox.startRelay(pubSub)) {
      assertThat(received.await(120, TimeUnit.SECONDS)).isTrue();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "backlog: %d rows relayed in %.2f s = %.0f rows/s%n", count, seconds, count / seconds);
    subscription.close();
  }

  private static void latency(
      HikariDataSource dataSource, JdbcOutbox outbox, InProcessPubSub pubSub, int count)
      throws Exception {
    long[] latencies = new long[count];
    var index = new AtomicInteger();
    var received = new CountDownLatch(count);
    pubSub.subscribe(
        "latency",
        delivery -> {
          long committed = Long.parseLong(delivery.message().metadata("committed_nanos"));
          latencies[index.getAndIncrement()] = System.nanoTime() - committed;
          delivery.ack();
          received.countDown();
        });
    try (OutboxRelay relay = outbox.startRelay(pubSub)) {
      for (int i = 0; i < count; i++) {
        try (Connection tx = dataSource.getConnection()) {
          tx.setAutoCommit(false);
          // the stamp is taken just before commit: latency = commit + relay + delivery
          Message message =
              Message.of(new byte[200])
                  .withMetadata("committed_nanos", Long.toString(System.nanoTime()));
          outbox.append(tx, "latency", message);
          tx.commit();
        }
        Thread.sleep(5);
      }
      assertThat(received.await(60, TimeUnit.SECONDS)).isTrue();
    }
    Arrays.sort(latencies);
    System.out.printf(
        "append+commit to delivery: p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n",
        latencies[count / 2] / 1e6,
        latencies[count * 9 / 10] / 1e6,
        latencies[count * 99 / 100] / 1e6,
        latencies[count - 1] / 1e6);
  }
}
