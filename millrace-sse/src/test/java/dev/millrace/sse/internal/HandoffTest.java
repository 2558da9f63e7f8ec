package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamPolicy;
import dev.millrace.sse.Watch;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stuck event loop: what is handed to it stays bounded. The router's renderers wait (and so does
 * the upstream behind them), and nothing is lost once the loop runs again.
 */
class HandoffTest {

  private static final int QUEUE = 16;
  private static final int EVENTS = 200;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestServer server = new TestServer();
  private final SseClient client = new SseClient(server.vertx, server.port(), 4);
  private final CountDownLatch unblock = new CountDownLatch(1);

  @AfterEach
  void stop() {
    unblock.countDown();
    client.close();
    server.close();
  }

  @Test
  void renderersWaitForAStuckLoopAndNothingIsLost() throws Exception {
    var adapter = new Numbered();
    var options = SseOptions.DEFAULTS.withLoopQueue(QUEUE);
    try (var pubsub = InProcessPubSub.create();
        var sse = new DefaultSseRouter(server.vertx, pubsub, meters, options)) {
      server.router.get("/n").handler(sse.handler("n", adapter));
      var stream = client.open("/n");
      await().until(() -> sse.connections() == 1);
      Loop loop = block(sse.loops().all());

      var publisher =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int n = 1; n <= EVENTS; n++) {
                      pubsub.publish("n", Message.of(new byte[0]).withMetadata("n", "" + n));
                    }
                  });
      // The queue fills, then the renderer waits with one more event in hand.
      await().until(() -> adapter.renders.get() == QUEUE + 1 && waits() >= 1);
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> adapter.renders.get() == QUEUE + 1 && loop.handoff().queued() == QUEUE);

      unblock.countDown();
      await().until(() -> stream.events.size() == EVENTS);
      publisher.join(10_000);
      assertThat(stream.events)
          .extracting(e -> Long.parseLong(e.id()))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
      assertThat(stream.ended()).isFalse();
    }
  }

  /** Blocks the only event loop until the test ends; returns it. */
  private Loop block(java.util.Collection<Loop> loops) throws InterruptedException {
    assertThat(loops).hasSize(1);
    Loop loop = loops.iterator().next();
    var blocked = new CountDownLatch(1);
    loop.execute(
        () -> {
          blocked.countDown();
          try {
            unblock.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    return loop;
  }

  private double waits() {
    var counter = meters.find("millrace.sse.handoff.waits").counter();
    return counter == null ? 0 : counter.count();
  }

  /** An append stream whose message {@code n} renders event {@code n}. */
  private static final class Numbered implements StreamAdapter {
    final AtomicInteger renders = new AtomicInteger();

    @Override
    public StreamPolicy policy() {
      return StreamPolicy.REPLAY;
    }

    @Override
    public Watch watch(RoutingContext request) {
      return Watch.keys("n");
    }

    @Override
    public Set<String> keysOf(Message message) {
      return Set.of("n");
    }

    @Override
    public SseEvent render(String key) {
      return SseEvent.of("");
    }

    @Override
    public List<SseEvent> render(String key, Message message) {
      renders.incrementAndGet();
      String n = message.metadata("n");
      return List.of(SseEvent.of(n, null, "event " + n));
    }
  }
}
