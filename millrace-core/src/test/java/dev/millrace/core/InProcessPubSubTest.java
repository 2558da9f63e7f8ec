package dev.millrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the in-process pub/sub adds to the contract: bounded buffers and stall reporting. */
class InProcessPubSubTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InProcessPubSub pubSub =
      InProcessPubSub.create(
          InProcessPubSub.Options.defaults()
              .withBufferSize(2)
              .withMaxWaitingPublishes(3)
              .withMeterRegistry(registry));
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    pubSub.close();
  }

  @Test
  void stampsPublishedAtWhenAbsentAndKeepsItWhenPresent() {
    List<Message> received = new CopyOnWriteArrayList<>();
    pubSub.subscribe("t", delivery -> record(received, delivery));
    long before = System.currentTimeMillis() * 1000;

    pubSub.publish("t", message("a")).join();
    pubSub.publish("t", message("b").withMetadata(Message.PUBLISHED_AT, "42")).join();

    await().until(() -> received.size() == 2);
    assertThat(Long.parseLong(received.get(0).metadata(Message.PUBLISHED_AT)))
        .isGreaterThanOrEqualTo(before);
    assertThat(received.get(1).metadata(Message.PUBLISHED_AT)).isEqualTo("42");
  }

  @Test
  void stuckSubscriptionDelaysPublishFuturesButNotOtherSubscriptions() {
    List<Message> fast = new CopyOnWriteArrayList<>();
    pubSub.subscribe("t", delivery -> record(fast, delivery));
    pubSub.subscribe(
        "t",
        delivery -> {
          release.await();
          delivery.ack();
        });

    List<CompletableFuture<Void>> futures =
        List.of(
            pubSub.publish("t", message("1")),
            pubSub.publish("t", message("2")),
            pubSub.publish("t", message("3")),
            pubSub.publish("t", message("4")));

    await().until(() -> fast.size() == 4);
    assertThat(futures.get(0)).isCompleted();
    assertThat(futures.get(1)).isCompleted();
    assertThat(futures.get(2)).isNotDone();
    assertThat(futures.get(3)).isNotDone();
    assertThat(registry.counter("millrace.pubsub.inprocess.stalls", "topic", "t").count())
        .isGreaterThanOrEqualTo(1.0); // the fast one may have been briefly full too
    assertThat(registry.get("millrace.pubsub.inprocess.waiting.publishes").gauge().value())
        .isEqualTo(2.0);

    release.countDown();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    assertThat(registry.get("millrace.pubsub.inprocess.waiting.publishes").gauge().value())
        .isZero();
  }

  @Test
  void refusesPublishesBeyondTheWaitingLimitWithoutDeliveringThem() {
    List<Message> fast = new CopyOnWriteArrayList<>();
    pubSub.subscribe("t", delivery -> record(fast, delivery));
    pubSub.subscribe(
        "t",
        delivery -> {
          release.await();
          delivery.ack();
        });
    for (int i = 0; i < 5; i++) {
      pubSub.publish("t", message("m" + i));
    }

    CompletableFuture<Void> refused = pubSub.publish("t", message("refused"));

    assertThat(refused)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(PublishOverflowException.class);
    await().until(() -> fast.size() == 5);
    assertThat(fast).extracting(JsonCodecTest::text).doesNotContain("refused");
  }

  @Test
  void closingTheStuckSubscriptionCompletesTheWaitingPublishes() throws Exception {
    Subscription stuck =
        pubSub.subscribe(
            "t",
            delivery -> {
              release.await(10, TimeUnit.SECONDS);
              delivery.ack();
            });
    pubSub.publish("t", message("1"));
    pubSub.publish("t", message("2"));
    CompletableFuture<Void> waiting = pubSub.publish("t", message("3"));
    assertThat(waiting).isNotDone();

    release.countDown();
    stuck.close();

    assertThat(waiting).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void closeFailsWaitingPublishes() {
    pubSub.subscribe(
        "t",
        delivery -> {
          release.await();
          delivery.ack();
        });
    pubSub.publish("t", message("1"));
    pubSub.publish("t", message("2"));
    CompletableFuture<Void> waiting = pubSub.publish("t", message("3"));

    CompletableFuture<Void> closed = CompletableFuture.runAsync(pubSub::close);
    await().until(() -> pubSub.publish("other", message("x")).isCompletedExceptionally());
    release.countDown();
    closed.join();

    assertThat(waiting)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(PubSubClosedException.class);
  }

  @Test
  void waitsTheRedeliveryDelayBeforeRedeliveringANackedMessage() {
    try (var delayed =
        InProcessPubSub.create(
            InProcessPubSub.Options.defaults().withRedeliveryDelay(Duration.ofMillis(100)))) {
      List<Long> deliveredAt = new CopyOnWriteArrayList<>();
      delayed.subscribe(
          "t",
          delivery -> {
            deliveredAt.add(System.nanoTime());
            if (delivery.attempt() == 1) {
              delivery.nack();
            } else {
              delivery.ack();
            }
          });

      delayed.publish("t", message("again")).join();

      await().until(() -> deliveredAt.size() == 2);
      assertThat(deliveredAt.get(1) - deliveredAt.get(0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }
  }

  @Test
  void aGroupKeepsItsBufferedMessagesForItsRemainingMembers() {
    var first = new CopyOnWriteArrayList<Message>();
    Subscription leaving =
        pubSub.subscribe(
            "t",
            SubscribeOptions.group("g"),
            delivery -> {
              first.add(delivery.message());
              release.await();
              delivery.ack();
            });
    pubSub.publish("t", message("1"));
    pubSub.publish("t", message("2"));
    await().until(() -> first.size() == 1);
    List<Message> second = new CopyOnWriteArrayList<>();
    pubSub.subscribe("t", SubscribeOptions.group("g"), delivery -> record(second, delivery));

    await().until(() -> second.size() == 1);
    release.countDown();
    leaving.close();

    assertThat(JsonCodecTest.text(first.getFirst())).isEqualTo("1");
    assertThat(JsonCodecTest.text(second.getFirst())).isEqualTo("2");
  }

  @Test
  void aListenerThatLeavesItsThreadInterruptedKeepsReceiving() {
    List<Message> received = new CopyOnWriteArrayList<>();
    pubSub.subscribe(
        "t",
        delivery -> {
          record(received, delivery);
          Thread.currentThread().interrupt();
        });

    pubSub.publish("t", message("1")).join();
    pubSub.publish("t", message("2")).join();

    await().until(() -> received.size() == 2);
  }

  private static void record(List<Message> received, Delivery delivery) {
    received.add(delivery.message());
    delivery.ack();
  }

  static Message message(String text) {
    return Message.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
