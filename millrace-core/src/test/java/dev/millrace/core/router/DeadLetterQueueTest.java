package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Delivery;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.deadletter.DeadLetter;
import dev.millrace.core.deadletter.DeadLetters;
import dev.millrace.core.deadletter.InMemoryDeadLetterStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterQueueTest {

  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemoryDeadLetterStore store = InMemoryDeadLetterStore.create();
  private final Router router =
      Router.create(pubSub, pubSub, RouterOptions.defaults().withMeterRegistry(registry));
  private final List<Message> out = new CopyOnWriteArrayList<>();
  private final AtomicBoolean fixed = new AtomicBoolean();
  private final AtomicInteger badCalls = new AtomicInteger();

  DeadLetterQueueTest() {
    pubSub.subscribe(
        "out",
        (Delivery delivery) -> {
          out.add(delivery.message());
          delivery.ack();
        });
    router.use(CorrelationId.create());
    router.use(
        DeadLetterQueue.create(
            store,
            DeadLetterQueue.Options.defaults()
                .withMaxFailures(3)
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                .withMeterRegistry(registry)));
    router.use(Retry.create(new Retry.Options(1, Duration.ofMillis(1), 2.0, Duration.ofMillis(2))));
    router.use(Recoverer.create());
  }

  @AfterEach
  void close() {
    router.close();
    pubSub.close();
  }

  @Test
  void aPoisonMessageIsSetAsideWithItsReasonAndTheNextOnesGoOn() {
    addUpperCase();
    router.start();

    publish("good 1", "bad", "good 2", "good 3");

    await().until(() -> out.size() == 3 && store.count() == 1);
    assertThat(texts(out)).containsExactly("GOOD 1", "GOOD 2", "GOOD 3");
    var letter = store.list(null, 10).getFirst();
    assertThat(text(letter.message())).isEqualTo("bad");
    assertThat(letter.handler()).isEqualTo("upper");
    assertThat(letter.topic()).isEqualTo("in");
    assertThat(letter.reason()).contains("cannot handle bad");
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.id()).isEqualTo(DeadLetter.idOf("upper", letter.message().id()));
    assertThat(badCalls).hasValue(6); // 3 deliveries, each tried twice
    assertThat(registry.get("millrace.dead_letters").tag("handler", "upper").counter().count())
        .isEqualTo(1.0);
    assertThat(
            registry.get("millrace.dead_letters.current").tag("handler", "upper").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void aReplayAfterTheFixAppliesTheMessageOnceAndRemovesTheDeadLetter() {
    addUpperCase();
    router.start();
    publish("bad", "good");
    await().until(() -> out.size() == 1 && store.count() == 1);
    var deadLetters = DeadLetters.create(store).register(router);
    var id = store.list(null, 1).getFirst().id();

    assertThatThrownBy(() -> deadLetters.replay(id))
        .isInstanceOf(ReplayFailedException.class)
        .hasMessageContaining("cannot handle bad");
    assertThat(store.find(id)).isPresent(); // a failed replay is not set aside again
    fixed.set(true);
    assertThat(deadLetters.replay(id)).isEqualTo(DeadLetters.Replay.REPLAYED);

    await().until(() -> out.size() == 2);
    assertThat(texts(out)).containsExactly("GOOD", "BAD");
    assertThat(store.count()).isZero();
    assertThat(deadLetters.replay(id)).isEqualTo(DeadLetters.Replay.NOT_FOUND);
    assertThat(
            registry.get("millrace.dead_letters.current").tag("handler", "upper").gauge().value())
        .isZero();
  }

  @Test
  void transientFailuresAreRetriedUntilTheServiceIsBackAndNeverSetAside() {
    var down = new AtomicInteger(12);
    router.addHandler(
        "needs-db",
        "in",
        SubscribeOptions.DEFAULTS,
        "out",
        message -> {
          if (down.getAndDecrement() > 0) {
            throw new IllegalStateException(
                "read model", new SQLTransientConnectionException("pool timed out"));
          }
          return upperCase(message);
        });
    router.start();

    publish("first", "second");

    await().until(() -> out.size() == 2);
    assertThat(texts(out)).containsExactly("FIRST", "SECOND");
    assertThat(down.get()).isNegative();
    assertThat(store.count()).isZero();
  }

  @Test
  void aMessageIsKeptWhenTheStoreFails() {
    var failing = new FailingStore();
    var strict =
        Router.create(pubSub, pubSub, RouterOptions.defaults().withMeterRegistry(registry));
    strict.use(
        DeadLetterQueue.create(
            failing,
            DeadLetterQueue.Options.defaults().withMaxFailures(1).withMeterRegistry(registry)));
    var calls = new AtomicInteger();
    strict.addHandler(
        "always-bad",
        "in",
        SubscribeOptions.DEFAULTS,
        message -> {
          calls.incrementAndGet();
          throw new IllegalArgumentException("bad");
        });
    try {
      strict.start();
      publish("x");

      await().until(() -> calls.get() >= 3);
      assertThat(failing.adds).hasValueGreaterThanOrEqualTo(2); // redelivered, not acked
    } finally {
      strict.close();
    }
  }

  private void addUpperCase() {
    router.addHandler(
        "upper",
        "in",
        SubscribeOptions.group("g"),
        "out",
        message -> {
          if (text(message).equals("bad") && !fixed.get()) {
            badCalls.incrementAndGet();
            throw new IllegalArgumentException("cannot handle bad");
          }
          return upperCase(message);
        });
  }

  private void publish(String... texts) {
    for (String text : texts) {
      pubSub.publish("in", Message.of(text.getBytes(StandardCharsets.UTF_8))).join();
    }
  }

  private static List<Message> upperCase(Message message) {
    return List.of(Message.of(text(message).toUpperCase(Locale.ROOT).getBytes()));
  }

  private static String text(Message message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(DeadLetterQueueTest::text).toList();
  }

  private static final class FailingStore implements dev.millrace.core.deadletter.DeadLetterStore {
    final AtomicInteger adds = new AtomicInteger();

    @Override
    public void add(DeadLetter deadLetter) {
      adds.incrementAndGet();
      throw new IllegalStateException("store down");
    }

    @Override
    public List<DeadLetter> list(String after, int limit) {
      return List.of();
    }

    @Override
    public java.util.Optional<DeadLetter> find(String id) {
      return java.util.Optional.empty();
    }

    @Override
    public boolean remove(String id) {
      return false;
    }

    @Override
    public java.util.Map<String, Long> countByHandler() {
      return java.util.Map.of();
    }
  }
}
