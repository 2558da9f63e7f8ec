package dev.millrace.nats;

import static dev.millrace.nats.JetStreamPubSubTest.message;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Message;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.router.PoisonQueue;
import dev.millrace.core.router.Recoverer;
import dev.millrace.core.router.Router;
import dev.millrace.core.router.RouterOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Poison messages and crashing listeners on JetStream. */
class JetStreamDeadLetterTest {

  private final NatsTestSupport nats = new NatsTestSupport();

  @AfterEach
  void cleanUp() throws Exception {
    nats.close();
  }

  @Test
  void thePoisonCopyReachesThePoisonTopicDespiteDeduplicationById() {
    var pubSub = nats.node();
    var poisoned = new CopyOnWriteArrayList<Message>();
    pubSub.subscribe(
        "poison",
        delivery -> {
          poisoned.add(delivery.message());
          delivery.ack();
        });
    var handled = new CopyOnWriteArrayList<String>();
    try (var router =
        Router.create(pubSub, pubSub, RouterOptions.defaults().withMeterRegistry(registry()))) {
      router.use(PoisonQueue.create(pubSub, "poison", 2));
      router.use(Recoverer.create());
      router.addHandler(
          "strict",
          "posts",
          SubscribeOptions.group("strict"),
          delivered -> {
            if (delivered.id().equals("bad")) {
              throw new IllegalArgumentException("cannot handle bad");
            }
            handled.add(delivered.id());
            return List.of();
          });
      router.start();

      pubSub.publish("posts", message("good-1"));
      pubSub.publish("posts", message("bad"));
      pubSub.publish("posts", message("good-2")).join();

      await().until(() -> handled.size() == 2 && poisoned.size() == 1);
      assertThat(handled).containsExactly("good-1", "good-2");
      Message copy = poisoned.getFirst();
      assertThat(copy.id()).isNotEqualTo("bad");
      assertThat(copy.metadata(PoisonQueue.ORIGINAL_ID)).isEqualTo("bad");
      assertThat(copy.metadata(PoisonQueue.REASON)).contains("cannot handle bad");
      assertThat(new String(copy.payload(), UTF_8)).isEqualTo("bad");
    }
  }

  @Test
  void aGroupListenerThrowingAnErrorKeepsItsLoopAndTheMessageIsRedelivered() {
    assertLoopSurvivesAnError(SubscribeOptions.group("crashing"));
  }

  @Test
  void aFanOutListenerThrowingAnErrorKeepsItsLoop() {
    assertLoopSurvivesAnError(SubscribeOptions.DEFAULTS);
  }

  private void assertLoopSurvivesAnError(SubscribeOptions options) {
    var pubSub = nats.node();
    var registry = registry();
    pubSub.bindTo(registry);
    var crashed = new AtomicBoolean();
    var seen = new CopyOnWriteArrayList<String>();
    pubSub.subscribe(
        "posts",
        options,
        delivery -> {
          if (crashed.compareAndSet(false, true)) {
            throw new Error("listener crashed");
          }
          seen.add(delivery.message().id());
          delivery.ack();
        });

    pubSub.publish("posts", message("first"));
    pubSub.publish("posts", message("second"));
    pubSub.publish("posts", message("third")).join();

    await().until(() -> seen.size() == 3);
    assertThat(seen).containsExactly("first", "second", "third");
    assertThat(registry.get("millrace.nats.listener.errors").functionCounter().count())
        .isEqualTo(1.0);
  }

  private static SimpleMeterRegistry registry() {
    return new SimpleMeterRegistry();
  }
}
