package dev.millrace.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Message;
import dev.millrace.jdbc.JdbcOutbox;
import dev.millrace.jdbc.OutboxOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox relay publishing to JetStream, where the server refuses a message too large. */
class OutboxRelayOnJetStreamTest {

  private final NatsTestSupport nats = new NatsTestSupport();
  private final String url =
      "jdbc:h2:mem:relay" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
  private final JdbcDataSource dataSource = new JdbcDataSource();

  OutboxRelayOnJetStreamTest() {
    dataSource.setURL(url);
  }

  @AfterEach
  void cleanUp() throws Exception {
    nats.close();
    try (var connection = DriverManager.getConnection(url)) {
      connection.createStatement().execute("SHUTDOWN");
    }
  }

  @Test
  void aMessageOverTheServersMaxPayloadIsSetAsideAndTheRowsBehindItArePublished() throws Exception {
    var pubSub = nats.node();
    var received = new CopyOnWriteArrayList<String>();
    pubSub.subscribe(
        "posts",
        delivery -> {
          received.add(delivery.message().id());
          delivery.ack();
        });
    // an outbox that lets through more than the server takes, as a misconfigured one would
    var outbox =
        JdbcOutbox.create(
            dataSource,
            OutboxOptions.defaults()
                .withTable("relay_outbox")
                .withPollInterval(Duration.ofMillis(50))
                .withMaxMessageBytes(64 * 1024 * 1024));
    outbox.ensureTable();
    var huge = new Message("huge", Map.of(), new byte[2 * 1024 * 1024]);
    var messages = List.of(text("before"), huge, text("after-1"), text("after-2"));
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      for (var message : messages) {
        outbox.append(tx, "posts", message);
      }
      tx.commit();
    }

    try (var relay = outbox.startRelay(pubSub)) {
      await().until(() -> received.size() == 3 && outbox.deadLetters().count() == 1);
    }

    assertThat(received).containsExactly("before", "after-1", "after-2");
    var letter = outbox.deadLetters().list(null, 1).getFirst();
    assertThat(letter.message().id()).isEqualTo("huge");
    assertThat(letter.reason()).containsIgnoringCase("payload");
  }

  private static Message text(String id) {
    return new Message(id, Map.of(), id.getBytes(StandardCharsets.UTF_8));
  }
}
