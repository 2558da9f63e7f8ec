package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.Message;
import dev.millrace.core.deadletter.DeadLetters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox behaviour every supported database must show; one subclass per database. */
abstract class JdbcOutboxTest {

  protected String table;
  protected HikariDataSource dataSource;
  protected OutboxOptions options;
  protected JdbcOutbox outbox;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** JDBC URL of a database this test may create tables in. */
  protected abstract String jdbcUrl();

  protected abstract String user();

  @BeforeEach
  void createOutbox() {
    table = Databases.uniqueTable();
    dataSource = Databases.pool(jdbcUrl(), user(), 6);
    options = OutboxOptions.defaults().withTable(table).withPollInterval(Duration.ofMillis(50));
    outbox = JdbcOutbox.create(dataSource, options);
    outbox.ensureTable();
  }

  @AfterEach
  void dropOutbox() throws Exception {
    for (AutoCloseable closeable : toClose.reversed()) {
      closeable.close();
    }
    Databases.dropTables(dataSource, table);
    dataSource.close();
  }

  protected <T extends AutoCloseable> T closeLater(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  @Test
  void publishesCommittedRowsInOrderAndMarksThemSent() throws SQLException {
    var publisher = new RecordingPublisher();
    List<Message> messages = List.of(message("a"), message("b"), message("c"));
    appendInOneTransaction("posts", messages);

    closeLater(outbox.startRelay(publisher));

    await().until(() -> publisher.published().size() == 3);
    assertThat(publisher.published())
        .extracting(RecordingPublisher.Published::message)
        .containsExactlyElementsOf(messages);
    await().until(() -> pendingRows() == 0);
  }

  @Test
  void keepsIdMetadataAndBinaryPayload() throws SQLException {
    var publisher = new RecordingPublisher();
    var message =
        new Message(
            "id-é-1",
            Map.of(Message.CORRELATION_ID, "corr ✓", Message.EVENT_TYPE, "post-created"),
            new byte[] {0, -1, 127, -128, 10, 13});
    appendInOneTransaction("posts", List.of(message));

    closeLater(outbox.startRelay(publisher));

    await().until(() -> publisher.published().size() == 1);
    assertThat(publisher.published().getFirst())
        .isEqualTo(new RecordingPublisher.Published("posts", message));
  }

  @Test
  void rolledBackAppendIsNeverPublished() throws SQLException {
    var publisher = new RecordingPublisher();
    Message rolledBack = message("rolled back");
    Message committed = message("committed");
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      outbox.append(tx, "posts", rolledBack);
      tx.rollback();
    }
    appendInOneTransaction("posts", List.of(committed));

    closeLater(outbox.startRelay(publisher));

    await().until(() -> publisher.published().size() == 1);
    assertThat(publisher.ids("posts")).containsExactly(committed.id());
  }

