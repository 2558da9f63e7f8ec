package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.AckOnceDelivery;
import dev.millrace.core.BatchListener;
import dev.millrace.core.Delivery;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.core.MessageListener;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import dev.millrace.core.deadletter.InMemoryDeadLetterStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchHandlerTest {

  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final HandBatches batches = new HandBatches();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemoryDeadLetterStore store = InMemoryDeadLetterStore.create();
  private final Router router =
      Router.create(batches, pubSub, RouterOptions.defaults().withMeterRegistry(registry));
  private final List<Message> out = new CopyOnWriteArrayList<>();
  private final List<List<String>> batchCalls = new CopyOnWriteArrayList<>();
  private final AtomicInteger singleCalls = new AtomicInteger();

  BatchHandlerTest() {
    pubSub.subscribe(
        "out",
        (Delivery delivery) -> {
          out.add(delivery.message());
          delivery.ack();
        });
    router.use(CorrelationId.create());
    router.use(deadLetterQueue());
    router.addBatchHandler(
        "upper",
        "in",
        SubscribeOptions.group("g"),
        "out",
        10,
        message -> {
          singleCalls.incrementAndGet();
          return List.of(upperCase(message));
        },
        messages -> {
          batchCalls.add(messages.stream().map(BatchHandlerTest::text).toList());
          var results = new ArrayList<List<Message>>();
          for (var message : messages) {
            results.add(List.of(upperCase(message)));
          }
          return results;
        });
    router.start();
  }

  @AfterEach
  void close() {
    router.close();
    pubSub.close();
  }

  @Test
  void aBatchOfFirstDeliveriesIsHandledInOneCallAndEveryResultGetsItsCorrelationId() {
    var deliveries = batches.deliver(1, message("a", "id-a"), message("b", "id-b"), message("c"));

    assertThat(deliveries).allSatisfy(delivery -> assertThat(acked(delivery)).isTrue());
    assertThat(batchCalls).containsExactly(List.of("a", "b", "c"));
    assertThat(singleCalls).hasValue(0);
    await().until(() -> out.size() == 3);
    assertThat(out).extracting(BatchHandlerTest::text).containsExactly("A", "B", "C");
    assertThat(out.get(0).metadata(Message.CORRELATION_ID)).isEqualTo("id-a");
    assertThat(out.get(1).metadata(Message.CORRELATION_ID)).isEqualTo("id-b");
    assertThat(out.get(2).metadata(Message.CORRELATION_ID)).isNotBlank();
    assertThat(
            registry
                .get("millrace.router.handler")
                .tags("handler", "upper", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(3);
  }

  @Test
  void aFailedBatchIsHandledOneMessageAtATimeSoOnlyThePoisonOneFails() {
    var poisoned = new Message(Message.newId(), Map.of(), bytes("poison"));
    // the batch handler fails on the poison message; the single handler too
    var failing =
        Router.create(batches, pubSub, RouterOptions.defaults().withMeterRegistry(registry));
    var handledAlone = new CopyOnWriteArrayList<String>();
    failing.addBatchHandler(
        "strict",
        "strict-in",
        SubscribeOptions.group("g"),
        "out",
        10,
        message -> {
          handledAlone.add(text(message));
          return upperCaseRefusingPoison(message);
        },
        messages -> {
          if (messages.stream().anyMatch(m -> text(m).equals("poison"))) {
            throw new IllegalArgumentException("batch holds poison");
          }
          return messages.stream().map(m -> List.of(upperCase(m))).toList();
        });
    failing.start();
    try {
      var deliveries =
          batches.deliverTo("strict-in", 1, message("x"), poisoned, message("y"), message("z"));

      assertThat(deliveries)
          .extracting(BatchHandlerTest::acked)
          .containsExactly(true, false, false, false);
      assertThat(handledAlone).containsExactly("x", "poison");
      await().until(() -> out.size() == 1);
      assertThat(out).extracting(BatchHandlerTest::text).containsExactly("X");
    } finally {
      failing.close();
    }
  }

  @Test
  void redeliveriesGoToTheSingleHandlerAndAPoisonMessageIsSetAsideThere() {
    var poisoned = new Message(Message.newId(), Map.of(), bytes("poison"));
    var failing =
        Router.create(batches, pubSub, RouterOptions.defaults().withMeterRegistry(registry));
    failing.use(deadLetterQueue());
    var batchCallsHere = new AtomicInteger();
    failing.addBatchHandler(
        "strict",
        "strict-in",
        SubscribeOptions.group("g"),
        "out",
        10,
        BatchHandlerTest::upperCaseRefusingPoison,
        messages -> {
          batchCallsHere.incrementAndGet();
          return messages.stream().map(m -> List.of(upperCase(m))).toList();
        });
    failing.start();
    try {
      assertThat(acked(batches.deliverTo("strict-in", 2, poisoned).getFirst())).isFalse();
      assertThat(acked(batches.deliverTo("strict-in", 3, poisoned).getFirst())).isTrue();
      assertThat(batches.deliverTo("strict-in", 2, message("after"), message("more")))
          .allSatisfy(delivery -> assertThat(acked(delivery)).isTrue());

      assertThat(batchCallsHere).hasValue(0);
      assertThat(store.count()).isEqualTo(1);
      await().until(() -> out.size() == 2);
      assertThat(out).extracting(BatchHandlerTest::text).containsExactly("AFTER", "MORE");
    } finally {
      failing.close();
    }
  }

  @Test
  void aBatchOfOneGoesToTheSingleHandler() {
    assertThat(acked(batches.deliver(1, message("solo")).getFirst())).isTrue();

    assertThat(singleCalls).hasValue(1);
    assertThat(batchCalls).isEmpty();
    await().until(() -> out.size() == 1);
    assertThat(text(out.getFirst())).isEqualTo("SOLO");
  }

  private DeadLetterQueue deadLetterQueue() {
    return DeadLetterQueue.create(
        store,
        DeadLetterQueue.Options.defaults()
            .withMaxFailures(2)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
            .withMeterRegistry(registry));
  }

  private static List<Message> upperCaseRefusingPoison(Message message) {
    if (text(message).equals("poison")) {
      throw new IllegalArgumentException("cannot handle poison");
    }
    return List.of(upperCase(message));
  }

  private static boolean acked(Delivery delivery) {
    return ((AckOnceDelivery) delivery).settleOrAbandon();
  }

  private static Message message(String text) {
    return new Message(Message.newId(), Map.of(), bytes(text));
  }

  private static Message message(String text, String correlationId) {
    return new Message(Message.newId(), Map.of(Message.CORRELATION_ID, correlationId), bytes(text));
  }

  private static Message upperCase(Message message) {
    return new Message(Message.newId(), Map.of(), bytes(text(message).toUpperCase(Locale.ROOT)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Message message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }

  /**
   * A subscriber whose batches the test hands over itself, on the test's thread, so that it decides
   * what each batch holds and which attempt it is.
   */
  private static final class HandBatches implements Subscriber {

    private final Map<String, BatchListener> listeners =
        new java.util.concurrent.ConcurrentHashMap<>();

    List<Delivery> deliver(int attempt, Message... messages) {
      return deliverTo("in", attempt, messages);
    }

    List<Delivery> deliverTo(String topic, int attempt, Message... messages) {
      List<Delivery> batch = new ArrayList<>();
      for (var message : messages) {
        batch.add(new AckOnceDelivery(topic, message, attempt));
      }
      try {
        listeners.get(topic).onBatch(List.copyOf(batch));
      } catch (Exception e) {
        batch.forEach(Delivery::nack);
      }
      return batch;
    }

    @Override
    public Subscription subscribeBatches(
        String topic, SubscribeOptions options, int maxBatch, BatchListener listener) {
      listeners.put(topic, listener);
      return new Subscription() {
        @Override
        public String topic() {
          return topic;
        }

        @Override
        public void close() {
          listeners.remove(topic);
        }
      };
    }

    @Override
    public Subscription subscribe(
        String topic, SubscribeOptions options, MessageListener listener) {
      throw new UnsupportedOperationException("batch handlers only");
    }

    @Override
    public void close() {}
  }
}
