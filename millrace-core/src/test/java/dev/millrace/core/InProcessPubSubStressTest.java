package dev.millrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Concurrent publishers, small buffers and group members coming and going: nothing is lost. */
@Tag("slow")
class InProcessPubSubStressTest {

  private static final int PUBLISHERS = 4;
  private static final int PER_PUBLISHER = 5_000;
  private static final int TOTAL = PUBLISHERS * PER_PUBLISHER;

  @Test
  void fanOutAndGroupSeeEveryMessageWhileMembersChurn() throws Exception {
    try (var pubSub =
        InProcessPubSub.create(InProcessPubSub.Options.defaults().withBufferSize(64))) {
      List<Message> fanOut = new CopyOnWriteArrayList<>();
      Map<String, Integer> groupSeen = new ConcurrentHashMap<>();
      MessageListener groupListener =
          delivery -> {
            groupSeen.merge(delivery.message().id(), 1, Integer::sum);
            delivery.ack();
          };
      pubSub.subscribe(
          "stress",
          delivery -> {
            fanOut.add(delivery.message());
            delivery.ack();
          });
      pubSub.subscribe("stress", SubscribeOptions.group("g"), groupListener); // stays throughout

      var publishing = new AtomicBoolean(true);
      Thread churn =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (publishing.get()) {
                      pubSub
                          .subscribe("stress", SubscribeOptions.group("g"), groupListener)
                          .close();
                    }
                  });
      List<CompletableFuture<Void>> publishers = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        String publisher = "" + p;
        publishers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < PER_PUBLISHER; i++) {
                    Message m =
                        Message.of(new byte[8])
                            .withMetadata("publisher", publisher)
                            .withMetadata("seq", "" + i);
                    pubSub.publish("stress", m).join(); // waits while a buffer is full
                  }
                }));
      }
      CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new))
          .get(50, java.util.concurrent.TimeUnit.SECONDS);
      publishing.set(false);
      churn.join();

      await().atMost(Duration.ofSeconds(30)).until(() -> fanOut.size() >= TOTAL);
      await().atMost(Duration.ofSeconds(30)).until(() -> groupSeen.size() >= TOTAL);
      assertThat(fanOut).hasSize(TOTAL);
      assertThat(new HashSet<>(fanOut.stream().map(Message::id).toList())).hasSize(TOTAL);
      assertThat(groupSeen.values()).allMatch(count -> count == 1);
      for (int p = 0; p < PUBLISHERS; p++) {
        String publisher = "" + p;
        List<Integer> order =
            fanOut.stream()
                .filter(m -> publisher.equals(m.metadata("publisher")))
                .map(m -> Integer.parseInt(m.metadata("seq")))
                .toList();
        assertThat(order).isSorted().hasSize(PER_PUBLISHER);
      }
    }
  }
}
