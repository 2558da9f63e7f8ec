package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.Message;
import dev.millrace.core.SubscribeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Publish throughput (to a group and a fan-out subscription) and publish-to-delivery latency on one
 * node, on an H2 file opened as the embedded server opens it and on MariaDB. Not a unit test: run
 * it with {@code ./mvnw test -pl millrace-jdbc -am -Dtest=JdbcPubSubBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmillrace.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "millrace.benchmark", matches = "true")
class JdbcPubSubBenchmark {

  @Test
  void h2File() throws Exception {
    Path folder = Files.createTempDirectory("millrace-pubsub-bench");
    try (var dataSource =
        Databases.pool(
            "jdbc:h2:file:" + folder.resolve("pubsub") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
            "sa",
            8)) {
      run("h2 file", dataSource);
    }
  }

  @Test
  void mariaDb() throws Exception {
    try (var dataSource = Databases.pool(Databases.MARIADB_URL, "root", 8)) {
      run("mariadb", dataSource);
    }
  }

  private static void run(String name, HikariDataSource dataSource) throws Exception {
    String prefix = "pb" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
    try (var pubSub =
        JdbcPubSub.create(dataSource, JdbcPubSubOptions.defaults().withTablePrefix(prefix))) {
      throughput(name, pubSub, 10_000);
      latency(name, pubSub, 500);
    } finally {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        for (String table : new String[] {"messages", "topics", "offsets"}) {
          statement.execute("DROP TABLE IF EXISTS " + prefix + table);
        }
      }
    }
  }

  private static void throughput(String name, JdbcPubSub pubSub, int count) throws Exception {
    var grouped = new CountDownLatch(count);
    var fannedOut = new CountDownLatch(count);
    pubSub.subscribe("load", SubscribeOptions.group("bench"), d -> ack(d, grouped));
    pubSub.subscribe("load", d -> ack(d, fannedOut));
    long started = System.nanoTime();
    List<CompletableFuture<Void>> publishes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      publishes.add(pubSub.publish("load", Message.of(new byte[200])));
    }
    CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    double committed = (System.nanoTime() - started) / 1e9;
    assertThat(grouped.await(2, TimeUnit.MINUTES)).isTrue();
    assertThat(fannedOut.await(2, TimeUnit.MINUTES)).isTrue();
    double delivered = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "%s: %d messages committed in %.2f s (%.0f/s), delivered to a group and a fan-out in"
            + " %.2f s (%.0f/s)%n",
        name, count, committed, count / committed, delivered, count / delivered);
  }

  private static void ack(dev.millrace.core.Delivery delivery, CountDownLatch latch) {
    delivery.ack();
    latch.countDown();
  }

  private static void latency(String name, JdbcPubSub pubSub, int count) throws Exception {
    var arrivals = new SynchronousQueue<Long>();
    pubSub.subscribe(
        "latency",
        delivery -> {
          delivery.ack();
          arrivals.put(System.nanoTime());
        });
    long[] micros = new long[count];
    for (int i = 0; i < count; i++) {
      long sent = System.nanoTime();
      pubSub.publish("latency", Message.of(new byte[200]));
      Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
      assertThat(arrived).isNotNull();
      micros[i] = (arrived - sent) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf(
        "%s: publish-to-delivery latency over %d messages, one at a time: p50 %d us, p99 %d us,"
            + " max %d us%n",
        name, count, micros[count / 2], micros[count * 99 / 100], micros[count - 1]);
  }
}
