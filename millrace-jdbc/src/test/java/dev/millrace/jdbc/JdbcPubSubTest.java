package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.BatchListener;
import dev.millrace.core.Delivery;
import dev.millrace.core.Message;
import dev.millrace.core.SubscribeOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract suite does not cover: several nodes (instances) sharing one database, and
 * purging. One subclass per database; each test on its own tables.
 */
abstract class JdbcPubSubTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String prefix =
      "pt" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
  private final List<JdbcPubSub> nodes = new ArrayList<>();
  private final List<SimpleMeterRegistry> registries = new ArrayList<>();
  private HikariDataSource dataSource;

  protected abstract String jdbcUrl();

  protected abstract String user();

  @BeforeEach
  void openDatabase() {
    dataSource = Databases.pool(jdbcUrl(), user(), 16);
  }

  @AfterEach
  void dropTables() throws SQLException {
    nodes.forEach(JdbcPubSub::close);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : new String[] {"messages", "topics", "offsets"}) {
        statement.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    } finally {
      dataSource.close();
    }
  }

  private JdbcPubSub node(JdbcPubSubOptions options) {
    var registry = new SimpleMeterRegistry();
    registries.add(registry);
    var node =
        JdbcPubSub.create(dataSource, options.withTablePrefix(prefix).withMeterRegistry(registry));
    nodes.add(node);
    return node;
  }

  private JdbcPubSub node() {
    return node(JdbcPubSubOptions.defaults().withPollInterval(Duration.ofMillis(20)));
  }

  @Test
  void aGroupOnTwoNodesDeliversEachMessageOnceInPublishOrderThroughAHandover() {
    JdbcPubSub first = node(JdbcPubSubOptions.defaults().withBatchSize(5));
    JdbcPubSub second = node(JdbcPubSubOptions.defaults().withBatchSize(5));
    List<String> delivered = new CopyOnWriteArrayList<>();
    List<String> bySecond = new CopyOnWriteArrayList<>();
    first.subscribe("orders", SubscribeOptions.group("g"), record(delivered, null));
    second.subscribe("orders", SubscribeOptions.group("g"), record(delivered, bySecond));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      var message = Message.of(("m" + i).getBytes());
      sent.add(message.id());
      JdbcPubSub publisher = i % 2 == 0 && i < 100 ? first : second; // both nodes publish
      publisher.publish("orders", message).join(); // committed before the next: a total order
      if (i == 100) {
        await().atMost(TIMEOUT).until(() -> delivered.size() >= 50);
        first.close(); // a node stops mid-stream: the other one carries on
      }
    }

    await().atMost(TIMEOUT).until(() -> delivered.size() >= sent.size());
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> delivered.size() == 200);
    assertThat(delivered).containsExactlyElementsOf(sent);
    assertThat(bySecond).isNotEmpty();
    assertThat(failures(0) + failures(1)).as("a node waiting for the group is no failure").isZero();
  }

  @Test
  void aGroupWithABacklogGetsBatchesAndTwoNodesKeepPublishOrderThroughAHandover() {
    JdbcPubSub first = node(JdbcPubSubOptions.defaults().withBatchSize(50));
    JdbcPubSub second = node(JdbcPubSubOptions.defaults().withBatchSize(50));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      var message = Message.of(("m" + i).getBytes());
      sent.add(message.id());
      (i % 2 == 0 ? first : second).publish("orders", message).join();
    }
    List<String> delivered = new CopyOnWriteArrayList<>();
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    BatchListener listener =
        batch -> {
          batchSizes.add(batch.size());
          for (var delivery : batch) {
            delivered.add(delivery.message().id());
            delivery.ack();
          }
        };
    var firstMember = first.subscribeBatches("orders", SubscribeOptions.group("g"), 20, listener);
    await().atMost(TIMEOUT).until(() -> delivered.size() >= 60);
    firstMember.close();
    second.subscribeBatches("orders", SubscribeOptions.group("g"), 20, listener);

    await().atMost(TIMEOUT).until(() -> delivered.size() >= sent.size());
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> delivered.size() == 300);
    assertThat(delivered).containsExactlyElementsOf(sent);
    assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 20));
    assertThat(batchSizes).as("a backlog is delivered in full batches").contains(20);
  }

  @Test
  void aPublishInTheProcessWakesEverySubscriptionWithoutWaitingForAPoll() {
    JdbcPubSub node = node(JdbcPubSubOptions.defaults().withPollInterval(Duration.ofHours(1)));
    List<String> group = new CopyOnWriteArrayList<>();
    List<String> fanOut = new CopyOnWriteArrayList<>();
    List<String> replay = new CopyOnWriteArrayList<>();
    node.subscribe("orders", SubscribeOptions.group("g"), record(group, null));
    node.subscribe("orders", record(fanOut, null));
    node.subscribeFrom("orders", 1, record(replay, null));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      var message = Message.of(("w" + i).getBytes());
      sent.add(message.id());
      node.publish("orders", message).join();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> group.size() == sent.size() && fanOut.size() == sent.size());
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> replay.size() == sent.size());
    assertThat(group).containsExactlyElementsOf(sent);
    assertThat(fanOut).containsExactlyElementsOf(sent);
    assertThat(replay).containsExactlyElementsOf(sent);
  }

  @Test
  void publishInOrderStoresAListInOneTransactionAllOrNothing() {
    JdbcPubSub node = node();
    List<String> delivered = new CopyOnWriteArrayList<>();
    node.subscribe("orders", SubscribeOptions.group("g"), record(delivered, null));
    List<Message> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(Message.of(("m" + i).getBytes()));
    }
    assertThat(node.publishInOrder("orders", batch).join().held()).isEqualTo(50);
    assertThat(publishTransactions(0)).isEqualTo(1);

    // A message id longer than the table's column: the whole list is refused, none stored.
    var refused = new Message("x".repeat(300), java.util.Map.of(), "too long an id".getBytes());
    var spoiled = List.of(Message.of("before".getBytes()), refused, Message.of("after".getBytes()));
    var prefix = node.publishInOrder("orders", spoiled).join();
    assertThat(prefix.held()).isZero();
    assertThat(prefix.failure()).isInstanceOf(dev.millrace.core.PubSubException.class);

    await().atMost(TIMEOUT).until(() -> delivered.size() >= batch.size());
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> delivered.size() == 50);
    assertThat(delivered).containsExactlyElementsOf(batch.stream().map(Message::id).toList());
  }

  private long publishTransactions(int node) {
    return registries
        .get(node)
        .timer("millrace.pubsub.jdbc.publish.batches", "prefix", prefix)
        .count();
  }

  @Test
  void aMemberWaitsWhileAnotherNodeHoldsTheGroup() {
    JdbcPubSub first = node();
    JdbcPubSub second = node();
    List<Delivery> held = new CopyOnWriteArrayList<>();
    List<Delivery> other = new CopyOnWriteArrayList<>();
    first.subscribe("jobs", SubscribeOptions.group("g"), held::add);
    first.publish("jobs", Message.of(new byte[] {1})).join();
    await().atMost(TIMEOUT).until(() -> held.size() == 1);
    second.subscribe("jobs", SubscribeOptions.group("g"), other::add);

    await().atMost(TIMEOUT).until(() -> busy(1) > 0); // it tried, and was told to wait
    assertThat(other).isEmpty();
    held.getFirst().ack();
    second.publish("jobs", Message.of(new byte[] {2})).join();
    await().atMost(TIMEOUT).until(() -> held.size() + other.size() == 2);
    assertThat(failures(0) + failures(1)).isZero();
  }

  private double busy(int node) {
    return registries
        .get(node)
        .counter("millrace.pubsub.jdbc.group.busy", "prefix", prefix)
        .count();
  }

  private double failures(int node) {
    return registries
        .get(node)
        .counter("millrace.pubsub.jdbc.consume.failures", "prefix", prefix)
        .count();
  }

  @Test
  void subscribeFromReadsTheRetainedHistoryBackThenEveryLaterMessageOnAnotherNode() {
    JdbcPubSub writer = node();
    var ids = new ArrayList<String>();
    for (int i = 0; i < 250; i++) {
      var message = Message.of(("m" + i).getBytes());
      ids.add(message.id());
      writer.publish("history", message).join();
    }
    writer.publish("other", Message.of(new byte[0])).join();
    List<String> read = new CopyOnWriteArrayList<>();
    node().subscribeFrom("history", 1, record(read, null));
    await().atMost(TIMEOUT).until(() -> read.size() == 250);
    var later = Message.of("later".getBytes());
    writer.publish("history", later).join();
    await().atMost(TIMEOUT).until(() -> read.size() == 251);
    ids.add(later.id());
    assertThat(read).containsExactlyElementsOf(ids);
  }

  private static dev.millrace.core.MessageListener record(List<String> all, List<String> mine) {
    return (Delivery delivery) -> {
      Thread.sleep(1); // long enough for the nodes to contend for the group
      all.add(delivery.message().id());
      if (mine != null) {
        mine.add(delivery.message().id());
      }
      delivery.ack();
    };
  }

  @Test
  void purgeKeepsWhatAGroupHasNotAckedAndTheNewestOfEachTopic() throws Exception {
    JdbcPubSub node =
        node(
            JdbcPubSubOptions.defaults()
                .withPollInterval(Duration.ofMillis(20))
                .withRetention(Duration.ofMillis(1))
                .withPurgeInterval(Duration.ofMillis(50)));
    List<Delivery> held = new CopyOnWriteArrayList<>();
    node.subscribe("held", SubscribeOptions.group("slow"), held::add);
    node.publish("held", Message.of(new byte[] {1})).join();
    node.publish("held", Message.of(new byte[] {2})).join();
    node.publish("held", Message.of(new byte[] {3})).join();
    node.publish("loose", Message.of(new byte[] {4})).join(); // no group: goes by age alone
    node.publish("loose", Message.of(new byte[] {5})).join();
    await().atMost(TIMEOUT).until(() -> held.size() == 1);

    await().atMost(TIMEOUT).until(() -> count("loose") == 1); // the newest of a topic stays
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> count("held") == 3);
    held.getFirst().ack(); // acks count once committed: at the end of the member's batch
    await().atMost(TIMEOUT).until(() -> held.size() == 2);
    held.get(1).ack();
    await().atMost(TIMEOUT).until(() -> held.size() == 3);
    held.get(2).ack();
    await().atMost(TIMEOUT).until(() -> count("held") == 1);
  }

  @Test
  void aCountLimitKeepsTheNewestMessagesOfEachTopicThoughTheirOffsetsInterleave() throws Exception {
    JdbcPubSub node =
        node(
            JdbcPubSubOptions.defaults()
                .withMaxMessagesPerTopic(3)
                .withPurgeInterval(Duration.ofMillis(50)));
    List<String> capped = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (int i = 0; i < 10; i++) { // offsets shared by both topics: one in two for each
      capped.add(publish(node, "capped"));
      other.add(publish(node, "other"));
    }

    await().atMost(TIMEOUT).until(() -> count("capped") == 3 && count("other") == 3);
    assertThat(ids("capped")).containsExactlyElementsOf(capped.subList(7, 10));
    assertThat(ids("other")).containsExactlyElementsOf(other.subList(7, 10));
  }

  @Test
  void aCountLimitDeletesOnlyWhatEveryGroupOfTheTopicAcked() throws Exception {
    JdbcPubSub node =
        node(
            JdbcPubSubOptions.defaults()
                .withPollInterval(Duration.ofMillis(20))
                .withMaxMessagesPerTopic(2)
                .withPurgeInterval(Duration.ofMillis(50)));
    List<Delivery> held = new CopyOnWriteArrayList<>();
    node.subscribe(
        "held",
        SubscribeOptions.group("slow"),
        delivery -> {
          if (held.size() < 3) {
            delivery.ack();
          }
          held.add(delivery);
        });
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(publish(node, "held"));
    }
    await().atMost(TIMEOUT).until(() -> count("held") == 2); // all three acked: down to the limit
    for (int i = 0; i < 3; i++) {
      sent.add(publish(node, "held"));
    }
    await().atMost(TIMEOUT).until(() -> held.size() == 4); // the fourth is held, not acked

    await().atMost(TIMEOUT).until(() -> count("held") == 3);
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> count("held") == 3);
    assertThat(ids("held"))
        .as("the unacked one and all after it stay")
        .containsExactlyElementsOf(sent.subList(3, 6));
    held.get(3).ack();
    await().atMost(TIMEOUT).until(() -> held.size() == 5);
    held.get(4).ack();
    await().atMost(TIMEOUT).until(() -> held.size() == 6);
    held.get(5).ack();
    await().atMost(TIMEOUT).until(() -> count("held") == 2);
    assertThat(ids("held")).containsExactlyElementsOf(sent.subList(4, 6));
  }

  @Test
  void aPubSubCreatedOverMoreThanItsLimitPurgesAtOnceSoTheHistoryReadBackIsWithinIt()
      throws Exception {
    JdbcPubSub before = node();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(publish(before, "history"));
    }
    before.close();

    JdbcPubSub after =
        node(
            JdbcPubSubOptions.defaults()
                .withPollInterval(Duration.ofMillis(20))
                .withMaxMessagesPerTopic(3)
                .withPurgeInterval(Duration.ofHours(1)));
    assertThat(count("history")).isEqualTo(3);
    List<String> read = new CopyOnWriteArrayList<>();
    after.subscribeFrom("history", 1, record(read, null));
    sent.add(publish(after, "history"));
    await().atMost(TIMEOUT).until(() -> read.contains(sent.getLast()));
    assertThat(read).containsExactlyElementsOf(sent.subList(7, 11));
  }

  private static String publish(JdbcPubSub node, String topic) {
    var message = Message.of(topic.getBytes());
    node.publish(topic, message).join();
    return message.id();
  }

  private List<String> ids(String topic) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT message_id FROM "
                    + prefix
                    + "messages WHERE topic = ? ORDER BY msg_offset")) {
      select.setString(1, topic);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  @Test
  void isHealthyWhileTheDatabaseAnswers() {
    JdbcPubSub node = node();
    assertThat(node.isHealthy()).isTrue();
    node.close();
    assertThat(node.isHealthy()).isFalse();
  }

  private int count(String topic) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM " + prefix + "messages WHERE topic = ?")) {
      select.setString(1, topic);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
