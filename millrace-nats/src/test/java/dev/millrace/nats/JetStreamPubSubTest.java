package dev.millrace.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Delivery;
import dev.millrace.core.Message;
import dev.millrace.core.PubSubClosedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JetStreamPubSubTest {

  private final NatsTestSupport nats = new NatsTestSupport();

  @AfterEach
  void cleanUp() throws Exception {
    nats.close();
  }

  @Test
  void createsTheStreamWithTheDocumentedLimits() throws Exception {
    nats.node();

    try (var admin = nats.admin()) {
      var config =
          admin.jetStreamManagement().getStreamInfo(nats.options().streamName()).getConfiguration();
      assertThat(config.getSubjects()).containsExactly(nats.options().subjectPrefix() + ".>");
      assertThat(config.getMaxAge()).isEqualTo(JetStreamPubSubOptions.DEFAULT_MAX_AGE);
      assertThat(config.getMaxBytes()).isEqualTo(JetStreamPubSubOptions.DEFAULT_MAX_BYTES);
      assertThat(config.getDuplicateWindow())
          .isEqualTo(JetStreamPubSubOptions.DEFAULT_DUPLICATE_WINDOW);
      assertThat(config.getMaxMsgs()).isEqualTo(JetStreamPubSubOptions.DEFAULT_MAX_MESSAGES);
    }
  }

  @Test
  void aCountLimitKeepsTheNewestMessagesOfTheStream() {
    var pubSub = nats.node(nats.options().withMaxMessages(3));
    for (int i = 0; i < 10; i++) {
      pubSub.publish("capped", message("c" + i)).join();
    }

    assertThat(replay(pubSub, "capped", 3)).containsExactly("c7", "c8", "c9");
  }

  @Test
  void anExistingStreamTakesNewLimitsWhenANodeStartsWithThem() throws Exception {
    var before = nats.node();
    for (int i = 0; i < 10; i++) {
      before.publish("capped", message("c" + i)).join();
    }
    before.close();

    var after =
        nats.node(
            nats.options()
                .withStreamLimits(
                    Duration.ofHours(2),
                    JetStreamPubSubOptions.DEFAULT_MAX_BYTES,
                    JetStreamPubSubOptions.DEFAULT_DUPLICATE_WINDOW)
                .withMaxMessages(3));

    try (var admin = nats.admin()) {
      var info = admin.jetStreamManagement().getStreamInfo(nats.options().streamName());
      assertThat(info.getConfiguration().getMaxMsgs()).isEqualTo(3);
      assertThat(info.getConfiguration().getMaxAge()).isEqualTo(Duration.ofHours(2));
      assertThat(info.getConfiguration().getSubjects())
          .containsExactly(nats.options().subjectPrefix() + ".>");
      assertThat(info.getStreamState().getMsgCount()).isEqualTo(3);
    }
    assertThat(replay(after, "capped", 3)).containsExactly("c7", "c8", "c9");
  }

  /** The first {@code count} messages of the topic's retained history. */
  private static List<String> replay(JetStreamPubSub pubSub, String topic, int count) {
    var replayed = new CopyOnWriteArrayList<String>();
    pubSub.subscribeFrom(
        topic,
        1,
        delivery -> {
          replayed.add(delivery.message().id());
          delivery.ack();
        });
    await().until(() -> replayed.size() >= count);
    return List.copyOf(replayed);
  }

  @Test
  void carriesIdMetadataAndPayloadAndTheStreamSequence() {
    var pubSub = nats.node();
    var received = new CopyOnWriteArrayList<Delivery>();
    pubSub.subscribe(
        "posts",
        delivery -> {
          received.add(delivery);
          delivery.ack();
        });
    var metadata =
        Map.of(
            Message.OCCURRED_AT,
            "2026-11-27T16:00:00Z",
            "author",
            "Zoë Ünal 100%: ok",
            "multi:line key",
            "a\r\nb");
    var sent = new Message("id-1", metadata, "héllo".getBytes(UTF_8));

    pubSub.publish("posts", sent).join();

    await().until(() -> received.size() == 1);
    var delivery = received.getFirst();
    var stamp = delivery.message().metadata(Message.PUBLISHED_AT);
    assertThat(Long.parseLong(stamp)).isPositive();
    assertThat(delivery.message()).isEqualTo(sent.withMetadata(Message.PUBLISHED_AT, stamp));
    assertThat(delivery.topic()).isEqualTo("posts");
    assertThat(delivery.attempt()).isEqualTo(1);
    assertThat(((StreamDelivery) delivery).streamSequence()).isPositive();
  }

  @Test
  void storesAMessageIdOnceWithinTheDuplicateWindow() throws Exception {
    var pubSub = nats.node();
    var received = new CopyOnWriteArrayList<String>();
    pubSub.subscribe(
        "posts",
        delivery -> {
          received.add(delivery.message().id());
          delivery.ack();
        });

    pubSub.publish("posts", new Message("same", Map.of(), new byte[] {1})).join();
    pubSub.publish("posts", new Message("same", Map.of(), new byte[] {1})).join();
    pubSub.publish("posts", new Message("other", Map.of(), new byte[] {2})).join();

    await().until(() -> received.size() == 2);
    assertThat(received).containsExactly("same", "other");
    try (var admin = nats.admin()) {
      var state = admin.jetStreamManagement().getStreamInfo(nats.options().streamName());
      assertThat(state.getStreamState().getMsgCount()).isEqualTo(2);
    }
  }

  @Test
  void everyNodeSeesEveryMessageInOrder() {
    var first = nats.node();
    var second = nats.node();
    var seenByFirst = recordAcking(first, "feed");
    var seenBySecond = recordAcking(second, "feed");

    var pending = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Void>>();
    for (int i = 0; i < 20; i++) {
      pending.add(first.publish("feed", message("m" + i)));
    }
    pending.forEach(java.util.concurrent.CompletableFuture::join);
    second.publish("feed", message("m20")).join();

    var expected = java.util.stream.IntStream.rangeClosed(0, 20).mapToObj(i -> "m" + i).toList();
    await().until(() -> seenByFirst.size() == 21 && seenBySecond.size() == 21);
    assertThat(seenByFirst).isEqualTo(expected);
    assertThat(seenBySecond).isEqualTo(expected);
  }

  @Test
  void aFanOutNackRedeliversTheSameMessageBeforeTheNext() {
    var pubSub = nats.node();
    var seen = new CopyOnWriteArrayList<String>();
    pubSub.subscribe(
        "feed",
        delivery -> {
          seen.add(delivery.message().id() + "#" + delivery.attempt());
          if (delivery.message().id().equals("a") && delivery.attempt() == 1) {
            delivery.nack();
          } else {
            delivery.ack();
          }
        });

    pubSub.publish("feed", message("a"));
    pubSub.publish("feed", message("b")).join();

    await().until(() -> seen.size() == 3);
    assertThat(seen).containsExactly("a#1", "a#2", "b#1");
  }

  @Test
  void replaysFromAStreamSequence() {
    var pubSub = nats.node();
    for (var id : List.of("a", "b", "c")) {
      pubSub.publish("log", message(id)).join();
    }
    pubSub.publish("other", message("x")).join();
    var sequences = new CopyOnWriteArrayList<Long>();
    pubSub.subscribe(
        "log",
        delivery -> {
          sequences.add(((StreamDelivery) delivery).streamSequence());
          delivery.ack();
        });
    pubSub.publish("log", message("d")).join();
    await().until(() -> sequences.size() == 1);

    var replayed = new CopyOnWriteArrayList<String>();
    pubSub.subscribeFrom(
        "log",
        2,
        delivery -> {
          replayed.add(delivery.message().id());
          delivery.ack();
        });

    await().until(() -> replayed.size() == 3);
    assertThat(replayed).containsExactly("b", "c", "d");
    assertThat(sequences).containsExactly(5L);
  }

  @Test
  void countsPublishesDuplicatesAndDeliveries() {
    var pubSub = nats.node();
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    pubSub.bindTo(registry);
    var seen = new CopyOnWriteArrayList<Integer>();
    pubSub.subscribe(
        "posts",
        delivery -> {
          seen.add(delivery.attempt());
          if (delivery.attempt() == 1) {
            delivery.nack();
          } else {
            delivery.ack();
          }
        });

    pubSub.publish("posts", message("a")).join();
    pubSub.publish("posts", message("a")).join();
    await().until(() -> seen.size() == 2);

    await()
        .untilAsserted(
            () -> {
              assertThat(count(registry, "millrace.nats.published")).isEqualTo(1);
              assertThat(count(registry, "millrace.nats.published.duplicates")).isEqualTo(1);
              assertThat(count(registry, "millrace.nats.delivered")).isEqualTo(1);
              assertThat(count(registry, "millrace.nats.redelivered")).isEqualTo(1);
              assertThat(count(registry, "millrace.nats.nacked")).isEqualTo(1);
              assertThat(count(registry, "millrace.nats.acked")).isEqualTo(1);
            });
    assertThat(registry.get("millrace.nats.connected").gauge().value()).isEqualTo(1);
  }

  private static double count(io.micrometer.core.instrument.MeterRegistry registry, String name) {
    return registry.get(name).functionCounter().count();
  }

  @Test
  void failsFastWhenNoServerAnswers() {
    assertThatThrownBy(() -> JetStreamPubSub.create("nats://127.0.0.1:1", nats.options()))
        .isInstanceOf(NatsUnreachableException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void reportsTheConnectionAndRejectsPublishingAfterClose() {
    var pubSub = nats.node();
    assertThat(pubSub.isConnected()).isTrue();

    pubSub.close();

    assertThat(pubSub.isConnected()).isFalse();
    assertThat(pubSub.publish("feed", message("late")))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .withCauseInstanceOf(PubSubClosedException.class);
  }

  @Test
  void rejectsTopicsThatAreNotSubjectTokens() {
    var pubSub = nats.node();
    assertThatThrownBy(() -> pubSub.publish("a b", message("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pubSub.subscribe("a.>", delivery -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static List<String> recordAcking(JetStreamPubSub pubSub, String topic) {
    var seen = new CopyOnWriteArrayList<String>();
    pubSub.subscribe(
        topic,
        delivery -> {
          seen.add(delivery.message().id());
          delivery.ack();
        });
    return seen;
  }

  static Message message(String id) {
    return new Message(id, Map.of(), id.getBytes(UTF_8));
  }
}