  @Test
  void wakesUpAfterAnAppendInTheSameProcessWithoutWaitingForThePoll() throws SQLException {
    var publisher = new RecordingPublisher();
    var slowPolling = options.withPollInterval(Duration.ofHours(1));
    JdbcOutbox sameTable = JdbcOutbox.create(dataSource, slowPolling);
    closeLater(sameTable.startRelay(publisher));
    Message message = message("prompt");

    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      outbox.append(tx, "posts", message); // another instance on the same table
      tx.commit();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.published().size() == 1);
  }

  @Test
  void failedPublishIsRetriedWithTheSameIdAndOrderIsKept() throws SQLException {
    var publisher = new RecordingPublisher();
    List<Message> messages = List.of(message("1"), message("2"), message("3"));
    publisher.failOnce(messages.get(1).id());
    appendInOneTransaction("posts", messages);

    closeLater(outbox.startRelay(publisher));

    await().until(() -> pendingRows() == 0);
    assertThat(publisher.ids("posts"))
        .containsExactly(messages.get(0).id(), messages.get(1).id(), messages.get(2).id());
  }

  @Test
  void aRowThePublisherRefusesIsSetAsideAndTheRowsBehindItGoOnInOrder() throws SQLException {
    var publisher = new RecordingPublisher();
    Message a1 = message("a1");
    Message refused = message("too large for the broker");
    Message a2 = message("a2");
    Message b1 = message("b1");
    Message b2 = message("b2");
    publisher.refuse(refused.id());
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      outbox.append(tx, "topic-a", a1);
      outbox.append(tx, "topic-b", b1);
      outbox.append(tx, "topic-a", refused);
      outbox.append(tx, "topic-a", a2);
      outbox.append(tx, "topic-b", b2);
      tx.commit();
    }
    var deadLetters = outbox.deadLetters();

    closeLater(outbox.startRelay(publisher));

    await().until(() -> pendingRows() == 0);
    assertThat(publisher.ids("topic-a")).containsExactly(a1.id(), a2.id());
    assertThat(publisher.ids("topic-b")).containsExactly(b1.id(), b2.id());
    var letter = deadLetters.list(null, 10).getFirst();
    assertThat(deadLetters.count()).isEqualTo(1);
    assertThat(letter.message()).isEqualTo(refused);
    assertThat(letter.topic()).isEqualTo("topic-a");
    assertThat(letter.handler()).isEqualTo(outbox.deadLetterHandler());
    assertThat(letter.reason()).contains("maximum payload exceeded");
    assertThat(letter.attempts()).isEqualTo(OutboxOptions.DEFAULT_MAX_PUBLISH_ATTEMPTS);

    publisher.accept(refused.id()); // the fix
    var admin = DeadLetters.create(deadLetters).register(outbox.replayer());
    assertThat(admin.replay(letter.id())).isEqualTo(DeadLetters.Replay.REPLAYED);

    await().until(() -> publisher.ids("topic-a").size() == 3);
    assertThat(publisher.ids("topic-a")).containsExactly(a1.id(), a2.id(), refused.id());
    assertThat(deadLetters.count()).isZero();
  }

  @Test
  void aBrokerThatIsDownIsWaitedForAndNothingIsSetAside() throws SQLException {
    var publisher = new RecordingPublisher();
    publisher.down(3 * OutboxOptions.DEFAULT_MAX_PUBLISH_ATTEMPTS);
    List<Message> messages = List.of(message("1"), message("2"));
    appendInOneTransaction("posts", messages);

    closeLater(outbox.startRelay(publisher));

    await().until(() -> pendingRows() == 0);
    assertThat(publisher.ids("posts")).containsExactly(messages.get(0).id(), messages.get(1).id());
    assertThat(outbox.deadLetters().count()).isZero();
  }

  @Test
  void appendRefusesWhatTheBrokerWouldRefuseAndWritesNothing() throws SQLException {
    var small = JdbcOutbox.create(dataSource, options.withMaxMessageBytes(64));
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      small.append(tx, "posts", message("fits"));
      assertThatThrownBy(() -> small.append(tx, "posts", message("x".repeat(65))))
          .isInstanceOf(OutboxRejectedException.class)
          .hasMessageContaining("over the limit of 64");
      assertThatThrownBy(() -> small.append(tx, "no spaces", message("x")))
          .isInstanceOf(OutboxRejectedException.class)
          .hasMessageContaining("topic 'no spaces' is not accepted");
      assertThatThrownBy(() -> small.append(tx, "a.*", message("x")))
          .isInstanceOf(OutboxRejectedException.class);
      tx.rollback();
    }
    assertThat(allRows()).isZero();
  }

  @Test
  void ensureTableIsIdempotent() throws SQLException {
    appendInOneTransaction("posts", List.of(message("kept")));

    outbox.ensureTable();
    JdbcOutbox.create(dataSource, options).ensureTable();

    assertThat(pendingRows()).isEqualTo(1);
  }

  @Test
  void ensureTableFromSeveralNodesAtOnceSucceeds() throws Exception {
    String fresh = Databases.uniqueTable();
    JdbcOutbox node = JdbcOutbox.create(dataSource, options.withTable(fresh));
    closeLater(() -> Databases.dropTables(dataSource, fresh));
    List<CompletableFuture<Void>> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(CompletableFuture.runAsync(node::ensureTable));
    }

    assertThat(CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new)))
        .succeedsWithin(Duration.ofSeconds(30));
  }

  @Test
  void deletesSentRowsOlderThanTheRetention() throws Exception {
    var publisher = new RecordingPublisher();
    JdbcOutbox shortMemory =
        JdbcOutbox.create(dataSource, options.withSentRetention(Duration.ofMillis(1)));
    appendInOneTransaction("posts", List.of(message("sent")));
    try (OutboxRelay first = outbox.startRelay(publisher)) { // keeps sent rows for an hour
      await().until(() -> pendingRows() == 0);
    }
    assertThat(allRows()).isEqualTo(1);

    closeLater(shortMemory.startRelay(publisher)); // purges on its first batch

    await().until(() -> allRows() == 0);
    assertThat(publisher.published()).hasSize(1);
  }

  @Test
  void closedRelayPublishesNothingMore() throws SQLException {
    var publisher = new RecordingPublisher();
    OutboxRelay relay = outbox.startRelay(publisher);
    appendInOneTransaction("posts", List.of(message("before")));
    await().until(() -> publisher.published().size() == 1);

    relay.close();
    relay.close(); // idempotent
    appendInOneTransaction("posts", List.of(message("after")));

    assertThat(pendingRows()).isEqualTo(1);
    assertThat(publisher.published()).hasSize(1);
  }

  @Test
  void relaysOnSeveralNodesPublishOneAtATimeAndKeepTopicOrder() throws Exception {
    var publisher = new RecordingPublisher();
    var active = new AtomicInteger();
    var overlaps = new AtomicInteger();
    for (int node = 0; node < 2; node++) {
      JdbcOutbox nodeOutbox = JdbcOutbox.create(dataSource, options.withBatchSize(7));
      closeLater(nodeOutbox.startRelay(new OverlapDetector(publisher, active, overlaps)));
    }
    List<String> expectedA = new ArrayList<>();
    List<String> expectedB = new ArrayList<>();

    for (int i = 0; i < 60; i++) {
      Message a = message("a" + i);
      Message b = message("b" + i);
      try (Connection tx = dataSource.getConnection()) {
        tx.setAutoCommit(false);
        outbox.append(tx, "topic-a", a);
        outbox.append(tx, "topic-b", b);
        tx.commit();
      }
      expectedA.add(a.id());
      expectedB.add(b.id());
    }

    await().until(() -> pendingRows() == 0);
    assertThat(overlaps).hasValue(0);
    assertThat(publisher.ids("topic-a")).containsExactlyElementsOf(expectedA);
    assertThat(publisher.ids("topic-b")).containsExactlyElementsOf(expectedB);
  }

  @Test
  @Tag("slow")
  void relayKilledMidRunAndRestartedPublishesEveryMessageInTopicOrder(@TempDir Path dir)
      throws Exception {
    Path published = dir.resolve("published.txt");
    List<String> topics = List.of("topic-0", "topic-1", "topic-2");
    Map<String, List<String>> appended = new ConcurrentHashMap<>();
    topics.forEach(topic -> appended.put(topic, new CopyOnWriteArrayList<>()));
    appendRounds(0, 30, topics, appended);
    Thread appender = Thread.ofVirtual().start(() -> appendRounds(30, 60, topics, appended));
    closeLater(appender::join);

    Process first = startRelayProcess(published, dir.resolve("relay-1.log"));
    await().atMost(Duration.ofSeconds(40)).until(() -> lines(published).size() >= 45);
    first.destroyForcibly().waitFor(); // SIGKILL, most likely inside a batch
    int beforeRestart = lines(published).size();
    startRelayProcess(published, dir.resolve("relay-2.log"));
    appender.join();
    await().atMost(Duration.ofSeconds(40)).until(() -> pendingRows() == 0);

    List<String> lines = lines(published);
    assertThat(beforeRestart).isLessThan(180);
    assertThat(lines.size()).isGreaterThanOrEqualTo(180);
    for (String topic : topics) {
      List<String> firstDeliveries =
          lines.stream()
              .filter(line -> line.startsWith(topic + " "))
              .map(line -> line.substring(topic.length() + 1))
              .distinct()
              .toList();
      assertThat(firstDeliveries).containsExactlyElementsOf(appended.get(topic));
    }
  }

  private void appendRounds(
      int from, int to, List<String> topics, Map<String, List<String>> appended) {
    for (int round = from; round < to; round++) {
      try (Connection tx = dataSource.getConnection()) {
        tx.setAutoCommit(false);
        List<Message> messages = new ArrayList<>();
        for (String topic : topics) {
          Message message = message(topic + "#" + round);
          outbox.append(tx, topic, message);
          messages.add(message);
        }
        tx.commit();
        for (int i = 0; i < topics.size(); i++) {
          appended.get(topics.get(i)).add(messages.get(i).id());
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Process startRelayProcess(Path published, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx96m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                RelayProcess.class.getName(),
                jdbcUrl(),
                user(),
                table,
                published.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    closeLater(() -> process.destroyForcibly().waitFor());
    return process;
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(line -> line.split(" ").length == 2).toList();
  }

  protected void appendInOneTransaction(String topic, List<Message> messages) throws SQLException {
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      for (Message message : messages) {
        outbox.append(tx, topic, message);
      }
      tx.commit();
    }
  }

  protected int allRows() throws SQLException {
    return count("SELECT COUNT(*) FROM " + table);
  }

  protected int pendingRows() throws SQLException {
    return count("SELECT COUNT(*) FROM " + table + " WHERE sent_at IS NULL");
  }

  private int count(String query) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  protected static Message message(String text) {
    return Message.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
