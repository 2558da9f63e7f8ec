package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Delivery;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.core.SubscribeOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterTest {

  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Router router =
      Router.create(pubSub, pubSub, RouterOptions.defaults().withMeterRegistry(registry));
  private final List<Message> out = record("out");
  private final List<Message> poison = record("poison");

  @AfterEach
  void close() {
    router.close();
    pubSub.close();
  }

  @Test
  void publishesTheResultsOfAHandlerInOrder() {
    router.addHandler("upper", "in", SubscribeOptions.DEFAULTS, "out", RouterTest::upperCase);
    router.start();

    publish("in", "a", "b", "c");

    await().until(() -> out.size() == 3);
    assertThat(texts(out)).containsExactly("A", "B", "C");
    assertThat(
            registry
                .get("millrace.router.handler")
                .tags("handler", "upper", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(3);
  }

  @Test
  void aFailedMessageIsRedeliveredAndTheRouterKeepsGoing() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    router.addHandler(
        "flaky",
        "in",
        SubscribeOptions.DEFAULTS,
        "out",
        message -> {
          int call =
              calls.computeIfAbsent(text(message), k -> new AtomicInteger()).incrementAndGet();
          if (text(message).equals("flaky") && call == 1) {
            throw new IllegalStateException("first call fails");
          }
          return upperCase(message);
        });
    router.start();

    publish("in", "ok", "flaky", "next");

    await().until(() -> out.size() == 3);
    assertThat(texts(out)).containsExactly("OK", "FLAKY", "NEXT");
    assertThat(calls.get("flaky")).hasValue(2);
  }

  @Test
  void anErrorWithoutRecovererIsRedeliveredToo() {
    var calls = new AtomicInteger();
    router.addHandler(
        "crashing",
        "in",
        SubscribeOptions.DEFAULTS,
        "out",
        message -> {
          if (calls.incrementAndGet() == 1) {
            throw new AssertionError("first call crashes");
          }
          return upperCase(message);
        });
    router.start();

    publish("in", "x", "y");

    await().until(() -> out.size() == 2);
    assertThat(texts(out)).containsExactly("X", "Y");
    assertThat(calls).hasValue(3);
  }

  @Test
  void retryPoisonQueueAndRecovererRouteEachMessageWhereItBelongs() {
    var badCalls = new AtomicInteger();
    router.use(PoisonQueue.create(pubSub, "poison", 2));
    router.use(Retry.create(new Retry.Options(1, Duration.ofMillis(1), 2.0, Duration.ofMillis(5))));
    router.use(Recoverer.create());
    router.addHandler(
        "strict",
        "in",
        SubscribeOptions.group("strict"),
        "out",
        message -> {
          if (text(message).equals("bad")) {
            badCalls.incrementAndGet();
            throw new AssertionError("bad input");
          }
          return upperCase(message);
        });
    router.start();

    publish("in", "good 1", "bad", "good 2");

    await().until(() -> out.size() == 2 && poison.size() == 1);
    assertThat(texts(out)).containsExactly("GOOD 1", "GOOD 2");
    assertThat(texts(poison)).containsExactly("bad");
    assertThat(poison.getFirst().metadata(PoisonQueue.FAILURES)).isEqualTo("2");
    assertThat(poison.getFirst().metadata(PoisonQueue.REASON)).contains("bad input");
    assertThat(badCalls).hasValue(4); // 2 deliveries, each tried twice
    assertThat(router.isRunning()).isTrue();
  }

  @Test
  void propagatesTheCorrelationIdToResults() {
    router.use(CorrelationId.create());
    router.addHandler("upper", "in", SubscribeOptions.DEFAULTS, "out", RouterTest::upperCase);
    router.start();

    pubSub.publish("in", message("a").withMetadata(Message.CORRELATION_ID, "request-7")).join();

    await().until(() -> out.size() == 1);
    assertThat(out.getFirst().metadata(Message.CORRELATION_ID)).isEqualTo("request-7");
  }

  @Test
  void closeFinishesTheMessageInProgressThenStops() throws Exception {
    var entered = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var calls = new AtomicInteger();
    router.addHandler(
        "slow",
        "in",
        SubscribeOptions.DEFAULTS,
        "out",
        message -> {
          calls.incrementAndGet();
          entered.countDown();
          release.await(10, TimeUnit.SECONDS);
          return upperCase(message);
        });
    router.start();
    publish("in", "first", "second");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(router::close);
    await().during(Duration.ofMillis(200)).until(() -> !closing.isDone());
    release.countDown();

    assertThat(closing).succeedsWithin(Duration.ofSeconds(10));
    await().until(() -> out.size() == 1);
    assertThat(texts(out)).containsExactly("FIRST");
    assertThat(calls).hasValue(1);
    assertThat(router.isRunning()).isFalse();
  }

  @Test
  void handlersAddedWhileRunningSubscribeAtOnce() {
    router.start();
    router.addHandler("late", "in", SubscribeOptions.DEFAULTS, "out", RouterTest::upperCase);

    publish("in", "x");

    await().until(() -> out.size() == 1);
  }

  @Test
  void replayRunsANamedHandlerThroughItsMiddlewareAndPublishesItsResults() {
    router.use(CorrelationId.create());
    var replaying = new CopyOnWriteArrayList<Boolean>();
    router.addHandler(
        "upper",
        "in",
        SubscribeOptions.DEFAULTS,
        "out",
        message -> {
          replaying.add(Router.isReplaying());
          return upperCase(message);
        });

    router.replay("upper", message("again").withMetadata(Message.CORRELATION_ID, "c-1"));

    await().until(() -> out.size() == 1);
    assertThat(texts(out)).containsExactly("AGAIN");
    assertThat(out.getFirst().metadata(Message.CORRELATION_ID)).isEqualTo("c-1");
    assertThat(replaying).containsExactly(true);
    assertThat(Router.isReplaying()).isFalse();
    assertThatThrownBy(() -> router.replay("nope", message("x")))
        .isInstanceOf(IllegalArgumentException.class);
    router.addHandler(
        "failing",
        "in",
        SubscribeOptions.DEFAULTS,
        message -> {
          throw new IllegalStateException("still broken");
        });
    assertThatThrownBy(() -> router.replay("failing", message("x")))
        .isInstanceOf(ReplayFailedException.class)
        .hasMessageContaining("still broken");
  }

  private List<Message> record(String topic) {
    List<Message> received = new CopyOnWriteArrayList<>();
    pubSub.subscribe(
        topic,
        (Delivery delivery) -> {
          received.add(delivery.message());
          delivery.ack();
        });
    return received;
  }

  private void publish(String topic, String... texts) {
    for (String text : texts) {
      pubSub.publish(topic, message(text)).join();
    }
  }

  private static List<Message> upperCase(Message message) {
    return List.of(message(text(message).toUpperCase(Locale.ROOT)));
  }

  private static Message message(String text) {
    return Message.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Message message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(RouterTest::text).toList();
  }
}
