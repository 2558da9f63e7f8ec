package dev.millrace.hub.internal;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.hub.Update;
import dev.millrace.hub.testing.HubFixture;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.internal.Loop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stuck event loop: the hub never waits for it. What its bounded queue refuses, the subscribers
 * that should have had it are closed for, and they resume from the history without loss.
 */
class OverflowTest {

  private static final int QUEUE = 16;
  private static final int UPDATES = 60;

  private final HubFixture fixture =
      new HubFixture(
          HubFixture.OPTIONS.withAnonymous(true).withSse(SseOptions.DEFAULTS.withLoopQueue(QUEUE)));
  private final CountDownLatch unblock = new CountDownLatch(1);

  @AfterEach
  void stop() {
    unblock.countDown();
    fixture.close();
  }

  @Test
  void subscribersBehindARefusedUpdateAreClosedAndResumeWithoutLoss() throws Exception {
    var hub = (DefaultMercureHub) fixture.hub;
    var watching = fixture.subscribe(null, topics("urn:t"));
    var elsewhere = fixture.subscribe(null, topics("urn:other"));
    await().until(() -> hub.connections() == 2);
    var loops = hub.engine().loops();
    block(loops);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < UPDATES; i++) {
      ids.add(
          hub.publish(new Update(List.of("urn:t"), "u" + i, false, "id-" + i, null, null)).join());
    }
    await().until(() -> hub.history().size() == UPDATES);
    // Each stuck loop took QUEUE updates and refused every one after them.
    var overflows = fixture.meters.get("millrace.sse.handoff.overflows").counter();
    await()
        .untilAsserted(
            () ->
                assertThat(overflows.count()).isEqualTo((double) (UPDATES - QUEUE) * loops.size()));

    unblock.countDown();
    await().until(watching::ended);
    assertThat(watching.events).extracting(e -> e.id()).isEqualTo(ids.subList(0, QUEUE));
    // A subscriber that would not have received the refused updates stays open.
    assertThat(elsewhere.ended()).isFalse();

    var resumed =
        fixture.subscribe(null, topics("urn:t"), "Last-Event-ID", watching.events.getLast().id());
    await().until(() -> resumed.events.size() == UPDATES - QUEUE);
    assertThat(resumed.events).extracting(e -> e.id()).isEqualTo(ids.subList(QUEUE, UPDATES));
  }

  private void block(java.util.Collection<Loop> loops) throws InterruptedException {
    var blocked = new CountDownLatch(loops.size());
    for (Loop loop : loops) {
      loop.execute(
          () -> {
            blocked.countDown();
            try {
              unblock.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
